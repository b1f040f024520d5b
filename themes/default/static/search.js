/* Ladder search: filters the index written by the build (search/index.js, which sets
   window.LADDER_SEARCH). Loaded only by the search page; every other page works
   without JavaScript. Results are built with DOM methods, never innerHTML. */
(function () {
  "use strict";
  var index = window.LADDER_SEARCH || [];
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  if (!form || !input || !results) { return; }

  function words(text) {
    return text.toLowerCase().split(/[^0-9a-z\u00c0-\u024f%]+/).filter(Boolean);
  }

  function score(entry, terms) {
    var total = 0;
    var title = entry.title.toLowerCase();
    var headings = entry.headings.join(" ").toLowerCase();
    var summary = entry.summary.toLowerCase();
    var text = entry.text.toLowerCase();
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      var s = 0;
      if (title.indexOf(t) >= 0) { s += 10; }
      if (headings.indexOf(t) >= 0) { s += 5; }
      if (summary.indexOf(t) >= 0) { s += 3; }
      if (text.indexOf(t) >= 0) { s += 1; }
      if (s === 0) { return 0; }
      total += s;
    }
    return total;
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    if (at < 0) { return text.slice(0, 160); }
    var start = Math.max(0, at - 60);
    return (start > 0 ? "\u2026" : "") + text.slice(start, start + 160) + "\u2026";
  }

  function show(query) {
    var terms = words(query);
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (terms.length === 0) { return; }
    var found = index
      .map(function (entry) { return { entry: entry, score: score(entry, terms) }; })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score; })
      .slice(0, 20);
    var status = document.createElement("p");
    status.textContent = found.length === 0
      ? "No pages match \u201c" + query + "\u201d."
      : found.length + (found.length === 1 ? " page matches" : " pages match") + " \u201c" + query + "\u201d.";
    results.appendChild(status);
    var list = document.createElement("ol");
    found.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.entry.url;
      link.textContent = r.entry.title;
      item.appendChild(link);
      var p = document.createElement("p");
      p.textContent = snippet(r.entry.text, terms[0]);
      item.appendChild(p);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
  input.addEventListener("input", function () { show(input.value); });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; show(query); }
}());
