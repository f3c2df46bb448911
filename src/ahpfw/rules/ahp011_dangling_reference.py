"""A reference names an element that does not exist, or one of the wrong kind.

What: an id in a reference field (``sources``, ``pillars``, ``stage``,
``meets_needs``, ``addresses_barriers``, ``supports_priorities``,
``replaced_by``, a mapping's ``subject``) is not the id of an element of the
expected kind.

Why: a broken link means a capability silently loses its evidence, its career
stage or the need it answers.

Example::

    meets_needs: [ahpfw:NEED-0099]    # there is no learning need 0099

Fix: correct the id (check the spelling and the kind prefix) or add the missing element.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Element, Framework, iter_references, reference_targets
from ..problems import Problem

CODE = "AHP011"
NAME = "dangling-reference"
SUMMARY = "Every reference names an existing element of the right kind."


def check(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    faults = {pair: fault for pair in reference_targets(fw) if (fault := _fault(elements.get(pair[0]), pair[1]))}
    for ref in iter_references(fw, only={target for target, _ in faults}):
        fault = faults.get((ref.target, ref.expected))
        if fault is not None:
            yield Problem(ref.location, CODE, f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names {ref.target}, "
                          f"which {fault}", element_id=ref.owner.id,
                          hint="correct the id or add the missing element" if fault == _MISSING else None)


_MISSING = "does not exist"


def _fault(target: Element | None, expected: type) -> str | None:
    """What is wrong with naming this element where one of class ``expected`` belongs, if anything."""
    if target is None:
        return _MISSING
    if expected is not Element and not isinstance(target, expected):
        return f"is a {target.LABEL}, not a {expected.LABEL}"  # type: ignore[attr-defined]
    return None
