"""Coverage of the crosswalks: what no mapping reaches, and what maps to nothing.

For each mapping set, the *unmapped objects* are the active elements of the
object framework, of the kinds the set maps to (learning needs, strategy
priorities, roadmap areas...), that no mapping of the set reaches. For each
subject framework, the *unmapped subjects* are its active elements, of the
kinds used as subjects, that appear in no mapping set at all. The framework's
own links (``meets_needs``, ``addresses_barriers``, ``supports_priorities``)
are reported too: :func:`ahpfw.model.unaddressed`, which rule AHP016 reports.

A project may list, in ``crosswalks/accepted-gaps.yaml``, elements that
deliberately have no counterpart, each with a reason: they are reported as
accepted, not as gaps, and an entry that no longer names a gap is reported as
stale (and counts as a gap). See docs/crosswalks.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .crosswalks import Accepted, MappingSet
from .model import Element, unaddressed
from .paths import ACCEPTED_GAPS, CROSSWALKS
from .plurals import count, plural
from .project import Project


@dataclass(frozen=True)
class Item:
    """One element in a gap report."""

    framework: str
    id: str
    label: str
    kind: str  # the element's LABEL, e.g. "learning need"

    def as_dict(self) -> dict[str, str]:
        return {"framework": self.framework, "id": self.id, "label": self.label, "kind": self.kind}


@dataclass(frozen=True)
class SetGaps:
    """The objects one mapping set does not reach."""

    mapping_set: MappingSet
    kinds: tuple[str, ...]
    unmapped: tuple[Item, ...]


@dataclass(frozen=True)
class Gaps:
    """A project's coverage report."""

    sets: tuple[SetGaps, ...]
    unmapped_subjects: tuple[Item, ...]
    unlinked: tuple[Item, ...] = field(default=())
    accepted: tuple[tuple[Item, Accepted], ...] = field(default=())  # gaps the project accepts, with why
    stale: tuple[Accepted, ...] = field(default=())  # accepted entries that name no gap now

    def __len__(self) -> int:
        """The number of gaps, stale accepted entries included (accepted gaps are not counted)."""
        return (sum(len(s.unmapped) for s in self.sets) + len(self.unmapped_subjects) + len(self.unlinked)
                + len(self.stale))

    def as_dict(self) -> dict[str, object]:
        """The report as JSON-ready data (the documented ``--format json`` output)."""
        return {
            "crosswalks": [{"name": s.mapping_set.name, "id": s.mapping_set.id, "title": s.mapping_set.title,
                            "subject_framework": s.mapping_set.subject_framework,
                            "object_framework": s.mapping_set.object_framework,
                            "object_kinds": list(s.kinds), "unmapped_objects": [i.as_dict() for i in s.unmapped]}
                           for s in self.sets],
            "unmapped_subjects": [i.as_dict() for i in self.unmapped_subjects],
            "unlinked": [i.as_dict() for i in self.unlinked],
            "accepted": [{**i.as_dict(), "reason": a.reason} for i, a in self.accepted],
            "stale_accepted": [a.as_dict() for a in self.stale],
            "gaps": len(self),
        }


def _item(fw_id: str, element: Element) -> Item:
    return Item(fw_id, element.id, element.label, element.LABEL)


def find_gaps(project: Project, accepted: tuple[Accepted, ...] | None = None) -> Gaps:
    """The coverage report of a loaded project (its frameworks and crosswalks).

    ``accepted`` defaults to the project's ``crosswalks/accepted-gaps.yaml`` (:attr:`Project.accepted_gaps`)."""
    if accepted is None:
        accepted = project.accepted_gaps
    sets = []
    subject_kinds: dict[str, set[type]] = {}
    mapped_subjects: set[tuple[str, str]] = set()
    for ms in project.mapping_sets:
        subject_fw = project.frameworks.get(ms.subject_framework)
        object_fw = project.frameworks.get(ms.object_framework)
        if subject_fw is None or object_fw is None:
            continue  # reported by the crosswalk checks (AHP031)
        reached = {m.object_id for m in ms.mappings}
        kinds = {type(object_fw.elements[i]) for i in reached if i in object_fw.elements}
        unmapped = tuple(_item(object_fw.id, e) for e in object_fw.iter_elements()
                         if type(e) in kinds and not e.retired and e.id not in reached)
        sets.append(SetGaps(ms, tuple(sorted({k.LABEL for k in kinds})), unmapped))
        for m in ms.mappings:
            mapped_subjects.add((subject_fw.id, m.subject_id))
            if m.subject_id in subject_fw.elements:
                subject_kinds.setdefault(subject_fw.id, set()).add(type(subject_fw.elements[m.subject_id]))
    subjects = tuple(_item(fw_id, e) for fw_id, kinds in subject_kinds.items()
                     for e in project.frameworks[fw_id].iter_elements()
                     if type(e) in kinds and not e.retired and (fw_id, e.id) not in mapped_subjects)
    unlinked = tuple(_item(fw.id, element) for fw in project.frameworks.values() for element in unaddressed(fw))
    reasons = {a.id: a for a in accepted}
    found: dict[str, Item] = {}
    for item in [i for s in sets for i in s.unmapped] + list(subjects) + list(unlinked):
        if item.id in reasons:
            found.setdefault(item.id, item)
    sets = [SetGaps(s.mapping_set, s.kinds, tuple(i for i in s.unmapped if i.id not in found)) for s in sets]
    return Gaps(tuple(sets), tuple(i for i in subjects if i.id not in found),
                tuple(i for i in unlinked if i.id not in found),
                accepted=tuple((found[a.id], a) for a in accepted if a.id in found),
                stale=tuple(a for a in accepted if a.id not in found))


def _kinds(kinds: tuple[str, ...]) -> str:
    return " or ".join(plural(k) for k in kinds) or "elements"


def format_text(gaps: Gaps) -> str:
    """The report for a terminal: one heading line per part, then the gaps indented."""
    lines: list[str] = []
    for s in gaps.sets:
        ms = s.mapping_set
        if s.unmapped:
            lines.append(f"{ms.name}: {len(s.unmapped)} of the {_kinds(s.kinds)} of {ms.object_framework} "
                         f"{'is' if len(s.unmapped) == 1 else 'are'} not mapped")
            lines += [f"  {i.id}  {i.label}" for i in s.unmapped]
        else:
            lines.append(f"{ms.name}: every one of the {_kinds(s.kinds)} of {ms.object_framework} is mapped")
    n = len(gaps.unmapped_subjects)
    accepted = ", or is an accepted gap" if gaps.accepted else ""
    lines.append(f"{count(n, 'element')} map{'s' if n == 1 else ''} to nothing in any crosswalk"
                 if n else f"every subject element maps to something{accepted}")
    lines += [f"  {i.id}  {i.label}" for i in gaps.unmapped_subjects]
    n = len(gaps.unlinked)
    lines.append(f"{count(n, 'element')} not addressed by any capability's own links (AHP016)"
                 if n else "every learning need, barrier and priority is addressed by a capability's own links")
    lines += [f"  {i.id}  {i.label}" for i in gaps.unlinked]
    if gaps.accepted:
        n = len(gaps.accepted)
        lines.append(f"{count(n, 'element')} accepted as having no counterpart ({CROSSWALKS}/{ACCEPTED_GAPS})")
        lines += [f"  {i.id}  {i.label}: {a.reason}" for i, a in gaps.accepted]
    lines += [f"{a.location.display()}: {a.id} is listed as an accepted gap but is not a gap now; "
              "remove the entry" for a in gaps.stale]
    lines.append(count(len(gaps), "gap"))
    return "\n".join(lines)


def format_markdown(gaps: Gaps) -> str:
    """The report as Markdown: one section per crosswalk, then the unmapped subjects."""
    out = ["# Crosswalk coverage", "", count(len(gaps), "gap") + ".", ""]

    def table(items: tuple[Item, ...]) -> list[str]:
        if not items:
            return ["None.", ""]
        rows = ["| Id | Element | Kind |", "| --- | --- | --- |"]
        rows += [f"| `{i.id}` | {i.label.replace('|', '/')} | {i.kind} |" for i in items]
        return rows + [""]

    for s in gaps.sets:
        ms = s.mapping_set
        out += [f"## {ms.title} (`{ms.name}`)", "", f"{_kinds(s.kinds).capitalize()} of `{ms.object_framework}` "
                "that no mapping reaches:", ""] + table(s.unmapped)
    out += ["## Elements that map to nothing", ""] + table(gaps.unmapped_subjects)
    out += ["## Not addressed by any capability's own links (AHP016)", ""] + table(gaps.unlinked)
    if gaps.accepted:
        out += ["## Accepted: no counterpart", "", "| Id | Element | Reason |", "| --- | --- | --- |"]
        out += [f"| `{i.id}` | {i.label.replace('|', '/')} | {a.reason.replace('|', '/')} |"
                for i, a in gaps.accepted] + [""]
    if gaps.stale:
        out += ["## Stale accepted gaps", "",
                f"Listed in `{CROSSWALKS}/{ACCEPTED_GAPS}` but not gaps now: remove them.", ""]
        out += [f"- `{a.id}` ({a.location.display()})" for a in gaps.stale] + [""]
    return "\n".join(out).rstrip("\n") + "\n"


def format_json(gaps: Gaps) -> str:
    """The report as JSON (see :meth:`Gaps.as_dict`)."""
    return json.dumps(gaps.as_dict(), indent=2, ensure_ascii=False)
