"""One pair of elements is mapped with two different predicates.

What: a mapping set gives the same subject and object twice with different
SKOS predicates (for example ``skos:exactMatch`` and ``skos:narrowMatch``).
The same mapping listed twice is AHP034, not this.

Why: one pair has one relation; readers and tools cannot tell which of two
contradictory predicates the editors meant.

Example::

    - subject_id: ahpfw:CAP-0002
      predicate: skos:closeMatch
      object_id: ahpfw:NEED-0002
    - subject_id: ahpfw:CAP-0002
      predicate: skos:narrowMatch    # the same pair again, another relation
      object_id: ahpfw:NEED-0002

Fix: keep the one predicate that says how the two match (if exactMatch and
closeMatch both seem right, the pair is an exact match).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..problems import Problem
from ..project import Project
from ._crosswalks import problem

if TYPE_CHECKING:  # the crosswalk model is read only when a project's crosswalks are checked
    from ..crosswalks import CrosswalkMapping

CODE = "AHP033"
NAME = "crosswalk-contradiction"
SUMMARY = "No subject and object pair is given two different predicates."


def check_crosswalks(project: Project) -> Iterator[Problem]:
    for ms in project.mapping_sets:
        pairs: dict[tuple[str, str], CrosswalkMapping] = {}
        triples: set[tuple[str, str, str]] = set()
        for m in ms.mappings:
            triple = (m.subject_id, m.predicate, m.object_id)
            if triple in triples:
                continue  # listed twice: AHP034
            triples.add(triple)
            first = pairs.setdefault((m.subject_id, m.object_id), m)
            if first.predicate != m.predicate:
                yield problem(m.where("predicate"), CODE,
                              f"{ms.name}: {m.subject_id} to {m.object_id} is both {first.predicate} (line "
                              f"{first.location.line}) and {m.predicate}", m.subject_id,
                              "keep the one predicate that says how the two match")
