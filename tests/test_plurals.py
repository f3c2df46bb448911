"""ahpfw.plurals: one place that words counts (``1 response``, ``2 responses``)."""

from __future__ import annotations

import re
import tokenize
from pathlib import Path

import pytest

from ahpfw.plurals import count, plural

SRC = Path(__file__).resolve().parents[1] / "src" / "ahpfw"


@pytest.mark.parametrize("n, word, expected", [
    (1, "response", "1 response"), (0, "response", "0 responses"), (2, "response", "2 responses"),
    (1, "capability", "1 capability"), (3, "capability", "3 capabilities"), (2, "day", "2 days"),
    (2, "match", "2 matches"), (2, "box", "2 boxes"), (2, "possible id change", "2 possible id changes"),
    (2, "person", "2 people"),
])
def test_count_words_one_and_many(n, word, expected):
    assert count(n, word, "people" if word == "person" else None) == expected


def test_plural_alone():
    assert plural("strategy priority") == "strategy priorities" and plural("element", 1) == "element"


def _strings(path: Path):
    """(line, text) of every string literal in a Python file, f-strings' fixed text included."""
    kinds = {tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    with path.open("rb") as fh:
        for token in tokenize.tokenize(fh.readline):
            if token.type in kinds:
                yield token.start[0], re.sub(r"\{[^{}]*\}", "", token.string)  # not the f-string's code


def test_no_message_words_a_count_with_a_bracketed_plural():
    """'1 cell(s)': counts are worded through ahpfw.plurals instead."""
    found = [f"{p.relative_to(SRC)}:{line}" for p in sorted(SRC.rglob("*.py"))
             for line, text in _strings(p) if re.search(r"[a-z]\((s|es)\)", text)]
    assert found == []
