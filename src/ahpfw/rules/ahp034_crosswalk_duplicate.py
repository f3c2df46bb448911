"""The same mapping is listed twice in a crosswalk.

What: a mapping set lists the same subject, predicate and object more than once.

Why: a copy adds nothing and counts twice in the exports and reports; it is
usually a slip when mappings are merged or pasted.

Example::

    - subject_id: ahpfw:CAP-0002
      predicate: skos:closeMatch
      object_id: ahpfw:NEED-0002
    - subject_id: ahpfw:CAP-0002     # the same mapping again
      predicate: skos:closeMatch
      object_id: ahpfw:NEED-0002

Fix: remove the second copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from ..project import Project
from ._crosswalks import problem

CODE = "AHP034"
NAME = "crosswalk-duplicate"
SUMMARY = "No mapping (subject, predicate, object) is listed twice in a mapping set."
SEVERITY = "warning"


def check_crosswalks(project: Project) -> Iterator[Problem]:
    for ms in project.mapping_sets:
        triples: set[tuple[str, str, str]] = set()
        for m in ms.mappings:
            triple = (m.subject_id, m.predicate, m.object_id)
            if triple in triples:
                yield problem(m.location, CODE, f"{ms.name}: {m.subject_id} {m.predicate} {m.object_id} is listed "
                              "twice", m.subject_id, "remove the second copy", severity=SEVERITY)
            triples.add(triple)
