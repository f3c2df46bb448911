"""A learning need, barrier or strategy priority is not addressed by any capability.

What: no active capability lists the element in ``meets_needs``,
``addresses_barriers`` or ``supports_priorities``.

Why: the framework answers the evidence: every learning need and barrier
educators reported, and every priority of the Educator Workforce Strategy,
should be met by at least one capability, or the gap should be visible.

Example::

    learning_needs:
      - id: ahpfw:NEED-0008
        name: Business cases and budgeting    # no capability meets it

Fix: add the id to the capabilities that address it, or write a capability
that does.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import ADDRESSED_BY, Framework, unaddressed
from ..problems import Problem

CODE = "AHP016"
NAME = "unmapped"
SUMMARY = "Every learning need, barrier and strategy priority is addressed by a capability."


def check(fw: Framework) -> Iterator[Problem]:
    for element in unaddressed(fw):
        yield Problem(element.location, CODE,
                      f"{element.LABEL} {element.id} ({element.name}) is not addressed by any capability",
                      element_id=element.id,
                      hint=f"add {element.id} to '{ADDRESSED_BY[type(element)]}' of the capabilities that address it")
