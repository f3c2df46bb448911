"""Crosswalks: loading and checks (AHP031-AHP035), ahpfw gaps, and the SSSOM, Turtle and CSV exports."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from ahpfw.exporters import export
from ahpfw.project import Project
from ahpfw.reading.loader import load
from ahpfw.rules.docs import crosswalk_rules_markdown
from ahpfw.rules.validation import iter_crosswalk_problems

from .conftest import REPO, require_module, run_cli

NEEDS = "crosswalks/ahpfw-needs.yaml"
PEDAGOGY = "ahpfw:NEED-0002"
ACCEPTED = "crosswalks/accepted-gaps.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the project's frameworks, crosswalks and schema."""
    root = tmp_path / "project"
    for name in ("framework", "frameworks", "crosswalks", "schema"):
        shutil.copytree(REPO / name, root / name)
    return root


def _drop_mappings(file: Path, predicate) -> None:
    """Remove every mapping block of a crosswalk file for which ``predicate(block_text)`` is true."""
    head, *blocks = file.read_text(encoding="utf-8").split("\n  - subject_id:")
    kept = [b for b in blocks if not predicate(b)]
    file.write_text("\n  - subject_id:".join([head, *kept]), encoding="utf-8")


def _append(file: Path, text: str) -> None:
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")


def _mapping(subject: str, predicate: str, obj: str) -> str:
    return (f"  - subject_id: {subject}\n    predicate: {predicate}\n    object_id: {obj}\n"
            f"    justification: A test mapping.\n    origin: drafted\n")


def _lines(root: Path) -> list[str]:
    return [str(p).replace(str(root) + "/", "") for p in iter_crosswalk_problems(Project.at(root))]


def test_shipped_crosswalks_are_clean():
    project = Project.at(REPO)
    assert {ms.name for ms in project.mapping_sets} >= {"ahpfw-needs", "ahpfw-priorities", "ahpfw-hcsw"}
    assert list(iter_crosswalk_problems(project)) == []
    result = run_cli("crosswalks", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_crosswalks_reach_both_frameworks():
    project = Project.at(REPO)
    hcsw = project.mapping_set("ahpfw-hcsw")
    assert hcsw.subject_framework == "ahpfw:FW-0001" and hcsw.object_framework == "hcsw:FW-0001"
    areas = {d.id for d in project.frameworks["hcsw:FW-0001"].domains}
    assert {m.object_id for m in hcsw.mappings} == areas
    priorities = {p.id for p in project.frameworks["ahpfw:FW-0001"].priorities}
    assert {m.object_id for m in project.mapping_set("ahpfw-priorities").mappings} == priorities


def test_dangling_end_is_located(project):
    file = project / NEEDS
    file.write_text(file.read_text().replace("object_id: ahpfw:NEED-0008", "object_id: ahpfw:NEED-0999"))
    line = next(i for i, text in enumerate(file.read_text().splitlines(), 1) if "NEED-0999" in text)
    assert f"{NEEDS}:{line}:5: AHP032 ahpfw-needs: object_id ahpfw:NEED-0999 is not an element of " \
           "ahpfw:FW-0001" in _lines(project)


def test_subject_of_the_wrong_framework_is_dangling(project):
    _append(project / "crosswalks/ahpfw-hcsw.yaml", _mapping("hcsw:CAP-0001", "skos:relatedMatch", "hcsw:DOM-0001"))
    assert any("AHP032 ahpfw-hcsw: subject_id hcsw:CAP-0001 is not an element of ahpfw:FW-0001" in line
               for line in _lines(project))


def test_contradictory_predicates(project):
    _append(project / NEEDS, _mapping("ahpfw:CAP-0002", "skos:narrowMatch", PEDAGOGY))
    found = [line for line in _lines(project) if "AHP033" in line]
    assert len(found) == 1
    assert "is both skos:closeMatch (line 13) and skos:narrowMatch" in found[0]
    result = run_cli("crosswalks", str(project))
    assert result.returncode == 1 and f"{NEEDS}:" in result.stdout.replace(str(project) + "/", "")


def test_duplicate_mapping_is_a_warning(project):
    _append(project / NEEDS, _mapping("ahpfw:CAP-0002", "skos:closeMatch", PEDAGOGY))
    problems = list(iter_crosswalk_problems(Project.at(project)))
    assert [(p.code, p.severity) for p in problems] == [("AHP034", "warning")]
    assert run_cli("crosswalks", str(project)).returncode == 0
    assert run_cli("crosswalks", str(project), "--strict").returncode == 1


def test_unknown_framework_and_shared_id(project):
    copy = project / "crosswalks" / "copy.yaml"
    copy.write_text((project / NEEDS).read_text().replace("object_framework: ahpfw:FW-0001",
                                                          "object_framework: ahpfw:FW-0009"))
    codes = sorted(line.split(": ")[1].split()[0] for line in _lines(project))
    assert codes == ["AHP031", "AHP035"]


@pytest.mark.parametrize("change, code", [
    (lambda t: t.replace("predicate: skos:closeMatch", "predicate: owl:sameAs", 1), "AHP005"),
    (lambda t: t.replace("justification: >-", "reason: >-", 1), "AHP005"),
    (lambda t: t.replace("mappings:\n", "mappings:\n  - [", 1), "AHP001"),
    (lambda t: t.replace("title:", "title: one\ntitle:", 1), "AHP002"),
])
def test_unreadable_or_malformed_file_gives_a_located_problem(project, change, code):
    file = project / NEEDS
    file.write_text(change(file.read_text()))
    result = run_cli("crosswalks", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    shown = result.stdout.replace(str(project) + "/", "")
    assert shown.startswith(f"{NEEDS}:") and f": {code} " in shown, shown


def test_bad_path_is_a_usage_error(tmp_path):
    result = run_cli("crosswalks", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and result.stderr.startswith("error:")


def test_find_answers_which_capabilities_address_a_need():
    result = run_cli("crosswalks", "--find", "pedagogy", cwd=REPO)
    assert result.returncode == 0
    assert "ahpfw:CAP-0002" in result.stdout and all(PEDAGOGY in line for line in result.stdout.splitlines())


def test_checks_are_documented():
    doc = (REPO / "docs" / "crosswalks.md").read_text(encoding="utf-8")
    assert crosswalk_rules_markdown() in doc


# --- ahpfw gaps


def test_gaps_of_the_shipped_project_exit_0_and_name_unmapped_capabilities():
    result = run_cli("gaps", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {c["name"] for c in report["crosswalks"]} >= {"ahpfw-needs", "ahpfw-priorities", "ahpfw-hcsw"}
    assert report["gaps"] == (sum(len(c["unmapped_objects"]) for c in report["crosswalks"])
                              + len(report["unmapped_subjects"]) + len(report["unlinked"]))


def test_removing_every_mapping_of_a_need_makes_gaps_name_it(project):
    before = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    needs = next(c for c in before["crosswalks"] if c["name"] == "ahpfw-needs")
    assert PEDAGOGY not in {i["id"] for i in needs["unmapped_objects"]}
    _drop_mappings(project / NEEDS, lambda block: f"object_id: {PEDAGOGY}\n" in block)
    text = run_cli("gaps", str(project))
    assert text.returncode == 0
    assert f"  {PEDAGOGY}  LN2 Pedagogy" in text.stdout.splitlines()
    after = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    needs = next(c for c in after["crosswalks"] if c["name"] == "ahpfw-needs")
    assert [i["id"] for i in needs["unmapped_objects"]] == [PEDAGOGY]
    assert after["gaps"] > before["gaps"]
    assert run_cli("gaps", str(project), "--check").returncode == 1
    md = run_cli("gaps", str(project), "--format", "md").stdout
    assert f"| `{PEDAGOGY}` | LN2 Pedagogy | learning need |" in md


def test_gaps_check_passes_on_the_shipped_project():
    result = run_cli("gaps", "--check", cwd=REPO)
    assert result.returncode == 0, result.stdout
    report = json.loads(run_cli("gaps", "--format", "json", cwd=REPO).stdout)
    assert report["gaps"] == 0 and report["stale_accepted"] == []
    assert all(a["reason"] for a in report["accepted"])


def test_needs_and_priorities_crosswalks_follow_the_capabilities_own_links():
    """docs/crosswalks.md: the two crosswalks were written from meets_needs and supports_priorities."""
    project = Project.at(REPO)
    fw = project.frameworks["ahpfw:FW-0001"]
    for name, slot in (("ahpfw-needs", "meets_needs"), ("ahpfw-priorities", "supports_priorities")):
        mapped = {(m.subject_id, m.object_id) for m in project.mapping_set(name).mappings}
        linked = {(e.id, target) for e in fw.iter_elements() if e.LABEL == "capability" and not e.retired
                  for target in getattr(e, slot)}
        assert mapped == linked, name


def test_without_accepted_gaps_the_accepted_capabilities_are_gaps(project):
    accepted = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)["accepted"]
    (project / ACCEPTED).unlink()
    report = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    assert {i["id"] for i in report["unmapped_subjects"]} == {a["id"] for a in accepted} != set()
    assert run_cli("gaps", str(project), "--check").returncode == 1


def test_an_accepted_gap_that_is_mapped_now_is_reported_stale(project):
    entry = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)["accepted"][0]
    _append(project / "crosswalks/ahpfw-hcsw.yaml", _mapping(entry["id"], "skos:relatedMatch", "hcsw:DOM-0001"))
    result = run_cli("gaps", str(project), "--check")
    assert result.returncode == 1
    line = next(x for x in result.stdout.splitlines() if "stale" in x or "not a gap now" in x)
    assert re.match(rf".*{ACCEPTED}:\d+:\d+: {entry['id']} ", line), line
    report = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    assert [a["id"] for a in report["stale_accepted"]] == [entry["id"]] and report["gaps"] == 1
    assert entry["id"] in run_cli("gaps", str(project), "--format", "md").stdout.split("## Stale accepted gaps")[1]
    assert run_cli("crosswalks", str(project)).returncode == 0  # the accepted-gaps file is not a crosswalk


@pytest.mark.parametrize("text", ["accepted:\n  - id: ahpfw:CAP-0016\n", "- ahpfw:CAP-0016\n",
                                  "accepted:\n  - {id: ahpfw:CAP-0016, reason: a}\n"
                                  "  - {id: ahpfw:CAP-0016, reason: b}\n"])
def test_a_malformed_accepted_gaps_file_is_refused_with_a_location(project, text):
    (project / ACCEPTED).write_text(text, encoding="utf-8")
    result = run_cli("gaps", str(project))
    assert result.returncode == 2
    assert re.search(rf"{ACCEPTED}:\d+:\d+: AHP00[45] ", result.stdout), result.stdout
    assert "Traceback" not in result.stderr


def test_gaps_check_passes_when_everything_is_covered(project):
    (project / ACCEPTED).unlink()
    uncovered = run_cli("gaps", str(project), "--check")
    assert uncovered.returncode == 1, uncovered.stdout + uncovered.stderr
    report = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    lonely = {i["id"] for i in report["unmapped_subjects"]}
    assert lonely and report["unlinked"] == [] and report["gaps"] == len(lonely)
    assert all(cap in uncovered.stdout for cap in lonely)
    # map every capability that maps to nothing, so nothing is left uncovered
    _append(project / "crosswalks/ahpfw-hcsw.yaml",
            "".join(_mapping(cap, "skos:relatedMatch", "hcsw:DOM-0001") for cap in sorted(lonely)))
    result = run_cli("gaps", str(project), "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    after = json.loads(run_cli("gaps", str(project), "--format", "json").stdout)
    assert after["gaps"] == 0 and after["unmapped_subjects"] == [] and after["unlinked"] == []


def test_gaps_refuses_unreadable_crosswalks(project):
    (project / NEEDS).write_text("mappings: [\n")
    result = run_cli("gaps", str(project))
    assert result.returncode == 2 and "AHP001" in result.stdout


# --- exports


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    fw = load(REPO / "framework")
    export(fw, "crosswalks", out)
    export(fw, "spreadsheet", out)
    return out


def test_exports_are_deterministic(exported, tmp_path):
    fw = load(REPO / "framework")
    again = export(fw, "crosswalks", tmp_path) + export(fw, "spreadsheet", tmp_path)
    for path in again:
        assert path.read_bytes() == (exported / path.relative_to(tmp_path)).read_bytes()


def test_sssom_export_parses_and_validates_with_the_sssom_package(exported):
    sssom = require_module("sssom", "the sssom package is in the test extra: pip install '.[test]'")
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    project = Project.at(REPO)
    for ms in project.mapping_sets:
        msdf = parse_sssom_table(exported / "sssom" / f"{ms.name}.sssom.tsv")
        assert len(msdf.df) == len(ms.mappings)
        assert msdf.metadata["mapping_set_id"].endswith(ms.name)
        assert set(msdf.df["predicate_id"]) <= {m.predicate for m in ms.mappings}
        reports = validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness],
                           fail_on_error=False)
        assert all(not report.results for report in reports.values()), reports
    assert sssom is not None


def test_mapping_triples_are_in_the_turtle_export(exported):
    from rdflib import Graph, Namespace, URIRef

    skos = Namespace("http://www.w3.org/2004/02/skos/core#")
    graph = Graph().parse(exported / "rdf" / "crosswalks.ttl", format="turtle")
    base = "https://w3id.org/ahpfw/id/"
    assert (URIRef(base + "CAP-0002"), skos.closeMatch, URIRef(base + "NEED-0002")) in graph
    assert (URIRef(base + "CAP-0010"), skos.relatedMatch,
            URIRef("https://w3id.org/ahpfw/hcsw/id/DOM-0004")) in graph
    total = sum(len(ms.mappings) for ms in Project.at(REPO).mapping_sets)
    assert len(graph) == total


def test_crosswalk_table_answers_the_pedagogy_question(exported):
    with open(exported / "spreadsheet" / "crosswalks.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    addressing = {r["Subject ID"] for r in rows if r["Object"].endswith("Pedagogy")}
    assert "ahpfw:CAP-0002" in addressing and all(r["Justification"] for r in rows)
    import openpyxl

    sheet = openpyxl.load_workbook(exported / "spreadsheet" / "framework.xlsx")["Crosswalks"]
    assert sheet.max_row == len(rows) + 1


def test_a_framework_outside_a_project_exports_no_crosswalks(minimal, tmp_path):
    assert export(load(minimal), "crosswalks", tmp_path / "out") == []


# --- the site


def test_site_shows_which_capabilities_address_a_need_and_a_roadmap_area():
    from ahpfw.site import render_site
    from ahpfw.site.history import History

    pages = render_site(load(REPO / "framework"), History(()))
    evidence = pages["evidence.html"]
    pedagogy = evidence[evidence.index('id="need-0002"'):evidence.index('id="need-0003"')]
    assert "In the crosswalks" in pedagogy and "ahpfw:CAP-0002" in pedagogy and "close match" in pedagogy
    roadmap = render_site(load(REPO / "frameworks" / "hcsw-roadmap"), History(()))
    career = roadmap["domains/dom-0004.html"]
    assert "In the crosswalks" in career and "ahpfw:CAP-0010" in career and "Holding career conversations" in career


def test_crosswalks_still_load_after_a_big_document_took_the_fast_schema_check():
    """The compiled fast check must not rewrite the shared schema's references (it did, in place)."""
    from ahpfw.paths import json_schema_path
    from ahpfw.reading import loader
    from ahpfw.schema import code as schemacode

    path = str(json_schema_path(REPO / "framework"))
    loader._validator(path, None)  # jsonschema's copy of the schema is cached before the check is compiled
    assert schemacode.runtime_check(path) is not None
    project = Project.at(REPO)
    assert project.problems == () and project.mapping_sets
