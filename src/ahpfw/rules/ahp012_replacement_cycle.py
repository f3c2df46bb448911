"""Retired elements replace each other in a circle.

What: following ``replaced_by`` from a retired element leads back to itself
(A is replaced by B, and B by A).

Why: a reader or integrator following the trail from an old id must arrive at
a live element; a cycle never ends.

Example::

    - id: ahpfw:CAP-0003
      status: retired
      replaced_by: [ahpfw:CAP-0009]
    - id: ahpfw:CAP-0009
      status: retired
      replaced_by: [ahpfw:CAP-0003]

Fix: point the trail at the live element that now holds the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem

CODE = "AHP012"
NAME = "replacement-cycle"
SUMMARY = "Following replaced_by from a retired element never leads back to it."


def check(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    reported: set[str] = set()
    for start in fw.iter_elements():
        if not start.replaced_by or start.id in reported:
            continue
        stack, seen = [(start.id, (start.id,))], set()
        while stack:
            current, trail = stack.pop()
            for nxt in elements[current].replaced_by if current in elements else ():
                if nxt == start.id:
                    reported.update(trail)
                    first_step = trail[1] if len(trail) > 1 else start.id  # the item that leads round
                    yield Problem(start.where("replaced_by", start.replaced_by.index(first_step)), CODE,
                                  f"{start.LABEL} {start.id}: replaced_by goes round in a circle: "
                                  + " -> ".join(trail + (start.id,)),
                                  element_id=start.id, hint="point replaced_by at a live element")
                    stack.clear()
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, trail + (nxt,)))
