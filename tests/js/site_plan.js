// The files of the site's "My development plan" page run by Node, without a browser: the built site's
// own scripts (assets/plan-data.js and assets/plan.js, whose files are window.AhpfwPlanFiles).
//   node tests/js/site_plan.js SITE_DIR PLAN_JSON
// prints JSON {csv, from_csv, from_json, from_excel_csv}: the plan written as CSV, and read back from
// that CSV, from its JSON, and from the CSV as Excel saves it (with a byte-order mark).
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, planFile] = process.argv.slice(2);
const context = vm.createContext({});
context.window = context;
for (const script of ["plan-data.js", "plan.js"]) {
  vm.runInContext(fs.readFileSync(path.join(site, "assets", script), "utf8"), context, { filename: script });
}
const files = context.AhpfwPlanFiles(context.AHPFW_PLAN_DATA);
const plan = JSON.parse(fs.readFileSync(planFile, "utf8"));
const csv = files.toCsv(plan);
process.stdout.write(JSON.stringify({
  csv,
  from_csv: files.fromCsv(csv),
  from_json: files.fromJson(JSON.stringify(plan, null, 2) + "\n"),
  from_excel_csv: files.fromCsv("\ufeff" + csv),
}));
