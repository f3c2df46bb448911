/* ahpfw framework site: search over every page's text, entirely in the browser, with MiniSearch
   (vendored: assets/minisearch.js, MIT licence in assets/minisearch-LICENSE.txt).
   The index is a script (search-index.js) rather than a file fetched at run time, so the site
   works when opened straight from disk (file://). Matching: every word must match (AND), as a
   whole word, a prefix ("supervi") or with a typo ("mentorng"); accents and case are ignored;
   a match in a name counts more than one in the text. An element's identifier (ahpfw:CAP-0007,
   or CAP-0007) or code (1.2) finds that element first, and submitted alone goes straight to it.
   Results are built with textContent only: nothing from the index is ever parsed as HTML.
   The searching itself (window.AhpfwSearch) is kept apart from the page, so that the tests can
   run it with Node, without a browser. */
(function (root) {
  "use strict";

  /* Accent and case folding: "Éducation" -> "education". */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* What a query may be to name an element exactly: its id, the id without its prefix, its code. */
  function exactKeys(entry) {
    var keys = [];
    if (entry.id) { keys.push(fold(entry.id), fold(entry.id.slice(entry.id.indexOf(":") + 1))); }
    if (entry.code) { keys.push(fold(entry.code)); }
    return keys;
  }

  /* The search over entries: search(query) gives [{id: index in entries, terms, exact}], best first:
     the elements the query names exactly, then MiniSearch's results. */
  function createSearch(entries, MiniSearch) {
    var named = Object.create(null);
    entries.forEach(function (entry, n) {
      exactKeys(entry).forEach(function (key) {
        if (!named[key]) { named[key] = []; }
        if (named[key].indexOf(n) < 0) { named[key].push(n); }
      });
    });
    var engine = new MiniSearch({
      fields: ["title", "text"],
      processTerm: function (term) { var folded = fold(term); return folded ? folded : null; },
      searchOptions: {
        boost: { title: 3 },
        combineWith: "AND",
        prefix: function (term) { return term.length >= 3; },
        fuzzy: function (term) { return term.length >= 5 ? 0.2 : false; }
      }
    });
    engine.addAll(entries.map(function (entry, n) { return { id: n, title: entry.title, text: entry.text }; }));

    function search(query) {
      var exact = query.trim() ? named[fold(query.trim())] || [] : [];
      var hits = query.trim() ? engine.search(query) : [];
      return exact.map(function (n) { return { id: n, terms: [], exact: true }; }).concat(
        hits.filter(function (hit) { return exact.indexOf(hit.id) < 0; })
          .map(function (hit) { return { id: hit.id, terms: hit.terms, exact: false }; }));
    }

    /* The text folded, with where each folded character starts in the original text. */
    function foldWithMap(text) {
      var out = "", at = [];
      for (var i = 0; i < text.length; i++) {
        var ch = text.charAt(i);
        var code = text.charCodeAt(i);
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) { ch = text.slice(i, i + 2); }
        var folded = fold(ch);
        for (var k = 0; k < folded.length; k++) { at.push(i); }
        out += folded;
        i += ch.length - 1;
      }
      at.push(text.length);
      return { text: out, at: at };
    }

    /* Where the matched words (as indexed: folded) stand in the text: [start, end) pairs in the original text, in order. */
    var WORD_CHAR = /[\p{L}\p{N}]/u;
    function spans(text, terms) {
      var map = foldWithMap(text), found = [];
      terms.forEach(function (term) {
        var from = 0, i;
        while (term && (i = map.text.indexOf(term, from)) >= 0) {
          if (i === 0 || !WORD_CHAR.test(map.text.charAt(i - 1))) {  /* at the start of a word */
            found.push([map.at[i], map.at[i + term.length]]);
          }
          from = i + term.length;
        }
      });
      found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
      var merged = [];
      found.forEach(function (s) {
        var last = merged[merged.length - 1];
        if (last && s[0] <= last[1]) { last[1] = Math.max(last[1], s[1]); } else { merged.push([s[0], s[1]]); }
      });
      return merged;
    }

    /* A passage of about 160 characters around the first match, cut at whole words. */
    function snippet(text, marks) {
      if (!marks.length) {
        return { start: 0, end: Math.min(text.length, 160) };
      }
      var at = marks[0][0], len = marks[0][1] - marks[0][0];
      var start = Math.max(0, at - 60);
      var end = Math.min(text.length, at + len + 100);
      var space = text.indexOf(" ", start);
      if (start > 0 && space >= 0 && space < at) { start = space + 1; }
      space = text.lastIndexOf(" ", end);
      if (end < text.length && space > at + len) { end = space; }
      return { start: start, end: end };
    }

    return { search: search, spans: spans, snippet: snippet };
  }

  root.AhpfwSearch = createSearch;
  if (typeof document === "undefined") { return; }
  var entries = root.AHPFW_SEARCH_INDEX || [];
  var form = document.getElementById("search-page-form");
  var input = document.getElementById("search-page-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !list || !status || !root.MiniSearch) { return; }
  var finder = createSearch(entries, root.MiniSearch);

  /* Append text[start:end) to node, each match in a <mark>; text nodes only, never HTML. */
  function appendMarked(node, text, marks, start, end) {
    var at = start;
    if (start > 0) { node.appendChild(document.createTextNode("\u2026")); }
    marks.forEach(function (m) {
      var from = Math.max(m[0], at), to = Math.min(m[1], end);
      if (from >= to) { return; }
      node.appendChild(document.createTextNode(text.slice(at, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, to);
      node.appendChild(mark);
      at = to;
    });
    node.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "\u2026" : "")));
  }

  /* The results listed for query (none for an empty one). */
  function show(query) {
    list.textContent = "";
    if (!query.trim()) {
      status.textContent = "Type a word or two, for example \u201cfeedback\u201d or \u201cplacement\u201d.";
      return [];
    }
    var hits = finder.search(query);
    status.textContent = (hits.length === 1 ? "1 result" : hits.length + " results") +
      " for \u201c" + query + "\u201d";
    hits.slice(0, 50).forEach(function (hit) {
      var entry = entries[hit.id];
      var marks = finder.spans(entry.text, hit.terms);
      var cut = finder.snippet(entry.text, marks);
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.url;
      a.textContent = entry.title;
      var kind = document.createElement("div");
      kind.className = "kind";
      kind.textContent = hit.exact ? entry.kind + " \u00b7 " + entry.id : entry.kind;
      var p = document.createElement("p");
      appendMarked(p, entry.text, marks, cut.start, cut.end);
      li.appendChild(a);
      li.appendChild(kind);
      li.appendChild(p);
      list.appendChild(li);
    });
    return hits;
  }

  /* A submitted query that names one element exactly goes to its page. */
  function named(hits) {
    var exact = hits.filter(function (hit) { return hit.exact; });
    return exact.length === 1 ? entries[exact[0].id].url : null;
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  var target = named(show(initial));
  if (target) { window.location.replace(target); }
  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var go = named(show(input.value));
    if (go) { window.location.assign(go); return; }
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (e) { /* file:// may refuse */ }
    }
  });
})(typeof window !== "undefined" ? window : globalThis);
