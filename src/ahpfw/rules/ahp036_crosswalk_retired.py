"""A crosswalk maps an element that is retired.

What: a mapping's ``subject_id`` or ``object_id`` is an element that its
framework has retired (``status: retired``).

Why: a retired element's text is no longer in use; a mapping to it points
integrators at words the framework has withdrawn, while the element that
replaced it goes unmapped.

Example::

    - subject_id: ahpfw:CAP-0018     # retired, replaced_by ahpfw:CAP-0017
      predicate: skos:closeMatch
      object_id: ahpfw:NEED-0002

Fix: map its replacement (the element's ``replaced_by``) instead, or remove the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..project import Project
from ._crosswalks import known_sets, problem

CODE = "AHP036"
NAME = "crosswalk-retired"
SUMMARY = "No mapping's subject or object is a retired element."
SEVERITY = "warning"


def check_crosswalks(project: Project) -> Iterator[Problem]:
    for ms in known_sets(project):
        for m in ms.mappings:
            for slot, fw_id in (("subject_id", ms.subject_framework), ("object_id", ms.object_framework)):
                target = getattr(m, slot)
                element = project.element(fw_id, target)
                if element is not None and element.retired:
                    yield problem(m.where(slot), CODE, f"{ms.name}: {slot} {target} is retired in {fw_id}", target,
                                  "map its replacement instead: " + ", ".join(element.replaced_by or ("none",)),
                                  severity=SEVERITY)
