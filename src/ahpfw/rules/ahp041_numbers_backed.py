"""A number in an element's text is not in any of its evidence quotes.

What: an element's text (name, description, statement, rationale, examples, a
role's protected time, a descriptor's text, a mapping's justification) states a
number, such as 91 responses, 81%, 1 : 195, 16 of 34 or 0.7 WTE, that none of
its evidence quotes contains. A ``drafted`` element whose ``figure_source``
says where its figures come from is exempt. A descriptor may use its own
evidence and its capability's. The rule applies to a framework that declares
provenance (any element with an ``origin``), as every version from 0.3.0 does.

Why: figures are what readers remember and repeat. A number that the source
does not give, or gives for something else (the survey's 0.7 WTE is an average
across roles, not one role's time), misleads.

Example::

    - id: ahpfw:ROLE-0003
      protected_time: About 0.7 WTE
      origin: adapted
      evidence:
        - source: ahpfw:SRC-0002
          quote: 65% roles part time     # says nothing of 0.7

Fix: quote the source's words that give the figure, or, for a figure the
editors worked out themselves, mark the text ``origin: drafted`` and say where
it comes from in ``figure_source``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework, schema_of
from ..problems import Problem
from ..project import Project
from ..provenance.evidence import declares, iter_provenance, number_problems, with_figures
from ..speed.textscan import scan
from ._crosswalks import justifications

CODE = "AHP041"
NAME = "numbers-backed"
SUMMARY = "Every number in an element's text is in one of its evidence quotes, or drafted with a figure_source."


def check(fw: Framework) -> Iterator[Problem]:
    if declares(fw):
        yield from number_problems(iter_provenance(fw, with_figures(schema_of(fw)), scan(fw).figure_screen))


def check_crosswalks(project: Project) -> Iterator[Problem]:
    """The numbers in the crosswalks' justifications, in the sets that declare provenance."""
    for _ms, items, declared, _lookup in justifications(project):
        if declared:
            yield from number_problems(items)
