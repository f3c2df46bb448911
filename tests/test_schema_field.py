"""The schema is the one place a field is declared: a new optional text slot on Capability, annotated in a copy
of the schema and given a value in a copy of the framework, reaches every output once `ahpfw schema` has derived
the schema's files again, with no Python edited."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml

from ahpfw.reading.loader import load

from .conftest import MINIMAL, REPO, copy_framework, require_module, run_cli

rdflib = require_module("rdflib", module_level=True)
require_module("linkml", module_level=True)  # ahpfw schema derives the schema's files again

NOTE = "Ask the learners what helped them settle in; their answers shaped this capability."
NEW_NOTE = "Ask the learners what helped them settle in, and act on what they say."
HEADER = "Editor's note"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project (the minimal framework, a copy of the schema) whose schema gives capabilities an
    ``editor_note``, with a value on CAP-0001, and whose derived files have been made again."""
    root = tmp_path_factory.mktemp("field") / "project"
    shutil.copytree(REPO / "schema", root / "schema")
    framework = copy_framework(MINIMAL, root / "framework")
    schema_file = root / "schema" / "ahpfw.yaml"
    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    schema["slots"]["editor_note"] = {
        "description": "A note from the editors on how the capability came about.",
        "slot_uri": "ahpfwv:editorNote",
        "annotations": {"change": "wording", "spreadsheet": HEADER, "search": "index", "site": HEADER},
    }
    schema["classes"]["Capability"]["slots"].append("editor_note")
    schema_file.write_text(yaml.safe_dump(schema, sort_keys=False, allow_unicode=True), encoding="utf-8")
    domains = framework / "domains.yaml"
    text = domains.read_text(encoding="utf-8")
    anchor = "      - id: ahpfw:CAP-0001\n"
    assert anchor in text
    domains.write_text(text.replace(anchor, anchor + f"        editor_note: {NOTE}\n", 1), encoding="utf-8")
    result = run_cli("schema", str(root))
    assert result.returncode == 0, result.stderr
    result = run_cli("build", str(framework), "--out", str(root / "exports"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _capability(data: dict, cap_id: str) -> dict:
    return next(c for d in data["domains"] for c in d["capabilities"] if c["id"] == cap_id)


def test_the_json_export_holds_it(project):
    data = json.loads((project / "exports" / "json" / "framework.json").read_text(encoding="utf-8"))
    assert _capability(data, "ahpfw:CAP-0001")["editor_note"] == NOTE


def test_the_rdf_export_says_it_with_the_slot_uri(project):
    graph = rdflib.Graph().parse(project / "exports" / "rdf" / "framework.ttl", format="turtle")
    note = rdflib.URIRef("https://w3id.org/ahpfw/vocab#editorNote")
    assert set(graph.objects(rdflib.URIRef("https://w3id.org/ahpfw/id/CAP-0001"), note)) == {rdflib.Literal(NOTE)}


def test_the_spreadsheet_has_a_column_for_it_and_apply_writes_it_back(project, tmp_path):
    sheet = project / "exports" / "spreadsheet" / "capabilities.csv"
    rows = list(csv.DictReader(sheet.read_text(encoding="utf-8").splitlines()))
    assert [row[HEADER] for row in rows if row["ID"] == "ahpfw:CAP-0001"] == [NOTE]
    edited = tmp_path / "capabilities.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({**row, HEADER: NEW_NOTE} if row["ID"] == "ahpfw:CAP-0001" else row for row in rows)
    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    result = run_cli("apply", str(edited), str(copy / "framework"), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert load(copy / "framework").capabilities["ahpfw:CAP-0001"].more == {"editor_note": NEW_NOTE}

    # and ahpfw diff shows the change, a rewording (the slot says `change: wording`): a patch
    diff = run_cli("diff", str(project / "framework"), str(copy / "framework"), "--format", "json")
    changes = json.loads(diff.stdout)
    (change,) = changes["modified"]
    assert change["id"] == "ahpfw:CAP-0001" and changes["counts"]["modified"] == 1
    assert [(f["field"], f["old"], f["new"]) for f in change["fields"]] == [("editor_note", NOTE, NEW_NOTE)]
    assert changes["version"]["required"] == "patch"


def test_the_site_shows_it_on_the_capability_page_and_finds_it(project):
    page = (project / "exports" / "site" / "capabilities" / "cap-0001.html").read_text(encoding="utf-8")
    assert f"<h2>{HEADER.replace(chr(39), '&#39;')}</h2><p>{NOTE}</p>" in page
    index = (project / "exports" / "site" / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert "what helped them settle in" in index


def test_the_package_has_no_field_named_after_it():
    """The test proves something only while no Python names the field."""
    package = REPO / "src" / "ahpfw"
    assert not [p for p in package.rglob("*.py") if "editor_note" in p.read_text(encoding="utf-8")]


def test_the_site_search_indexes_every_field_the_schema_says_to():
    """For the package's own fields, the search is laid out by hand: it must index each field the schema
    annotates ``search: index``, and the words of each such field of each element are in its entry."""
    from ahpfw import model
    from ahpfw.site import read_history
    from ahpfw.site.pages import Site
    from ahpfw.site.search import search_entries

    fw = load(REPO / "framework")
    site = Site(fw, read_history(fw))
    entries = {entry["url"]: entry["text"] for entry in search_entries(site)}
    checked = 0
    for element in fw.iter_elements():
        url = site.url(element.id)
        if url not in entries:
            continue
        for name in model.schema_of(fw).fields(type(element), "search", "index"):
            found = model.value(element, name)
            texts = [d.text for d in found] if name == "descriptors" else (
                list(found) if isinstance(found, tuple) else [found] if found else [])
            for text in texts:
                assert text in entries[url], (element.id, name)
                checked += 1
    assert checked > 300


def test_every_field_the_schema_gives_a_column_is_one():
    """Each field of an element sheet's class annotated ``spreadsheet: HEADER`` is a column with that header
    (the Capabilities sheet had no Rationale column before the schema said so). The Sources sheet is the
    one laid out whole by hand: a source's bibliographic fields, no provenance or status."""
    from ahpfw import model
    from ahpfw.exporters.spreadsheet import sheets

    fw = load(REPO / "framework")
    schema = model.schema_of(fw)
    checked = 0
    for sheet in sheets(fw):
        if sheet.collection in (None, "framework", "sources"):
            continue
        cls = type(sheet.items[0])
        columns = {c.field: c.header for c in sheet.columns}
        for name in schema.fields(cls, "spreadsheet"):
            assert columns.get(name) == schema.annotation(cls, name, "spreadsheet"), (sheet.title, name)
            checked += 1
    assert checked > 50
