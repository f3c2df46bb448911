"""GitHub Actions workflow commands, so problems show as annotations on a pull request."""

from __future__ import annotations

from collections.abc import Sequence

from ..problems import Problem, display_path


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_problems(problems: Sequence[Problem], **_: object) -> str:
    """``::error file=...,line=...,col=...,title=CODE::message`` lines."""
    lines = []
    for p in problems:
        props = [f"file={_escape(display_path(p.location.path), prop=True)}"]
        if p.location.line:
            props += [f"line={p.location.line}", f"col={p.location.col or 1}"]
        props.append(f"title={_escape(p.code, prop=True)}")
        lines.append(f"::{p.severity} {','.join(props)}::{_escape(p.message)}")
    return "\n".join(lines)
