"""An element does not say how its text came about.

What: an element has no ``origin`` (quoted, adapted or drafted), or it says
quoted or adapted but gives no ``evidence``. A descriptor without an origin of
its own takes its capability's, and sources need none. Every element needs an
origin in a framework that declares provenance (any element with an
``origin``), as every version from 0.3.0 does; quoted or adapted text always
needs its evidence.

Why: readers must be able to tell the sources' words from the editors'. An
element with no origin leaves them guessing; "adapted" with no evidence claims a
source without showing it.

Example::

    - id: ahpfw:BAR-0001
      name: Clinical pressures
      sources: [ahpfw:SRC-0002]
      # no origin

Fix: add ``origin: quoted``, ``adapted`` or ``drafted``; for quoted and adapted
text add ``evidence`` with the source and its exact words.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ..project import Project
from ..provenance.evidence import declares, iter_provenance, may_lack_origin, origin_problems, with_origin
from ._crosswalks import justifications

CODE = "AHP047"
NAME = "origin-given"
SUMMARY = "Every element says whether its text is quoted, adapted or drafted; quoted and adapted text has evidence."


def check(fw: Framework) -> Iterator[Problem]:
    yield from origin_problems(iter_provenance(fw, with_origin, may_lack_origin), required=declares(fw))


def check_crosswalks(project: Project) -> Iterator[Problem]:
    """The crosswalks' justifications: once one mapping of a set gives an origin, every one needs one."""
    for _ms, items, declared, _lookup in justifications(project):
        yield from origin_problems(items, required=declared)
