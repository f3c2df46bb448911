"""Errata (ahpfw erratum, ahpfw.history.errata): corrections to released iterations, kept beside the index, checked,
and shown in the release notes and on the release's site page; the snapshots never change."""

from __future__ import annotations

import hashlib
import shutil
from html import unescape
from pathlib import Path

import pytest

from ahpfw.history.errata import ERRATA
from ahpfw.history.releaseindex import recorded_errata
from ahpfw.reading.loader import load
from ahpfw.site import read_history, render_site

from .conftest import REPO, SHIPPED, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's framework, schema and release history, without the shipped errata."""
    root = tmp_path / "project"
    for name in ("schema", "framework", "releases"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns(".ahpfw_cache"))
    (root / "releases" / ERRATA).unlink(missing_ok=True)
    run_cli("release-notes", str(root / "framework"))
    return root


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "releases").rglob("*")) if p.is_file() and p.name != ERRATA}


def test_an_erratum_is_recorded_beside_the_index_and_listed_in_the_notes(project: Path):
    before = _digests(project)
    result = run_cli("erratum", "0.2.0", str(project / "framework"), "--element", "ahpfw:FW-0001",
                     "--field", "description", "--corrected-in", "0.3.0", "--date", "2026-12-07",
                     "--text", "It claimed feedback that nobody gave.")
    assert result.returncode == 0, result.stderr
    assert _digests(project) == before  # snapshots and index untouched
    errata = recorded_errata(project / "releases")
    assert [(e.version, e.element, e.field, e.corrected_in) for e in errata] == [
        ("0.2.0", "ahpfw:FW-0001", "description", "0.3.0")]
    notes = (project / "framework" / "RELEASE-NOTES.md").read_text(encoding="utf-8")
    section = notes[notes.index("## 0.2.0"):notes.index("## 0.1.0")]
    assert "### Errata" in section and "It claimed feedback that nobody gave." in section
    assert "Errata" not in notes[notes.index("## 0.3.0"):notes.index("## 0.2.0")]
    again = run_cli("erratum", "0.2.0", str(project / "framework"), "--element", "ahpfw:FW-0001",
                    "--field", "description", "--corrected-in", "0.3.0", "--date", "2026-12-07",
                    "--text", "It claimed feedback that nobody gave.")
    assert again.returncode == 1 and "already recorded" in again.stderr


@pytest.mark.parametrize(("args", "code"), [
    (("0.9.0", "--element", "ahpfw:FW-0001"), 1),
    (("0.2.0", "--element", "ahpfw:CAP-9999"), 1),
    (("0.2.0", "--element", "ahpfw:CAP-0043"), 1),  # added after 0.2.0
    (("0.2.0", "--element", "ahpfw:CAP-0001", "--field", "nonsense"), 1),
    (("0.2.0", "--element", "ahpfw:CAP-0001", "--date", "2026-13-01"), 2),
    (("0.2.0", "--element", "ahpfw:CAP-0001", "--corrected-in", "0.1.0"), 2),
])
def test_an_erratum_that_cannot_stand_is_refused_and_nothing_is_written(project: Path, args, code):
    notes = (project / "framework" / "RELEASE-NOTES.md").read_bytes()
    result = run_cli("erratum", args[0], str(project / "framework"), *args[1:], "--text", "Wrong.")
    assert result.returncode == code and result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert not (project / "releases" / ERRATA).exists()
    assert (project / "framework" / "RELEASE-NOTES.md").read_bytes() == notes


def test_a_bad_entry_in_the_errata_file_is_named_by_line(project: Path):
    (project / "releases" / ERRATA).write_text(
        "errata:\n- version: 0.2.0\n  element: ahpfw:FW-0001\n  date: '2026-12-07'\n  text: Fine.\n"
        "- version: 0.2.0\n  element: ahpfw:NOPE-0001\n  date: '2026-12-07'\n  text: Names nothing.\n",
        encoding="utf-8")
    result = run_cli("release-notes", str(project / "framework"))
    assert result.returncode == 2
    assert f"{ERRATA}:6:" in result.stderr and "ahpfw:NOPE-0001" in result.stderr


def test_the_release_page_shows_its_errata(project: Path):
    run_cli("erratum", "0.2.0", str(project / "framework"), "--element", "ahpfw:CAP-0039", "--field", "rationale",
            "--date", "2026-12-07", "--text", "Rests on made-up responses.")
    fw = load(project / "framework")
    pages = render_site(fw, read_history(fw))
    page = unescape(pages["changes/0-2-0.html"])
    assert 'id="errata"' in page and "Rests on made-up responses." in page and "(ahpfw:CAP-0039), rationale" in page
    assert 'id="errata"' not in pages["changes/0-3-0.html"]
    assert "1 erratum" in pages["changes/index.html"]


def test_the_shipped_errata_correct_what_0_3_0_corrected():
    errata = recorded_errata(REPO / "releases")
    about = {(e.version, e.element, e.field) for e in errata}
    assert ("0.2.0", "ahpfw:FW-0001", "description") in about  # "answers the feedback on the first"
    page = unescape(render_site(load(SHIPPED))["changes/0-2-0.html"])
    assert "answers the feedback on the first" in page[page.index('id="errata"'):]
