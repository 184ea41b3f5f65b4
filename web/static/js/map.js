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
    });

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
      // Records at the same point (often a crossing) share one marker whose
      // size grows with their number; its popup lists them.
      var groups = {}, order = [];
      (data.features || []).forEach(function (f) {
        var key = f.kind + "|" + f.lat.toFixed(4) + "|" + f.lon.toFixed(4);
        if (!groups[key]) { groups[key] = []; order.push(key); }
        groups[key].push(f);
      });
      var pts = [];
      order.forEach(function (key) {
        var fs = groups[key], f = fs[0];
        var colour = f.kind === "facility" ? "#6a3d9a" : "#d7301f";
        var radius = Math.min(22, 7 + 3 * Math.sqrt(fs.length - 1));
        var m = L.circleMarker([f.lat, f.lon], { radius: radius, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 0.85 });
        var box = document.createElement("div");
        box.className = "map-popup-list";
        fs.slice(0, 12).forEach(function (x) { box.appendChild(popup(x)); });
        if (fs.length > 12) { box.appendChild(text("div", "+" + (fs.length - 12), "muted")); }
        m.bindPopup(box, { maxHeight: 320 });
        if (fs.length > 1) { m.bindTooltip(String(fs.length), { permanent: true, direction: "center", className: "map-count" }); }
        m.addTo(map);
        pts.push([f.lat, f.lon]);
      });
      if (pts.length > 0) { map.fitBounds(pts, { padding: [40, 40], maxZoom: 8 }); }
      if (status) {
        status.textContent = data.truncated ? box.getAttribute("data-truncated") : "";
      }
    })
    .catch(function (e) { if (status) { status.textContent = String(e); } });
})();
