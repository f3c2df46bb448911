"""The compiled fast check used on big documents agrees with jsonschema on what is valid."""

from __future__ import annotations

import copy

import pytest

from ahpfw import loader
from ahpfw.paths import json_schema_path

from .conftest import SHIPPED


def _mutations():
    yield "unchanged", lambda d: None
    yield "wrong type", lambda d: d["career_stages"][0].__setitem__("rank", "first")
    yield "unknown field", lambda d: d["domains"][0]["capabilities"][0].__setitem__("statment", "x")
    yield "missing required", lambda d: d["domains"][0]["capabilities"][0].pop("statement")
    yield "bad id pattern", lambda d: d["domains"][0]["capabilities"][0].__setitem__("id", "ahpfw:CAP-1")
    yield "wrong kind in id", lambda d: d["domains"][0].__setitem__("id", "ahpfw:CAP-0999")
    yield "bad enum", lambda d: d.__setitem__("status", "finished")
    yield "empty optional list", lambda d: d["domains"][0]["capabilities"][0].__setitem__("meets_needs", None)
    yield "list where text", lambda d: d.__setitem__("title", ["a"])
    yield "bad element status", lambda d: d["principles"][0].__setitem__("status", "gone")
    yield "bool for int", lambda d: d["career_stages"][0].__setitem__("rank", True)


@pytest.mark.parametrize("name,mutate", list(_mutations()), ids=[n for n, _ in _mutations()])
def test_fast_check_agrees_with_jsonschema(name, mutate):
    raw = loader.read_framework(SHIPPED)
    data = copy.deepcopy(raw.data)
    mutate(data)
    raw.data = data
    path = str(json_schema_path(raw.root))
    full = loader._validator(path, None)
    assert loader._passes_fast_check(path, None, data) == full.is_valid(data)
    assert loader._passes_fast_check(path, None, data) == (name in ("unchanged", "empty optional list"))


def test_big_documents_take_the_fast_path_and_still_report_problems(monkeypatch):
    monkeypatch.setattr(loader, "FAST_CHECK_FROM", 1)
    raw = loader.read_framework(SHIPPED)
    assert loader.schema_problems(raw) == []
    raw.data["career_stages"][0]["rank"] = "first"
    problems = loader.schema_problems(raw)
    assert [p.code for p in problems] == ["AHP005"] and "'rank' should be a whole number" in problems[0].message
