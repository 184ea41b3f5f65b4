// jisr: the link graph of a record, drawn with Cytoscape.js from the
// data-graph attribute (entities as nodes, links as edges).
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape !== "function") { return; }
  var elements;
  try { elements = JSON.parse(box.getAttribute("data-graph") || "[]"); } catch (e) { return; }
  var colours = { Person: "#1d5c8f", Vehicle: "#2e7d32", Phone: "#6a3d9a", DrugQuantity: "#c62828",
    Company: "#8d6e00", Organization: "#8d6e00", Address: "#455a64", Container: "#00695c", Vessel: "#00695c" };
  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "font-family": "Noto Sans Arabic, sans-serif",
        "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22,
        "background-color": function (n) { return colours[n.data("schema")] || "#5b6675"; },
        "text-wrap": "wrap", "text-max-width": 160 } },
      { selector: "edge", style: {
        "label": "data(label)", "font-size": 9, "color": "#5b6675", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "width": 1.5, "line-color": "#8d99a8", "target-arrow-color": "#8d99a8",
        "text-background-color": "#fff", "text-background-opacity": 1 } }
    ],
    layout: { name: "cose", animate: false, padding: 30, idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 30000; }, componentSpacing: 60 }
  });
  if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }
  if (cy.zoom() < 0.6) { cy.zoom(0.6); cy.center(); }
  cy.on("tap", "node", function (ev) {
    var row = document.getElementById("e-" + ev.target.id().replace(/^n-/, ""));
    if (row) { row.scrollIntoView({ block: "center" }); }
  });
})();
