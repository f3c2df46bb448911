"""Provenance fields (origin, evidence, figure_source; sources' archives; related works) through the model."""

from __future__ import annotations

import json
from pathlib import Path

import ahpfw
from ahpfw.canonical import from_data, to_data
from ahpfw.changes import compare
from ahpfw.formatters import change_formatter

from .conftest import run_cli

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
    assert [p.code for p in ahpfw.validate(minimal)] == ["AHP011"]


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
