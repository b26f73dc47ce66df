// The live campaign monitor refreshes its figures every 15 seconds without reloading the
// page. Without JavaScript the page works the same; its "Refresh" link reloads it.
(function () {
  "use strict";
  var live = document.querySelector("[data-refresh]");
  if (!live || !window.fetch) return;
  var url = live.getAttribute("data-refresh");
  function refresh() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) {
        // Signed out meanwhile: show the sign-in page rather than put it inside the table.
        if (r.redirected) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) { if (html !== null) live.innerHTML = html; })
      .catch(function () { /* offline for a moment: keep the last figures */ });
  }
  setInterval(refresh, 15000);
})();
