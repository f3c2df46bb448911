"""Crosswalk exports: SSSOM TSV per mapping set and SKOS mapping triples in Turtle.

Written for the crosswalks of the framework's project (``crosswalks/`` beside
``framework/``) whose subject or object framework is the one exported; a
framework folder outside a project has none, and then nothing is written.

- ``sssom/<name>.sssom.tsv``: one mapping set each, in the SSSOM TSV format
  (a ``#``-commented YAML metadata block, then a tab-separated table), read
  back by the ``sssom`` package in the tests. Spreadsheet programs open TSV, so
  its cells follow the formula-injection policy of every table ahpfw writes
  (:mod:`ahpfw.tabular`): a label starting ``=`` is written ``'=...``; ids are
  never changed, and the exact label is the JSON or RDF export's, by id.
- ``rdf/crosswalks.ttl``: one SKOS mapping triple per mapping
  (``ahpfw:CAP-0002 skos:closeMatch ahpfw:NEED-0002``), beside the framework's
  own Turtle.

The spreadsheet exporter writes the same mappings as its Crosswalks sheet
(``exporters/spreadsheet.py``); this module knows nothing of spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..crosswalks import MappingSet
from ..model import Framework
from ..problems import FrameworkError
from ..project import Project
from ..tabular import neutralise

FILES = ("sssom/*.sssom.tsv", "rdf/crosswalks.ttl")
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "sssom/*.sssom.tsv": (
        "SSSOM TSV, one file per crosswalk (mapping set)",
        "integrators moving between frameworks; ontology and mapping tools (sssom-py, OxO, Mapping Commons)",
        "`sssom validate sssom/<name>.sssom.tsv`, or `sssom.parsers.parse_sssom_table` in Python",
    ),
    "rdf/crosswalks.ttl": (
        "RDF Turtle: SKOS mapping triples (skos:exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch)",
        "linked-data users joining the framework's RDF to other frameworks",
        "any RDF parser, for example `rdflib.Graph().parse('rdf/crosswalks.ttl')`",
    ),
}

#: The SSSOM mapping set IRIs: this base followed by the crosswalk's file name.
MAPPING_SET_BASE = "https://w3id.org/ahpfw/crosswalks/"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                 "mapping_justification", "author_label", "comment")


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the SSSOM and Turtle files for the crosswalks concerning the project's framework; return the
    paths written."""
    sets = mapping_sets(project, project.framework)
    if not sets:
        return []
    out = Path(out_dir)
    written = []
    for ms in sets:
        path = out / "sssom" / f"{ms.name}.sssom.tsv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sssom_tsv(project, ms), encoding="utf-8", newline="")
        written.append(path)
    ttl = out / "rdf" / "crosswalks.ttl"
    ttl.parent.mkdir(parents=True, exist_ok=True)
    ttl.write_text(turtle(project, sets), encoding="utf-8")
    written.append(ttl)
    return written


def mapping_sets(project: Project, fw: Framework) -> list[MappingSet]:
    """The mapping sets concerning ``fw`` (:meth:`Project.mapping_sets_of`), to export: raises
    :class:`FrameworkError` when ``fw`` is one of the project's frameworks and its crosswalks have errors."""
    from ..rules.validation import iter_crosswalk_problems

    if project.frameworks.get(fw.id) is not fw:
        return []
    errors = [p for p in iter_crosswalk_problems(project) if p.severity == "error"]
    if errors:
        raise FrameworkError(errors)
    return project.mapping_sets_of(fw)


def _prefixes(project: Project, sets: list[MappingSet]) -> dict[str, str]:
    """The CURIE prefixes the mappings use, expanded by the schema's prefix table."""
    from .vocab import vocabulary

    fw = next(iter(project.frameworks.values()))
    table = dict(vocabulary(fw).prefixes)
    used = {"skos", "semapv"} | {i.partition(":")[0] for ms in sets for m in ms.mappings
                                 for i in (m.subject_id, m.object_id, ms.subject_framework, ms.object_framework)}
    table.setdefault("semapv", SEMAPV)
    return {p: table[p] for p in sorted(used) if p in table}


def _name(project: Project, framework_id: str, element_id: str) -> str:
    element = project.element(framework_id, element_id)
    return element.name if element is not None else ""


def sssom_tsv(project: Project, ms: MappingSet) -> str:
    """One mapping set as SSSOM TSV text."""
    import yaml

    meta: dict[str, object] = {
        "curie_map": _prefixes(project, [ms]),
        "mapping_set_id": MAPPING_SET_BASE + ms.name,
        "mapping_set_title": ms.title,
    }
    if ms.description:
        meta["mapping_set_description"] = " ".join(ms.description.split())
    meta["license"] = ms.licence
    meta["creator_label"] = [ms.author]
    if ms.date:
        meta["mapping_date"] = ms.date
    for side, fw_id in (("subject", ms.subject_framework), ("object", ms.object_framework)):
        meta[f"{side}_source"] = fw_id
        fw = project.frameworks.get(fw_id)
        if fw is not None:
            meta[f"{side}_source_version"] = fw.version
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    lines = ["# " + line for line in header.splitlines()]
    lines.append("\t".join(SSSOM_COLUMNS))
    for m in ms.mappings:
        cells = (m.subject_id, _name(project, ms.subject_framework, m.subject_id), m.predicate, m.object_id,
                 _name(project, ms.object_framework, m.object_id), "semapv:ManualMappingCuration",
                 m.author or ms.author, " ".join(m.justification.split()))
        lines.append("\t".join(_tsv_cell(c) for c in cells))
    return "\n".join(lines) + "\n"


def _tsv_cell(value: str) -> str:
    """One cell of the table: on one line, without tabs, safe from formula injection."""
    return neutralise(" ".join(value.replace("\t", " ").split()))


def iter_triples(project: Project, sets: list[MappingSet]) -> Iterator[tuple[str, str, str]]:
    """``(subject, predicate, object)`` CURIEs, one SKOS mapping triple per mapping."""
    for ms in sets:
        for m in ms.mappings:
            yield m.subject_id, m.predicate, m.object_id


def turtle(project: Project, sets: list[MappingSet]) -> str:
    """The mappings as SKOS triples in Turtle, sorted, with prefixes for every CURIE used."""
    prefixes = _prefixes(project, sets)
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in prefixes.items()]
    lines.append("")

    def term(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return curie if prefix in prefixes and local.replace("-", "").isalnum() else f"<{curie}>"

    for s, p, o in sorted(set(iter_triples(project, sets))):
        lines.append(f"{term(s)} {term(p)} {term(o)} .")
    return "\n".join(lines) + "\n"

