"""Crosswalks: mapping sets from the elements of one framework to those of another.

Each ``crosswalks/<name>.yaml`` holds one :class:`MappingSet` (the ``MappingSet``
class of the schema): who made it, under which licence, its subject and object
frameworks (by framework id), and its mappings, each a subject id, a SKOS
mapping predicate, an object id and a justification. A crosswalk may map a
framework to itself (capabilities to the learning needs of the same framework).

:func:`read_mapping_set` reads one file, and :class:`ahpfw.project.Project` every
framework of a project and its crosswalks. The rules check them (AHP031-AHP036, and
the provenance rules AHP040, AHP041, AHP043 and AHP047 on the justifications;
:func:`ahpfw.rules.validation.iter_crosswalk_problems` runs them).
``crosswalks/accepted-gaps.yaml`` lists the gaps a project accepts
(:func:`read_accepted`). See docs/crosswalks.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import model
from .paths import ACCEPTED_GAPS, CROSSWALKS, checkout_root, data_root, refuse_empty
from .problems import FrameworkError, Location, Problem, UsageError

#: The SKOS mapping predicates a crosswalk may use (the schema's MappingPredicate values).
PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch", "skos:relatedMatch")


@dataclass(frozen=True, kw_only=True)
class CrosswalkMapping(model.Located):
    """One mapping: ``subject_id`` is ``predicate`` to ``object_id``, because ``justification``."""

    subject_id: str
    predicate: str
    object_id: str
    justification: str
    author: str | None = None
    origin: str | None = None  # provenance of the justification, as for framework elements
    evidence: tuple[model.Evidence, ...] = ()
    figure_source: str | None = None


@dataclass(frozen=True, kw_only=True)
class MappingSet(model.Located):
    """A set of mappings from one framework's elements to another's (one crosswalk file)."""

    id: str
    title: str
    author: str
    licence: str
    subject_framework: str
    object_framework: str
    mappings: tuple[CrosswalkMapping, ...]
    description: str | None = None
    date: str | None = None
    path: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        """The file name without ``.yaml``, used to name its exports."""
        return Path(self.path).stem


@dataclass(frozen=True)
class Accepted:
    """One entry of the accepted gaps: an element that deliberately has no counterpart, and why."""

    id: str
    reason: str
    location: Location

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "reason": self.reason, "location": self.location.display()}


class Crosswalks(Protocol):
    """What :func:`as_rows` and :func:`rows_for` need of a project (:class:`ahpfw.project.Project`)."""

    def element(self, framework_id: str, element_id: str) -> model.Element | None: ...

    def mapping_sets_of(self, fw: model.Framework) -> list[MappingSet]: ...


def read_mapping_set(path: str | Path) -> MappingSet:
    """Read one crosswalk file. Raises :class:`FrameworkError` (located problems) when it is unreadable
    or does not fit the schema's ``MappingSet`` class."""
    from .reading.loader import read_checked

    path = Path(path)
    data, raw = read_checked(path, "MappingSet")
    mappings = []
    for i, node in enumerate(data["mappings"]):
        own = raw.location(("mappings", i))
        evidence = tuple(model.Evidence(**e, location=raw.location(("mappings", i, "evidence", n)),
                                        field_locations={k: raw.location(("mappings", i, "evidence", n, k))
                                                         for k in e})
                         for n, e in enumerate(node.get("evidence") or ()))
        mappings.append(CrosswalkMapping(
            **{k: v for k, v in node.items() if k != "evidence"}, evidence=evidence,
            location=own, field_locations={k: raw.location(("mappings", i, k)) for k in node}))
    meta = {k: v for k, v in data.items() if k != "mappings"}
    return MappingSet(**meta, mappings=tuple(mappings), path=str(path), location=Location(str(path), 1, 1),
                      field_locations={k: raw.location((k,)) for k in data})


def crosswalk_files(folder: Path) -> list[Path]:
    """The crosswalk files in a folder, sorted by name (the accepted-gaps file is not one)."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and p.name != ACCEPTED_GAPS)


def project_root_of(path: str | Path | None = None) -> Path:
    """The project a path names: a project folder (holding ``framework/``), its ``crosswalks/``
    folder, or None for ``.`` inside a checkout and otherwise the shipped data."""
    if path is None:
        return checkout_root() or data_root()
    refuse_empty(path, "a project folder, its crosswalks/ folder or a crosswalk file")
    p = Path(path)
    if p.is_dir() and ((p / "framework").is_dir() or (p / CROSSWALKS).is_dir()):
        return p
    if p.is_dir() and p.name == CROSSWALKS:
        return p.parent
    if p.is_file() and p.parent.name == CROSSWALKS:
        return p.parent.parent
    if not p.exists():
        raise UsageError(f"{p}: no such file or folder")
    raise UsageError(f"{p}: not a project folder, a crosswalks/ folder or a crosswalk file")


def read_accepted(path: Path) -> tuple[Accepted, ...]:
    """The entries of an accepted-gaps file (``accepted: [{id, reason}]``); () when there is no such file.
    Raises :class:`FrameworkError` with located problems when it is unreadable or malformed."""
    from .reading.yamlfile import YamlError, read_yaml

    if not path.is_file():
        return ()
    try:
        data, positions = read_yaml(path)
    except YamlError as exc:
        raise FrameworkError([exc.problem]) from None
    top = Location(str(path), 1, 1)
    if not isinstance(data, dict) or set(data) != {"accepted"} or not isinstance(data["accepted"], list):
        raise FrameworkError([Problem(top, "AHP004", "an accepted-gaps file holds one key, 'accepted': "
                                      "a list of entries, each an 'id' and a 'reason'")])
    entries, problems, seen = [], [], set()
    for i, node in enumerate(data["accepted"]):
        where = positions.of(data["accepted"], i) or top
        ok = (isinstance(node, dict) and set(node) == {"id", "reason"}
              and all(isinstance(v, str) and v.strip() for v in node.values()))
        if not ok:
            problems.append(Problem(where, "AHP005", "an accepted gap needs exactly an 'id' and a 'reason', "
                                    "both non-empty text"))
        elif node["id"] in seen:
            problems.append(Problem(where, "AHP005", f"{node['id']} is listed twice", element_id=node["id"]))
        else:
            seen.add(node["id"])
            entries.append(Accepted(node["id"], " ".join(node["reason"].split()), where))
    if problems:
        raise FrameworkError(problems)
    return tuple(entries)


def as_rows(project: Crosswalks, ms: MappingSet) -> Iterator[dict[str, Any]]:
    """The mappings of a set with the labels of both ends, one plain dict each (for tables and exports)."""
    for m in ms.mappings:
        subject = project.element(ms.subject_framework, m.subject_id)
        obj = project.element(ms.object_framework, m.object_id)
        yield {
            "subject_id": m.subject_id,
            "subject_label": subject.label if subject else "",
            "predicate": m.predicate,
            "object_id": m.object_id,
            "object_label": obj.label if obj else "",
            "justification": " ".join(m.justification.split()),
            "author": m.author or ms.author,
        }


def rows_for(project: Crosswalks, fw: model.Framework) -> list[dict[str, Any]]:
    """Every crosswalk mapping of ``project`` that concerns ``fw``, as :func:`as_rows` dicts plus ``crosswalk``
    (the file name) and ``crosswalk_title``; [] outside a project. For readers such as the site: crosswalks
    that cannot be read are left out rather than stopping them."""
    return [{**row, "crosswalk": ms.name, "crosswalk_title": ms.title}
            for ms in project.mapping_sets_of(fw) for row in as_rows(project, ms)]
