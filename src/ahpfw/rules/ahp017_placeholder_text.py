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

from collections.abc import Iterator

from ..model import Framework, Located, schema_of
from ..model import value as model_value
from ..problems import Problem
from ..schema.info import SchemaInfo
from ..speed.screen import walk
from ..speed.textscan import is_placeholder, scan, text_fields

CODE = "AHP017"
NAME = "placeholder-text"
SUMMARY = "No text is empty or a placeholder (TODO, TBC, lorem ipsum...)."


def _problems(label: str, owner_id: str, obj: Located, schema: SchemaInfo) -> Iterator[Problem]:
    for name in text_fields(schema, type(obj)):
        value = model_value(obj, name)
        if isinstance(value, str) and is_placeholder(value):
            what = "empty" if not value.strip() else f"placeholder text {value.strip()[:40]!r}"
            yield Problem(obj.where(name), CODE, f"{label} {owner_id}: '{name}' is {what}",
                          element_id=owner_id, hint="write the text before release")


def check(fw: Framework) -> Iterator[Problem]:
    schema = schema_of(fw)
    yield from _problems("framework", fw.id, fw, schema)
    # every element and descriptor whose texts may be placeholders (textscan), in document order
    for obj, capability in walk(fw, scan(fw).placeholder_screen):
        if capability is None:
            yield from _problems(obj.LABEL, obj.id, obj, schema)
        else:
            yield from _problems(capability.LABEL, f"{capability.id} ({obj.stage})", obj, schema)
