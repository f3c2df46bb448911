"""Two crosswalks share an id.

What: two mapping sets (files under ``crosswalks/``) give the same ``id``.

Why: each crosswalk is exported and cited by its id (the SSSOM mapping set);
two with one id cannot be told apart.

Example::

    # crosswalks/ahpfw-needs.yaml and crosswalks/copy.yaml
    id: ahpfw:XW-0001

Fix: give each mapping set its own id (a new ``XW`` number for the newer one).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..problems import Problem
from ..project import Project
from ._crosswalks import problem

if TYPE_CHECKING:  # the crosswalk model is read only when a project's crosswalks are checked
    from ..crosswalks import MappingSet

CODE = "AHP035"
NAME = "crosswalk-id"
SUMMARY = "Every mapping set has an id of its own."


def check_crosswalks(project: Project) -> Iterator[Problem]:
    seen: dict[str, MappingSet] = {}
    for ms in project.mapping_sets:
        if ms.id in seen:
            yield problem(ms.where("id"), CODE, f"mapping set id {ms.id} is also used by {seen[ms.id].name}",
                          ms.id, "give each mapping set its own id")
        seen.setdefault(ms.id, ms)
