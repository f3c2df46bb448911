"""Formatters: pure functions from problems (or change sets) to text, one module per output format."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

from ..plurals import count
from ..problems import Problem

#: Output formats for problems, in the order ``--format`` lists them.
PROBLEM_FORMATS = ("text", "json", "github", "sarif")


def problem_formatter(name: str) -> Callable[..., str]:
    """The ``format_problems(problems, **options) -> str`` function of a format."""
    if name not in PROBLEM_FORMATS:
        raise KeyError(name)
    return import_module(f"{__name__}.{name}").format_problems


#: Output formats for change sets (``ahpfw diff --format``).
CHANGE_FORMATS = ("text", "md", "json", "html")


def change_formatter(name: str) -> Callable[..., str]:
    """The ``format_changes(changeset, **options) -> str`` function of a format."""
    if name not in CHANGE_FORMATS:
        raise KeyError(name)
    return import_module(f"{__name__}.changes_{name}").format_changes


def summary(problems: Sequence[Problem]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "no problems"
    parts = []
    if errors:
        parts.append(count(errors, "error"))
    if warnings:
        parts.append(count(warnings, "warning"))
    return ", ".join(parts)
