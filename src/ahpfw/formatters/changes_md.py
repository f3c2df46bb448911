"""A change set as Markdown release notes, to paste into a consultation response."""

from __future__ import annotations

import re

from ..changes import Change, ChangeSet
from ._changes import HEADINGS, detail, field_name, inline_diff, summary_line

_SPECIAL = re.compile(r"([\\`*_\[\]<>~#|])")


def escape(text: str) -> str:
    """Text with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", text)


_EDGE = re.compile(r"^([\W_]*)(.*?)([\W_]*)$", re.S)


def _wrap(marker: str):
    """Wrap changed words in ``marker`` (``**`` or ``~~``), keeping spaces and punctuation at the
    edges outside it: Markdown does not open ``**`` between a letter and a comma."""
    def wrap(text: str) -> str:
        lead, core, trail = _EDGE.match(text).groups()  # type: ignore[union-attr]
        if not core:
            return escape(text)
        return f"{escape(lead)}{marker}{escape(core)}{marker}{escape(trail)}"
    return wrap


_MARKS = {"same": escape, "removed": _wrap("~~"), "added": _wrap("**")}


def _entry(cs: ChangeSet, c: Change) -> list[str]:
    where = f", in {escape(cs.label(c.domain))}" if c.domain and c.type not in ("moved",) else ""
    head = f"- **{escape(c.label)}** (`{c.id}`, {c.kind}{where})"
    if c.type in ("added", "removed") and c.text:
        return [f"{head}: {escape(c.text)}"]
    if c.type == "modified":
        return [head + ":"] + [f"  - {escape(field_name(cs, fc))}: {inline_diff(fc, **_MARKS)}" for fc in c.fields]
    note = detail(cs, c)
    return [f"{head}: {escape(note)}" if note else head]


def format_changes(cs: ChangeSet, *, heading_level: int = 2, header: bool = True, **_: object) -> str:
    """Release notes: a summary, then one section per kind of change, each element by code, name and id."""
    h = "#" * heading_level
    out: list[str] = []
    if header:
        out += [f"{h} Changes from {escape(cs.old.version)} to {escape(cs.new.version)}", ""]
    out += [f"**Summary:** {escape(summary_line(cs))}.", ""]
    advice = cs.advice
    out += [f"**Version:** {escape(advice.message())}.", ""]
    for change_type, heading in HEADINGS.items():
        changes = cs.of_type(change_type)
        if not changes:
            continue
        out += [f"{h}# {heading}", ""]
        for c in changes:
            out += _entry(cs, c)
        out.append("")
    if cs.suspected_id_changes:
        out += [f"{h}# Possible identifier changes", "",
                "These elements were removed and near-identical ones added. Identifiers must stay stable: "
                "keep the old id, or retire it with `replaced_by`.", ""]
        out += [f"- `{s.old_id}` → `{s.new_id}` ({s.kind}, similarity {s.similarity:.2f})"
                for s in cs.suspected_id_changes]
        out.append("")
    if cs.metadata:
        out += [f"{h}# Framework details", ""]
        out += [f"- {escape(field_name(cs, fc))}: {inline_diff(fc, **_MARKS)}" for fc in cs.metadata]
        out.append("")
    return "\n".join(out)
