"""The canonical JSON form round-trips and is stable."""

from __future__ import annotations

import json

import ahpfw
from ahpfw.history.canonical import from_data, load_json, to_data, to_json

from .conftest import MINIMAL


def test_round_trip_gives_an_equal_model(tmp_path):
    fw = ahpfw.load(MINIMAL)
    path = tmp_path / "framework.json"
    path.write_text(to_json(fw), encoding="utf-8")
    again = load_json(path)
    assert again == fw
    assert to_json(again) == to_json(fw)


def test_defaults_are_left_out_and_order_is_the_documents():
    data = to_data(ahpfw.load(MINIMAL))
    cap = data["domains"][0]["capabilities"][0]
    assert list(cap)[:3] == ["id", "name", "code"]
    assert "status" not in cap and "location" not in cap and "domain" not in cap
    assert [c["id"] for c in data["domains"][0]["capabilities"]] == ["ahpfw:CAP-0001", "ahpfw:CAP-0002"]


def test_bad_data_is_refused_with_a_located_problem(tmp_path):
    data = to_data(ahpfw.load(MINIMAL))
    data["career_stages"][0]["rank"] = "first"
    try:
        from_data(data)
    except ahpfw.FrameworkError as exc:
        assert exc.problems[0].code == "AHP005" and "'rank' should be a whole number" in exc.problems[0].message
    else:
        raise AssertionError("bad data was accepted")


def test_a_json_file_that_is_not_a_framework_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": 1}))
    try:
        load_json(path)
    except ahpfw.FrameworkError as exc:
        assert "not an ahpfw framework" in str(exc)
    else:
        raise AssertionError("foreign JSON was accepted")
