/* "My development plan": a private self-assessment against the framework (plan.html).
 *
 * Reads the framework from window.AHPFW_PLAN_DATA (assets/plan-data.js). The plan lives in
 * localStorage only: nothing is sent anywhere. Every piece of framework or user text is put
 * into the page with textContent, never as HTML. Downloads are made in the browser (blob: URLs).
 * The plan's files (CSV and JSON, written and read back) are window.AhpfwPlanFiles, kept apart from
 * the page so that the tests can run them with Node, without a browser.
 */
(function (root) {
  "use strict";
  function today() { return new Date().toISOString().slice(0, 10); }
  function labelOf(list_, id) {
    for (var i = 0; i < list_.length; i++) { if (list_[i].id === id) { return list_[i].label; } }
    return "";
  }

  /* The plan's files for the framework in DATA: emptyPlan(), toCsv(plan), fromCsv(text), fromJson(text). */
  function createPlanFiles(DATA) {
    var FW = DATA.framework;
    var CSV_HEADER = ["framework", "framework_version", "saved_on", "stage_id", "stage", "profession_id",
                      "profession", "capability_id", "code", "capability", "rating", "note"];
    function emptyPlan() {
      return {format: "ahpfw-plan", framework: FW.id, version: FW.version, saved_on: today(),
              stage: "", profession: "", ratings: {}};
    }
    function neutralise(text) {                      // a cell a spreadsheet would run as a formula
      return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
    }
    function csvCell(value) {
      var text = neutralise(String(value === undefined || value === null ? "" : value));
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    function toCsv(plan) {
      var rows = [CSV_HEADER];
      var stageLabel = labelOf(DATA.stages, plan.stage), profession = labelOf(DATA.professions, plan.profession);
      DATA.domains.forEach(function (d) {
        d.capabilities.forEach(function (cap) {
          var entry = plan.ratings[cap.id] || {};
          rows.push([FW.id, FW.version, plan.saved_on, plan.stage, stageLabel, plan.profession, profession, cap.id,
                     cap.code, cap.name, entry.rating || "", entry.note || ""]);
        });
      });
      return rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    }
    function parseCsv(text) {
      var rows = [], row = [], cell = "", quoted = false;
      for (var i = 0; i < text.length; i++) {
        var ch = text[i];
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
          else if (ch === '"') { quoted = false; }
          else { cell += ch; }
        } else if (ch === '"') { quoted = true; }
        else if (ch === ",") { row.push(cell); cell = ""; }
        else if (ch === "\n" || ch === "\r") {
          if (ch === "\r" && text[i + 1] === "\n") { i++; }
          row.push(cell); rows.push(row); row = []; cell = "";
        } else { cell += ch; }
      }
      if (cell || row.length) { row.push(cell); rows.push(row); }
      return rows;
    }
    function unneutralise(text) { return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text; }
    function fromCsv(text) {
      var rows = parseCsv(text.replace(/^\ufeff/, ""));
      var header = rows.shift() || [];
      var at = {};
      header.forEach(function (h, i) { at[h] = i; });
      if (at.capability_id === undefined || at.rating === undefined) { throw new Error("not a plan downloaded from this page"); }
      var loaded = emptyPlan();
      rows.forEach(function (r) {
        if (r.length < header.length) { return; }
        loaded.framework = r[at.framework] || loaded.framework;
        loaded.version = r[at.framework_version] || loaded.version;
        loaded.saved_on = r[at.saved_on] || loaded.saved_on;
        loaded.stage = r[at.stage_id] || "";
        loaded.profession = r[at.profession_id] || "";
        var rating = r[at.rating], note = unneutralise(r[at.note] || "");
        if (rating || note) { loaded.ratings[r[at.capability_id]] = {rating: rating, note: note}; }
      });
      return loaded;
    }
    function fromJson(text) {
      var loaded = JSON.parse(text);
      if (!loaded || loaded.format !== "ahpfw-plan" || typeof loaded.ratings !== "object") {
        throw new Error("not a plan downloaded from this page");
      }
      return loaded;
    }
    return {emptyPlan: emptyPlan, toCsv: toCsv, fromCsv: fromCsv, fromJson: fromJson};
  }

  root.AhpfwPlanFiles = createPlanFiles;
  if (typeof document === "undefined") { return; }
  var DATA = root.AHPFW_PLAN_DATA;
  var form = document.getElementById("plan-form");
  if (!DATA || !form) { return; }
  var files = createPlanFiles(DATA);
  var emptyPlan = files.emptyPlan;
  var FW = DATA.framework;
  var KEY = "ahpfw-plan:" + FW.id;
  var RATINGS = DATA.ratings;                       // value -> words
  var ORDER = ["not_yet", "developing", "confident"];

  var stageSelect = document.getElementById("plan-stage");
  var professionSelect = document.getElementById("plan-profession");
  var list = document.getElementById("plan-capabilities");
  var summary = document.getElementById("plan-summary");
  var summaryBody = document.getElementById("plan-summary-body");
  var notice = document.getElementById("plan-notice");
  var chooseStage = document.getElementById("plan-choose-stage");

  var caps = {};                                     // id -> capability
  DATA.domains.forEach(function (d) { d.capabilities.forEach(function (c) { c.domain = d.label; caps[c.id] = c; }); });
  var stageIndex = {};
  DATA.stages.forEach(function (s, i) { stageIndex[s.id] = i; });

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function slug(id) { return id.split(":").pop().toLowerCase(); }

  // -- storage ---------------------------------------------------------------
  function load() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(KEY) || "null");
      return stored && stored.format === "ahpfw-plan" ? stored : null;
    } catch (e) { return null; }
  }
  function save() {
    plan.saved_on = today();
    try { window.localStorage.setItem(KEY, JSON.stringify(plan)); } catch (e) { /* storage full or off */ }
  }
  var plan = load() || emptyPlan();

  // -- the form ----------------------------------------------------------------
  function fillSelect(select, items, chosen) {
    items.forEach(function (item) {
      var option = el("option", {value: item.id}, item.label);
      if (item.id === chosen) { option.selected = true; }
      select.appendChild(option);
    });
  }
  fillSelect(stageSelect, DATA.stages, plan.stage);
  fillSelect(professionSelect, DATA.professions, plan.profession);

  function descriptorBlock(cap, stage, heading) {
    var wrap = el("div", {"class": "plan-descriptor"});
    wrap.appendChild(el("p", {"class": "plan-descriptor-stage"}, heading + ": " + stage.label));
    wrap.appendChild(el("p", {}, cap.descriptors[stage.id] || "No descriptor yet at this stage."));
    return wrap;
  }

  function renderCapabilities() {
    list.textContent = "";
    var stage = DATA.stages[stageIndex[plan.stage]];
    chooseStage.hidden = Boolean(stage);
    if (!stage) { return; }
    var next = DATA.stages[stageIndex[plan.stage] + 1];
    DATA.domains.forEach(function (domain) {
      var section = el("section", {"class": "plan-domain"});
      section.appendChild(el("h2", {}, domain.label));
      domain.capabilities.forEach(function (cap) {
        var id = "plan-" + slug(cap.id);
        var box = el("section", {"class": "plan-cap", id: id, "aria-labelledby": id + "-title"});
        var title = el("h3", {id: id + "-title"});
        title.appendChild(el("a", {href: cap.url}, cap.label));
        box.appendChild(title);
        box.appendChild(el("p", {"class": "plan-statement"}, cap.statement));
        box.appendChild(descriptorBlock(cap, stage, "At your stage"));
        if (next) { box.appendChild(descriptorBlock(cap, next, "At the next stage")); }
        var saved = plan.ratings[cap.id] || {};
        var group = el("fieldset", {"class": "plan-rating"});
        group.appendChild(el("legend", {}, "Where are you with " + cap.label + "?"));
        ORDER.forEach(function (value) {
          var input = el("input", {type: "radio", name: id + "-rating", id: id + "-" + value, value: value});
          if (saved.rating === value) { input.checked = true; }
          input.addEventListener("change", function () { rate(cap.id, {rating: value}); });
          var label = el("label", {"for": id + "-" + value}, RATINGS[value]);
          var option = el("span", {"class": "plan-option"});
          option.appendChild(input);
          option.appendChild(label);
          group.appendChild(option);
        });
        box.appendChild(group);
        var noteLabel = el("label", {"for": id + "-note"}, "Private note on " + cap.label);
        var note = el("textarea", {id: id + "-note", rows: "2"});
        note.value = saved.note || "";
        note.addEventListener("input", function () { rate(cap.id, {note: note.value}); });
        box.appendChild(el("p", {"class": "plan-note"})).append(noteLabel, el("br"), note);
        section.appendChild(box);
      });
      list.appendChild(section);
    });
  }

  function rate(capId, change) {
    var entry = plan.ratings[capId] || {rating: "", note: ""};
    Object.keys(change).forEach(function (k) { entry[k] = change[k]; });
    if (!entry.rating && !entry.note) { delete plan.ratings[capId]; } else { plan.ratings[capId] = entry; }
    save();
    renderSummary();
  }

  stageSelect.addEventListener("change", function () {
    plan.stage = stageSelect.value; save(); renderCapabilities(); renderSummary();
  });
  professionSelect.addEventListener("change", function () {
    plan.profession = professionSelect.value; save(); renderSummary();
  });

  // -- the summary -------------------------------------------------------------
  function capLink(cap) { return el("a", {href: cap.url}, cap.label); }

  function renderSummary() {
    summaryBody.textContent = "";
    var stage = DATA.stages[stageIndex[plan.stage]];
    var rated = Object.keys(plan.ratings).filter(function (id) { return caps[id] && plan.ratings[id].rating; });
    summary.hidden = !stage && rated.length === 0;
    var who = [stage ? stage.label : "No stage chosen", labelOf(DATA.professions, plan.profession)]
      .filter(Boolean).join(", ");
    summaryBody.appendChild(el("p", {"class": "plan-meta"}, who + ". " + FW.title + ", version " + FW.version +
      ". Plan saved on " + plan.saved_on + ". You have rated " + rated.length + " of " +
      Object.keys(caps).length + " capabilities."));
    var next = stage ? DATA.stages[stageIndex[plan.stage] + 1] : null;

    var strengths = rated.filter(function (id) { return plan.ratings[id].rating === "confident"; });
    summaryBody.appendChild(el("h3", {}, "Strengths"));
    if (strengths.length) {
      var ul = el("ul", {"class": "plan-strengths"});
      strengths.forEach(function (id) { ul.appendChild(el("li")).appendChild(capLink(caps[id])); });
      summaryBody.appendChild(ul);
    } else {
      summaryBody.appendChild(el("p", {}, "None marked confident yet."));
    }

    var toWork = rated.filter(function (id) { return plan.ratings[id].rating !== "confident"; });
    toWork.sort(function (a, b) { return ORDER.indexOf(plan.ratings[a].rating) - ORDER.indexOf(plan.ratings[b].rating); });
    summaryBody.appendChild(el("h3", {}, "To work on next"));
    if (!toWork.length) {
      summaryBody.appendChild(el("p", {}, "Nothing marked not yet or developing."));
    }
    var ol = el("ol", {"class": "plan-next"});
    toWork.forEach(function (id) {
      var cap = caps[id], entry = plan.ratings[id];
      var li = el("li");
      var head = el("p");
      head.appendChild(capLink(cap));
      head.appendChild(document.createTextNode(" (" + RATINGS[entry.rating].toLowerCase() + ")"));
      li.appendChild(head);
      if (stage) { li.appendChild(el("p", {}, "At your stage: " + (cap.descriptors[stage.id] || "no descriptor yet."))); }
      if (cap.needs.length) {
        var needs = el("p", {}, "Learning needs this capability meets: ");
        cap.needs.forEach(function (need, i) {
          if (i) { needs.appendChild(document.createTextNode("; ")); }
          needs.appendChild(need.url ? el("a", {href: need.url}, need.label) : el("span", {}, need.label));
        });
        li.appendChild(needs);
      }
      if (entry.note) { li.appendChild(el("p", {"class": "plan-private"}, "My note: " + entry.note)); }
      ol.appendChild(li);
    });
    if (toWork.length) { summaryBody.appendChild(ol); }

    summaryBody.appendChild(el("h3", {}, next ? "Looking ahead: " + next.label : "The next stage"));
    if (!stage) {
      summaryBody.appendChild(el("p", {}, "Choose your career stage to see the next one."));
    } else if (!next) {
      summaryBody.appendChild(el("p", {}, "You are at the last stage the framework describes."));
    } else {
      var dl = el("dl", {"class": "plan-ahead"});
      DATA.domains.forEach(function (d) {
        d.capabilities.forEach(function (cap) {
          dl.appendChild(el("dt")).appendChild(capLink(cap));
          dl.appendChild(el("dd", {}, cap.descriptors[next.id] || "No descriptor yet at this stage."));
        });
      });
      summaryBody.appendChild(dl);
    }
    if (DATA.resources.length) {
      summaryBody.appendChild(el("h3", {}, "Resources the framework lists for educators"));
      var res = el("ul");
      DATA.resources.forEach(function (r) {
        var li = el("li");
        li.appendChild(r.url ? el("a", {href: r.url}, r.label) : el("span", {}, r.label));
        if (r.description) { li.appendChild(document.createTextNode(": " + r.description)); }
        res.appendChild(li);
      });
      summaryBody.appendChild(res);
    }
  }

  // -- files -------------------------------------------------------------------
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var a = el("a", {href: url, download: name});
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function fileName(ext) { return "development-plan-" + FW.version + "-" + today() + "." + ext; }

  document.getElementById("plan-download-csv").addEventListener("click", function () {
    save(); download(fileName("csv"), "text/csv", files.toCsv(plan));
  });
  document.getElementById("plan-download-json").addEventListener("click", function () {
    save(); download(fileName("json"), "application/json", JSON.stringify(plan, null, 2) + "\n");
  });
  document.getElementById("plan-print").addEventListener("click", function () { window.print(); });
  document.getElementById("plan-clear").addEventListener("click", function () {
    if (!window.confirm("Clear your stage, profession, ratings and notes from this browser? This cannot be undone.")) {
      return;
    }
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    plan = emptyPlan();
    stageSelect.value = "";
    professionSelect.value = "";
    show("Your plan has been cleared from this browser.", []);
    renderCapabilities();
    renderSummary();
  });
  document.getElementById("plan-load").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) { return; }
    file.text().then(function (text) {
      var loaded;
      try {
        loaded = /^\s*\{/.test(text) ? files.fromJson(text) : files.fromCsv(text);
      } catch (e) {
        show("That file could not be loaded: " + e.message + ". Choose a CSV or JSON file downloaded from this page.", []);
        return;
      }
      if (loaded.framework && loaded.framework !== FW.id) {
        show("That plan is for a different framework (" + loaded.framework + ") and was not loaded.", []);
        return;
      }
      plan = loaded;
      stageSelect.value = DATA.stages[stageIndex[plan.stage]] ? plan.stage : "";
      professionSelect.value = labelOf(DATA.professions, plan.profession) ? plan.profession : "";
      explainVersion(plan.version);
      plan.version = FW.version;
      save();
      renderCapabilities();
      renderSummary();
    });
  });

  // -- notices -----------------------------------------------------------------
  function show(message, items) {
    notice.textContent = "";
    notice.appendChild(el("p", {}, message));
    if (items.length) {
      var ul = el("ul");
      items.forEach(function (text) { ul.appendChild(el("li", {}, text)); });
      notice.appendChild(ul);
    }
    notice.hidden = false;
  }
  function explainVersion(version) {
    var unknown = Object.keys(plan.ratings).filter(function (id) { return !caps[id]; });
    if (!version || version === FW.version) {
      show("Your plan has been loaded.", unknown.map(function (id) { return id + " is no longer in the framework."; }));
      return;
    }
    var changed = DATA.changed_since[version];
    var items = (changed || []).map(function (id) {
      return caps[id] ? caps[id].label + " has changed." : id + " is no longer in the framework.";
    });
    unknown.forEach(function (id) {
      if (!changed || changed.indexOf(id) < 0) { items.push(id + " is no longer in the framework."); }
    });
    if (changed) {
      show("This plan was saved against version " + version + " of the framework; this is version " + FW.version +
           ". Check your ratings for these capabilities, which have changed since:", items);
    } else {
      show("This plan was saved against version " + version + ", which this site has no record of; this is version " +
           FW.version + ". Check all your ratings.", items);
    }
  }

  form.hidden = false;
  if (plan.version && plan.version !== FW.version) { explainVersion(plan.version); plan.version = FW.version; save(); }
  renderCapabilities();
  renderSummary();
}(typeof window !== "undefined" ? window : globalThis));
