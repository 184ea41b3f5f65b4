// jisr: small progressive enhancements. The pages work without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Entity and link rows: add from the section's <template>, remove in place.
  function nextIndex(rows) {
    var max = -1;
    rows.querySelectorAll("[name]").forEach(function (el) {
      var m = /^(?:e\.[A-Za-z]+|l)\.(\d+)\./.exec(el.name);
      if (m) { max = Math.max(max, parseInt(m[1], 10)); }
    });
    return max + 1;
  }

  function refreshIDs() {
    var list = document.getElementById("entity-ids");
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    document.querySelectorAll(".entrow input[type=hidden][name$='.id']").forEach(function (el) {
      var o = document.createElement("option");
      o.value = el.value;
      list.appendChild(o);
    });
  }

  function takenIDs() {
    var ids = {};
    document.querySelectorAll(".entrow input[type=hidden][name$='.id']").forEach(function (el) { ids[el.value] = true; });
    return ids;
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof HTMLElement)) { return; }
    if (t.classList.contains("add-row")) {
      var box = t.parentElement;
      var rows = box.querySelector(".rows");
      var tpl = box.querySelector("template.rowtpl");
      if (!rows || !tpl) { return; }
      var i = nextIndex(rows);
      var n = i + 1, taken = takenIDs(), schema = box.getAttribute("data-schema") || "";
      while (taken[schema.toLowerCase() + "-" + n]) { n++; }
      var html = tpl.innerHTML.split("__i__").join(String(i)).split("__n__").join(String(n));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      while (row && !(row.classList.contains("entrow") || row.classList.contains("linkrow"))) { row = row.nextElementSibling; }
      if (!row) { return; }
      rows.appendChild(row);
      var first = row.querySelector("input:not([type=hidden]), select");
      if (first) { first.focus(); }
      refreshIDs();
    } else if (t.classList.contains("remove-row")) {
      var r = t.closest(".entrow, .linkrow");
      if (r) { r.remove(); refreshIDs(); }
    }
  });

  // The navigation menu of narrow screens (the header is wide open without script).
  var top = document.querySelector("header.top");
  var toggle = top && top.querySelector(".menu-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = top.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Confirm actions that cannot be undone lightly.
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    var msg = f.getAttribute && f.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });

  refreshIDs();
})();
