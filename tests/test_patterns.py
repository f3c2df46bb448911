"""ahpfw.patterns: the example shown beside a value that is not well-formed fits the pattern it broke."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ahpfw.patterns import example

from .conftest import REPO


def _schema_patterns() -> list[str]:
    """Every pattern of the shipped JSON Schema (ids of each kind, codes, versions, dates)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((REPO / "exports" / "json-schema" / "ahpfw.schema.json").read_text(encoding="utf-8")))
    return sorted(found)


PATTERNS = _schema_patterns()


def test_the_schema_has_patterns_to_check():
    assert len(PATTERNS) >= 5


# Text near what authors write: the characters the patterns use, look-alikes, invisible characters.
_NEAR = st.text(st.sampled_from(list("ahpfwCAPDOM:-._/ 0123456789vx") + ["\u041e", "\uff11", "\u200b"]), max_size=24)


@settings(deadline=None, derandomize=True, max_examples=300)
@given(pattern=st.sampled_from(PATTERNS), value=st.one_of(_NEAR, st.text(max_size=24)))
def test_every_schema_pattern_gets_an_example_that_fits_it(pattern, value):
    made = example(pattern, value)
    assert made is not None and re.search(pattern, made), (pattern, value, made)


@pytest.mark.parametrize("pattern, value, expected", [
    (r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$", "0.3", "0.3.0"),
    (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "2024-1-5", "2024-01-05"),
    (r"^[a-z][a-z0-9]*:CAP-[0-9]{4,6}$", "ahpfw:CAP-07", "ahpfw:CAP-0007"),
    (r"^[a-z][a-z0-9]*:DOM-[0-9]{4,6}$", "ahpfw:D\u041eM-0001", "ahpfw:DOM-0001"),  # a Cyrillic O
    (r"^[a-z][a-z0-9]*:CAP-[0-9]{4,6}$", "ahpfw:cap 0\u200b001", "ahpfw:CAP-0001"),
])
def test_the_example_follows_the_value_where_the_pattern_allows(pattern, value, expected):
    assert example(pattern, value) == expected


@pytest.mark.parametrize("pattern", [r"(?=a)b", r"(a)\1", r"a(?<!b)c"])
def test_a_pattern_it_cannot_follow_gives_no_example(pattern):
    assert example(pattern, "x") is None
