/* ahpfw framework site: search over every page's text, entirely in the browser.
   The index is a script (search-index.js) rather than a file fetched at run time,
   so the site works when opened straight from disk (file://). Results are built
   with textContent only: nothing from the index is ever parsed as HTML. */
(function () {
  "use strict";
  var index = window.AHPFW_SEARCH_INDEX || [];
  var form = document.getElementById("search-page-form");
  var input = document.getElementById("search-page-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status) { return; }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = index.map(function (entry) {
    return { title: fold(entry.title), text: fold(entry.text) };
  });

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    if (at < 0) { return text.slice(0, 160); }
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, at + word.length + 100);
    var space = text.indexOf(" ", start);  /* start and end at whole words */
    if (start > 0 && space >= 0 && space < at) { start = space + 1; }
    space = text.lastIndexOf(" ", end);
    if (end < text.length && space > at + word.length) { end = space; }
    return (start > 0 ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
  }

  /* Append text to a node with each query word wrapped in <mark>; text only, never HTML. */
  function appendMarked(node, text, words) {
    var lower = fold(text);
    if (lower.length !== text.length) { node.appendChild(document.createTextNode(text)); return; }
    var at = 0;
    while (at < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = w.length; }
      });
      if (next < 0) { break; }
      node.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      node.appendChild(mark);
      at = next + len;
    }
    node.appendChild(document.createTextNode(text.slice(at)));
  }

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var hits = [];
    index.forEach(function (entry, n) {
      var f = folded[n];
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        if (f.title.indexOf(words[i]) >= 0) { score += 3; }
        else if (f.text.indexOf(words[i]) >= 0) { score += 1; }
        else { return; }
      }
      hits.push({ entry: entry, score: score, order: n, word: words[0], words: words });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits;
  }

  function show(query) {
    list.textContent = "";
    var hits = search(query);
    if (!query.trim()) {
      status.textContent = "Type a word or two, for example \u201cfeedback\u201d or \u201cplacement\u201d.";
      return;
    }
    status.textContent = hits.length === 1 ? "1 result for \u201c" + query + "\u201d"
      : hits.length + " results for \u201c" + query + "\u201d";
    hits.slice(0, 50).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.entry.url;
      a.textContent = hit.entry.title;
      var kind = document.createElement("div");
      kind.className = "kind";
      kind.textContent = hit.entry.kind;
      var p = document.createElement("p");
      appendMarked(p, snippet(hit.entry.text, hit.word), hit.words.filter(Boolean));
      li.appendChild(a);
      li.appendChild(kind);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  show(initial);
  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
    }
  });
})();
