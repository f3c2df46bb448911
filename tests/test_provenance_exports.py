"""Provenance and the framework's identity reach the exports readers use: CASE, RDF (PROV-O) and the spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import ahpfw
from ahpfw.exporters import export_all
from ahpfw.exporters.case import case_uuid
from ahpfw.exporters.rdf import descriptor_iri

from .test_provenance import QUOTE, _add_provenance

PROV = "http://www.w3.org/ns/prov#"
ADAPTED_FROM = "Learning happens in practice."
NOTE = "The name was first suggested in a made-up sample response."


def _with_provenance(folder: Path) -> Path:
    """The minimal framework with a quoted principle, an adapted capability (two quotes, one descriptor
    drafted on its own) and a related work."""
    _add_provenance(folder)
    domains = folder / "domains.yaml"
    domains.write_text(domains.read_text().replace(
        "        statement: Plans learning that meets each learner's needs.\n",
        "        statement: Plans learning that meets each learner's needs.\n"
        "        origin: adapted\n"
        f"        origin_note: {NOTE}\n"
        "        evidence:\n"
        "          - source: ahpfw:SRC-0001\n"
        f"            quote: {ADAPTED_FROM}\n", 1))
    framework = folder / "framework.yaml"
    framework.write_text(framework.read_text() + (
        "related_works:\n"
        "  - title: The official draft\n"
        "    publisher: A public body\n"
        "    relation: renders\n"
        "    url: https://example.org/draft\n"))
    return folder


@pytest.fixture
def exported(minimal, tmp_path):
    fw = ahpfw.load(_with_provenance(minimal))
    out = tmp_path / "exports"
    export_all(fw, out)
    return fw, out


def test_case_notes_say_how_each_statement_came_about(exported):
    fw, out = exported
    package = json.loads((out / "case/framework.json").read_text(encoding="utf-8"))
    items = {i["identifier"]: i for i in package["CFItems"]}
    cap = items[case_uuid("ahpfw:CAP-0001")]
    source = fw.elements["ahpfw:SRC-0001"].label
    assert cap["notes"].startswith(f"Adapted from {source}.")
    assert f"\u201c{ADAPTED_FROM}\u201d" in cap["notes"] and f"Note: {NOTE}" in cap["notes"]
    drafted = items[case_uuid("ahpfw:CAP-0001/ahpfw:STAGE-0002")]
    assert drafted["notes"].startswith("Drafted by the editors") and "Figures: none needed" in drafted["notes"]
    inherited = items[case_uuid("ahpfw:CAP-0001/ahpfw:STAGE-0001")]  # says its capability's origin and quotes
    assert inherited["notes"].startswith(f"Adapted from {source}.")
    assert f"\u201c{ADAPTED_FROM}\u201d" in inherited["notes"]
    for cap in fw.capabilities.values():  # every descriptor of a capability that records its origin says it
        for descriptor in cap.descriptors if cap.origin else ():
            assert items[case_uuid(f"{cap.id}/{descriptor.stage}")].get("notes"), (cap.id, descriptor.stage)
    untouched = items[case_uuid("ahpfw:CAP-0002")]
    assert "notes" not in untouched or "Adapted" not in untouched["notes"]
    document = package["CFDocument"]
    assert "renders: The official draft (A public body) https://example.org/draft" in document["notes"]


def test_rdf_uses_prov_o_and_the_shapes_check_it(exported):
    import pyshacl
    import rdflib

    fw, out = exported
    graph = rdflib.Graph().parse(out / "rdf/framework.ttl", format="turtle")
    prov = rdflib.Namespace(PROV)
    ids = rdflib.Namespace("https://w3id.org/ahpfw/id/")
    assert (ids["CAP-0001"], prov.wasDerivedFrom, ids["SRC-0001"]) in graph
    assert (ids["CAP-0001"], prov.wasQuotedFrom, ids["SRC-0001"]) not in graph  # adapted, not quoted
    assert (ids["PRIN-0001"], prov.wasQuotedFrom, ids["SRC-0001"]) in graph
    evidence = rdflib.URIRef(str(ids["PRIN-0001"]) + "/evidence/1")
    assert (evidence, rdflib.RDF.type, prov.Entity) in graph
    assert (evidence, prov.value, rdflib.Literal(QUOTE)) in graph
    drafted = rdflib.URIRef(descriptor_iri(str(ids["CAP-0001"]), "ahpfw:STAGE-0002"))
    assert (drafted, None, None) in graph and not list(graph.objects(drafted, prov.wasDerivedFrom))
    shapes = rdflib.Graph().parse(out / "rdf/shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes)
    assert conforms, report
    graph.remove((evidence, prov.value, None))  # a quotation without its words
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes)
    assert not conforms


def _sheet(out: Path, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / f"spreadsheet/{name}.csv").read_text(encoding="utf-8-sig"))))


def test_spreadsheet_shows_text_origin_evidence_and_related_works(exported):
    fw, out = exported
    capabilities = {row["ID"]: row for row in _sheet(out, "capabilities")}
    assert capabilities["ahpfw:CAP-0001"]["Text origin"] == "adapted"
    source = fw.elements["ahpfw:SRC-0001"].label
    assert capabilities["ahpfw:CAP-0001"]["Evidence"] == f"{source}: \u201c{ADAPTED_FROM}\u201d"
    assert capabilities["ahpfw:CAP-0002"]["Text origin"] == ""
    principles = {row["ID"]: row for row in _sheet(out, "principles")}
    assert principles["ahpfw:PRIN-0001"]["Text origin"] == "quoted"
    about = {row["Field"]: row["Value"] for row in _sheet(out, "about")}
    assert about["Related works"] == "renders: The official draft (A public body) https://example.org/draft"
