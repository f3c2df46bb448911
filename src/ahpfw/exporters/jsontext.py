"""JSON text for large exports: one top-level member per line, and one list item per line.

Python's ``json`` module encodes in C only without ``indent``; fully indented
output of a large framework is several times slower. Writing each list item
(an item, an association, a graph node) on its own line keeps the speed and
still gives readable, line-by-line diffs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class Written(list):
    """A list of items already written as :func:`compact` JSON text; :func:`dumps_lines` writes them as they are.

    Large exports build their items' text directly, which is several times faster than
    building dicts for ``json`` to encode.
    """


def _c_encoder() -> Callable[[Any], str] | None:
    """``json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`` as one C encoder made once.

    ``json.dumps`` builds a new encoder on every call, which costs as much as
    encoding a small item; large exports encode hundreds of thousands of them.
    None where Python has no C encoder.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    encode = make(None, json.JSONEncoder().default, json.encoder.encode_basestring, None, ": ", ", ",
                  False, False, True)
    return lambda value: "".join(encode(value, 0))


_encode = _c_encoder()


def compact(value: Any) -> str:
    """``value`` as JSON on one line (``", "`` and ``": "`` separators, UTF-8 characters as they are)."""
    if _encode is not None:
        return _encode(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps_lines(data: dict[str, Any]) -> str:
    """``data`` as JSON text: each top-level member on its own line, lists one item per line."""
    members = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            texts = value if type(value) is Written else map(compact, value)
            items = ",\n".join(["  " + text for text in texts])
            members.append(f" {compact(key)}: [\n{items}\n ]")
        else:
            members.append(f" {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(members) + "\n}\n"
