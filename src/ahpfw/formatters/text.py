"""``path:line:col: CODE message`` lines, as compilers and linters print them."""

from __future__ import annotations

from collections.abc import Sequence

from ..problems import Problem

_RED, _YELLOW, _BOLD, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def format_problems(problems: Sequence[Problem], *, color: bool = False, hints: bool = False) -> str:
    """One line per problem; with ``hints``, an indented line saying what to do."""
    lines = []
    for p in problems:
        code = p.code
        if color:
            code = f"{_RED if p.severity == 'error' else _YELLOW}{_BOLD}{code}{_RESET}"
        suffix = " (warning)" if p.severity == "warning" else ""
        lines.append(f"{p.location.display()}: {code} {p.message}{suffix}")
        if hints and p.hint:
            lines.append(f"    hint: {p.hint}")
    return "\n".join(lines)
