"""A change set for the terminal: grouped by domain, one line per change, colour only on a terminal."""

from __future__ import annotations

from ..history.changes import ChangeSet, FieldChange
from ._changes import detail, field_name, inline_diff, item_lines, summary_line, unrelated_note

_RED, _GREEN, _YELLOW, _CYAN, _BOLD, _RESET = "\033[31m", "\033[32m", "\033[33m", "\033[36m", "\033[1m", "\033[0m"
_MARK = {"added": "+", "removed": "-", "retired": "x", "modified": "~", "moved": ">", "renumbered": "#",
         "reordered": "^"}
_COLOUR = {"added": _GREEN, "removed": _RED, "retired": _RED, "modified": _YELLOW, "moved": _CYAN,
           "renumbered": _CYAN, "reordered": _CYAN}


def format_changes(cs: ChangeSet, *, color: bool = False, **_: object) -> str:
    """Every change, grouped by domain (other elements by collection), then the version advice."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color and text else text

    if color:
        marks = {"same": lambda t: t, "removed": lambda t: paint(_RED, t), "added": lambda t: paint(_GREEN, t)}
    else:
        marks = {"same": lambda t: t, "removed": lambda t: f"[-{t}-]", "added": lambda t: f"{{+{t}+}}"}
    def field_lines(fc: FieldChange, first: str, indent: str) -> list[str]:
        """A field's change on one line; a list field's several items taken out or put in, one per line."""
        items = item_lines(fc, removed=marks["removed"], added=marks["added"])
        if items is not None:
            return [f"{first}{field_name(cs, fc)}:"] + [f"{indent}{item}" for item in items]
        return [f"{first}{field_name(cs, fc)}: {inline_diff(fc, **marks)}"]

    lines = [f"{cs.old.source} ({cs.old.version}) -> {cs.new.source} ({cs.new.version})"]
    unrelated = unrelated_note(cs)
    if unrelated:
        lines.append(paint(_BOLD, f"Note: {unrelated}"))
    if cs.metadata:
        lines.append(paint(_BOLD, "Framework"))
        for fc in cs.metadata:
            lines.extend(field_lines(fc, "  ~ ", "      "))
    for title, changes in cs.grouped():
        lines.append(paint(_BOLD, title))
        for c in changes:
            head = paint(_COLOUR[c.type], f"{_MARK[c.type]} {c.type:<10}")
            note = detail(cs, c)
            lines.append(f"  {head} {c.label} [{c.id}]" + (f" {note}" if note else ""))
            for fc in c.fields:
                lines.extend(field_lines(fc, "      ", "        "))
    if cs.suspected_id_changes:
        lines.append(paint(_BOLD, "Possible identifier changes"))
        for s in cs.suspected_id_changes:
            lines.append(f"  ? {s.kind} {s.old_id} was removed and {s.new_id} added, and they look alike "
                         f"(similarity {s.similarity:.2f}); ids must stay stable: keep {s.old_id}")
    lines.append(f"Summary: {summary_line(cs)}")
    advice = cs.advice
    lines.append(f"Version: {advice.message()}" if advice.ok else paint(_RED, f"Version: {advice.message()}"))
    return "\n".join(lines)
