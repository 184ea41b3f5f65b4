// jisr: the link-graph explorer. Records (squares), the persons (diamonds)
// and companies (hexagons) they name and the identifiers they hold
// (circles); tap a node to add its neighbours, double-tap a record to open
// it (an identifier, person or company: its profile); the same by keyboard
// (arrows between nodes, Enter, Escape). A dashed edge is a
// name the matcher holds only possibly the same. With a goal, the shortest
// path is drawn first. All data comes from /graph/data.json, which only
// returns what the user may read.
(function () {
  "use strict";
  var box = document.getElementById("explorer");
  var status = document.getElementById("explorer-status");
  if (!box || typeof cytoscape !== "function") { return; }
  var colours = { record: "#1d5c8f", person: "#b35900", company: "#8d6e00", phone: "#6a3d9a", imei: "#6a3d9a", email: "#6a3d9a",
    plate: "#2e7d32", container: "#00695c", imo: "#00695c", mmsi: "#00695c", passport: "#c62828", national_id: "#c62828",
    iban: "#4e342e", card: "#4e342e", btc: "#4e342e", eth: "#4e342e", tron: "#4e342e" };
  var shapes = { record: "round-rectangle", person: "diamond", company: "hexagon" };
  function colourOf(kind, type) { return colours[kind === "selector" ? type : kind] || "#5b6675"; }
  function colour(n) { return n.data("colour"); }
  // Long labels are cut (a record's title): the isolate marks around it
  // stay at its ends.
  function short(label) {
    label = label || "";
    var open = label.charAt(0), close = label.charAt(label.length - 1);
    var isolated = (open === "\u2066" || open === "\u2068") && close === "\u2069";
    var inner = isolated ? label.slice(1, -1) : label;
    if (inner.length <= 32) { return label; }
    inner = inner.slice(0, 30) + "…";
    return isolated ? open + inner + close : inner;
  }
  var cy = null, big = false, alias = {}, capped = false, hiddenRecords = 0;
  var start = box.getAttribute("data-start"), goal = box.getAttribute("data-goal");
  var depth = box.getAttribute("data-depth") || "1";

  function make(large) {
    big = large;
    cy = cytoscape({
      container: box, wheelSensitivity: 0.2, minZoom: 0.02, maxZoom: 4,
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: big ? 1 : "auto",
      style: [
        { selector: "node", style: {
          // A large graph measures and draws only the labels declutter
          // chose (class lbl): measuring 5,000 labels takes seconds.
          "label": big ? "" : "data(label)", "font-size": 11, "font-family": "Noto Sans Arabic, sans-serif",
          // Labels are drawn only when they are at least 9 px on screen
          // (zoom in to read them); overlapping ones are hidden by declutter.
          "min-zoomed-font-size": 9,
          "text-valign": "bottom", "text-margin-y": 3, "width": 18, "height": 18,
          "background-color": "data(colour)", "shape": "data(shape)", "text-wrap": "none",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
        { selector: "node.lbl", style: { "label": "data(label)" } },
        { selector: "node.nolabel", style: { "label": "" } },
        { selector: "node.start", style: { "border-width": 3, "border-color": "#111", "width": 24, "height": 24 } },
        { selector: "node.expanded", style: { "border-width": 2, "border-color": "#222" } },
        // The node the keyboard is on: ringed, its label always drawn.
        { selector: "node.kbd", style: { "label": "data(label)", "border-width": 4, "border-color": "#e65100", "border-style": "double",
          "overlay-color": "#e65100", "overlay-opacity": 0.18, "overlay-padding": 7, "z-index": 9999, "font-weight": "bold" } },
        { selector: "node.path, edge.path", style: { "background-color": "#d84315", "line-color": "#d84315", "width": 3 } },
        { selector: ".out", style: { "display": "none" } },
        { selector: "edge", style: { "width": 1, "line-color": "#7b8794", "curve-style": "haystack" } },
        { selector: "edge.possible", style: { "line-style": "dashed", "curve-style": "straight", "line-dash-pattern": [5, 4], "width": 1.5 } }
      ]
    });
    cy.on("tap", "node", function (ev) { expand(ev.target.id()); });
    cy.on("dbltap", "node", function (ev) { open(ev.target.id()); });
    var timer = null;
    cy.on("zoom pan", function () { clearTimeout(timer); timer = setTimeout(declutter, 120); });
  }

  function open(id) {
    var i = id.indexOf(":"), kind = id.slice(0, i), rest = id.slice(i + 1);
    if (kind === "record") { window.location.href = "/records/" + encodeURIComponent(rest); return; }
    var type = kind, value = rest;
    if (kind === "sel") { i = rest.indexOf(":"); type = rest.slice(0, i); value = rest.slice(i + 1); }
    window.location.href = "/profiles?type=" + encodeURIComponent(type) + "&value=" + encodeURIComponent(value);
  }

  // The numbers of a status sentence, each isolated left to right.
  function say(tpl, values) {
    if (!status) { return; }
    status.textContent = "";
    (tpl || "").split(/(\{\w+\})/).forEach(function (part) {
      var m = /^\{(\w+)\}$/.exec(part);
      if (m && values && m[1] in values) {
        var b = document.createElement("bdi");
        b.dir = "ltr";
        b.textContent = String(values[m[1]]);
        status.appendChild(b);
      } else {
        status.appendChild(document.createTextNode(part));
      }
    });
  }
  function describe() {
    var v = cy.nodes(":visible"), c = { records: 0, persons: 0, ids: 0 };
    v.forEach(function (n) {
      var k = n.data("kind");
      if (k === "record") { c.records++; } else if (k === "person" || k === "company") { c.persons++; } else { c.ids++; }
    });
    c.links = cy.edges(":visible").length;
    say(box.getAttribute("data-status"), c);
    if (hiddenRecords > 0) { status.appendChild(document.createTextNode(" ")); appendSay(box.getAttribute("data-hidden"), { hidden: hiddenRecords }); }
    if (capped) { status.appendChild(document.createTextNode(" ")); appendSay(box.getAttribute("data-capped"), { max: 5000 }); }
  }
  function appendSay(tpl, values) {
    var keep = Array.prototype.slice.call(status.childNodes);
    say(tpl, values);
    var added = Array.prototype.slice.call(status.childNodes);
    status.textContent = "";
    keep.concat(added).forEach(function (n) { status.appendChild(n); });
  }

  function canon(id) { for (var i = 0; i < 64 && alias[id] && alias[id] !== id; i++) { id = alias[id]; } return id; }
  // Persons and companies the matcher holds to be the same become one
  // node: the edges of another spelling move onto it.
  function merge(into, ids) {
    into = canon(into);
    (ids || []).forEach(function (s) {
      var cs = canon(s);
      if (cs === into) { return; }
      alias[cs] = into;
      alias[s] = into;
      var other = cy.getElementById(cs);
      if (other.empty()) { return; }
      other.connectedEdges().forEach(function (e) {
        var src = e.source().id() === cs ? into : e.source().id(), tgt = e.target().id() === cs ? into : e.target().id();
        addEdge({ from: src, to: tgt, possible: e.hasClass("possible") });
      });
      other.remove();
    });
  }
  function addEdge(e, cls) {
    var from = canon(e.from), to = canon(e.to), id = from + "|" + to;
    if (from === to || cy.getElementById(from).empty() || cy.getElementById(to).empty()) { return; }
    var el = cy.getElementById(id);
    if (el.empty()) {
      el = cy.add({ group: "edges", data: { id: id, source: from, target: to } });
      if (e.possible) { el.addClass("possible"); }
    } else if (!e.possible) {
      el.removeClass("possible");
    }
    if (cls) { el.addClass(cls); }
  }
  function add(g, cls) {
    var t0 = performance.now();
    if (!cy) { make((g.nodes || []).length > 1000); }
    capped = capped || !!g.capped;
    var els = [], seen = {}, merges = [];
    (g.nodes || []).forEach(function (n) {
      var id = canon(n.id);
      if (!seen[id] && cy.getElementById(id).empty()) {
        seen[id] = true;
        els.push({ group: "nodes", data: { id: id, label: short(n.label), kind: n.kind, type: n.type, agency: n.agency || "", date: n.date || "",
          colour: colourOf(n.kind, n.type), shape: shapes[n.kind] || "ellipse" } });
      }
      if (n.same && n.same.length) { merges.push([id, n.same]); }
    });
    cy.batch(function () {
      cy.add(els);
      merges.forEach(function (m) { merge(m[0], m[1]); });
      var edges = [], have = {};
      (g.edges || []).forEach(function (e) {
        var from = canon(e.from), to = canon(e.to), id = from + "|" + to;
        if (from === to || have[id]) { return; }
        if (cy.getElementById(id).nonempty() || (!seen[from] && cy.getElementById(from).empty()) || (!seen[to] && cy.getElementById(to).empty())) {
          addEdge(e, cls);
          return;
        }
        have[id] = true;
        edges.push({ group: "edges", data: { id: id, source: from, target: to }, classes: [e.possible ? "possible" : "", cls || ""].join(" ").trim() });
      });
      cy.add(edges);
      if (cls) { (g.nodes || []).forEach(function (n) { cy.getElementById(canon(n.id)).addClass(cls); }); }
    });
    var s = cy.getElementById(canon(start));
    if (s.nonempty()) { s.addClass("start"); }
    box.setAttribute("data-add-ms", String(Math.round(performance.now() - t0)));
  }

  // The timeline filter: records dated outside from–until are hidden, and
  // so are identifiers, persons and companies left with no record shown.
  var fromIn = document.getElementById("graph-from"), untilIn = document.getElementById("graph-until");
  function filter() {
    var from = fromIn ? fromIn.value : "", until = untilIn ? untilIn.value : "";
    hiddenRecords = 0;
    cy.batch(function () {
      cy.elements(".out").removeClass("out");
      if (!from && !until) { return; }
      cy.nodes('[kind = "record"]').forEach(function (n) {
        var d = n.data("date");
        if (d && ((from && d < from) || (until && d > until))) { n.addClass("out"); hiddenRecords++; }
      });
      if (hiddenRecords > 0) {
        cy.nodes('[kind != "record"]').forEach(function (n) {
          if (n.hasClass("start")) { return; }
          if (n.neighborhood('node[kind = "record"]').not(".out").empty()) { n.addClass("out"); }
        });
      }
    });
    declutter();
    describe();
  }
  if (fromIn) { fromIn.addEventListener("change", function () { if (cy) { filter(); } }); }
  if (untilIn) { untilIn.addEventListener("change", function () { if (cy) { filter(); } }); }

  // Labels that would overlap are hidden, the most connected kept first;
  // zooming in shows more of them.
  var measure = document.createElement("canvas").getContext("2d"), widths = {};
  function textWidth(s) {
    if (!(s in widths)) { measure.font = "11px Noto Sans Arabic, sans-serif"; widths[s] = measure.measureText(s).width; }
    return widths[s];
  }
  // In a large graph: labels of the nodes in view, at a zoom where they
  // are readable, the most connected first, each where no other is, from
  // their measured width (at most 800 at once).
  function declutterLarge() {
    var z = cy.zoom(), ext = cy.extent(), keep = [];
    if (11 * z >= 9) {
      var nodes = cy.nodes(":visible").filter(function (n) {
        var p = n.position();
        return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
      }).sort(function (a, b) { return (b.hasClass("start") ? 1 : 0) - (a.hasClass("start") ? 1 : 0) || b.degree() - a.degree(); });
      var cell = 80, grid = {};
      for (var i = 0; i < nodes.length && keep.length < 800; i++) {
        var n = nodes[i], label = n.data("label");
        if (!label) { continue; }
        var p = n.renderedPosition(), w = (textWidth(label) + 4) * z + 6, top = p.y + 11 * z;
        var r = { x1: p.x - w / 2, x2: p.x + w / 2, y1: top - 3, y2: top + 16 * z + 3 };
        var keys = [], clash = false;
        for (var gx = Math.floor(r.x1 / cell); gx <= Math.floor(r.x2 / cell); gx++) {
          for (var gy = Math.floor(r.y1 / cell); gy <= Math.floor(r.y2 / cell); gy++) {
            var k = gx + "," + gy;
            keys.push(k);
            (grid[k] || []).forEach(function (o) { if (!clash && r.x1 < o.x2 && o.x1 < r.x2 && r.y1 < o.y2 && o.y1 < r.y2) { clash = true; } });
          }
        }
        if (clash) { continue; }
        keys.forEach(function (k) { (grid[k] = grid[k] || []).push(r); });
        keep.push(n);
      }
    }
    cy.batch(function () {
      cy.nodes(".lbl").removeClass("lbl");
      keep.forEach(function (n) { n.addClass("lbl"); });
    });
  }
  function declutter() {
    if (!cy) { return; }
    if (big) { declutterLarge(); return; }
    var z = cy.zoom(), ext = cy.extent();
    var nodes = cy.nodes(":visible").filter(function (n) {
      var p = n.position();
      return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    });
    cy.nodes(".nolabel").removeClass("nolabel");
    if (11 * z < 9 || nodes.length > 3000) { return; } // min-zoomed-font-size hides them all
    nodes = nodes.sort(function (a, b) { return (b.hasClass("start") ? 1 : 0) - (a.hasClass("start") ? 1 : 0) || b.degree() - a.degree(); });
    var cell = 80, grid = {}, hide = [];
    nodes.forEach(function (n) {
      if (!n.data("label")) { return; }
      var r = n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (!(r.w > 0)) { return; }
      var keys = [], clash = false;
      for (var gx = Math.floor(r.x1 / cell); gx <= Math.floor(r.x2 / cell); gx++) {
        for (var gy = Math.floor(r.y1 / cell); gy <= Math.floor(r.y2 / cell); gy++) {
          var k = gx + "," + gy;
          keys.push(k);
          (grid[k] || []).forEach(function (o) { if (!clash && r.x1 < o.x2 && o.x1 < r.x2 && r.y1 < o.y2 && o.y1 < r.y2) { clash = true; } });
        }
      }
      if (clash) { hide.push(n); return; }
      keys.forEach(function (k) { (grid[k] = grid[k] || []).push(r); });
    });
    cy.batch(function () { hide.forEach(function (n) { n.addClass("nolabel"); }); });
  }

  // A radial tree from the start, linear in the nodes (cose takes
  // minutes at thousands of nodes): each node's children get a share of
  // its angle as large as the leaves under them, one ring per step.
  function radial() {
    var root = cy.getElementById(canon(start));
    if (root.empty()) { root = cy.nodes()[0]; }
    var seen = {}, order = [root], depthOf = {}, children = {}, maxDepth = 1;
    seen[root.id()] = true;
    depthOf[root.id()] = 0;
    for (var i = 0; i < order.length; i++) {
      var v = order[i], kids = [];
      v.neighborhood("node").forEach(function (u) {
        if (!seen[u.id()]) { seen[u.id()] = true; depthOf[u.id()] = depthOf[v.id()] + 1; maxDepth = Math.max(maxDepth, depthOf[u.id()]); kids.push(u); order.push(u); }
      });
      children[v.id()] = kids;
      if (i === order.length - 1) {
        // Nodes not reached from the start (another part): under the root.
        cy.nodes().forEach(function (u) {
          if (!seen[u.id()]) { seen[u.id()] = true; depthOf[u.id()] = 1; children[root.id()].push(u); order.push(u); }
        });
      }
    }
    var leaves = {};
    for (i = order.length - 1; i >= 0; i--) {
      var c = 0;
      children[order[i].id()].forEach(function (u) { c += leaves[u.id()]; });
      leaves[order[i].id()] = Math.max(1, c);
    }
    var ring = Math.max(90, leaves[root.id()] * 22 / (2 * Math.PI) / maxDepth), pos = {};
    var stack = [[root, 0, 2 * Math.PI]];
    while (stack.length) {
      var it = stack.pop(), node = it[0], a0 = it[1], a1 = it[2], d = depthOf[node.id()], mid = (a0 + a1) / 2;
      pos[node.id()] = { x: d * ring * Math.cos(mid), y: d * ring * Math.sin(mid) };
      var at = a0, total = leaves[node.id()];
      children[node.id()].forEach(function (u) {
        var share = (a1 - a0) * leaves[u.id()] / total;
        stack.push([u, at, at + share]);
        at += share;
      });
    }
    return pos;
  }

  function layout(done) {
    var n = cy.nodes().length, t = performance.now();
    var opts;
    if (n > 300) {
      var pos = radial(), x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
      Object.keys(pos).forEach(function (id) { var p = pos[id]; x1 = Math.min(x1, p.x); x2 = Math.max(x2, p.x); y1 = Math.min(y1, p.y); y2 = Math.max(y2, p.y); });
      var zw = (box.clientWidth - 40) / Math.max(1, x2 - x1), zh = (box.clientHeight - 40) / Math.max(1, y2 - y1), zz = Math.min(zw, zh, 1.2);
      // The viewport is set from the positions: fitting would measure
      // every label.
      opts = { name: "preset", positions: pos, fit: false, animate: false,
        zoom: zz, pan: { x: box.clientWidth / 2 - zz * (x1 + x2) / 2, y: box.clientHeight / 2 - zz * (y1 + y2) / 2 } };
    } else {
      opts = { name: "cose", animate: false, padding: 20, nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 80; } };
    }
    cy.one("layoutstop", function () {
      box.setAttribute("data-layout-ms", String(Math.round(performance.now() - t)));
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      cy.one("render", function () {
        requestAnimationFrame(function () {
          box.setAttribute("data-render-ms", String(Math.round(performance.now() - t)));
          box.setAttribute("data-nodes", String(n));
          if (done) { done(); }
        });
      });
      var tf = performance.now();
      filter();
      box.setAttribute("data-filter-ms", String(Math.round(performance.now() - tf)));
    });
    cy.layout(opts).run();
  }
  function fetchJSON(url, done) {
    say(box.getAttribute("data-loading"));
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(done).catch(function () { say(box.getAttribute("data-none")); });
  }
  function expand(id) {
    fetchJSON("/graph/data.json?node=" + encodeURIComponent(id) + "&depth=1", function (g) {
      add(g);
      cy.getElementById(canon(id)).addClass("expanded");
      layout(function () {
        // The keyboard stays on the node it expanded (merged into another
        // spelling: on that one), read out again with its new links.
        if (focused && document.activeElement === box) { focusNode(cy.getElementById(canon(focused.id()))); }
      });
    });
  }

  // The keyboard: Tab into the graph puts the focus on a node (the start
  // first); the arrow keys move it to the nearest node in that direction on
  // the screen; Enter adds the node's neighbours, or opens it once they are
  // shown; Escape leaves the graph. The focused node is ringed (class kbd)
  // and read out in the live region: its kind, its label (an identifier
  // isolated left to right) and its links, from the page's translations.
  var live = document.getElementById("explorer-focus"), focused = null;
  var groups = { phone: "phone", imei: "phone", email: "phone", plate: "vehicle", container: "cargo", imo: "cargo", mmsi: "cargo",
    passport: "document", national_id: "document", iban: "money", card: "money", btc: "money", eth: "money", tron: "money" };
  function kindName(n) {
    var k = n.data("kind");
    if (k === "selector") { k = groups[n.data("type")] || "other"; }
    return box.getAttribute("data-kind-" + k) || "";
  }
  function announce(n) {
    if (!live) { return; }
    live.textContent = "";
    if (!n) { return; }
    (box.getAttribute("data-kbd-focus") || "{kind}: {label}").split(/(\{\w+\})/).forEach(function (part) {
      var b;
      if (part === "{label}" || part === "{links}") {
        b = document.createElement("bdi");
        if (part === "{links}" || n.data("kind") === "selector") { b.dir = "ltr"; }
        b.textContent = part === "{label}" ? n.data("label") : String(n.connectedEdges(":visible").length);
        live.appendChild(b);
      } else if (part === "{kind}") {
        live.appendChild(document.createTextNode(kindName(n)));
      } else {
        live.appendChild(document.createTextNode(part));
      }
    });
  }
  function firstNode() {
    var s = cy.getElementById(canon(start));
    return s.nonempty() && s.visible() ? s : cy.nodes(":visible").first();
  }
  function focusNode(n) {
    if (focused && !focused.removed()) { focused.removeClass("kbd"); }
    focused = n && n.nonempty() ? n : null;
    box.setAttribute("data-focus", focused ? focused.id() : "");
    if (!focused) { announce(null); return; }
    focused.addClass("kbd");
    var p = focused.renderedPosition();
    if (p.x < 20 || p.y < 20 || p.x > box.clientWidth - 20 || p.y > box.clientHeight - 20) { cy.center(focused); declutter(); }
    announce(focused);
  }
  // The nearest visible node from the focused one in the direction
  // (dx, dy) on the screen: ahead of it, within about 60 degrees either
  // side, a node straight ahead preferred to a closer one aside.
  function nearest(dx, dy) {
    var from = focused.position(), best = null, bestScore = Infinity;
    cy.nodes(":visible").forEach(function (n) {
      if (n.same(focused)) { return; }
      var p = n.position(), vx = p.x - from.x, vy = p.y - from.y;
      var along = vx * dx + vy * dy, across = Math.abs(vx * dy - vy * dx);
      if (along <= 0 || across > along * 1.8) { return; }
      var score = along + 2 * across;
      if (score < bestScore) { best = n; bestScore = score; }
    });
    return best;
  }
  var arrows = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  box.addEventListener("keydown", function (ev) {
    if (!cy || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    if (arrows[ev.key]) {
      ev.preventDefault();
      if (!focused || focused.removed() || !focused.visible()) { focusNode(firstNode()); return; }
      var n = nearest(arrows[ev.key][0], arrows[ev.key][1]);
      if (n) { focusNode(n); }
    } else if (ev.key === "Enter" && focused && !focused.removed()) {
      ev.preventDefault();
      if (focused.hasClass("expanded")) { open(focused.id()); } else { expand(focused.id()); }
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      var next = document.getElementById("graph-png");
      if (next) { next.focus(); } else { box.blur(); }
    }
  });
  box.addEventListener("focus", function () {
    if (!cy) { return; }
    focusNode(focused && !focused.removed() && focused.visible() ? focused : firstNode());
  });
  box.addEventListener("blur", function () {
    if (focused && !focused.removed()) { focused.removeClass("kbd"); }
    box.setAttribute("data-focus", "");
    announce(null);
  });

  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]; }); }
  // The graph as SVG: what is shown, where it is, with every label.
  function svg() {
    var els = cy.elements(":visible"), bb = els.boundingBox({ includeLabels: true }), pad = big ? 120 : 20;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [bb.x1 - pad, bb.y1 - pad, bb.w + 2 * pad, bb.h + 2 * pad].join(" ") +
      '" width="' + Math.round(bb.w + 2 * pad) + '" height="' + Math.round(bb.h + 2 * pad) + '" font-family="Noto Sans Arabic, sans-serif" font-size="11">',
      '<rect x="' + (bb.x1 - pad) + '" y="' + (bb.y1 - pad) + '" width="' + (bb.w + 2 * pad) + '" height="' + (bb.h + 2 * pad) + '" fill="#fff"/>'];
    els.edges().forEach(function (e) {
      var a = e.source().position(), b = e.target().position();
      out.push('<line x1="' + a.x + '" y1="' + a.y + '" x2="' + b.x + '" y2="' + b.y + '" stroke="' + (e.hasClass("path") ? "#d84315" : "#7b8794") +
        '"' + (e.hasClass("possible") ? ' stroke-dasharray="5 4"' : "") + "/>");
    });
    els.nodes().forEach(function (n) {
      var p = n.position(), k = n.data("kind"), c = n.hasClass("path") ? "#d84315" : colour(n);
      if (k === "record") {
        out.push('<rect x="' + (p.x - 9) + '" y="' + (p.y - 9) + '" width="18" height="18" rx="3" fill="' + c + '"/>');
      } else if (k === "person") {
        out.push('<polygon points="' + [p.x, p.y - 9, p.x + 9, p.y, p.x, p.y + 9, p.x - 9, p.y].join(" ") + '" fill="' + c + '"/>');
      } else if (k === "company") {
        out.push('<polygon points="' + [p.x - 4.5, p.y - 9, p.x + 4.5, p.y - 9, p.x + 9, p.y, p.x + 4.5, p.y + 9, p.x - 4.5, p.y + 9, p.x - 9, p.y].join(" ") + '" fill="' + c + '"/>');
      } else {
        out.push('<circle cx="' + p.x + '" cy="' + p.y + '" r="9" fill="' + c + '"/>');
      }
      out.push('<text x="' + p.x + '" y="' + (p.y + 24) + '" text-anchor="middle">' + esc(n.data("label")) + "</text>");
    });
    out.push("</svg>");
    return out.join("\n");
  }
  var png = document.getElementById("graph-png"), svgb = document.getElementById("graph-svg"), fit = document.getElementById("graph-fit");
  if (png) { png.addEventListener("click", function () { if (cy) { download(cy.png({ output: "blob", bg: "#ffffff", full: true, maxWidth: 6000, maxHeight: 6000 }), "jisr-graph.png"); } }); }
  if (svgb) { svgb.addEventListener("click", function () { if (cy) { download(new Blob([svg()], { type: "image/svg+xml" }), "jisr-graph.svg"); } }); }
  if (fit) { fit.addEventListener("click", function () { if (cy) { cy.fit(cy.elements(":visible"), 20); declutter(); } }); }
  window.jisrGraph = { svg: function () { return cy ? svg() : ""; }, cy: function () { return cy; } };

  if (goal) {
    fetchJSON("/graph/data.json?from=" + encodeURIComponent(start) + "&to=" + encodeURIComponent(goal), function (g) {
      add(g, "path");
      layout();
    });
  } else {
    fetchJSON("/graph/data.json?node=" + encodeURIComponent(start) + "&depth=" + encodeURIComponent(depth), function (g) {
      add(g);
      cy.getElementById(canon(start)).addClass("expanded");
      layout();
    });
  }
})();
