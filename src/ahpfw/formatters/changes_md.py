"""A change set as Markdown release notes, to paste into a consultation response."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..history.changes import Change, ChangeSet, FieldChange
from ._changes import HEADINGS, detail, field_name, inline_diff, item_lines, summary_line, unrelated_note

_SPECIAL = re.compile(r"([\\`*_\[\]<>~#|])")


def escape(text: str) -> str:
    """Text with Markdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", text)


_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)
_LAST_WORD = re.compile(r"[\w'’-]+$")
_FIRST_WORD = re.compile(r"^[\w'’-]+")
_LAST_TOKEN = re.compile(r"[\w'’-]+$|[^\w\s]$")
_FIRST_TOKEN = re.compile(r"^[\w'’-]+|^[^\w\s]")


def _wrap(marker: str):
    """Wrap changed words in ``marker`` (``**`` or ``~~``) with the spaces at their edges outside it
    (Markdown does not close ``**`` after a space) and any punctuation inside, where it was written."""
    def wrap(text: str) -> str:
        lead, core, trail = _EDGE.match(text).groups()  # type: ignore[union-attr]
        if not core:
            return escape(text)
        return f"{escape(lead)}{marker}{escape(core)}{marker}{escape(trail)}"
    return wrap


_MARKS = {"same": escape, "removed": _wrap("~~"), "added": _wrap("**")}


def _punctuation(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def markdown_words(words: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """A word diff regrouped so that Markdown can mark every change where it is.

    Markdown opens ``**`` or ``~~`` only where the marker is not squeezed between a
    letter and a punctuation mark (CommonMark's flanking rules): ``resources**, approaches**``
    would show the asterisks. Where a change starts or ends with punctuation next to a
    word, that word joins the change on both sides (``~~resources~~**resources, approaches**``),
    so the punctuation stays inside the change instead of moving to the unchanged text.

    The spaces at the edges of a change are written outside its markers, so a reader sees
    them in both texts. Where a space belongs to one side only and would stand where the
    other text has none (``small ~~changes~~**, planned**`` reads "small , planned" without
    the struck words), the word next to it joins the change too
    (``~~small changes~~**small, planned**``).
    """
    pieces = _grouped(words)
    while _borrow_words(pieces):
        pieces = _grouped(_ungrouped(pieces))
    return tuple(_ungrouped(pieces))


def _grouped(words: Iterable[tuple[str, str]]) -> list[list[str]]:
    """``["=", text]`` for unchanged text and ``["~", removed, added]`` for each run of changes."""
    pieces: list[list[str]] = []
    for op, text in words:
        if op == "=":
            if text:
                pieces.append(["=", text])
            continue
        if not pieces or pieces[-1][0] != "~":
            pieces.append(["~", "", ""])
        pieces[-1][1 if op == "-" else 2] += text
    return pieces


def _ungrouped(pieces: list[list[str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for piece in pieces:
        if piece[0] == "=":
            out.append(("=", piece[1]))
        else:
            out += [(op, text) for op, text in (("-", piece[1]), ("+", piece[2])) if text]
    return out


def _edges(text: str) -> tuple[str, str, str]:
    return _EDGE.match(text).groups()  # type: ignore[union-attr,return-value]


def _spaced_wrongly(before: str, removed: str, added: str, after: str) -> tuple[bool, bool]:
    """Whether a change, written as :func:`_wrap` writes it, reads wrongly because of a space at its start
    or at its end that only one side has (as rendered Markdown reads: spaces squeezed)."""
    (rl, rc, rt), (al, ac, at) = _edges(removed), _edges(added)
    seen_old = before + rl + rc + rt + al + at + after
    seen_new = before + rl + rt + al + ac + at + after
    wrong = (" ".join(seen_old.split()) != " ".join((before + removed + after).split())
             or " ".join(seen_new.split()) != " ".join((before + added + after).split()))
    if not wrong:
        return False, False
    return bool(rl) != bool(al), bool(rt) != bool(at)


def _borrow_words(pieces: list[list[str]]) -> bool:
    """Move the word next to a change into it where punctuation meets that word, or where a space that
    only one side has would show in the other; True if any moved."""
    moved = False
    for n, piece in enumerate(pieces):
        if piece[0] != "~":
            continue
        before = pieces[n - 1][1] if n and pieces[n - 1][0] == "=" else ""
        after = pieces[n + 1][1] if n + 1 < len(pieces) and pieces[n + 1][0] == "=" else ""
        at_start, at_end = _spaced_wrongly(before, piece[1], piece[2], after)
        first_token = _LAST_TOKEN.search(before) if at_start else None
        if first_token is not None:
            pieces[n - 1][1] = before[: first_token.start()]
            piece[1], piece[2] = first_token.group() + piece[1], first_token.group() + piece[2]
        last_token = _FIRST_TOKEN.match(after) if at_end else None
        if last_token is not None:
            pieces[n + 1][1] = after[last_token.end():]
            piece[1], piece[2] = piece[1] + last_token.group(), piece[2] + last_token.group()
        if first_token is not None or last_token is not None:
            moved = True
            continue
        first, last = piece[1] or piece[2], piece[2] or piece[1]
        if n and pieces[n - 1][0] == "=" and _punctuation(first[0]) and pieces[n - 1][1][-1:].isalnum():
            word = _LAST_WORD.search(pieces[n - 1][1]).group()  # type: ignore[union-attr]
            pieces[n - 1][1] = pieces[n - 1][1][: -len(word)]
            piece[1], piece[2] = word + piece[1], word + piece[2]
            moved = True
        if n + 1 < len(pieces) and pieces[n + 1][0] == "=" and _punctuation(last[-1]) \
                and pieces[n + 1][1][:1].isalnum():
            word = _FIRST_WORD.match(pieces[n + 1][1]).group()  # type: ignore[union-attr]
            pieces[n + 1][1] = pieces[n + 1][1][len(word):]
            piece[1], piece[2] = piece[1] + word, piece[2] + word
            moved = True
    return moved


def _field_lines(cs: ChangeSet, fc: FieldChange, indent: str = "  ") -> list[str]:
    """One bullet for a field change; a list field with several items taken out, or several put in
    (evidence quotes, say), gets one sub-bullet per item, so each reads on its own line."""
    name = escape(field_name(cs, fc))
    items = item_lines(fc, removed=_MARKS["removed"], added=_MARKS["added"])
    if items is not None:
        return [f"{indent}- {name}:"] + [f"{indent}  - {item}" for item in items]
    if fc.words is not None:
        fc = replace(fc, words=markdown_words(fc.words))
    return [f"{indent}- {name}: {inline_diff(fc, **_MARKS)}"]


def _entry(cs: ChangeSet, c: Change) -> list[str]:
    where = f", in {escape(cs.label(c.domain))}" if c.domain and c.type not in ("moved",) else ""
    head = f"- **{escape(c.label)}** (`{c.id}`, {c.kind}{where})"
    if c.type in ("added", "removed") and c.text:
        return [f"{head}: {escape(c.text)}"]
    note = "" if c.type == "modified" else detail(cs, c)
    first = f"{head}: {escape(note)}" if note else head + (":" if c.fields else "")
    return [first] + [line for fc in c.fields for line in _field_lines(cs, fc)]


def format_changes(cs: ChangeSet, *, heading_level: int = 2, header: bool = True, **_: object) -> str:
    """Release notes: a summary, then one section per kind of change, each element by code, name and id."""
    h = "#" * heading_level
    out: list[str] = []
    if header:
        out += [f"{h} Changes from {escape(cs.old.version)} to {escape(cs.new.version)}", ""]
    unrelated = unrelated_note(cs)
    if unrelated:
        out += [f"**Note:** {escape(unrelated)}", ""]
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
        out += [line for fc in cs.metadata for line in _field_lines(cs, fc, indent="")]
        out.append("")
    return "\n".join(out)
