// The site's search run by Node, without a browser: the built site's own scripts (the vendored
// MiniSearch, the index and assets/search.js, whose searching is window.AhpfwSearch) in one context.
//   node tests/js/site_search.js SITE_DIR QUERY...
// prints JSON: for each query, its results in order, each {title, url, id, exact, marks} where marks
// are the highlighted words of the result's text.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, ...queries] = process.argv.slice(2);
const context = vm.createContext({});
context.window = context;
for (const script of ["minisearch.js", "search-index.js", "search.js"]) {
  vm.runInContext(fs.readFileSync(path.join(site, "assets", script), "utf8"), context, { filename: script });
}
const entries = context.AHPFW_SEARCH_INDEX;
const finder = context.AhpfwSearch(entries, context.MiniSearch);
const out = {};
for (const query of queries) {
  out[query] = finder.search(query).map((hit) => {
    const entry = entries[hit.id];
    const marks = finder.spans(entry.text, hit.terms).map(([start, end]) => entry.text.slice(start, end));
    return { title: entry.title, url: entry.url, id: entry.id, exact: hit.exact, marks };
  });
}
process.stdout.write(JSON.stringify(out));
