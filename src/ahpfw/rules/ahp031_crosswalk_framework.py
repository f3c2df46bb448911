"""A crosswalk names a framework the project does not have.

What: the ``subject_framework`` or ``object_framework`` of a mapping set
(a file under ``crosswalks/``) is not the id of one of the project's
frameworks (``framework/`` and each folder under ``frameworks/``).

Why: a mapping's ends are looked up in those two frameworks; with one of them
unknown nothing in the set can be checked or exported.

Example::

    subject_framework: ahpfw:FW-0001
    object_framework: ahpfw:FW-0009    # no framework of the project has this id

Fix: give the id written in the other framework's ``framework.yaml``, or add
that framework under ``frameworks/``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..project import Project
from ._crosswalks import problem

CODE = "AHP031"
NAME = "crosswalk-framework"
SUMMARY = "The subject or object framework of a mapping set is one of the project's frameworks."


def check_crosswalks(project: Project) -> Iterator[Problem]:
    for ms in project.mapping_sets:
        for slot, fw_id in (("subject_framework", ms.subject_framework), ("object_framework", ms.object_framework)):
            if fw_id not in project.frameworks:
                yield problem(ms.where(slot), CODE, f"{ms.name}: {slot} {fw_id} is not a framework of this project",
                              ms.id, "use one of: " + ", ".join(project.frameworks))
