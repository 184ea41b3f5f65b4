// jisr: the link-graph explorer. Records (squares) and the selectors they
// hold (circles); tap a node to add its neighbours, double-tap a record to
// open it (an identifier: its profile). With a goal, the shortest path is drawn first. All data comes
// from /graph/data.json, which only returns what the user may read.
(function () {
  "use strict";
  var box = document.getElementById("explorer");
  var status = document.getElementById("explorer-status");
  if (!box || typeof cytoscape !== "function") { return; }
  var colours = { record: "#1d5c8f", phone: "#6a3d9a", plate: "#2e7d32", container: "#00695c",
    imo: "#00695c", iban: "#8d6e00", passport: "#c62828", national_id: "#c62828" };
  var cy = cytoscape({
    container: box, wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 10, "font-family": "Noto Sans Arabic, sans-serif",
        "text-valign": "bottom", "text-margin-y": 3, "width": 18, "height": 18,
        "background-color": function (n) { return colours[n.data("kind") === "record" ? "record" : n.data("type")] || "#5b6675"; },
        "shape": function (n) { return n.data("kind") === "record" ? "round-rectangle" : "ellipse"; },
        "text-wrap": "ellipsis", "text-max-width": 140 } },
      { selector: "node.expanded", style: { "border-width": 2, "border-color": "#222" } },
      { selector: "node.path, edge.path", style: { "background-color": "#d84315", "line-color": "#d84315", "width": 3 } },
      { selector: "edge", style: { "width": 1, "line-color": "#9aa5b1", "curve-style": "haystack" } }
    ]
  });
  function say(text) { if (status) { status.textContent = text; } }
  function add(g, cls) {
    var added = 0;
    (g.nodes || []).forEach(function (n) {
      if (cy.getElementById(n.id).empty()) {
        cy.add({ group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, type: n.type, agency: n.agency || "" } });
        added++;
      }
      if (cls) { cy.getElementById(n.id).addClass(cls); }
    });
    (g.edges || []).forEach(function (e) {
      var id = e.from + "|" + e.to;
      if (cy.getElementById(id).empty()) { cy.add({ group: "edges", data: { id: id, source: e.from, target: e.to } }); }
      if (cls) { cy.getElementById(id).addClass(cls); }
    });
    return added;
  }
  function layout() {
    var big = cy.nodes().length > 300;
    cy.layout(big ? { name: "concentric", animate: false, minNodeSpacing: 6 } :
      { name: "cose", animate: false, padding: 20, nodeRepulsion: function () { return 20000; } }).run();
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
    say(cy.nodes().length + " / " + cy.edges().length);
  }
  function fetchJSON(url, done) {
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    }).then(done).catch(function () { say(box.getAttribute("data-none")); });
  }
  function expand(id) {
    fetchJSON("/graph/data.json?node=" + encodeURIComponent(id), function (g) {
      add(g);
      cy.getElementById(id).addClass("expanded");
      layout();
    });
  }
  cy.on("tap", "node", function (ev) { expand(ev.target.id()); });
  cy.on("dbltap", "node", function (ev) {
    var id = ev.target.id();
    if (id.indexOf("record:") === 0) { window.location.href = "/records/" + id.slice(7); }
    if (id.indexOf("sel:") === 0) {
      var kv = id.slice(4), i = kv.indexOf(":");
      window.location.href = "/profiles?type=" + encodeURIComponent(kv.slice(0, i)) + "&value=" + encodeURIComponent(kv.slice(i + 1));
    }
  });
  var start = box.getAttribute("data-start"), goal = box.getAttribute("data-goal");
  if (goal) {
    fetchJSON("/graph/data.json?from=" + encodeURIComponent(start) + "&to=" + encodeURIComponent(goal), function (g) {
      add(g, "path");
      layout();
    });
  } else {
    expand(start);
  }
})();
