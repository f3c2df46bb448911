"""Two kinds of element share a display code.

What: elements of different kinds have the same display ``code`` - a career stage
and a source both called ``S2``, say. Codes are compared ignoring case and spaces
(``s2`` and ``S 2`` are the same code to a reader). Retired elements are left out,
as in AHP015.

Why: codes are what readers see and cite - on the website, in the spreadsheet,
in consultation responses ("see S2"). "S2 Practice educator" and "S2 London
survey" on the same site leave a reader guessing which one is meant. AHP015
keeps codes unique within a kind; this rule keeps the kinds apart.

Example::

    sources:
      - id: ahpfw:SRC-0002
        code: S2               # also the code of a career stage
    career_stages:
      - id: ahpfw:STAGE-0002
        code: S2

Fix: give each kind its own prefix (for example sources ``SRC1``, ``SRC2``
and career stages ``S1``, ``S2``). Only the code changes; the id stays the
same, and codes may be renumbered between versions.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Element, Framework
from ..problems import Problem

CODE = "AHP022"
NAME = "code-kinds"
SUMMARY = "Elements of different kinds never share a display code."


def _spoken(code: str) -> str:
    """A code as a reader compares it: without case or spaces."""
    return "".join(code.split()).casefold()


def check(fw: Framework) -> Iterator[Problem]:
    first: dict[str, Element] = {}  # spoken code -> the first element with it
    kinds: dict[str, set[type]] = {}  # spoken code -> the kinds already reported or first
    for element in fw.iter_elements():
        if element.code is None or element.retired:
            continue
        key = _spoken(element.code)
        earlier = first.setdefault(key, element)
        seen = kinds.setdefault(key, {type(element)})
        if type(element) in seen:
            continue  # the first of its code, or a clash within one kind (AHP015's)
        seen.add(type(element))
        yield Problem(element.where("code"), CODE,
                      f"{element.LABEL} {element.id} has code {element.code}, which {earlier.LABEL} "
                      f"{earlier.id} ({earlier.label}) also shows; readers cannot tell them apart",
                      element_id=element.id,
                      hint="give each kind of element its own code prefix (for example sources SRC1, SRC2); "
                           "only the code changes, the id stays the same")
