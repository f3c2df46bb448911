"""Two elements share one identifier.

What: the same ``id`` is given to two elements, in one file or in two files.

Why: identifiers are how integrators, consultation responses and diffs find an
element; one id must mean exactly one thing, for ever.

Example::

    # domains/01-teaching.yaml          # domains/02-assessment.yaml
    - id: ahpfw:CAP-0004                - id: ahpfw:CAP-0004

Fix: give the newer element the next unused id of its kind (``ahpfw new``
picks one for you). Never reuse an id that has been published.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Element, Framework
from ..problems import Problem

CODE = "AHP010"
NAME = "unique-ids"
SUMMARY = "Every element has an identifier of its own, across all files."


def check(fw: Framework) -> Iterator[Problem]:
    first: dict[str, Element] = {}
    for element in fw.iter_elements():
        earlier = first.setdefault(element.id, element)
        if earlier is not element:
            yield Problem(element.where("id"), CODE,
                          f"{element.LABEL} id {element.id} is already used by the {earlier.LABEL} "
                          f"at {earlier.location.display()}",
                          element_id=element.id, hint="give this element the next unused id of its kind")
