"""Framework text as the learning platforms take it (the ``moodle`` and ``dls`` exports).

Both platforms hold a short name on one line, with a length limit, and a
description that they show as HTML. These are the two ways of writing text for
them, kept in one place: :func:`shorten` (one line, never longer than the limit,
cut at a word with an ellipsis) and :func:`html_paragraphs` (escaped text in
``<p>`` elements).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: What :func:`shorten` puts where it cut the text (one character).
ELLIPSIS = "\u2026"

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def one_line(text: str) -> str:
    """``text`` with every run of white space (newlines and tabs too) made one space, and trimmed."""
    return " ".join(text.split())


def shorten(text: str, limit: int, written: Callable[[str], str] = str, length: Callable[[str], int] = len) -> str:
    """``text`` on one line, cut so that ``written(result)`` measures at most ``limit`` by ``length``.

    ``written`` is how the platform's cell will hold the text (escaped, say, or with an
    apostrophe in front), and ``length`` how the platform counts (characters, or UTF-16
    code units: :func:`utf16_length`), since that is what its limit applies to. Text that
    fits is returned whole; otherwise it is cut at the last space that leaves room for
    :data:`ELLIPSIS` (in the middle of a word only when it is one long word). The same
    text always gives the same result.
    """
    if limit < 1:
        raise ValueError(f"limit {limit} leaves no room for text")
    line = one_line(text)
    if length(written(line)) <= limit:
        return written(line)
    room = min(len(line), limit) - 1
    while room > 0:
        cut = line[:room]
        space = cut.rfind(" ")
        if space > 0 and line[room:room + 1] != " ":
            cut = cut[:space]
        result = written(cut.rstrip() + ELLIPSIS)
        if length(result) <= limit:
            return result
        room -= 1
    return written(ELLIPSIS)


def utf16_length(text: str) -> int:
    """How long .NET and SQL Server's ``nvarchar`` count ``text``: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NEEDS_ESCAPE = re.compile(r'[&<>"]')


def _escape(text: str) -> str:
    """Text as HTML element content: ``&``, ``<``, ``>`` and ``"`` escaped (so no double quote is left to
    confuse a CSV reader)."""
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def html_paragraphs(texts: Iterable[str | None], small: Iterable[str | None] = ()) -> str:
    """The texts as HTML: each paragraph (texts split at blank lines) escaped in its own ``<p>``,
    a single line break as ``<br>``; the ``small`` texts (where the words come from, say) after
    them, each in ``<p><small>``. Empty and missing texts are left out."""

    def paragraphs(text: str) -> list[str]:
        if "\n" not in text and "\r" not in text:  # one line: one paragraph (most text)
            line = text.strip()
            return [_escape(line)] if line else []
        parts = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n").strip())
        return ["<br>".join(_escape(line.strip()) for line in part.split("\n"))
                for part in parts if part.strip()]

    out = [f"<p>{p}</p>" for text in texts if text for p in paragraphs(text)]
    out += [f"<p><small>{p}</small></p>" for text in small if text for p in paragraphs(text)]
    return "".join(out)
