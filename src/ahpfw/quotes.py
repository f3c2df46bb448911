"""Finding an evidence quote in the archived text of its source.

A quote matches when it is in the text word for word after normalising only
white space (any run of it is one space) and typographic quotes and apostrophes
(‘ ’ “ ” and the like become ' and "), as the provenance contract says. The
match is given in the positions of the original text, so a reader can be shown
exactly where the words stand.
"""

from __future__ import annotations

import re

#: Typographic quotes and apostrophes, and the plain character each stands for.
QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                             "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with white space runs as one space (none at the ends) and plain quotes and apostrophes."""
    return _SPACE.sub(" ", text.translate(QUOTE_MARKS)).strip()


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, where it starts in ``text``."""
    out: list[str] = []
    at: list[int] = []
    pending_space = False
    for i, ch in enumerate(text.translate(QUOTE_MARKS)):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            at.append(i - 1)
            pending_space = False
        out.append(ch)
        at.append(i)
    return "".join(out), at


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` (start, end in ``text``), or None when it is not there."""
    wanted = normalise(quote)
    if not wanted:
        return None
    flat, at = _normalised_with_positions(text)
    found = flat.find(wanted)
    if found < 0:
        return None
    return at[found], at[found + len(wanted) - 1] + 1
