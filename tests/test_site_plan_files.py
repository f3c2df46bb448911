"""The plan page's files without a browser: Node runs the built site's own scripts (tests/js/site_plan.js).

A plan written as CSV or JSON reads back as the same plan, whatever its notes hold; the CSV is one a
spreadsheet reads as the same cells without running anything. tests/test_site_plan_browser.py does the
same through the page in Chromium.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

import ahpfw

from .conftest import REPO, require_tool

SITE = REPO / "exports" / "site"
HARNESS = Path(__file__).parent / "js" / "site_plan.js"

NOTES = ['Said "yes", then, no', '=HYPERLINK("http://x")', "line one\nline two\r\nthree", "  spaces  ",
         "é 漢 \U0001F600", "-1 for now", "'plain with an apostrophe", "@mention", "", "+44 phone"]


@pytest.fixture(scope="module")
def fw():
    return ahpfw.load(REPO / "framework")


def _round_trip(plan: dict, tmp_path: Path) -> dict:
    node = require_tool("node", "nodejs", install="Debian: apt-get install nodejs")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    result = subprocess.run([node, str(HARNESS), str(SITE), str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _plan(fw) -> dict:
    caps = [c for c in fw.capabilities.values() if not c.retired]
    ratings = ("not_yet", "developing", "confident")
    return {"format": "ahpfw-plan", "framework": fw.id, "version": fw.version, "saved_on": "2026-01-02",
            "stage": fw.stages_in_order[1].id, "profession": fw.professions[2].id,
            "ratings": {cap.id: {"rating": ratings[n % 3] if n % 4 else "", "note": note}
                        for n, (cap, note) in enumerate(zip(caps, NOTES, strict=False)) if n % 4 or note}}


def test_a_plan_reads_back_from_its_csv_and_its_json(fw, tmp_path):
    plan = _plan(fw)
    assert len(plan["ratings"]) >= 8
    out = _round_trip(plan, tmp_path)
    for key in ("from_csv", "from_json", "from_excel_csv"):
        assert out[key] == plan, key


def test_the_csv_is_one_row_per_capability_and_safe_in_a_spreadsheet(fw, tmp_path):
    plan = _plan(fw)
    rows = list(csv.DictReader(io.StringIO(_round_trip(plan, tmp_path)["csv"], newline="")))
    assert [r["capability_id"] for r in rows] == [c.id for d in fw.domains for c in d.capabilities if not c.retired]
    assert {r["framework_version"] for r in rows} == {fw.version} and {r["stage_id"] for r in rows} == {plan["stage"]}
    notes = {r["capability_id"]: r["note"] for r in rows}
    for cap_id, entry in plan["ratings"].items():
        note = entry["note"]
        dangerous = note.lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r")
        assert notes[cap_id] == ("'" + note if dangerous else note), cap_id
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
