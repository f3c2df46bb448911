"""A crosswalk maps an id that is not an element of its framework.

What: a mapping's ``subject_id`` is not an element of the set's subject
framework, or its ``object_id`` not one of the object framework. (An end that
is retired: AHP036.)

Why: integrators follow the mapping from one framework's element to the
other's; an id that names nothing breaks that link.

Example::

    - subject_id: ahpfw:CAP-0002
      predicate: skos:closeMatch
      object_id: ahpfw:NEED-0999     # the framework has no NEED-0999

Fix: correct the id, or remove the mapping.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..project import Project
from ._crosswalks import known_sets, problem

CODE = "AHP032"
NAME = "crosswalk-dangling"
SUMMARY = "Both ends of every mapping are elements of their frameworks."


def check_crosswalks(project: Project) -> Iterator[Problem]:
    for ms in known_sets(project):
        ends = {"subject_id": ms.subject_framework, "object_id": ms.object_framework}
        for m in ms.mappings:
            for slot, fw_id in ends.items():
                target = getattr(m, slot)
                if project.element(fw_id, target) is None:
                    yield problem(m.where(slot), CODE, f"{ms.name}: {slot} {target} is not an element of {fw_id}",
                                  target, "correct the id, or remove the mapping")
