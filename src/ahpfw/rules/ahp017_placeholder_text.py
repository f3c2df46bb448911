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
from dataclasses import fields
from functools import cache

from ..model import Framework, Located
from ..problems import Problem

CODE = "AHP017"
NAME = "placeholder-text"
SUMMARY = "No text is empty or a placeholder (TODO, TBC, lorem ipsum...)."

_TEXT_FIELDS = ("name", "title", "description", "statement", "rationale", "text", "justification", "scope")
_PLACEHOLDER = re.compile(r"\b(?:TODO|TBC|TBD|FIXME|XXX+|lorem ipsum)\b|\?\?\?", re.IGNORECASE)
_WORD = re.compile(r"\w")


def is_placeholder(value: str) -> bool:
    """True for text with no words at all, or with a placeholder marker such as TODO or TBC."""
    if _WORD.search(value) is None:
        return True
    lowered = value.lower()
    # Plain substring tests first (no generator: this runs for every text of the framework).
    return ("todo" in lowered or "tbc" in lowered or "tbd" in lowered or "fixme" in lowered or "xxx" in lowered
            or "lorem ipsum" in lowered or "???" in lowered) and _PLACEHOLDER.search(value) is not None


@cache
def _text_fields(cls: type) -> tuple[str, ...]:
    names = {f.name for f in fields(cls)}
    return tuple(name for name in _TEXT_FIELDS if name in names)


def _texts(fw: Framework) -> Iterator[tuple[str, str, str, str, Located]]:
    """(owner label, owner id, field, text, the object holding it) for every text in the framework."""
    yield from _texts_of("framework", fw.id, fw)
    for element in fw.iter_elements():
        yield from _texts_of(element.LABEL, element.id, element)
        for descriptor in getattr(element, "descriptors", ()):
            yield from _texts_of(element.LABEL, f"{element.id} ({descriptor.stage})", descriptor)


def _texts_of(label: str, owner_id: str, obj: Located) -> Iterator[tuple[str, str, str, str, Located]]:
    for name in _text_fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, str):
            yield label, owner_id, name, value, obj


def check(fw: Framework) -> Iterator[Problem]:
    for label, owner_id, name, value, obj in _texts(fw):
        if is_placeholder(value):
            what = "empty" if not value.strip() else f"placeholder text {value.strip()[:40]!r}"
            yield Problem(obj.where(name), CODE, f"{label} {owner_id}: '{name}' is {what}",
                          element_id=owner_id, hint="write the text before release")
