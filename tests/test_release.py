"""`ahpfw release`, the release history, the release notes and rule AHP020 on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ahpfw.editing.releases import (
    INDEX,
    NOTES,
    ReleaseError,
    make_release,
    read_index,
    release_notes,
    snapshot_path,
)
from ahpfw.history.canonical import to_json
from ahpfw.history.releaseindex import check_snapshots
from ahpfw.problems import FrameworkError, UsageError
from ahpfw.reading.loader import load
from ahpfw.rules.validation import validate

from .conftest import MINIMAL, REPO, SHIPPED, copy_framework, run_cli


@pytest.fixture
def project(tmp_path) -> Path:
    """A project holding a copy of the minimal framework, ready to release as 1.0.0 for consultation."""
    folder = copy_framework(MINIMAL, tmp_path / "project" / "framework")
    _set(folder, "status: draft", "status: consultation")
    return folder


def _set(folder: Path, old: str, new: str, file: str = "framework.yaml") -> None:
    path = folder / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _add_capability(folder: Path) -> None:
    with (folder / "domains.yaml").open("a") as fh:
        fh.write("""      - id: ahpfw:CAP-0003
        code: "1.3"
        name: Reflecting on practice
        statement: Helps learners reflect on their practice and learn from it.
        meets_needs: [ahpfw:NEED-0001]
        descriptors:
          - stage: ahpfw:STAGE-0001
            text: Talks through a case with a learner afterwards.
          - stage: ahpfw:STAGE-0002
            text: Builds regular reflection into a team's week.
""")


def test_first_release_writes_snapshot_index_and_notes(project):
    entry = make_release("1.0.0", project)
    releases = project.parent / "releases"
    snapshot = snapshot_path(releases, "1.0.0")
    assert snapshot.read_text() == to_json(load(project))
    assert read_index(releases) == [entry]
    assert (entry.status, entry.date) == ("consultation", "2024-01-01")
    assert entry.summary.startswith("First release (consultation): 1 domain, 2 capabilities")
    assert check_snapshots(releases) == []
    notes = (project / NOTES).read_text()
    assert "## 1.0.0 (consultation, 2024-01-01)" in notes and notes == release_notes(project)


def test_second_release_checks_the_version_step(project):
    make_release("1.0.0", project)
    _add_capability(project)
    with pytest.raises(ReleaseError, match="framework.yaml says version: 1.0.0"):
        make_release("1.1.0", project)
    _set(project, "version: 1.0.0", "version: 0.9.0")
    with pytest.raises(ReleaseError, match="not greater than the last release"):
        make_release("0.9.0", project)
    _set(project, "version: 0.9.0", "version: 1.0.1")
    with pytest.raises(ReleaseError, match="call for a minor change .*use 1.1.0 or later"):
        make_release("1.0.1", project)
    _set(project, "version: 1.0.1", "version: 1.1.0")
    entry = make_release("1.1.0", project, summary="Adds reflection.")
    assert [r.version for r in read_index(project.parent / "releases")] == ["1.0.0", "1.1.0"]
    notes = (project / NOTES).read_text()
    assert notes.index("## 1.1.0") < notes.index("## 1.0.0")
    assert "Adds reflection." in notes and "**1.3 Reflecting on practice** (`ahpfw:CAP-0003`" in notes
    assert entry.summary == "Adds reflection."


def test_a_release_is_never_overwritten(project):
    make_release("1.0.0", project)
    with pytest.raises(ReleaseError, match="already exists"):
        make_release("1.0.0", project)


def test_refuses_an_invalid_framework_or_a_draft(project, tmp_path):
    _set(project, "status: consultation", "status: draft")
    with pytest.raises(ReleaseError, match="status: draft"):
        make_release("1.0.0", project)
    _set(project, "status: draft", "status: consultation")
    with pytest.raises(ReleaseError, match="--status published"):
        make_release("1.0.0", project, status="published")
    _set(project, "stage: ahpfw:STAGE-0002\n            text: Develops how a team gives feedback.",
         "stage: ahpfw:STAGE-0009\n            text: Develops how a team gives feedback.", "domains.yaml")
    result = run_cli("release", "1.0.0", str(project))
    assert result.returncode == 1 and "AHP011" in result.stdout
    assert "error: the framework has errors" in result.stderr and "Traceback" not in result.stderr
    assert not (project.parent / "releases").exists()


def _releasable_with_unwritable_notes(project: Path) -> tuple[Path, str]:
    """Release 1.0.0, make a 1.1.0 whose release notes cannot be written (a folder stands in their place);
    return the release index and its text before 1.1.0."""
    make_release("1.0.0", project)
    index = project.parent / "releases" / INDEX
    before = index.read_text()
    _add_capability(project)
    _set(project, "version: 1.0.0", "version: 1.1.0")
    (project / NOTES).unlink()
    (project / NOTES).mkdir()
    return index, before


def test_all_or_nothing_when_a_write_fails(project):
    index, before = _releasable_with_unwritable_notes(project)
    with pytest.raises(OSError):
        make_release("1.1.0", project)
    assert index.read_text() == before
    assert not (project.parent / "releases" / "1.1.0").exists()


def test_all_or_nothing_when_a_write_fails_in_the_command(project):
    """The command watches what it rewrites (ahpfw.locking): putting back the index after removing its own new
    snapshot must not be taken for another program's change (it was, and the index kept the release)."""
    index, before = _releasable_with_unwritable_notes(project)
    result = run_cli("release", "1.1.0", str(project))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "was removed" not in result.stderr, result.stderr
    assert index.read_text() == before
    assert not (project.parent / "releases" / "1.1.0").exists()


def test_cli_release_and_release_notes(project):
    result = run_cli("release", "1.0.0", str(project))
    assert result.returncode == 0, result.stderr
    assert "released 1.0.0" in result.stderr
    assert run_cli("release-notes", str(project), "--check").returncode == 0
    (project / NOTES).write_text("stale\n")
    stale = run_cli("release-notes", str(project), "--check")
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert run_cli("release-notes", str(project)).returncode == 0
    assert (project / NOTES).read_text() == release_notes(project)
    bad = run_cli("release", "one", str(project))
    assert bad.returncode == 2 and "not a version number" in bad.stderr


def test_release_notes_are_never_written_into_the_installed_package(project, monkeypatch):
    """Like release, new and apply: the shipped framework (site-packages) is read, never written."""
    from click.testing import CliRunner

    from ahpfw.cli import main
    from ahpfw.editing import releases

    make_release("1.0.0", project)
    (project / NOTES).write_text("as installed\n")
    monkeypatch.setattr(releases, "is_packaged", lambda path: True)
    result = CliRunner().invoke(main, ["release-notes", str(project)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error:") and "work in a checkout" in result.output  # stderr (click 8.1 mixes it)
    assert (project / NOTES).read_text() == "as installed\n"
    assert CliRunner().invoke(main, ["release-notes", str(project), "--check"]).exit_code == 1  # reading is fine


def test_release_versions_are_sides_of_a_diff(project):
    make_release("1.0.0", project)
    _add_capability(project)
    _set(project, "version: 1.0.0", "version: 1.1.0")
    make_release("1.1.0", project)
    (project.parent / "schema").mkdir()  # now the project folder is a checkout
    result = run_cli("diff", "1.0.0", "1.1.0", "--format", "json", cwd=project.parent)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["added"]] == ["ahpfw:CAP-0003"]
    assert data["old"]["source"] == "release 1.0.0" and data["version"]["ok"]


#: The shipped history's releases, oldest first, and the patch release that would follow the last.
SHIPPED_RELEASES = [r.version for r in read_index(REPO / "releases")]
LAST, BEFORE = SHIPPED_RELEASES[-1], SHIPPED_RELEASES[-2]
NEXT = ".".join([*LAST.split(".")[:2], str(int(LAST.split(".")[2]) + 1)])


def _alone(tmp_path: Path) -> Path:
    """The shipped framework copied on its own (no releases/ beside it), as NEXT superseding LAST."""
    folder = copy_framework(SHIPPED, tmp_path / "alone" / "framework")
    _set(folder, f"version: {LAST}", f"version: {NEXT}")
    _set(folder, f"supersedes: {BEFORE}", f"supersedes: {LAST}")
    return folder


def test_a_framework_copied_without_its_history_is_refused_not_released_first(tmp_path):
    folder = _alone(tmp_path)
    notes = (folder / NOTES).read_text()
    result = run_cli("release", NEXT, str(folder))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert f"framework.yaml:10:1: supersedes: {LAST}" in result.stderr and "--releases DIR" in result.stderr
    assert (folder / NOTES).read_text() == notes  # the whole history of notes kept
    assert not (folder.parent / "releases").exists()
    history = shutil.copytree(REPO / "releases", tmp_path / "history")
    result = run_cli("release", NEXT, str(folder), "--releases", str(history))
    assert result.returncode == 0, result.stderr
    assert f"Changes since {LAST}" in result.stderr
    assert [r.version for r in read_index(history)] == [*SHIPPED_RELEASES, NEXT]
    after = (folder / NOTES).read_text()
    assert after.index(f"## {NEXT}") < after.index(f"## {LAST}") < after.index("## 0.1.0")
    assert after.endswith(notes[notes.index(f"## {LAST}"):])
    assert run_cli("release-notes", str(folder), "--check", "--releases", str(tmp_path)).returncode == 2  # no releases/
    assert run_cli("release-notes", str(folder), "--check", "--releases", str(history)).returncode == 0


def test_release_notes_are_never_dropped_for_a_missing_history(tmp_path):
    """Without supersedes, a lone framework's notes still name the releases the history must hold."""
    folder = _alone(tmp_path)
    _set(folder, f"supersedes: {LAST}\n", "")
    notes = (folder / NOTES).read_text()
    for args in (("release", NEXT), ("release-notes",)):
        result = run_cli(*args, str(folder))
        assert result.returncode == 2 and result.stderr.startswith("error: "), (args, result.stderr)
        assert f"RELEASE-NOTES.md holds the notes of {', '.join(reversed(SHIPPED_RELEASES))}" in result.stderr
        assert (folder / NOTES).read_text() == notes
    assert not (folder.parent / "releases").exists()


def _released_then_copied_without_cap_0002(project: Path, tmp_path: Path) -> Path:
    """Release ``project`` as 1.0.0, then copy it apart from its history as 2.0.0 with ahpfw:CAP-0002 gone
    (which AHP020 reports against a history holding 1.0.0)."""
    make_release("1.0.0", project)
    folder = copy_framework(project, tmp_path / "elsewhere" / "framework")
    domains = folder / "domains.yaml"
    text = domains.read_text()
    domains.write_text(text[: text.index("      - id: ahpfw:CAP-0002")])
    _set(folder, "version: 1.0.0", "version: 2.0.0")
    return folder


def test_the_history_given_is_the_one_the_rules_read(project, tmp_path):
    """With --releases, AHP020 checks the ids against that history, as it does one beside the framework."""
    folder = _released_then_copied_without_cap_0002(project, tmp_path)
    result = run_cli("release", "2.0.0", str(folder), "--releases", str(project.parent))
    assert result.returncode == 1 and "AHP020 capability ahpfw:CAP-0002 (released in 1.0.0)" in result.stdout
    assert [r.version for r in read_index(project.parent / "releases")] == ["1.0.0"]


def test_the_history_given_belongs_to_that_project_alone(project, tmp_path):
    """The history given to Project.open is the one that project's release and rules use; another project of the
    same framework, opened at the same time without it, keeps the one beside the framework (nothing is swapped
    for the whole process, as --releases once was)."""
    from ahpfw.project import Project

    folder = _released_then_copied_without_cap_0002(project, tmp_path)
    given, beside = Project.open(folder, releases=project.parent), Project.open(folder)
    assert given.history().folder == (project.parent / "releases").resolve()
    assert beside.history().folder == (folder.parent / "releases").resolve()
    assert [p.code for p in validate(given.framework) if p.code == "AHP020"] == ["AHP020"]
    assert [p.code for p in validate(beside.framework) if p.code == "AHP020"] == []
    with pytest.raises(FrameworkError):
        make_release("2.0.0", given)
    with pytest.raises(UsageError, match="holds the notes of 1.0.0"):  # its history (none) lacks 1.0.0
        make_release("2.0.0", beside)
    assert [r.version for r in read_index(project.parent / "releases")] == ["1.0.0"]


def test_a_missing_snapshot_is_named(project):
    make_release("1.0.0", project)
    snapshot_path(project.parent / "releases", "1.0.0").unlink()
    result = run_cli("release-notes", str(project))
    assert result.returncode == 2 and "release 1.0.0 is listed but its snapshot" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------------------
# AHP020 against a real history


def _codes(folder: Path) -> list[str]:
    return [f"{p.code} {p.message}" for p in validate(folder)]


def test_ahp020_a_released_id_may_retire_but_not_disappear_or_come_back(project):
    _add_capability(project)
    make_release("1.0.0", project)
    domains = project / "domains.yaml"
    released = domains.read_text()
    domains.write_text(released[: released.index("      - id: ahpfw:CAP-0003")])
    assert any("AHP020 capability ahpfw:CAP-0003 (released in 1.0.0) has disappeared" in c for c in _codes(project))
    domains.write_text(released.replace("        name: Reflecting on practice\n",
                                        "        name: Reflecting on practice\n        status: retired\n"
                                        "        replaced_by: [ahpfw:CAP-0002]\n"))
    assert _codes(project) == []
    _set(project, "version: 1.0.0", "version: 2.0.0")
    make_release("2.0.0", project)
    domains.write_text(released)  # the retired id active again
    assert any("was retired in release 2.0.0 and is active again" in c for c in _codes(project))


def test_ahp020_covers_every_kind_of_element(project):
    make_release("1.0.0", project)
    _set(project, "id: ahpfw:NEED-0001", "id: ahpfw:NEED-0002", "elements.yaml")
    _set(project, "meets_needs: [ahpfw:NEED-0001]", "meets_needs: [ahpfw:NEED-0002]", "domains.yaml")
    assert any("learning need ahpfw:NEED-0001 (released in 1.0.0) has disappeared" in c for c in _codes(project))


def test_ahp020_ignores_the_history_of_another_framework(project):
    make_release("1.0.0", project)
    _set(project, "id: ahpfw:FW-0001", "id: ahpfw:FW-0002")
    _add_capability(project)
    domains = project / "domains.yaml"
    text = domains.read_text()
    start, end = text.index("      - id: ahpfw:CAP-0002"), text.index("      - id: ahpfw:CAP-0003")
    domains.write_text(text[:start] + text[end:])
    assert not any(c.startswith("AHP020") for c in _codes(project))


# ---------------------------------------------------------------------------
# The project's own history


def test_committed_release_notes_are_up_to_date():
    releases = read_index(REPO / "releases")
    assert releases, "the project has released nothing yet"
    assert (REPO / "framework" / NOTES).read_text() == release_notes(REPO / "framework")


def test_committed_snapshots_are_unchanged():
    assert check_snapshots(REPO / "releases") == []


def test_the_project_history_has_a_diff_worth_reading():
    from ahpfw.history.changes import compare
    from ahpfw.history.releaseindex import load_release

    old, new = (load_release(v, REPO / "releases") for v in ("0.1.0", "0.2.0"))
    cs = compare(old, new)
    assert cs.advice.ok and new.supersedes == old.version
    assert cs.of_type("removed") == []  # released ids are never removed (AHP020)
    for change_type in ("added", "retired", "modified", "moved", "renumbered"):
        assert cs.of_type(change_type), change_type
    merged = [c for c in cs.of_type("retired") if c.replaced_by]
    assert merged and all(not new.elements[r].retired for c in merged for r in c.replaced_by)
    assert not [p for p in validate(REPO / "framework") if p.severity == "error"]


def test_each_framework_of_a_project_has_its_own_history(tmp_path):
    from ahpfw.paths import releases_dir

    assert releases_dir(tmp_path / "framework") == (tmp_path / "releases").resolve()
    assert releases_dir(tmp_path / "frameworks" / "other") == (tmp_path / "releases" / "other").resolve()
