"""JSON text for large exports: one top-level member per line, and one list item per line.

Python's ``json`` module encodes in C only without ``indent``; fully indented
output of a large framework is several times slower. Writing each list item
(an item, an association, a graph node) on its own line keeps the speed and
still gives readable, line-by-line diffs.
"""

from __future__ import annotations

import json
from typing import Any


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps_lines(data: dict[str, Any]) -> str:
    """``data`` as JSON text: each top-level member on its own line, lists one item per line."""
    members = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n".join("  " + _compact(item) for item in value)
            members.append(f" {_compact(key)}: [\n{items}\n ]")
        else:
            members.append(f" {_compact(key)}: {_compact(value)}")
    return "{\n" + ",\n".join(members) + "\n}\n"
