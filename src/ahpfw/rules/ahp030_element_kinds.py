"""A framework holds a kind of element it does not declare.

What: the framework lists the kinds of element it uses in ``element_kinds``,
and has elements of another kind; or it does not use career stages and a
capability still has stage descriptors.

Why: frameworks differ in shape (the support worker roadmap has areas, skills,
example job roles and resource types, but no career stages). Declaring the
kinds tells readers, exports and rules what to expect, and catches elements
put in the wrong framework or the wrong collection.

Example::

    element_kinds: [sources, domains, capabilities, roles, resources]
    professions:                  # not a declared kind
      - id: hcsw:PROF-0001

Fix: add the kind to ``element_kinds`` if the framework really uses it, or move
or remove the elements. Leave ``element_kinds`` out to allow every kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import COLLECTIONS, Framework
from ..problems import Problem

CODE = "AHP030"
NAME = "element-kinds"
SUMMARY = "A framework that declares element_kinds holds only elements of those kinds."


def check(fw: Framework) -> Iterator[Problem]:
    if not fw.element_kinds:
        return
    declared = ", ".join(fw.element_kinds)
    for name in COLLECTIONS:
        items = getattr(fw, name)
        if items and not fw.uses(name):
            yield Problem(fw.where(name), CODE,
                          f"the framework declares element_kinds [{declared}] but has {name}",
                          element_id=items[0].id, hint=f"add '{name}' to element_kinds, or remove the {name}")
    if fw.domains and not fw.uses("capabilities"):
        for domain in fw.domains:
            if domain.capabilities:
                yield Problem(domain.where("capabilities"), CODE,
                              f"domain {domain.id} has capabilities, but the framework does not declare them",
                              element_id=domain.id, hint="add 'capabilities' to element_kinds")
    if not fw.uses("career_stages"):
        for cap in fw.capabilities.values():
            if cap.descriptors:
                yield Problem(cap.where("descriptors"), CODE,
                              f"capability {cap.id} has stage descriptors, but the framework has no career stages",
                              element_id=cap.id, hint="remove the descriptors, or declare career_stages")
