"""The exporters: every format is valid for the tools that read it, deterministic and safe."""

from __future__ import annotations

import csv
import fnmatch
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import ahpfw
from ahpfw.exporters import FORMATS, all_files, compare, export_all, exporter, iter_about

from .conftest import MINIMAL, REPO, copy_framework, require_tool

CASE_SCHEMA = Path(__file__).parent / "schemas" / "case-1.1-cfpackage.schema.json"

HOSTILE = {
    "formula": "=HYPERLINK(\"http://evil.example\",\"click\")",
    "plus": "+1+2",
    "minus": "-2+3",
    "at": "@SUM(A1:A2)",
    "tab": "\tindented",
    "script": "<script>alert('x')</script> & [click](http://evil.example) *bold* \"quoted\" back\\slash",
}


def _with_mapping(folder: Path) -> Path:
    """Add a mappings file (the minimal framework has none) to a framework folder."""
    (folder / "mappings.yaml").write_text(yaml.safe_dump({"mappings": [{
        "id": "ahpfw:MAP-0001", "name": "Planning learning and KSF core dimension 2",
        "subject": "ahpfw:CAP-0001", "predicate": "skos:closeMatch", "object_id": "ksf:C2",
        "object_label": "Personal and people development", "object_source": "NHS KSF",
        "sources": ["ahpfw:SRC-0001"]}]}, sort_keys=False), encoding="utf-8")
    manifest = folder / "framework.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "  - mappings.yaml\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[ahpfw.Framework, Path]:
    """The minimal framework (plus one mapping) and every export of it."""
    folder = _with_mapping(copy_framework(MINIMAL, tmp_path_factory.mktemp("fw") / "framework"))
    fw = ahpfw.load(folder)
    out = tmp_path_factory.mktemp("exports")
    export_all(fw, out)
    return fw, out


HOSTILE_CROSSWALK = """\
id: ahpfw:XW-0001
title: Hostile crosswalk
author: "+an author"
licence: https://creativecommons.org/publicdomain/zero/1.0/
subject_framework: ahpfw:FW-0001
object_framework: ahpfw:FW-0001
mappings:
  - subject_id: ahpfw:CAP-0001
    predicate: skos:closeMatch
    object_id: ahpfw:NEED-0001
    justification: "-the need, @ once"
    origin: drafted
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[ahpfw.Framework, Path]:
    """A project holding a copy of the minimal framework whose text tries formula and markup injection, with a
    crosswalk of it (so an SSSOM table is written), and its exports."""
    project = tmp_path_factory.mktemp("hostile")
    folder = copy_framework(MINIMAL, project / "framework")
    shutil.copytree(REPO / "schema", project / "schema")
    (project / "crosswalks").mkdir()
    (project / "crosswalks" / "hostile.yaml").write_text(HOSTILE_CROSSWALK, encoding="utf-8")
    path = folder / "domains.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cap = data["domains"][0]["capabilities"][0]
    cap["name"], cap["statement"], cap["rationale"] = HOSTILE["formula"], HOSTILE["script"], HOSTILE["at"]
    cap["descriptors"][0]["text"], cap["descriptors"][1]["text"] = HOSTILE["plus"], HOSTILE["tab"]
    data["domains"][0]["description"] = HOSTILE["minus"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    elements = folder / "elements.yaml"
    elements.write_text(elements.read_text(encoding="utf-8").replace("    name: Pedagogy\n",
                                                                     "    name: '@Pedagogy'\n"), encoding="utf-8")
    fw = ahpfw.load(folder)
    out = tmp_path_factory.mktemp("hostile-exports")
    export_all(fw, out)
    return fw, out


# ---------------------------------------------------------------------------
# Registry and determinism


def test_every_exporter_declares_its_files_and_describes_them():
    files = all_files()
    assert len(files) == len(set(files))
    for name in FORMATS:
        module = exporter(name)
        assert set(module.ABOUT) == set(module.FILES), name
        assert module.export.__doc__
    assert [row[0] for row in iter_about()] == files


def test_unknown_format_is_a_usage_error(built, tmp_path):
    with pytest.raises(ahpfw.problems.UsageError, match="no export format 'pdf'"):
        ahpfw.export(built[0], "pdf", tmp_path)


def _declared(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in all_files())


def test_each_format_writes_only_its_declared_files(built, tmp_path):
    fw, out = built
    for name in FORMATS:
        folder = tmp_path / name
        written = {p.relative_to(folder).as_posix() for p in ahpfw.export(fw, name, folder)}
        patterns = exporter(name).FILES
        assert all(any(fnmatch.fnmatchcase(w, pattern) for pattern in patterns) for w in written), name
        fixed = [f for f in patterns if not any(ch in f for ch in "*?[")]
        if written and len(fixed) == len(patterns):
            assert written == set(fixed), name
    present = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert all(_declared(p) for p in present)
    assert {"json/framework.json", "rdf/framework.ttl", "case/framework.json", "docs/framework.html"} <= set(present)


def test_exporting_twice_gives_byte_identical_files(built, tmp_path):
    fw, out = built
    export_all(fw, tmp_path)
    assert not compare(tmp_path, out)


def test_one_process_or_two_give_the_same_files_and_paths(built, tmp_path):
    fw, out = built
    one = export_all(fw, tmp_path / "one", processes=1)
    two = export_all(fw, tmp_path / "two", processes=2)
    assert [p.relative_to(tmp_path / "one") for p in one] == [p.relative_to(tmp_path / "two") for p in two]
    assert not compare(tmp_path / "one", out) and not compare(tmp_path / "two", out)


@pytest.mark.skipif(not (sys.platform.startswith("linux") and hasattr(os, "fork")),
                    reason="export_all uses a second process on Linux only")
def test_an_error_in_the_second_process_stops_the_export(built, tmp_path, monkeypatch):
    from ahpfw.exporters import SECOND_PROCESS

    def broken(fw, out_dir, **options):
        raise ValueError("cannot write this format")

    monkeypatch.setattr(exporter(SECOND_PROCESS[-1]), "export", broken)
    seen = []
    with pytest.raises(ValueError, match="cannot write this format"):
        export_all(built[0], tmp_path, lambda name, paths: seen.append(name), processes=2)
    assert SECOND_PROCESS[-1] not in seen


def test_python_api_writes_one_format(built, tmp_path):
    paths = ahpfw.export(built[0], "rdf", tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == sorted(exporter("rdf").FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["rdf"]


# ---------------------------------------------------------------------------
# JSON Schema and JSON


def test_json_schema_is_the_linkml_generator_output_and_a_valid_schema(built):
    import jsonschema
    from linkml.generators.jsonschemagen import JsonSchemaGenerator

    _, out = built
    text = (out / "json-schema/ahpfw.schema.json").read_text(encoding="utf-8")
    assert text == JsonSchemaGenerator(str(REPO / "schema" / "ahpfw.yaml")).serialize() + "\n"
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2019-09/schema"
    jsonschema.Draft201909Validator.check_schema(schema)


def test_json_export_validates_against_the_exported_schema_and_round_trips(built):
    import jsonschema

    fw, out = built
    schema = json.loads((out / "json-schema/ahpfw.schema.json").read_text(encoding="utf-8"))
    data = json.loads((out / "json/framework.json").read_text(encoding="utf-8"))
    jsonschema.Draft201909Validator(schema).validate(data)
    from ahpfw.history.canonical import load_json

    assert load_json(out / "json/framework.json") == fw


def test_ajv_accepts_the_schema_and_the_json_export(built):
    ajv = [require_tool("ajv", install="npm install -g ajv-cli ajv-formats")]
    _, out = built
    schema, data = out / "json-schema/ahpfw.schema.json", out / "json/framework.json"
    # --strict-schema=false: LinkML adds annotation keywords (metamodel_version, version) that JSON Schema
    # allows but ajv's own strict mode rejects.
    common = ["--spec=draft2019", "--strict-schema=false", "-c", "ajv-formats", "-s", str(schema)]
    result = subprocess.run([*ajv, "compile", *common], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([*ajv, "validate", *common, "-d", str(data)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------
# RDF


@pytest.fixture(scope="module")
def graphs(built):
    import rdflib

    _, out = built
    ttl = rdflib.Graph().parse(out / "rdf/framework.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(out / "rdf/framework.jsonld", format="json-ld")
    return ttl, jsonld


def test_turtle_and_jsonld_are_the_same_graph(graphs):
    from rdflib.compare import isomorphic

    ttl, jsonld = graphs
    assert len(ttl) > 100
    assert isomorphic(ttl, jsonld)


def _reference_graph(graph, rdflib):
    """The exporter's triples put into an rdflib graph by rdflib itself."""
    g = rdflib.Graph()
    for subject, predicates in graph.items():
        for predicate, objects in predicates.items():
            for kind, value, datatype in objects:
                obj = (rdflib.URIRef(value) if kind == 0 else
                       rdflib.Literal(value, datatype=rdflib.URIRef(datatype) if datatype else None))
                g.add((rdflib.URIRef(subject), rdflib.URIRef(predicate), obj))
    return g


@pytest.mark.parametrize("which", ["built", "hostile"])
def test_hand_written_turtle_and_jsonld_match_rdflib(which, request):
    """The direct writers (no rdflib serialiser) give exactly the graph rdflib builds from the same triples."""
    import rdflib
    from rdflib.compare import isomorphic

    from ahpfw.exporters.rdf import build_graph

    fw, out = request.getfixturevalue(which)
    base = "https://w3id.org/ahpfw/id/"
    reference = _reference_graph(build_graph(fw, base), rdflib)
    assert isomorphic(rdflib.Graph().parse(out / "rdf/framework.ttl", format="turtle"), reference)
    assert isomorphic(rdflib.Graph().parse(out / "rdf/framework.jsonld", format="json-ld"), reference)


def test_literal_escaping_survives_awkward_text():
    import rdflib

    from ahpfw.exporters.rdf import to_jsonld, to_turtle

    awkward = 'quote " backslash \\ newline \n cr \r tab \t bell \x07 unicode é 漢 \U0001F600 """'
    graph = {"https://x.example/s": {"https://x.example/p": {(1, awkward, ""), (1, "7", rdflib.XSD.integer)}}}
    for text, fmt in ((to_turtle(graph, {"ex": "https://x.example/"}), "turtle"),
                      (to_jsonld(graph, {"ex": "https://x.example/"}), "json-ld")):
        g = rdflib.Graph().parse(data=text, format=fmt)
        assert {str(o) for o in g.objects()} == {awkward, "7"}


def test_graph_uses_skos_ctdl_and_the_schema_slot_uris(graphs, built):
    import rdflib
    from linkml_runtime.utils.schemaview import SchemaView
    from rdflib.namespace import RDF, SKOS

    fw, _ = built
    g, _ = graphs
    view = SchemaView(str(REPO / "schema" / "ahpfw.yaml"))
    base = rdflib.Namespace(view.schema.prefixes["ahpfw"].prefix_reference)
    ceasn = rdflib.Namespace(view.schema.prefixes["ceasn"].prefix_reference)
    cap, dom, fw_iri = base["CAP-0001"], base["DOM-0001"], base["FW-0001"]
    statement_uri = rdflib.URIRef(view.get_uri(view.induced_slot("statement", "Capability"), expand=True))
    assert (cap, statement_uri, rdflib.Literal(fw.capabilities["ahpfw:CAP-0001"].statement)) in g
    assert {(fw_iri, RDF.type, SKOS.ConceptScheme), (fw_iri, RDF.type, ceasn.CompetencyFramework),
            (cap, RDF.type, ceasn.Competency), (cap, RDF.type, SKOS.Concept), (cap, SKOS.broader, dom),
            (dom, SKOS.narrower, cap), (dom, SKOS.topConceptOf, fw_iri), (cap, SKOS.inScheme, fw_iri),
            (cap, ceasn.isChildOf, dom), (cap, ceasn.isPartOf, fw_iri),
            (cap, SKOS.prefLabel, rdflib.Literal("Planning learning")), (cap, SKOS.notation, rdflib.Literal("1.1")),
            (cap, SKOS.closeMatch, rdflib.URIRef("ksf:C2"))} <= set(g)
    descriptor = rdflib.URIRef(f"{base}CAP-0001/STAGE-0001")
    assert (descriptor, SKOS.definition, rdflib.Literal("Plans learning for one learner.")) in g
    assert (descriptor, SKOS.broader, cap) in g


def test_base_iri_is_configurable(built, tmp_path):
    import rdflib

    fw, _ = built
    ahpfw.export(fw, "rdf", tmp_path, base_iri="https://example.org/fw/")
    g = rdflib.Graph().parse(tmp_path / "rdf/framework.ttl")
    subjects = {str(s) for s in g.subjects()}
    assert "https://example.org/fw/CAP-0001" in subjects
    assert not any(s.startswith("https://w3id.org/ahpfw/id/") for s in subjects)


def test_rapper_counts_the_same_triples(built, graphs):
    rapper = require_tool("rapper", install="Debian: apt-get install raptor2-utils")
    _, out = built
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(out / "rdf/framework.ttl")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"returned {len(graphs[0])} triples" in result.stderr


def test_shapes_come_from_linkml_and_the_graph_conforms(built, graphs):
    import rdflib
    from pyshacl import validate

    _, out = built
    shapes = rdflib.Graph().parse(out / "rdf/shapes.ttl")
    assert (None, rdflib.SH.targetClass, None) in shapes
    conforms, _, report = validate(graphs[0], shacl_graph=shapes)
    assert conforms, report


def test_a_broken_graph_does_not_conform(built, graphs):
    import rdflib
    from pyshacl import validate

    _, out = built
    shapes = rdflib.Graph().parse(out / "rdf/shapes.ttl")
    broken = rdflib.Graph()
    for triple in graphs[0]:
        broken.add(triple)
    ceasn = rdflib.Namespace("https://purl.org/ctdlasn/terms/")
    cap = rdflib.URIRef("https://w3id.org/ahpfw/id/CAP-0001")
    broken.remove((cap, ceasn.competencyText, None))  # a required field gone
    stage = rdflib.URIRef("https://w3id.org/ahpfw/id/STAGE-0001")
    rank = rdflib.URIRef("https://w3id.org/ahpfw/vocab#rank")
    broken.set((stage, rank, rdflib.Literal("first")))  # a rank that is not an integer
    conforms, _, report = validate(broken, shacl_graph=shapes)
    assert not conforms
    assert "competencyText" in report and "rank" in report


# ---------------------------------------------------------------------------
# Spreadsheet


def _sheet_cells(ws) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _csv_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _exported_csv_cells(path: Path, version: str) -> list[list[str]]:
    """The cells of an exported CSV after its Framework version column, which must say ``version`` on every row."""
    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [row[0] for row in rows] == ["Framework version"] + [version] * (len(rows) - 1), path.name
    return [row[1:] for row in rows]


def test_workbook_sheets_layout_and_csv_agree(built):
    import openpyxl

    from ahpfw.exporters.spreadsheet import SHEETS

    fw, out = built
    wb = openpyxl.load_workbook(out / "spreadsheet/framework.xlsx")
    assert wb.sheetnames == list(SHEETS)
    caps = wb["Capabilities"]
    header = [c.value for c in caps[1]]
    assert header[:5] == ["ID", "Code", "Domain", "Name", "Statement"]
    assert header[5:7] == [f"{s.code} {s.name}" for s in fw.stages_in_order]
    assert caps.freeze_panes == "A2" and caps.auto_filter.ref == f"A1:{chr(64 + len(header))}3"
    assert caps["F2"].value == "Plans learning for one learner."
    assert caps.column_dimensions["E"].width >= 20
    needs = wb["Learning needs"]
    assert [c.value for c in needs[2]][4] == "1.1 Planning learning"
    for title, stem in SHEETS.items():
        assert _sheet_cells(wb[title]) == _exported_csv_cells(out / f"spreadsheet/{stem}.csv", fw.version), title
    raw = (out / "spreadsheet/capabilities.csv").read_bytes()
    assert raw.count(b"\r\n") == 3 and raw.startswith("\ufeffFramework version,ID,".encode())


def test_excel_reads_the_csv_as_utf8():
    """Excel opens a CSV as UTF-8 only when it starts with a byte-order mark; without one, the curly quotes
    and dashes of the shipped framework show as mojibake ("â€œ"). Every exported CSV starts with the mark."""
    for path in sorted((REPO / "exports/spreadsheet").glob("*.csv")):
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    text = (REPO / "exports/spreadsheet/capabilities.csv").read_bytes().decode("utf-8-sig")
    assert "\u201c" in text and "\u00e2\u20ac" not in text


AWKWARD_CELLS = ("lead ", " trail", "   ", "a&b<c>\"'d > e", "", 7, "é 漢 \U0001F600", "line\nbreak\ttab",
                 "long " * 8000, "=1+1", "#N/A")


def test_rows_written_as_text_are_what_openpyxl_writes(built):
    """The rows after the first are written as XML text (fast); openpyxl writing every row gives the same bytes."""
    from ahpfw.exporters import spreadsheet
    from ahpfw.exporters.spreadsheet import Table

    fw, _ = built
    sheets = spreadsheet.tables(fw)
    caps = sheets[1]
    width = len(caps.headers)
    extra = tuple((AWKWARD_CELLS * width)[i:i + width] for i in range(0, len(AWKWARD_CELLS) * 2, 3))
    sheets[1] = Table(caps.title, caps.headers, caps.rows + extra)
    by_openpyxl = zipfile.ZipFile(io.BytesIO(spreadsheet._openpyxl_bytes(fw, sheets, all_rows=True)))
    first_rows = zipfile.ZipFile(io.BytesIO(spreadsheet._openpyxl_bytes(fw, sheets, all_rows=False)))
    for n, table in enumerate(sheets, start=1):
        name = f"xl/worksheets/sheet{n}.xml"
        assert spreadsheet._more_rows(first_rows.read(name), table.rows) == by_openpyxl.read(name), table.title
    stamp = spreadsheet._stamp(fw)
    assert spreadsheet.xlsx_bytes(fw, sheets) == spreadsheet._rezip(by_openpyxl.fp.getvalue(), stamp, {})
    # a carriage return is left to openpyxl, with the same result
    sheets[1] = Table(caps.title, caps.headers, caps.rows + (("a\r\nb",) * width,) * 2)
    whole = spreadsheet._rezip(spreadsheet._openpyxl_bytes(fw, sheets, all_rows=True), stamp, {})
    assert spreadsheet.xlsx_bytes(fw, sheets) == whole


def test_workbook_bytes_carry_only_the_framework_date(built):
    fw, out = built
    with zipfile.ZipFile(out / "spreadsheet/framework.xlsx") as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {(2024, 1, 1)}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2024-01-01T00:00:00Z"] * 2


def test_libreoffice_opens_the_workbook(built, tmp_path):
    soffice = require_tool("soffice", "libreoffice", install="Debian: apt-get install libreoffice-calc-nogui")
    fw, out = built
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,"
                             "false,-1", "--outdir", str(tmp_path), str(out / "spreadsheet/framework.xlsx")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    from ahpfw.exporters.spreadsheet import SHEETS

    for title, stem in SHEETS.items():
        assert _csv_cells(tmp_path / f"framework-{title}.csv") == _exported_csv_cells(out / f"spreadsheet/{stem}.csv",
                                                                                      fw.version), title


def test_formula_injection_is_neutralised(hostile):
    import openpyxl

    fw, out = hostile
    wb = openpyxl.load_workbook(out / "spreadsheet/framework.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(c.data_type == "f" for c in cells)
    values = {c.value for c in cells}
    csv_values = {v for stem in ("capabilities", "domains")
                  for row in _exported_csv_cells(out / f"spreadsheet/{stem}.csv", fw.version) for v in row}
    for key in ("formula", "plus", "minus", "tab"):
        assert "'" + HOSTILE[key] in values and "'" + HOSTILE[key] in csv_values, key
        assert HOSTILE[key] not in values | csv_values, key
    for text in values | csv_values:
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r")), text


def _table_cells(path: Path) -> list[str]:
    """Every text cell of an XLSX (none may be a formula), CSV or TSV (its data lines, not its # header) file."""
    if path.suffix == ".xlsx":
        import openpyxl

        cells = [c for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path
        return [c.value for c in cells if isinstance(c.value, str)]
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".csv":
        return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    return [cell for line in text.splitlines() if not line.startswith("#") for cell in line.split("\t")]


def test_every_table_written_is_safe_from_formula_injection(hostile, tmp_path):
    """One policy (ahpfw.tabular) for every XLSX, CSV and TSV: the exports, the SSSOM crosswalks, the forms."""
    from ahpfw.consult import ingest
    from ahpfw.consult.consultation import load_consultation
    from ahpfw.consult.template import build_form, render
    from ahpfw.tabular import DANGEROUS_START

    fw, out = hostile
    folder = tmp_path / "consultation"
    folder.mkdir()
    (folder / "consultation.yaml").write_text(
        "id: ahpfw:CONS-0001\ntitle: '=A consultation'\nframework: ahpfw:FW-0001\nframework_version: 1.0.0\n"
        "opens: 2024-01-01\ncloses: 2024-02-01\nquestions:\n"
        "  - {id: ahpfw:Q-0001, code: Q1, kind: choice, options_from: learning_needs, name: '+Which need?'}\n",
        encoding="utf-8")
    consultation = load_consultation(folder)
    for fmt in ("xlsx", "csv"):
        (tmp_path / f"form.{fmt}").write_bytes(render(build_form(fw, consultation), fmt))
    tables = sorted(p for p in [*out.rglob("*"), *tmp_path.glob("form.*")] if p.suffix in (".xlsx", ".csv", ".tsv"))
    names = {p.relative_to(out).as_posix() if p.is_relative_to(out) else p.name for p in tables}
    assert {"spreadsheet/framework.xlsx", "spreadsheet/capabilities.csv", "sssom/hostile.sssom.tsv", "form.xlsx",
            "form.csv"} <= names, names
    for table in tables:
        cells = _table_cells(table)
        assert not [c for c in cells if c.startswith(DANGEROUS_START)], table
    assert {"'" + HOSTILE["formula"], "'@Pedagogy", "'-the need, @ once", "'+an author"} <= set(
        _table_cells(out / "sssom/hostile.sssom.tsv"))
    for form in ("form.xlsx", "form.csv"):
        assert {"'=A consultation", "'+Which need?", "'@Pedagogy"} & set(_table_cells(tmp_path / form)), form
    # the neutralised need, picked from the form, is read back as the need itself
    rows = list(csv.reader(io.StringIO((tmp_path / "form.csv").read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows:
        if row[header.index("key")] == "ahpfw:Q-0001":
            row[header.index("answer")] = "'@Pedagogy"
    with open(tmp_path / "filled.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = ingest.ingest(consultation, fw, [tmp_path / "filled.csv"])
    assert not result.problems, [str(p) for p in result.problems]


def test_the_plan_page_writes_its_csv_by_the_same_policy():
    from ahpfw.tabular import DANGEROUS_START

    script = (REPO / "src/ahpfw/site/static/plan.js").read_text(encoding="utf-8")
    rule = re.search(r"function neutralise\(text\) \{[^}]*?/\^\[([^\]]+)\]/", script)
    assert rule is not None
    chars = rule.group(1).replace("\\-", "-").replace("\\t", "\t").replace("\\r", "\r")
    assert set(chars) == set(DANGEROUS_START)


def test_text_cannot_inject_markup(hostile):
    _, out = hostile
    page = (out / "docs/framework.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(" in page
    assert HOSTILE["script"] in html.unescape(page)  # shown whole, as text
    md = (out / "docs/framework.md").read_text(encoding="utf-8")
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "[click](http" not in md and "\\[click\\]\\(http\\://evil" in md
    assert "*bold*" not in md


# ---------------------------------------------------------------------------
# CASE


def test_case_package_validates_against_the_case_schema(built):
    import jsonschema

    _, out = built
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    package = json.loads((out / "case/framework.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(package)]
    assert not errors, errors[:5]


def test_case_identifiers_are_uuid5_of_the_stable_ids(built):
    from ahpfw.exporters.case import NAMESPACE

    fw, out = built
    package = json.loads((out / "case/framework.json").read_text(encoding="utf-8"))
    assert package["CFDocument"]["identifier"] == str(uuid.uuid5(NAMESPACE, fw.id))
    assert package["CFDocument"]["lastChangeDateTime"] == "2024-01-01T00:00:00+00:00"
    items = {i["identifier"]: i for i in package["CFItems"]}
    cap = items[str(uuid.uuid5(NAMESPACE, "ahpfw:CAP-0001"))]
    assert cap["fullStatement"] == fw.capabilities["ahpfw:CAP-0001"].statement and cap["CFItemType"] == "Capability"
    descriptor = items[str(uuid.uuid5(NAMESPACE, "ahpfw:CAP-0001/ahpfw:STAGE-0002"))]
    assert descriptor["fullStatement"] == "Plans learning for a whole service."
    kinds = [(a["associationType"], items.get(a["originNodeURI"]["identifier"], {}).get("CFItemType"))
             for a in package["CFAssociations"]]
    assert kinds.count(("isChildOf", "Capability")) == 2
    assert kinds.count(("isChildOf", "Career stage descriptor")) == 4
    assert ("isRelatedTo", "Capability") in kinds  # the closeMatch mapping


def test_case_association_ends_are_titled_with_code_and_short_name_not_the_full_text(built):
    """The full text is the item's alone: repeating a descriptor's in its two associations made the
    package 14% larger (docs/integrators.md)."""
    package = json.loads((built[1] / "case/framework.json").read_text(encoding="utf-8"))
    items = {i["identifier"]: i for i in package["CFItems"]}
    ends = [end for a in package["CFAssociations"] for end in (a["originNodeURI"], a["destinationNodeURI"])
            if items.get(end["identifier"], {}).get("CFItemType") == "Career stage descriptor"]
    assert len(ends) == 8  # two descriptors, each a child of its capability and at a skill level
    for end in ends:
        item = items[end["identifier"]]
        assert end["title"] == f"{item['humanCodingScheme']} {item['abbreviatedStatement']}"
        assert item["fullStatement"] not in end["title"]


def case_package_faults(package: dict) -> list[str]:
    """What breaks the CASE 1.1 binding's rules that a JSON Schema cannot state: every
    identifier unique; every association's origin an item or the document of the package
    (a consumer such as OpenSALT cannot resolve it otherwise); a destination outside the
    package only for a mapping; every item's type and the licence defined in CFDefinitions."""
    faults = []
    document = package["CFDocument"]
    items = {i["identifier"]: i for i in package.get("CFItems", [])}
    inside = set(items) | {document["identifier"]}
    every_id = [document["identifier"], *(i["identifier"] for i in package.get("CFItems", [])),
                *(a["identifier"] for a in package.get("CFAssociations", []))]
    faults += [f"identifier used twice: {i}" for i in sorted({i for i in every_id if every_id.count(i) > 1})]
    for assoc in package.get("CFAssociations", []):
        kind, origin, destination = assoc["associationType"], assoc["originNodeURI"], assoc["destinationNodeURI"]
        if origin["identifier"] not in inside:
            faults.append(f"{kind} from {origin['title']!r}: origin is not in the package")
        if destination["identifier"] not in inside and kind in ("isChildOf", "hasSkillLevel", "replacedBy"):
            faults.append(f"{kind} to {destination['title']!r}: destination is not in the package")
    definitions = package.get("CFDefinitions", {})
    types = {t["identifier"] for t in definitions.get("CFItemTypes", [])}
    faults += [f"item {i['identifier']}: type {i['CFItemType']!r} not defined"
               for i in items.values() if i.get("CFItemTypeURI", {}).get("identifier") not in types]
    licences = {lic["identifier"] for lic in definitions.get("CFLicenses", [])}
    if "licenseURI" in document and document["licenseURI"]["identifier"] not in licences:
        faults.append("document licence not defined in CFLicenses")
    return faults


@pytest.mark.parametrize("where", ["built", "shipped"])
def test_case_package_is_closed_every_association_starts_inside_it(built, where):
    if where == "built":
        package = json.loads((built[1] / "case/framework.json").read_text(encoding="utf-8"))
    else:
        package = json.loads((REPO / "exports/case/framework.json").read_text(encoding="utf-8"))
    assert case_package_faults(package) == []


def test_case_package_checks_catch_an_origin_outside_the_package(built):
    package = json.loads((built[1] / "case/framework.json").read_text(encoding="utf-8"))
    stray = {"title": "PIL4 Education", "identifier": "not-in-the-package", "uri": "https://example.org/x"}
    package["CFAssociations"][0]["originNodeURI"] = stray
    package["CFAssociations"].append(dict(package["CFAssociations"][1]))
    faults = case_package_faults(package)
    assert any("origin is not in the package" in f for f in faults)
    assert any("identifier used twice" in f for f in faults)


def test_a_mapping_from_a_pillar_makes_the_pillar_an_item():
    from ahpfw.exporters.case import case_uuid, cf_package

    fw = ahpfw.load(REPO / "framework")
    pillars = {m.subject for m in fw.mappings if m.subject.startswith("ahpfw:PIL-")}
    assert pillars, "the shipped framework maps a pillar; this test needs one"
    package = cf_package(fw, "https://w3id.org/ahpfw/")
    types = {i["identifier"]: i["CFItemType"] for i in package["CFItems"]}
    origins = {a["originNodeURI"]["identifier"]: a["associationType"] for a in package["CFAssociations"]}
    for pillar in pillars:
        assert types[case_uuid(pillar)] == "Framework element"
        assert origins[case_uuid(pillar)] in ("isRelatedTo", "exactMatchOf", "isChildOf")


# ---------------------------------------------------------------------------
# Documents and README


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        self.refs += [v for k, v in attrs.items() if k in ("src", "href") and v]


def test_html_parses_has_an_anchor_per_element_and_no_external_requests(built):
    fw, out = built
    parser = _Anchors()
    parser.feed((out / "docs/framework.html").read_text(encoding="utf-8"))
    parser.close()
    assert {e.replace(":", "-") for e in fw.elements} <= parser.ids
    assert all(ref.startswith("#") and ref[1:] in parser.ids for ref in parser.refs)
    assert not {"script", "link", "img", "iframe"} & set(parser.tags)
    assert "@media print" in (out / "docs/framework.html").read_text(encoding="utf-8")


def test_documents_say_where_each_elements_words_come_from(tmp_path):
    """Quoted, adapted or drafted, with the evidence quotes (escaped like all text) and the archived texts."""
    from .test_site import provenance_framework

    fw = ahpfw.load(provenance_framework(copy_framework(MINIMAL, tmp_path / "framework")))
    ahpfw.export(fw, "docs", tmp_path / "out")
    md = (tmp_path / "out/docs/framework.md").read_text(encoding="utf-8")
    page = html.unescape((tmp_path / "out/docs/framework.html").read_text(encoding="utf-8"))
    for text in (md, page):
        assert "Where the words come from:" in text and "Quoted from SRC1 Test source." in text
        assert "Evidence:" in text
        assert "SRC1 Test source: \u201cplanning learning for each learner's needs\u201d" in text
        assert "Drafted by the editors of this rendering." in text
        assert "descriptor at S1 Supporting learning" in text and "Adapted from SRC1 Test source." in text
        assert "sources/test.txt" in text  # the Sources table names each archived text
    raw = (tmp_path / "out/docs/framework.html").read_text(encoding="utf-8")
    assert "<b>" not in md and "&lt;b&gt;feedback&lt;/b&gt;" in md  # a quote's markup stays text
    assert "<b>" not in raw and "\u201c<b>feedback</b> & praise matter\u201d" in page


def test_markdown_has_an_anchor_and_curie_per_element(built):
    fw, out = built
    md = (out / "docs/framework.md").read_text(encoding="utf-8")
    for element_id in fw.elements:
        assert f'<a id="{element_id.replace(":", "-")}"></a>' in md, element_id
    assert "`ahpfw:CAP-0001`" in md
    assert "[ahpfw:NEED-0001](#ahpfw-NEED-0001)" in md  # references link to the element's anchor
    page = (out / "docs/framework.html").read_text(encoding="utf-8")
    assert '<a href="#ahpfw-NEED-0001">ahpfw:NEED-0001</a>' in page


def _readme_files(folder: Path) -> set[str]:
    text = (folder / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.M))


@pytest.mark.parametrize("folder", ["built", "committed"])
def test_readme_lists_every_file(folder, built):
    root = built[1] if folder == "built" else REPO / "exports"
    if folder == "committed" and not (root / "README.md").is_file():
        pytest.fail("exports/README.md is missing: run 'ahpfw build'")
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    listed = _readme_files(root)
    assert listed == set(all_files())
    unlisted = [p for p in present if not any(fnmatch.fnmatchcase(p, pattern) for pattern in listed)]
    assert not unlisted, f"files in exports/ that README.md does not list: {unlisted}"
    assert "do not edit" in (root / "README.md").read_text(encoding="utf-8")


def test_readme_says_how_to_follow_releases_and_stands_alone():
    """exports/README.md (shipped in the wheel without docs/) says which versions it holds, where the releases,
    their notes and change pages are, and how to compare versions; every path it names exists."""
    import yaml

    text = (REPO / "exports/README.md").read_text(encoding="utf-8")
    following = text[text.index("## Following releases"):]
    released = [r["version"] for r in yaml.safe_load((REPO / "releases/index.yaml").read_text())["releases"]]
    assert f"Released versions: {', '.join(released)}." in following
    for path in ("releases/index.yaml", "framework/RELEASE-NOTES.md"):
        assert f"`{path}`" in following and (REPO / path).is_file(), path
    pages = re.findall(r"`(site/changes/[^`]+\.html)`", following)
    assert "site/changes/index.html" in pages and len(pages) == 2
    assert all((REPO / "exports" / page).is_file() for page in pages), pages
    assert f"`ahpfw diff {released[-2]} {released[-1]} --format json`" in following
    schema = json.loads((REPO / "exports/json-schema/ahpfw.schema.json").read_text(encoding="utf-8"))
    framework = ahpfw.load(REPO / "framework").version
    assert schema["version"] != framework  # so the README must say whose version each is
    assert f'`"version": "{schema["version"]}"`' in text and "not of the framework" in text
    assert "## Identifiers" in text and "in the source repository for" not in text
    assert "byte-order mark" in text and "Framework version" in text


def test_csv_reads_back_the_same_cells(built):
    from ahpfw.exporters.spreadsheet import SHEETS, tables

    fw, out = built
    for table, stem in zip(tables(fw), SHEETS.values(), strict=True):
        expected = [list(table.headers)] + [[str(c) for c in row] for row in table.rows]
        assert _exported_csv_cells(out / f"spreadsheet/{stem}.csv", fw.version) == expected
