"""Crosswalks: mapping sets from the elements of one framework to those of another.

Each ``crosswalks/<name>.yaml`` holds one :class:`MappingSet` (the ``MappingSet``
class of the schema): who made it, under which licence, its subject and object
frameworks (by framework id), and its mappings, each a subject id, a SKOS
mapping predicate, an object id and a justification. A crosswalk may map a
framework to itself (capabilities to the learning needs of the same framework).

:func:`load_project` reads every framework of a project and its crosswalks;
:func:`iter_crosswalk_problems` checks them (codes AHP031-AHP035, documented in
:data:`CHECKS` and docs/crosswalks.md, and the provenance rules AHP040, AHP041,
AHP043 and AHP047 on the justifications). See docs/crosswalks.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import model
from .paths import ACCEPTED_GAPS, CROSSWALKS, checkout_root, data_root, frameworks_in, project_root, refuse_empty
from .problems import FrameworkError, Location, Problem, UsageError

#: The crosswalk checks: code -> (name, severity, what it means). Reading and
#: schema problems keep their usual codes (AHP001-AHP005).
CHECKS: dict[str, tuple[str, str, str]] = {
    "AHP031": ("crosswalk-framework", "error",
               "The subject or object framework of a mapping set is not one of the project's frameworks."),
    "AHP032": ("crosswalk-dangling", "error",
               "A mapping's subject or object is not an element of its framework (a retired one is a warning)."),
    "AHP033": ("crosswalk-contradiction", "error",
               "One subject and object pair is given two different predicates (for example exactMatch and "
               "narrowMatch)."),
    "AHP034": ("crosswalk-duplicate", "warning",
               "The same mapping (subject, predicate, object) is listed twice in a mapping set."),
    "AHP035": ("crosswalk-id", "error",
               "Two mapping sets share an id."),
}

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
class Project:
    """The frameworks of a project (by framework id) and its crosswalks, with any loading problems."""

    root: Path
    frameworks: dict[str, model.Framework]
    mapping_sets: tuple[MappingSet, ...]
    problems: tuple[Problem, ...] = ()

    def element(self, framework_id: str, element_id: str) -> model.Element | None:
        """An element of one of the project's frameworks, or None."""
        fw = self.frameworks.get(framework_id)
        return fw.elements.get(element_id) if fw is not None else None

    def mapping_set(self, name_or_id: str) -> MappingSet:
        """A mapping set by file name (``ahpfw-needs``) or id; :class:`UsageError` when there is none."""
        for ms in self.mapping_sets:
            if name_or_id in (ms.name, ms.id):
                return ms
        raise UsageError(f"no crosswalk {name_or_id!r}; there are: {', '.join(m.name for m in self.mapping_sets)}")


def read_mapping_set(path: str | Path) -> MappingSet:
    """Read one crosswalk file. Raises :class:`FrameworkError` (located problems) when it is unreadable
    or does not fit the schema's ``MappingSet`` class."""
    from .consult.consultation import read_checked

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


def load_project(path: str | Path | None = None) -> Project:
    """Load every framework of a project and its crosswalks (``path`` as for :func:`project_root_of`;
    a single crosswalk file loads only that one). Unreadable files give problems, not exceptions."""
    root = project_root_of(path)
    problems: list[Problem] = []
    frameworks: dict[str, model.Framework] = {}
    from .loader import load

    for folder in frameworks_in(root).values():
        try:
            fw = load(folder)
        except FrameworkError as exc:
            problems.extend(exc.problems)
            continue
        frameworks.setdefault(fw.id, fw)
    single = path is not None and Path(path).is_file()
    files = [Path(path)] if single else crosswalk_files(root / CROSSWALKS)
    sets = []
    for file in files:
        try:
            sets.append(read_mapping_set(file))
        except FrameworkError as exc:
            problems.extend(exc.problems)
    return Project(root, frameworks, tuple(sets), tuple(problems))


def iter_crosswalk_problems(project: Project) -> Iterator[Problem]:
    """Every problem in a project's crosswalks: loading problems first, then checks AHP031-AHP035."""
    yield from project.problems
    seen_ids: dict[str, MappingSet] = {}
    for ms in project.mapping_sets:
        if ms.id in seen_ids:
            yield _problem(ms.where("id"), "AHP035", f"mapping set id {ms.id} is also used by {seen_ids[ms.id].name}",
                           ms.id, "give each mapping set its own id")
        seen_ids.setdefault(ms.id, ms)
        yield from _check_set(project, ms)
        yield from _check_provenance(project, ms)


def _check_provenance(project: Project, ms: MappingSet) -> Iterator[Problem]:
    """The provenance rules on the justifications (AHP040, AHP041, AHP043, AHP047), as for framework
    elements; quotes may come from the sources of either framework."""
    from . import evidence as ev

    items = [ev.of_object(f"{ms.name}: {m.subject_id} {m.predicate} {m.object_id}", "mapping", m)
             for m in ms.mappings]
    declared = any(item.origin is not None for item in items)
    lookup = ev.sources_of(*(project.frameworks[f] for f in (ms.subject_framework, ms.object_framework)
                             if f in project.frameworks))
    yield from ev.quote_problems(items, lookup)
    yield from ev.quoted_text_problems(items)
    yield from ev.origin_problems(items, required=declared)
    if declared:
        yield from ev.number_problems(items)


def _check_set(project: Project, ms: MappingSet) -> Iterator[Problem]:
    ends = {"subject_id": ms.subject_framework, "object_id": ms.object_framework}
    known = True
    for slot, fw_id in (("subject_framework", ms.subject_framework), ("object_framework", ms.object_framework)):
        if fw_id not in project.frameworks:
            known = False
            yield _problem(ms.where(slot), "AHP031", f"{ms.name}: {slot} {fw_id} is not a framework of this project",
                           ms.id, "use one of: " + ", ".join(project.frameworks))
    pairs: dict[tuple[str, str], CrosswalkMapping] = {}
    triples: set[tuple[str, str, str]] = set()
    for m in ms.mappings:
        if known:
            for slot, fw_id in ends.items():
                target = getattr(m, slot)
                element = project.element(fw_id, target)
                if element is None:
                    yield _problem(m.where(slot), "AHP032",
                                   f"{ms.name}: {slot} {target} is not an element of {fw_id}", target,
                                   "correct the id, or remove the mapping")
                elif element.retired:
                    yield _problem(m.where(slot), "AHP032",
                                   f"{ms.name}: {slot} {target} is retired in {fw_id}", target,
                                   "map its replacement instead: " + ", ".join(element.replaced_by or ("none",)),
                                   severity="warning")
        triple = (m.subject_id, m.predicate, m.object_id)
        if triple in triples:
            yield _problem(m.location, "AHP034", f"{ms.name}: {m.subject_id} {m.predicate} {m.object_id} is listed "
                           "twice", m.subject_id, "remove the second copy", severity="warning")
            continue
        triples.add(triple)
        pair = (m.subject_id, m.object_id)
        first = pairs.get(pair)
        if first is not None and first.predicate != m.predicate:
            yield _problem(m.where("predicate"), "AHP033",
                           f"{ms.name}: {m.subject_id} to {m.object_id} is both {first.predicate} (line "
                           f"{first.location.line}) and {m.predicate}", m.subject_id,
                           "keep the one predicate that says how the two match")
        pairs.setdefault(pair, m)


def _problem(loc: Location, code: str, message: str, element: str | None, hint: str | None,
             severity: str | None = None) -> Problem:
    return Problem(loc, code, message, severity or CHECKS[code][1], element, hint)


def checks_markdown() -> str:
    """The crosswalk checks as a Markdown table (kept in docs/crosswalks.md; a test compares them)."""
    lines = ["| Code | Name | Severity | What it means |", "| --- | --- | --- | --- |"]
    lines += [f"| {code} | {name} | {severity} | {what} |" for code, (name, severity, what) in CHECKS.items()]
    return "\n".join(lines) + "\n"


def as_rows(project: Project, ms: MappingSet) -> Iterator[dict[str, Any]]:
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


def project_for(fw: model.Framework, strict: bool = True) -> Project | None:
    """The project whose crosswalks concern ``fw`` (with ``fw`` itself in place of its copy on disk),
    or None when the framework folder is not one of a project's frameworks.

    With ``strict``, crosswalk errors raise :class:`FrameworkError`; otherwise the
    mapping sets that could be read are kept and their problems are ignored.
    """
    if not fw.root:
        return None
    folder = Path(fw.root).resolve()
    root = project_root(folder)
    if folder not in {p.resolve() for p in frameworks_in(root).values()}:
        return None
    project = load_project(root)
    if strict:
        errors = [p for p in iter_crosswalk_problems(project) if p.severity == "error"]
        if errors:
            raise FrameworkError(errors)
    return Project(project.root, {**project.frameworks, fw.id: fw}, project.mapping_sets)


def mapping_sets_of(project: Project, fw: model.Framework) -> list[MappingSet]:
    """The mapping sets whose subject or object framework is ``fw``, sorted by name."""
    return sorted((ms for ms in project.mapping_sets if fw.id in (ms.subject_framework, ms.object_framework)),
                  key=lambda ms: ms.name)


def rows_for(fw: model.Framework) -> list[dict[str, Any]]:
    """Every crosswalk mapping that concerns ``fw``, as :func:`as_rows` dicts plus ``crosswalk`` (the
    file name) and ``crosswalk_title``; [] outside a project. For readers such as the site: crosswalks
    that cannot be read are left out rather than stopping them."""
    project = project_for(fw, strict=False)
    if project is None:
        return []
    return [{**row, "crosswalk": ms.name, "crosswalk_title": ms.title}
            for ms in mapping_sets_of(project, fw) for row in as_rows(project, ms)]
