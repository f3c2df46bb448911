"""Two writers at once, and a file saved from an editor while a writer runs: nothing is lost.

Each trial runs the real command line in subprocesses on a copy of the shipped
project. It is made deterministic, not a race, by the test-only pause of
``ahpfw.locking`` (``AHPFW_TEST_PAUSE_AT`` / ``AHPFW_TEST_PAUSE_DIR``): the first
writer stops just before it renames its result into place, holding the
project's lock, and goes on only when the test says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ahpfw import atomic, locking
from ahpfw.reading.loader import load

from .conftest import REPO, SAMPLE, SHIPPED, require_module

openpyxl = require_module("openpyxl", "pip install '.[export]'", module_level=True)
require_module("ruamel.yaml", "pip install '.[export]'", module_level=True)

DOMAIN = Path("framework", "domains", "01-facilitating-learning.yaml")
STATEMENT = "Creates a learning environment where every learner can take a full part."
DESCRIPTOR = "Welcomes learners warmly into their own area of practice."


def _start(*args: str, cwd: Path, pause_at: str | None = None, wait: float | None = None,
           log: Path | None = None) -> subprocess.Popen:
    """Start ``ahpfw ARGS`` in ``cwd``; with ``pause_at``, it stops before renaming onto that name (see
    :func:`_paused`). Its stderr goes to ``log`` (default: a pipe)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AHPFW_TEST_PAUSE", "AHPFW_LOCK_WAIT"))}
    if pause_at is not None:
        (cwd / "pause").mkdir(exist_ok=True)
        env.update(AHPFW_TEST_PAUSE_AT=pause_at, AHPFW_TEST_PAUSE_DIR=str(cwd / "pause"))
    if wait is not None:
        env["AHPFW_LOCK_WAIT"] = str(wait)
    return subprocess.Popen([sys.executable, "-m", "ahpfw", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=log.open("w") if log else subprocess.PIPE)


def _until(condition, process: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the process ended ({process.returncode}) before {what}: "
                                 f"{process.stdout.read() if process.stdout else ''}")
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.02)


def _paused(process: subprocess.Popen, cwd: Path) -> None:
    """Wait until ``process`` (started with ``pause_at``) has reached its pause, holding the lock."""
    _until((cwd / "pause" / "paused").exists, process, "it paused")


def _resume(process: subprocess.Popen, cwd: Path) -> tuple[int, str, str]:
    (cwd / "pause" / "resume").touch()
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Two copies of the shipped project's workbook, each with one cell of ahpfw:CAP-0001 changed as a person
    would: ``first`` its statement, ``second`` its first descriptor."""
    import ahpfw

    folder = tmp_path_factory.mktemp("books")
    ahpfw.export(load(REPO / "framework"), "spreadsheet", folder)
    out = {}
    for name, column, value in (("first", "Statement", STATEMENT), ("second", "S1 Supporting learning", DESCRIPTOR)):
        wb = openpyxl.load_workbook(folder / "spreadsheet" / "framework.xlsx")
        ws = wb["Capabilities"]
        col = next(c.column for c in ws[1] if c.value == column)
        row = next(c.row for c in ws["A"] if c.value == "ahpfw:CAP-0001")
        ws.cell(row, col).value = value
        wb.save(folder / f"{name}.xlsx")
        out[name] = folder / f"{name}.xlsx"
    return out


def _book(project: Path, books: dict[str, Path], name: str) -> str:
    shutil.copy(books[name], project / f"{name}.xlsx")
    return f"{name}.xlsx"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_writer_that_waited_refuses_to_undo_what_the_first_wrote(project, books):
    first, second = _book(project, books, "first"), _book(project, books, "second")
    one = _start("apply", first, cwd=project, pause_at="framework")
    _paused(one, project)
    log = project / "two.log"
    two = _start("apply", second, cwd=project, wait=60, log=log)
    _until(lambda: "waiting for another ahpfw command" in log.read_text(), two, "the second one waited")
    assert _resume(one, project)[0] == 0
    after_one = _files(project / "framework")
    assert two.wait(timeout=120) == 2
    message = log.read_text().splitlines()[-1]
    assert message.startswith("error: while this command ran, framework/domains/01-facilitating-learning.yaml "
                              "was changed"), message
    assert "nothing is lost" in message
    assert _files(project / "framework") == after_one  # the second wrote nothing
    text = (project / DOMAIN).read_text(encoding="utf-8")
    assert STATEMENT in " ".join(text.split()) and DESCRIPTOR not in " ".join(text.split())


def test_a_second_writer_told_not_to_wait_refuses_at_once(project, books):
    first, second = _book(project, books, "first"), _book(project, books, "second")
    one = _start("apply", first, cwd=project, pause_at="framework")
    _paused(one, project)
    before = _files(project)
    two = subprocess.run([sys.executable, "-m", "ahpfw", "apply", second], cwd=project, text=True,
                         capture_output=True, env={**os.environ, "AHPFW_LOCK_WAIT": "0"}, timeout=120)
    assert two.returncode == 2
    assert two.stderr.splitlines() == ["error: another ahpfw command is writing in this folder; nothing was "
                                       "written: run this again when it has finished (AHPFW_LOCK_WAIT sets how "
                                       "many seconds to wait)"]
    assert _files(project) == before
    assert _resume(one, project)[0] == 0
    assert STATEMENT in " ".join((project / DOMAIN).read_text(encoding="utf-8").split())


def test_a_reader_that_waited_sees_what_the_first_wrote(project, books):
    first = _book(project, books, "first")
    one = _start("apply", first, cwd=project, pause_at="framework")
    _paused(one, project)
    log = project / "two.log"
    two = _start("export", "json", "--out", "out", cwd=project, wait=60, log=log)
    _until(lambda: "waiting for another ahpfw command" in log.read_text(), two, "the export waited")
    assert _resume(one, project)[0] == 0
    assert two.wait(timeout=120) == 0, log.read_text()
    assert STATEMENT in (project / "out" / "json" / "framework.json").read_text(encoding="utf-8")


def test_the_lock_ends_with_a_killed_writer(project, books):
    first = _book(project, books, "first")
    one = _start("apply", first, cwd=project, pause_at="framework")
    _paused(one, project)
    one.send_signal(signal.SIGKILL)
    one.wait(timeout=60)
    left = _staged(project, "framework")
    assert len(left) == 1 and (left[0] / "framework.yaml").is_file()  # the killed run's full copy
    second = _book(project, books, "second")
    two = subprocess.run([sys.executable, "-m", "ahpfw", "apply", second], cwd=project, text=True,
                         capture_output=True, env={**os.environ, "AHPFW_LOCK_WAIT": "0"}, timeout=120)
    assert two.returncode == 0, two.stderr
    assert DESCRIPTOR in " ".join((project / DOMAIN).read_text(encoding="utf-8").split())
    assert _staged(project, "framework") == []  # the next writer removed it


def _staged(folder: Path, name: str) -> list[Path]:
    """The temporary files and folders of ahpfw's beside ``folder/name``."""
    return sorted(p for p in folder.iterdir() if (m := locking.TEMPORARY.match(p.name)) and m["name"] == name)


def test_a_killed_build_leaves_a_marked_staging_folder_that_the_next_build_removes(project):
    one = _start("build", cwd=project, pause_at="exports")
    _paused(one, project)
    one.send_signal(signal.SIGKILL)
    one.wait(timeout=60)
    left = _staged(project, "exports")
    assert len(left) == 1 and (left[0] / atomic.MARKER).is_file() and (left[0] / "json").is_dir()
    look_alike = project / ".exports.ahpfw-n0mark00.tmp"  # named so, but no marker: not provably ahpfw's
    look_alike.mkdir()
    (look_alike / "mine.txt").write_text("mine", encoding="utf-8")
    two = subprocess.run([sys.executable, "-m", "ahpfw", "build"], cwd=project, capture_output=True, text=True,
                         timeout=300)
    assert two.returncode == 0, two.stderr
    assert _staged(project, "exports") == [look_alike]
    assert (look_alike / "mine.txt").read_text(encoding="utf-8") == "mine"
    assert (project / "exports" / "json" / "framework.json").is_file()
    assert not list((project / "exports").rglob(atomic.MARKER))


def test_a_killed_single_file_write_leaves_a_temporary_file_that_the_next_writer_removes(project):
    notes = project / "framework" / "RELEASE-NOTES.md"
    one = _start("release-notes", cwd=project, pause_at=notes.name)
    _paused(one, project)
    one.send_signal(signal.SIGKILL)
    one.wait(timeout=60)
    assert len(_staged(notes.parent, notes.name)) == 1
    two = subprocess.run([sys.executable, "-m", "ahpfw", "release-notes"], cwd=project, capture_output=True,
                         text=True, timeout=120)
    assert two.returncode == 0, two.stderr
    assert _staged(notes.parent, notes.name) == []


def _edit_in_place(project: Path) -> Path:
    path = project / DOMAIN
    text = path.read_text(encoding="utf-8")
    edited = text.replace("practice", "Practice", 1)  # the same size
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    return path


def _save_as_editors_do(project: Path) -> Path:
    path = project / "framework" / "RELEASE-NOTES.md"
    fresh = path.with_name("RELEASE-NOTES.md~")
    fresh.write_text(path.read_text(encoding="utf-8") + "\nA note of my own.\n", encoding="utf-8")
    os.replace(fresh, path)
    return path


def _add_a_file(project: Path) -> Path:
    path = project / "framework" / "domains" / "notes.txt"
    path.write_text("my notes\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("edit", [_edit_in_place, _save_as_editors_do, _add_a_file])
def test_a_file_saved_meanwhile_stops_apply_and_is_kept(project, books, edit):
    first = _book(project, books, "first")
    one = _start("apply", first, cwd=project, pause_at="framework")
    _paused(one, project)
    edited = edit(project)
    mine = _files(project / "framework")
    code, out, err = _resume(one, project)
    assert code == 2
    shown = edited.relative_to(project).as_posix()
    assert err.splitlines() == [f"error: while this command ran, {shown} was "
                                f"{'added' if edit is _add_a_file else 'changed'} (by another command, or saved "
                                "from an editor); ahpfw stopped before writing over it, so nothing is lost: check "
                                "it, then run the command again"]
    assert _files(project / "framework") == mine
    assert not [p for p in project.iterdir() if p.name.startswith(".framework.")]  # no staging copy left


#: The shipped framework's version, and the patch release after it.
SHIPPED_VERSION = load(SHIPPED).version
NEXT = ".".join([*SHIPPED_VERSION.split(".")[:2], str(int(SHIPPED_VERSION.split(".")[2]) + 1)])


def _releasable(project: Path) -> None:
    path = project / "framework" / "framework.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"\nversion: {SHIPPED_VERSION}\n", f"\nversion: {NEXT}\n"),
                    encoding="utf-8")


@pytest.mark.parametrize("pause_at", [NEXT, "index.yaml"], ids=["before-the-snapshot", "before-the-index"])
def test_release_stops_when_its_index_is_edited_meanwhile(project, pause_at):
    _releasable(project)
    one = _start("release", NEXT, cwd=project, pause_at=pause_at)
    _paused(one, project)
    index = project / "releases" / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8") + "# my comment\n", encoding="utf-8")
    code, _, err = _resume(one, project)
    assert code == 2 and "releases/index.yaml was changed" in err, err
    assert index.read_text(encoding="utf-8").endswith("# my comment\n")
    assert not (project / "releases" / NEXT).exists()
    assert (project / "framework" / "RELEASE-NOTES.md").read_bytes() == \
        (REPO / "framework" / "RELEASE-NOTES.md").read_bytes()


def test_consult_apply_stops_before_writing_when_decisions_are_edited_meanwhile(consultation_project):
    project = consultation_project
    before = _files(project / "framework")
    one = _start("consult", "apply", SAMPLE, "framework", cwd=project, pause_at="framework")
    _paused(one, project)
    decisions = project / SAMPLE / "decisions.yaml"
    decisions.write_text(decisions.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    code, _, err = _resume(one, project)
    assert code == 2 and f"{SAMPLE}/decisions.yaml was changed" in err, err
    assert _files(project / "framework") == before
    assert decisions.read_text(encoding="utf-8").endswith("# reviewed\n")


def test_new_capability_stops_when_its_file_is_edited_meanwhile(project):
    one = _start("new", "capability", "--domain", "1", "--statement", "Plans teaching with learners.",
                 cwd=project, pause_at=DOMAIN.name)
    _paused(one, project)
    _edit_in_place(project)
    edited = (project / DOMAIN).read_bytes()
    code, _, err = _resume(one, project)
    assert code == 2 and f"{DOMAIN.as_posix()} was changed" in err, err
    assert (project / DOMAIN).read_bytes() == edited


def test_a_library_writer_waits_for_a_command_as_a_command_does(project, monkeypatch):
    """make_release, write_release_notes, record_erratum and new_capability, called from Python while a command
    writes the project, take its lock as the command does: told not to wait, each stops with Busy, nothing written."""
    from ahpfw.editing.releases import make_release, record_erratum, write_release_notes
    from ahpfw.editing.scaffold import new_capability
    from ahpfw.locking import Busy

    _releasable(project)
    one = _start("release-notes", cwd=project, pause_at="RELEASE-NOTES.md")
    _paused(one, project)
    monkeypatch.setenv("AHPFW_LOCK_WAIT", "0")
    before = _files(project)
    framework = project / "framework"
    calls = {"release": lambda: make_release(NEXT, framework),
             "notes": lambda: write_release_notes(framework),
             "erratum": lambda: record_erratum(SHIPPED_VERSION, "ahpfw:CAP-0001", "A correction.", framework),
             "new": lambda: new_capability(framework, "1", "Plans teaching with learners.")}
    for name, call in calls.items():
        with pytest.raises(Busy):
            call()
        assert _files(project) == before, name
    assert _resume(one, project)[0] == 0
    assert make_release(NEXT, framework).version == NEXT  # the lock is free again


# --- in this process ---------------------------------------------------------------------------------------------

def test_a_file_rewritten_with_the_same_bytes_is_no_change(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.yaml").write_text("a: 1\n")
    with locking.held([tmp_path], watch=[folder]):
        shutil.copy(folder / "a.yaml", folder / "copy")
        os.replace(folder / "copy", folder / "a.yaml")  # a new file (inode, times) with the same bytes
        (folder / "sub").mkdir()  # an empty folder holds nothing to lose
        locking.before_swap(folder)
        (folder / "a.yaml").write_text("a: 2\n")
        with pytest.raises(locking.Changed, match="a.yaml was changed"):
            locking.before_swap(folder)


def test_a_rewrite_that_times_cannot_tell_apart_is_seen_by_its_bytes(tmp_path, monkeypatch):
    """On a file system whose times are coarse, a file saved twice within one tick looks the same to stat."""
    real = locking._signature
    monkeypatch.setattr(locking, "_signature", lambda path, st: real(path, st)[:2])  # type and size only
    (tmp_path / "a.yaml").write_text("a: 1\n")
    with locking.held([tmp_path], watch=[tmp_path / "a.yaml"]):
        (tmp_path / "a.yaml").write_text("a: 2\n")  # the same size
        with pytest.raises(locking.Changed):
            locking.before_swap(tmp_path / "a.yaml")


def test_a_forked_copy_does_not_keep_the_lock(tmp_path):
    """``ahpfw build`` forks to run the rules; the lock must end with the command, not with the copy."""
    probe = [sys.executable, "-c", "import sys; from pathlib import Path; from ahpfw.locking import _lock_folder; "
             "sys.exit(0 if _lock_folder(Path(sys.argv[1])) is not None else 3)", str(tmp_path)]
    with locking.held([tmp_path]):
        assert subprocess.run(probe, timeout=60).returncode == 3
        child = os.fork()
        if child == 0:  # pragma: no cover - the copy
            time.sleep(5)
            os._exit(0)
    try:
        assert subprocess.run(probe, timeout=60).returncode == 0
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)


def test_the_wait_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("AHPFW_LOCK_WAIT", "2.5")
    assert locking.wait_seconds() == 2.5
    for bad in ("soon", "-1", "nan"):
        monkeypatch.setenv("AHPFW_LOCK_WAIT", bad)
        with pytest.raises(locking.UsageError, match="AHPFW_LOCK_WAIT"):
            locking.wait_seconds()
