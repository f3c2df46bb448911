"""Helpers the change-set formatters share: field names for people, and inline diffs in any markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..history.changes import Change, ChangeSet, FieldChange
from ..plurals import count

Wrap = Callable[[str], str]

#: Headings for each kind of change, as release notes put them.
HEADINGS = {
    "added": "Added",
    "removed": "Removed",
    "retired": "Retired",
    "modified": "Changed",
    "moved": "Moved to another domain",
    "renumbered": "Renumbered",
    "reordered": "Reordered",
}


def field_name(cs: ChangeSet, fc: FieldChange) -> str:
    """``statement``, ``descriptor for S2 Practice educator`` or ``origin of descriptor for S2 ...``."""
    if fc.stage is not None:
        descriptor = f"descriptor for {cs.label(fc.stage)}"
        return descriptor if fc.field == "descriptors" else f"{fc.field.replace('_', ' ')} of {descriptor}"
    return fc.field.replace("_", " ")


def value_text(value: Any, names: Mapping[str, str] | None = None) -> str:
    """A field's value as text: list items joined, an evidence quote as ``source: “quote”``,
    and each referenced id with its element's ``code name`` from ``names``:
    ``S2 Practice educator (ahpfw:STAGE-0002)``."""
    if isinstance(value, list):
        return ", ".join(value_text(v, names) for v in value)
    if isinstance(value, dict) and set(value) == {"source", "quote"}:  # an evidence quote
        return f"{value_text(value['source'], names)}: “{value['quote']}”"
    if isinstance(value, str) and names and value in names:
        return f"{names[value]} ({value})"
    if isinstance(value, dict):  # another nested object, such as a related work: its title, then its other fields
        rest = "; ".join(f"{k.replace('_', ' ')}: {value_text(v, names)}"
                         for k, v in value.items() if k != "title" and v)
        title = value_text(value.get("title"), names)
        return f"{title} ({rest})" if title and rest else title or rest
    return "" if value is None else str(value)


def list_items(fc: FieldChange, *, removed: Wrap, added: Wrap) -> tuple[list[str], list[str]] | None:
    """The items a change to a list field takes out and those it puts in, each wrapped; None when the
    field is not a list on both sides (see :func:`inline_diff`)."""
    if not (isinstance(fc.old, list) and isinstance(fc.new, list)):
        return None
    names = dict(fc.names)
    return ([removed(value_text(v, names)) for v in fc.old if v not in fc.new],
            [added(value_text(v, names)) for v in fc.new if v not in fc.old])


def item_lines(fc: FieldChange, *, removed: Wrap, added: Wrap) -> list[str] | None:
    """The items of a list field's change, each wrapped, when it takes out several or puts in several
    (evidence quotes, say): each then reads on its own line. None otherwise (use :func:`inline_diff`)."""
    items = list_items(fc, removed=removed, added=added)
    if items is None or max(map(len, items)) < 2:
        return None
    return items[0] + items[1]


def inline_diff(fc: FieldChange, *, same: Wrap, removed: Wrap, added: Wrap, arrow: str = " → ") -> str:
    """The change to one field as one line of marked-up text.

    Long text shows its word-level diff; lists show the items taken out and put
    in; anything else shows old and new. ``same``, ``removed`` and ``added`` wrap
    (and escape) each piece in the caller's markup.
    """
    if fc.words is not None:
        wrap = {"=": same, "-": removed, "+": added}
        return "".join(wrap[op](text) for op, text in fc.words)
    names = dict(fc.names)
    items = list_items(fc, removed=removed, added=added)
    if items is not None:
        parts = items[0] + items[1]
        return " ".join(parts) if parts else same("same items, new order: " + value_text(fc.new, names))
    if fc.old is None:
        return added(value_text(fc.new, names))
    if fc.new is None:
        return removed(value_text(fc.old, names))
    return removed(value_text(fc.old, names)) + same(arrow) + added(value_text(fc.new, names))


def detail(cs: ChangeSet, change: Change) -> str:
    """A short plain-text note on a change: where it moved, its new code, what replaces it."""
    if change.type == "moved":
        return f"from {cs.label(change.before)} to {cs.label(change.after)}"
    if change.type == "renumbered":
        return f"{change.before} → {change.after}"
    if change.type == "reordered":
        return f"position {change.before} → {change.after}"
    if change.type == "retired":
        if change.replaced_by:
            return "replaced by " + ", ".join(f"{cs.label(r)} ({r})" for r in change.replaced_by)
        return "not replaced"
    return ""


def unrelated_note(cs: ChangeSet) -> str | None:
    """For two frameworks with no element in common, a sentence saying so (else None)."""
    if not cs.unrelated:
        return None
    which = (f" ({cs.old.id} and {cs.new.id} are different frameworks)" if cs.old.id != cs.new.id else "")
    return (f"These two share nothing: no element id is in both{which}, so every element of the old one is "
            "listed as removed and every element of the new one as added.")


def summary_line(cs: ChangeSet) -> str:
    """``3 added, 1 retired, 5 modified`` (or ``no changes``)."""
    counts = cs.counts()
    parts = [f"{counts[t]} {t}" for t in HEADINGS if counts[t]]
    if counts["suspected_id_changes"]:
        parts.append(count(counts['suspected_id_changes'], "possible id change"))
    if cs.metadata:
        parts.append("framework details changed")
    return ", ".join(parts) if parts else "no changes"
