// Leerpunt: live results on the search page. Without this script the form works as a plain GET form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-search]");
  var results = document.getElementById("search-results");
  if (!form || !results || !window.fetch || !window.DOMParser) {
    return;
  }
  var timer = null;
  var pending = null;

  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    var url = form.getAttribute("action") + "?" + params.toString();
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "text/html" } })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("search-results");
        if (fresh) {
          results.replaceWith(fresh);
          results = fresh;
          window.history.replaceState(null, "", url);
        }
      })
      .catch(function () { /* a newer request replaced this one, or the network failed: keep the page */ });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    refresh();
  });
})();
