"""Problems found in a framework, and the errors that stop a command.

Modelled on jsonschema's ``ValidationError``: one rich object with a location,
so every consumer (text, JSON, GitHub annotations, SARIF) formats the same data.

Every error ahpfw raises on purpose derives from :class:`Error` (exported as
``ahpfw.Error``): :class:`UsageError` for something a caller gave that names
nothing usable, :class:`FrameworkError` for a framework that cannot be loaded,
and ``ahpfw.editing.releases.ReleaseError`` for a refused release.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Location(NamedTuple):
    """A place in a source file: path, 1-based line and 1-based column."""

    path: str
    line: int = 0
    col: int = 0

    def display(self) -> str:
        """``path:line:col``, with the path relative to the working directory when under it."""
        shown = display_path(self.path)
        if self.line:
            return f"{shown}:{self.line}:{self.col or 1}"
        return shown


def display_path(path: str | os.PathLike[str]) -> str:
    """A path as a user should see it: relative to the working directory when inside it.

    Characters that cannot be shown (a line break or an escape in a file name) are
    written as escapes, so a path always stays on its line and cannot drive the terminal.
    """
    p = Path(path)
    try:
        shown = p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        shown = str(p)
    return shown if shown.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)


def brief(value: object, limit: int = 60) -> str:
    """A value as a message should show it: quoted, escaped, and cut to about ``limit`` characters.

    Escaping keeps control characters and invisible ones (such as a zero-width
    space) visible, and keeps text from a file from driving the terminal.
    """
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + f"... ({len(value):,} characters)"
    shown = repr(value)
    return shown if len(shown) <= limit + 2 else shown[:limit] + "..."


SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Check:
    """A problem the reader raises before there is a framework to check (AHP001-AHP005), documented where
    it is raised (:mod:`ahpfw.reading.yamlfile`, :mod:`ahpfw.reading.loader`); ``ahpfw rules`` lists it with the rules.
    ``doc`` has the sections What, Why, Example and Fix, as a rule's docstring."""

    code: str
    name: str
    summary: str
    doc: str
    severity: str = "error"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a framework, pinned to where it was written."""

    location: Location
    code: str
    message: str
    severity: str = "error"
    element_id: str | None = field(default=None, compare=False)
    hint: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.location.display()}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary; the keys are the documented JSON output format."""
        return {
            "path": display_path(self.location.path),
            "line": self.location.line,
            "col": self.location.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "element_id": self.element_id,
            "hint": self.hint,
        }


class Error(Exception):
    """The base of every error ahpfw raises on purpose: ``except ahpfw.Error`` catches them all."""


class FrameworkError(Error):
    """A framework could not be loaded. ``problems`` says why, each with a location."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "framework could not be loaded")


class UsageError(Error):
    """A call or command was given something it cannot use (a path, name or version naming nothing usable,
    an unknown format...)."""
