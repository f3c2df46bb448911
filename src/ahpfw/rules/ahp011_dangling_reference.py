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

from ..model import Element, Framework, iter_references
from ..problems import Problem

CODE = "AHP011"
NAME = "dangling-reference"
SUMMARY = "Every reference names an existing element of the right kind."


def check(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    for ref in iter_references(fw):
        target = elements.get(ref.target)
        if target is None:
            yield Problem(ref.location, CODE,
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names {ref.target}, which does not exist",
                          element_id=ref.owner.id, hint="correct the id or add the missing element")
        elif ref.expected is not Element and not isinstance(target, ref.expected):
            yield Problem(ref.location, CODE,
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names {ref.target}, which is a "
                          f"{target.LABEL}, not a {ref.expected.LABEL}",  # type: ignore[attr-defined]
                          element_id=ref.owner.id)
