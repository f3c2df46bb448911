"""Text is empty or still a placeholder.

What: a name, description, statement, rationale or descriptor is blank, or
holds placeholder text such as TODO, TBC, TBD, FIXME, XXX, "lorem ipsum" or "...".

Why: the framework goes out for consultation and publication as written;
placeholder text must never reach readers.

Example::

    - stage: ahpfw:STAGE-0003
      text: TBC

Fix: write the text, or remove the element until it is ready.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Framework
from ..problems import Problem

CODE = "AHP017"
NAME = "placeholder-text"
SUMMARY = "No text is empty or a placeholder (TODO, TBC, lorem ipsum...)."

_TEXT_FIELDS = ("name", "title", "description", "statement", "rationale", "text", "justification", "scope")
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBC|TBD|FIXME|XXX+|lorem ipsum)\b|\?\?\?", re.IGNORECASE)
_MARKERS = ("todo", "tbc", "tbd", "fixme", "xxx", "lorem ipsum", "???")
_WORD = re.compile(r"\w")


def is_placeholder(value: str) -> bool:
    """True for text with no words at all, or with a placeholder marker such as TODO or TBC."""
    if _WORD.search(value) is None:
        return True
    lowered = value.lower()
    return any(marker in lowered for marker in _MARKERS) and _PLACEHOLDER.search(value) is not None


def _check_text(owner_label: str, owner_id: str, obj: object, where) -> Iterator[Problem]:
    for name in _TEXT_FIELDS:
        value = getattr(obj, name, None)
        if not isinstance(value, str):
            continue
        if is_placeholder(value):
            what = "empty" if not value.strip() else f"placeholder text {value.strip()[:40]!r}"
            yield Problem(where(name), CODE, f"{owner_label} {owner_id}: '{name}' is {what}",
                          element_id=owner_id, hint="write the text before release")


def check(fw: Framework) -> Iterator[Problem]:
    yield from _check_text("framework", fw.id, fw, fw.where)
    for element in fw.iter_elements():
        yield from _check_text(element.LABEL, element.id, element, element.where)
        for descriptor in getattr(element, "descriptors", ()):
            yield from _check_text(element.LABEL, f"{element.id} ({descriptor.stage})", descriptor, descriptor.where)
