// jisr: the unread count in the header, kept live from the event stream
// (server-sent events). Without it, the count is right at every page load.
(function () {
  "use strict";
  var badge = document.getElementById("unread");
  if (!badge || !window.EventSource) { return; }
  var n = parseInt(badge.getAttribute("data-n") || "0", 10) || 0;
  var shown = badge.querySelector("bdi");
  if (shown && !badge.hidden) { n = parseInt(shown.textContent.replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); }), 10) || 0; }
  var es = new EventSource(badge.getAttribute("data-events"));
  es.addEventListener("notification", function (e) {
    n += 1;
    if (shown) { shown.textContent = String(n); }
    badge.hidden = false;
    try {
      var d = JSON.parse(e.data);
      badge.parentNode.setAttribute("title", d.text + " — " + d.subject);
    } catch (err) { /* the count is enough */ }
  });
})();
