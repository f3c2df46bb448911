"""Provenance fields (origin, evidence, figure_source; sources' archives; related works) through the model."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

import ahpfw
from ahpfw.formatters import change_formatter
from ahpfw.history.canonical import from_data, to_data
from ahpfw.history.changes import compare
from ahpfw.paths import frameworks_in
from ahpfw.provenance.evidence import ArchiveError, archive_path, normalise, read_archive

from .conftest import REPO, require_module, run_cli

QUOTE = "Supporting learning is part of every role."


def _add_provenance(folder: Path) -> None:
    """Give PRIN-0001 an origin and evidence, and CAP-0001's second descriptor its own origin."""
    elements = folder / "elements.yaml"
    elements.write_text(elements.read_text().replace(
        "    description: Supporting learning is part of every role.\n",
        "    description: Supporting learning is part of every role.\n"
        "    origin: quoted\n"
        "    evidence:\n"
        "      - source: ahpfw:SRC-0001\n"
        f"        quote: '{QUOTE}'\n", 1))
    domains = folder / "domains.yaml"
    domains.write_text(domains.read_text().replace(
        "            text: Plans learning for a whole service.\n",
        "            text: Plans learning for a whole service.\n"
        "            origin: drafted\n"
        "            figure_source: none needed\n", 1))


def test_evidence_is_loaded_with_its_location(minimal):
    _add_provenance(minimal)
    fw = ahpfw.load(minimal)
    principle = fw["ahpfw:PRIN-0001"]
    assert principle.origin == "quoted"
    (evidence,) = principle.evidence
    assert (evidence.source, evidence.quote) == ("ahpfw:SRC-0001", QUOTE)
    assert evidence.where("quote").path.endswith("elements.yaml") and evidence.where("quote").line > 0
    descriptor = fw.capabilities["ahpfw:CAP-0001"].descriptors[1]
    assert (descriptor.origin, descriptor.figure_source) == ("drafted", "none needed")
    assert fw.capabilities["ahpfw:CAP-0001"].descriptors[0].origin is None


def test_canonical_data_round_trips_provenance(minimal):
    _add_provenance(minimal)
    fw = ahpfw.load(minimal)
    data = to_data(fw)
    principle = next(p for p in data["principles"] if p["id"] == "ahpfw:PRIN-0001")
    assert principle["origin"] == "quoted"
    assert principle["evidence"] == [{"source": "ahpfw:SRC-0001", "quote": QUOTE}]
    assert from_data(data) == fw


def test_an_unknown_origin_is_a_schema_error(minimal):
    _add_provenance(minimal)
    elements = minimal / "elements.yaml"
    elements.write_text(elements.read_text().replace("origin: quoted", "origin: borrowed"))
    result = run_cli("validate", str(minimal))
    assert result.returncode == 1 and "AHP005" in result.stdout and "elements.yaml:" in result.stdout


def test_an_evidence_source_must_be_a_source(minimal):
    _add_provenance(minimal)
    elements = minimal / "elements.yaml"
    text = elements.read_text().replace("      - source: ahpfw:SRC-0001", "      - source: ahpfw:PIL-0001")
    elements.write_text(text)
    (dangling,) = [p for p in ahpfw.validate(minimal) if p.code == "AHP011"]
    assert "ahpfw:PIL-0001" in dangling.message and dangling.location.path.endswith("elements.yaml")


def test_diff_shows_provenance_changes_of_elements_and_descriptors(minimal, tmp_path):
    old = ahpfw.load(minimal)
    _add_provenance(minimal)
    changes = compare(old, ahpfw.load(minimal))
    data = changes.to_data()
    fields = {(c["id"], f["field"], f.get("stage")): f for c in data["modified"] for f in c["fields"]}
    assert fields[("ahpfw:PRIN-0001", "origin", None)]["new"] == "quoted"
    assert fields[("ahpfw:PRIN-0001", "evidence", None)]["new"] == [{"source": "ahpfw:SRC-0001", "quote": QUOTE}]
    assert fields[("ahpfw:CAP-0001", "origin", "ahpfw:STAGE-0002")]["new"] == "drafted"
    assert ("ahpfw:CAP-0001", "descriptors", "ahpfw:STAGE-0002") not in fields  # the text did not change
    json.dumps(data)  # plain data all through
    md = change_formatter("md")(changes)
    assert "origin of descriptor for S2 Leading education" in md and QUOTE[:-1] in md


def test_rdf_export_gives_each_evidence_quote_a_node(minimal, tmp_path):
    _add_provenance(minimal)
    fw = ahpfw.load(minimal)
    (path,) = [p for p in ahpfw.export(fw, "rdf", tmp_path) if p.suffix == ".ttl" and "shapes" not in p.name]
    import rdflib

    graph = rdflib.Graph().parse(path)
    quotes = {str(o) for o in graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/prov#value"))}
    assert quotes == {QUOTE}


# ---------------------------------------------------------------------------
# The archived source texts shipped with the frameworks

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _shipped_sources():
    for name, folder in frameworks_in(REPO).items():
        for source in ahpfw.load(folder).sources:
            yield name, folder, source


@pytest.mark.parametrize("name, folder, source", list(_shipped_sources()), ids=lambda v: getattr(v, "id", None))
def test_every_shipped_source_has_an_archive_whose_header_matches_it(name, folder, source):
    assert source.archive, f"{source.id} has no archive"
    archived = read_archive(archive_path(folder, source.archive))
    assert archived.header["Title"] == source.title
    assert archived.header["Publisher"] == source.publisher
    assert archived.header["Licence"] == source.licence
    url = archived.header["URL"]
    assert url == source.url or (source.url is None and url.startswith("not known"))
    assert date.fromisoformat(archived.header["Archived"])
    assert archived.body.strip() and not _EMAIL.search(archived.body)


def test_the_two_copies_of_the_roadmap_report_are_the_same():
    main = REPO / "framework" / "sources" / "support-worker-roadmap-news-report.txt"
    assert main.read_bytes() == (REPO / "frameworks" / "hcsw-roadmap" / "sources" / main.name).read_bytes()


@pytest.mark.parametrize("bad", ["../outside.txt", "/etc/passwd", "sources\\x.txt", " "])
def test_an_archive_path_must_stay_inside_the_framework(bad, tmp_path):
    with pytest.raises(ArchiveError):
        archive_path(tmp_path, bad)


def test_an_archive_without_a_header_is_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Just the text, with no header lines.\nMore text.\n")
    with pytest.raises(ArchiveError):
        read_archive(path)
    with pytest.raises(ArchiveError):
        read_archive(tmp_path / "missing.txt")


@pytest.mark.parametrize("a, b", [("it’s  “fine”\n now", "it's \"fine\" now"), ("a\tb", "a b"), ("‘x’", "'x'")])
def test_normalise_folds_white_space_and_typographic_quotes(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize("a, b", [("Leaners", "learners"), ("care.", "care"), ("safe, effective", "safe effective"),
                                  ("co-produce", "coproduce")])
def test_normalise_changes_nothing_else(a, b):
    assert normalise(a) != normalise(b)


# ---------------------------------------------------------------------------
# The provenance rules beyond their case folders

def test_a_misquote_hint_says_where_the_quote_departs_from_the_source():
    from ahpfw.provenance.evidence import _mismatch_hint

    body = normalise("Educating the Health and Care workforce is all our responsibility whatever your role")
    hint = _mismatch_hint(normalise("Educating the Health and Care workforce is everyone's job"), body)
    assert "first 7 words match" in hint and "everyone's job" in hint and "all our responsibility" in hint


@pytest.mark.parametrize("text, numbers", [("91 complete responses (81% response rate)", ["91", "81"]),
                                           ("1 : 195 and 16/34 trusts", ["1", "195", "16", "34"]),
                                           ("about 0.7 WTE.", ["0.7"]), ("1,000 staff in 2013.", ["1000", "2013"]),
                                           ("no figures here", []), ("level 6, band 8a", ["6", "8"])])
def test_numbers_are_read_as_written(text, numbers):
    from ahpfw.provenance.evidence import numbers_in

    assert numbers_in(text) == numbers


def test_a_source_without_an_archive_is_reported_once_at_the_source(minimal):
    _add_provenance(minimal)
    problems = [p for p in ahpfw.validate(minimal) if p.code == "AHP040"]
    assert len(problems) == 1 and problems[0].element_id == "ahpfw:SRC-0001"
    assert problems[0].location.path.endswith("elements.yaml")


def test_crosswalk_justifications_are_held_to_the_provenance_rules(shipped):
    crosswalk = shipped.parent / "crosswalks" / "ahpfw-needs.yaml"
    shutil.copytree(REPO / "crosswalks", crosswalk.parent)
    drafted = "    origin: drafted\n"
    text = crosswalk.read_text()
    assert text.count(drafted) > 2  # the shipped justifications are the editors' own
    text = text.replace(drafted, "    origin: adapted\n    evidence:\n      - source: ahpfw:SRC-0002\n"
                                 "        quote: Pedagogy is the main learning need\n", 1)  # a misquote
    crosswalk.write_text(text.replace(drafted, "", 1))  # and a mapping that no longer says its origin
    result = run_cli("crosswalks", str(crosswalk))
    assert result.returncode == 1
    codes = {line.split(" ")[1] for line in result.stdout.splitlines() if ": AHP" in line}
    assert codes == {"AHP040", "AHP047"}
    assert "ahpfw-needs.yaml:" in result.stdout


def test_scope_and_near_duplicate_warnings_find_the_cases_the_review_named():
    from ahpfw.history.canonical import load_json

    fw = load_json(REPO / "releases" / "0.2.0" / "framework.json")
    scope = [p.element_id for p in ahpfw.validate(fw) if p.code == "AHP045"]
    assert scope == ["ahpfw:CAP-0022", "ahpfw:CAP-0029", "ahpfw:CAP-0034"]  # 4.4, 5.5 and 6.3, stage 3 -> 4


def test_the_site_links_a_quote_from_a_mapping_without_a_name(minimal):
    require_module("jinja2", "the site needs the export extra: pip install '.[export]'")
    from ahpfw.site import render_site

    elements = minimal / "elements.yaml"
    elements.write_text(elements.read_text() + (
        "mappings:\n  - id: ahpfw:MAP-0001\n    subject: ahpfw:CAP-0001\n    predicate: skos:relatedMatch\n"
        "    object_id: ext:ITEM-1\n    object_label: Planning\n    object_source: Another framework\n"
        "    sources: [ahpfw:SRC-0001]\n    evidence:\n      - source: ahpfw:SRC-0001\n        quote: Planning\n"))
    pages = render_site(ahpfw.load(minimal))  # was a RecursionError: the mapping's label is None
    assert any("ahpfw:MAP-0001" in text for text in pages.values())
