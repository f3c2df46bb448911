"""A retirement is not recorded properly.

What: an active element has ``replaced_by`` (only retired elements are
replaced), a retired element is replaced by another retired element, or an
active element still refers to a retired one (a mapping's subject, a
capability's learning need, a descriptor's stage...).

Why: retired identifiers stay in the framework for ever so that old links keep
working, but nothing live should depend on them, and their trail must lead to
live elements.

Example::

    - id: ahpfw:CAP-0012
      status: active
      replaced_by: [ahpfw:CAP-0031]     # only retired elements are replaced

Fix: set ``status: retired`` on the replaced element, point ``replaced_by`` at
active elements, and move references from the retired element to its replacement.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework, iter_references, reference_targets
from ..problems import Problem

CODE = "AHP019"
NAME = "retirement"
SUMMARY = "Only retired elements have replaced_by; it names live elements; nothing live refers to a retired one."


def check(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    for element in fw.iter_elements():
        if element.replaced_by and not element.retired:
            yield Problem(element.where("replaced_by"), CODE,
                          f"{element.LABEL} {element.id} has replaced_by but is not retired",
                          element_id=element.id, hint="add 'status: retired' or remove replaced_by")
    retired = {target for target, _ in reference_targets(fw) if target in elements and elements[target].retired}
    for ref in iter_references(fw, only=retired):
        target = elements.get(ref.target)
        if target is None or not target.retired or ref.owner.retired and ref.field != "replaced_by":
            continue
        if ref.field == "replaced_by":
            yield Problem(ref.location, CODE,
                          f"{ref.owner.LABEL} {ref.owner.id} is replaced by {ref.target}, which is itself retired",
                          element_id=ref.owner.id, hint="point replaced_by at the live element")
        else:
            yield Problem(ref.location, CODE,
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names the retired "
                          f"{target.LABEL} {ref.target}",
                          element_id=ref.owner.id,
                          hint=f"use its replacement ({', '.join(target.replaced_by) or 'none given'})")
