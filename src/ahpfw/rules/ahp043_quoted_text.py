"""Text marked quoted is not inside any of its evidence quotes.

What: an element, descriptor or crosswalk mapping says ``origin: quoted``, but
its main text (a capability's statement, a mapping's justification, a
descriptor's text, otherwise the description, otherwise the name) does not
occur inside any of its evidence quotes (compared as AHP040 compares quotes).
A descriptor with no origin of its own takes its capability's.

Why: "quoted" tells readers the words are the source's own. Text that has been
reworded, shortened in the middle or corrected is not a quotation.

Example::

    - id: ahpfw:PRI-0007
      name: Embedding evolving and innovative models of education
      description: Embedding digital, simulation and blended models of education.
      origin: quoted          # the source says nothing of digital, simulation or blended

Fix: quote the source word for word, or mark the text ``origin: adapted``
(reworded from the source) and keep the evidence.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem
from ..project import Project
from ..provenance.evidence import iter_provenance, quoted, quoted_text_problems
from ._crosswalks import justifications

CODE = "AHP043"
NAME = "quoted-text"
SUMMARY = "Text marked quoted occurs inside one of its evidence quotes."


def check(fw: Framework) -> Iterator[Problem]:
    yield from quoted_text_problems(iter_provenance(fw, quoted))


def check_crosswalks(project: Project) -> Iterator[Problem]:
    """The crosswalks' justifications marked quoted."""
    for _ms, items, _declared, _lookup in justifications(project):
        yield from quoted_text_problems(items)
