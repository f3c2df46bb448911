"""A JSON array of problems: path, line, col, code, severity, message, element_id, hint."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..problems import Problem


def format_problems(problems: Sequence[Problem], **_: object) -> str:
    """The problems as a JSON array (empty when there are none)."""
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
