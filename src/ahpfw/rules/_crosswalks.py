"""What the crosswalk rules (AHP031-AHP036, and the provenance rules on justifications) share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..problems import Location, Problem
from ..project import Project
from ..provenance.evidence import Provenance, SourceLookup, of_object, sources_of

if TYPE_CHECKING:  # the crosswalk model is read only when a project's crosswalks are checked
    from ..crosswalks import MappingSet


def known_sets(project: Project) -> Iterator[MappingSet]:
    """The mapping sets whose subject and object frameworks are both frameworks of the project
    (AHP031 reports the others)."""
    for ms in project.mapping_sets:
        if ms.subject_framework in project.frameworks and ms.object_framework in project.frameworks:
            yield ms


def justifications(project: Project) -> Iterator[tuple[MappingSet, list[Provenance], bool, SourceLookup]]:
    """For each mapping set: the provenance of each mapping's justification, whether the set declares
    provenance (a mapping gives an origin), and its sources: those of its subject and object frameworks."""
    for ms in project.mapping_sets:
        items = [of_object(f"{ms.name}: {m.subject_id} {m.predicate} {m.object_id}", "mapping", m, project.schema)
                 for m in ms.mappings]
        declared = any(item.origin is not None for item in items)
        frameworks = [project.frameworks[f] for f in (ms.subject_framework, ms.object_framework)
                      if f in project.frameworks]
        yield ms, items, declared, sources_of(*((fw, project.archives(fw)) for fw in frameworks))


def problem(loc: Location, code: str, message: str, element: str | None, hint: str | None,
            severity: str = "error") -> Problem:
    return Problem(loc, code, message, severity, element, hint)
