// jisr: the map of seizures, facilities and crossings. Country borders come
// from the vendored Natural Earth file, so the map works offline; a tile
// server is used only if the node is configured with one.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || typeof L === "undefined") { return; }
  var rtl = document.documentElement.dir === "rtl";
  var status = document.getElementById("map-status");
  var map = L.map(box, { zoomControl: true, attributionControl: true }).setView([32.5, 39.5], 5);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(box.getAttribute("data-attribution"));
  if (rtl) { map.zoomControl.setPosition("topright"); }
  window.jisrMap = map;

  var tiles = box.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
  }
  fetch(box.getAttribute("data-borders"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      if (typeof topojson === "undefined") { return; }
      var geo = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(geo, { interactive: false, style: { color: "#6b7c8f", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } }).addTo(map).bringToBack();
      borders.resolve(geo);
    });
  var borders = {};
  borders.promise = new Promise(function (ok) { borders.resolve = ok; });

  // The centre of a country's largest ring (area-weighted), for its label.
  function centre(geom) {
    var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    var best = null, bestArea = 0;
    polys.forEach(function (poly) {
      var ring = poly[0], a = 0, cx = 0, cy = 0;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        a += f; cx += (ring[j][0] + ring[i][0]) * f; cy += (ring[j][1] + ring[i][1]) * f;
      }
      if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = [cy / (3 * a), cx / (3 * a)]; }
    });
    return best;
  }
  // Country and town names in the user's language (Natural Earth borders,
  // the gazetteer's towns): countries always, towns from zoom 6.
  map.createPane("labels").style.zIndex = 380;
  map.getPane("labels").style.pointerEvents = "none";
  var townLayer = L.layerGroup();
  function labelsOf(data) {
    borders.promise.then(function (geo) {
      var names = {};
      (data.countries || []).forEach(function (c) { names[c.match] = c.label; });
      geo.features.forEach(function (f) {
        var label = names[f.properties && f.properties.name], at = label && centre(f.geometry);
        if (!at) { return; }
        L.marker(at, { pane: "labels", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "map-label map-country-label", html: "", iconSize: null }) })
          .addTo(map).getElement().appendChild(text("span", label));
      });
    });
    (data.towns || []).forEach(function (t) {
      var m = L.marker([t.lat, t.lon], { pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "map-label map-town-label", html: "", iconSize: null }) });
      m.on("add", function () { if (!m.getElement().firstChild) { m.getElement().appendChild(text("span", t.label)); } });
      townLayer.addLayer(m);
    });
    function towns() { if (map.getZoom() >= 6) { townLayer.addTo(map); } else { townLayer.remove(); } }
    map.on("zoomend", towns);
    towns();
  }

  function text(tag, s, cls) {
    var el = document.createElement(tag);
    el.textContent = s;
    if (cls) { el.className = cls; }
    el.dir = "auto";
    return el;
  }

  function popup(f) {
    var div = document.createElement("div");
    div.className = "map-popup";
    var head = text("div", f.label);
    if (f.date) {
      // a date reads left to right, even in Arabic
      head.appendChild(document.createTextNode(" · "));
      var d = document.createElement("bdi");
      d.dir = "ltr";
      d.textContent = f.date;
      head.appendChild(d);
    }
    div.appendChild(head);
    div.appendChild(text("div", f.title));
    if (f.tlp) { div.appendChild(text("div", "TLP:" + f.tlp, "tlp tlp-" + f.tlp.toLowerCase().replace("+", "-"))); }
    if (f.approx) { div.appendChild(text("div", "(" + box.getAttribute("data-approx") + ")", "muted")); }
    if (f.id) {
      var a = document.createElement("a");
      a.href = "/records/" + encodeURIComponent(f.id);
      a.textContent = box.getAttribute("data-open");
      div.appendChild(a);
    }
    return div;
  }

  fetch(box.getAttribute("data-src"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      // Crossings and ports: small squares in a pane under the seizures, so a
      // crossing with seizures shows their marker and count.
      map.createPane("crossings").style.zIndex = 390;
      var crossingIcon = L.divIcon({ className: "crossing-icon", iconSize: [12, 12] });
      (data.crossings || []).forEach(function (c) {
        L.marker([c.lat, c.lon], { icon: crossingIcon, keyboard: false, pane: "crossings" })
          .bindTooltip(text("span", c.title + (c.label ? " — " + c.label : "")), { direction: "top" }).addTo(map);
      });
      labelsOf(data);
      // Records near one another (within 44 px at the zoom shown) share
      // one marker, sized by their number; its popup lists them. Markers
      // are focusable and Enter opens the popup (Leaflet's keyboard
      // markers). Recomputed at each zoom.
      var all = data.features || [], feats = all, layer = L.layerGroup().addTo(map), radius = 44;
      // The time view: seizures up to a month (a slider over the months
      // the records fall in), as markers or as a heat view (translucent
      // discs that darken where seizures gather).
      // The months are the server's (every month with a seizure the user
      // may see, not only those of the markers read); when the markers
      // were cut at the cap, a month asks the server again (until=), which
      // filters in its query, so earlier seizures beyond the cap appear.
      var heat = document.getElementById("map-heat"), month = document.getElementById("map-month"), monthOut = document.getElementById("map-month-out");
      var months = Array.from(new Set((data.months || []).concat(all.map(function (f) { return (f.date || "").slice(0, 7); })).filter(Boolean))).sort();
      if (month) { month.max = String(Math.max(0, months.length - 1)); month.value = month.max; }
      var cut = !!data.truncated, asked = 0, timer = null;
      function pick() {
        var upTo = months.length && month ? months[+month.value] : "";
        if (monthOut) { monthOut.textContent = upTo; }
        if (!cut || !upTo || upTo === months[months.length - 1]) {
          feats = all.filter(function (f) { return !upTo || !f.date || f.date.slice(0, 7) <= upTo; });
          if (status) { status.textContent = cut ? box.getAttribute("data-truncated") : ""; }
          cluster();
          return;
        }
        clearTimeout(timer);
        timer = setTimeout(function () {
          var n = ++asked;
          fetch(box.getAttribute("data-src") + "&until=" + encodeURIComponent(upTo), { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
            .then(function (d) {
              if (n !== asked) { return; }
              feats = d.features || [];
              if (status) { status.textContent = d.truncated ? box.getAttribute("data-truncated") : ""; }
              box.setAttribute("data-until", upTo);
              cluster();
            })
            .catch(function (e) { if (status) { status.textContent = String(e); } });
        }, 250);
      }
      function cluster() {
        layer.clearLayers();
        if (heat && heat.checked) {
          feats.forEach(function (f) {
            layer.addLayer(L.circleMarker([f.lat, f.lon], { radius: 22, stroke: false, fillColor: "#d7301f", fillOpacity: 0.18, interactive: false, className: "map-heat" }));
          });
          return;
        }
        var grid = {}, groups = [];
        feats.forEach(function (f) {
          var p = map.project([f.lat, f.lon]), gx = Math.floor(p.x / radius), gy = Math.floor(p.y / radius), near = null;
          for (var dx = -1; dx <= 1 && !near; dx++) {
            for (var dy = -1; dy <= 1 && !near; dy++) {
              (grid[(gx + dx) + "," + (gy + dy)] || []).forEach(function (g) {
                if (!near && Math.abs(g.p.x - p.x) <= radius && Math.abs(g.p.y - p.y) <= radius) { near = g; }
              });
            }
          }
          if (near) { near.fs.push(f); return; }
          var g = { p: p, fs: [f] };
          (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(g);
          groups.push(g);
        });
        groups.forEach(function (g) {
          var fs = g.fs, lat = 0, lon = 0, seizures = 0;
          fs.forEach(function (f) { lat += f.lat; lon += f.lon; if (f.kind !== "facility") { seizures++; } });
          var size = Math.round(Math.min(44, 18 + 6 * Math.sqrt(fs.length - 1)));
          var el = document.createElement("span");
          if (fs.length > 1) {
            var b = document.createElement("bdi");
            b.dir = "ltr";
            b.textContent = String(fs.length);
            el.appendChild(b);
          }
          var icon = L.divIcon({ className: "map-cluster " + (seizures * 2 >= fs.length ? "map-cluster-seizure" : "map-cluster-facility"),
            iconSize: [size, size], html: el.outerHTML });
          var title = fs.length > 1 ? box.getAttribute("data-cluster").replace("{n}", String(fs.length)) : fs[0].label + " — " + fs[0].title;
          var m = L.marker([lat / fs.length, lon / fs.length], { icon: icon, keyboard: true, title: title, alt: title, riseOnHover: true });
          var list = document.createElement("div");
          list.className = "map-popup-list";
          fs.slice(0, 12).forEach(function (x) { list.appendChild(popup(x)); });
          if (fs.length > 12) { list.appendChild(text("div", "+" + (fs.length - 12), "muted")); }
          m.bindPopup(list, { maxHeight: 320 });
          m.on("add", function () { var e = m.getElement(); e.setAttribute("role", "button"); e.setAttribute("aria-label", title); });
          layer.addLayer(m);
        });
      }
      map.on("zoomend", cluster);
      if (heat) { heat.addEventListener("change", cluster); }
      if (month) { month.addEventListener("input", pick); }
      pick();
      var pts = feats.map(function (f) { return [f.lat, f.lon]; });
      if (pts.length > 0) { map.fitBounds(pts, { padding: [40, 40], maxZoom: 8, animate: false }); }
      if (status) {
        status.textContent = data.truncated ? box.getAttribute("data-truncated") : "";
      }
    })
    .catch(function (e) { if (status) { status.textContent = String(e); } });
})();
