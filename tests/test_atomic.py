"""ahpfw.atomic: a write or a folder replacement happens whole, or not at all, and leaves no litter."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ahpfw import atomic, locking


def listing(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (hidden ones too) with its bytes (None for folders)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def fail_on_replace(monkeypatch: pytest.MonkeyPatch, when) -> None:
    """Make ``os.replace`` raise OSError for the calls where ``when(src, dst)`` is true."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if when(Path(src), Path(dst)):
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", replace)


def test_write_bytes_writes_and_overwrites(tmp_path):
    target = tmp_path / "out" / "data.json"
    atomic.write_bytes(target, b"one")
    atomic.write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert listing(tmp_path) == {"out": None, "out/data.json": b"two"}


def test_write_text_uses_utf8(tmp_path):
    atomic.write_text(tmp_path / "a.txt", "café\n")
    assert (tmp_path / "a.txt").read_bytes() == "café\n".encode()


def test_failed_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "data.json"
    target.write_bytes(b"old")
    fail_on_replace(monkeypatch, lambda src, dst: dst == target)
    with pytest.raises(OSError):
        atomic.write_bytes(target, b"new")
    assert listing(tmp_path) == {"data.json": b"old"}


def test_failure_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "data.json"
    target.write_bytes(b"old")

    def broken_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic.write_bytes(target, b"new")
    assert listing(tmp_path) == {"data.json": b"old"}


def test_written_file_has_ordinary_permissions(tmp_path):
    fresh = tmp_path / "fresh.txt"
    atomic.write_bytes(fresh, b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # not tempfile's private 0o600
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    atomic.write_bytes(kept, b"new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def _old_folder(tmp_path: Path) -> Path:
    target = tmp_path / "exports"
    (target / "sub").mkdir(parents=True)
    (target / "a.txt").write_text("old a")
    (target / "sub" / "b.txt").write_text("old b")
    return target


def test_replace_dir_swaps_the_whole_folder(tmp_path):
    target = _old_folder(tmp_path)
    with atomic.replace_dir(target) as staging:
        (staging / "c.txt").write_text("new c")
    assert listing(tmp_path) == {"exports": None, "exports/c.txt": b"new c"}
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~umask  # not mkdtemp's private 0o700


def test_replace_dir_creates_a_missing_target(tmp_path):
    with atomic.replace_dir(tmp_path / "new" / "exports") as staging:
        (staging / "x.txt").write_text("x")
    assert listing(tmp_path) == {"new": None, "new/exports": None, "new/exports/x.txt": b"x"}


@pytest.mark.parametrize("error", [ValueError("exporter bug"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_failure_inside_replace_dir_leaves_the_folder_untouched(tmp_path, error):
    target = _old_folder(tmp_path)
    before = listing(tmp_path)
    with pytest.raises(type(error)):
        with atomic.replace_dir(target) as staging:
            (staging / "a.txt").write_text("half written")
            raise error
    assert listing(tmp_path) == before  # no staging folder, no .old copy


def test_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    target = _old_folder(tmp_path)
    before = listing(tmp_path)
    fail_on_replace(monkeypatch, lambda src, dst: dst == target and src.name.endswith(".tmp"))
    with pytest.raises(OSError):
        with atomic.replace_dir(target) as staging:
            (staging / "c.txt").write_text("new c")
    assert listing(tmp_path) == before


def test_folder_left_by_an_interrupted_swap_is_recovered(tmp_path):
    target = _old_folder(tmp_path)
    before = listing(tmp_path)
    os.replace(target, tmp_path / ".exports.ahpfw-0123abcd.old")  # killed between the two renames
    with pytest.raises(RuntimeError):
        with atomic.replace_dir(target):
            raise RuntimeError("this run fails too")
    assert listing(tmp_path) == before


# --- what killed writers leave ------------------------------------------------------------------------------------

def _killed_staging(folder: Path, name: str) -> Path:
    """A staging folder as a writer killed halfway leaves it: marked, its marker no longer locked."""
    staging = folder / f".{name}.ahpfw-k1ll3d00.tmp"
    (staging / "sub").mkdir(parents=True)
    (staging / "sub" / "half.json").write_text("{")
    (staging / atomic.MARKER).write_text("made by ahpfw")
    return staging


def _look_alikes(folder: Path) -> dict[str, bytes | None]:
    """Make what a user may have that looks like ahpfw's leftovers but is not provably so; return the listing
    of ``folder`` (empty before)."""
    (folder / ".exports.ahpfw-n0mark00.tmp").mkdir()  # the name, but no marker: a user's, or from ahpfw < 0.4
    (folder / ".exports.ahpfw-n0mark00.tmp" / "mine.txt").write_text("mine")
    (folder / ".exports.5x7w2k9q.tmp").mkdir()  # named as ahpfw named them before markers
    (folder / ".exports.5x7w2k9q.tmp" / "a.txt").write_text("old staging")
    (folder / ".notes.txt.tmp").write_text("an editor's")  # not ahpfw's name pattern
    (folder / ".exports.ahpfw-n0tmine0.tmp.keep").write_text("not the whole name")
    os.symlink(folder / ".notes.txt.tmp", folder / ".a.ahpfw-l1nk0000.tmp")  # a link is never followed
    return listing(folder)


def test_a_writer_holding_the_lock_removes_what_a_killed_writer_left_and_nothing_else(tmp_path):
    kept = _look_alikes(tmp_path)
    killed = _killed_staging(tmp_path, "exports")
    killed_file = tmp_path / ".data.json.ahpfw-k1ll3d01.tmp"
    killed_file.write_bytes(b"half")
    discarded = tmp_path / ".exports.ahpfw-k1ll3d02.old"  # a replaced folder whose removal was cut short
    (discarded / "x").mkdir(parents=True)
    (discarded / atomic.MARKER).write_text("")
    with locking.held([tmp_path]):
        with atomic.replace_dir(tmp_path / "exports") as staging:
            (staging / "new.txt").write_text("new")
    assert not killed.exists() and not killed_file.exists() and not discarded.exists()
    assert listing(tmp_path) == {**kept, "exports": None, "exports/new.txt": b"new"}


def test_without_the_lock_nothing_is_removed(tmp_path):
    killed = _killed_staging(tmp_path, "exports")
    atomic.write_bytes(tmp_path / "data.json", b"{}")
    with atomic.replace_dir(tmp_path / "exports") as staging:
        (staging / "new.txt").write_text("new")
    assert (killed / atomic.MARKER).exists()


def test_what_a_live_writer_is_writing_is_left_alone(tmp_path):
    """Another process (here: another open file) holds the marker or the file: it is not left over."""
    live = _killed_staging(tmp_path, "exports")
    live_file = tmp_path / ".data.json.ahpfw-l1ve0000.tmp"
    live_file.write_bytes(b"being written")
    holders = [os.open(live / atomic.MARKER, os.O_RDONLY), os.open(live_file, os.O_RDONLY)]
    try:
        assert all(locking.try_lock(fd) for fd in holders)
        with locking.held([tmp_path]):
            atomic.write_bytes(tmp_path / "data.json", b"{}")
        assert (live / atomic.MARKER).exists() and live_file.exists()
    finally:
        for fd in holders:
            os.close(fd)


def test_staging_holds_a_locked_marker_that_never_reaches_the_target(tmp_path):
    with atomic.replace_dir(tmp_path / "exports") as staging:
        assert staging.name.startswith(".exports.ahpfw-") and locking.TEMPORARY.match(staging.name)
        assert (staging / atomic.MARKER).is_file() and locking.is_held(staging / atomic.MARKER)
        (staging / "a.txt").write_text("a")
    assert listing(tmp_path) == {"exports": None, "exports/a.txt": b"a"}


def test_a_replaced_folder_is_put_aside_marked_before_it_is_removed(tmp_path, monkeypatch):
    """Killed while the replaced folder is being removed: it carries a marker, so the next writer removes it."""
    target = _old_folder(tmp_path)
    monkeypatch.setattr(atomic, "_remove_marked", lambda folder: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt), atomic.replace_dir(target) as staging:
        (staging / "new.txt").write_text("new")
    aside = [p for p in tmp_path.iterdir() if p.name.endswith(".old")]
    assert len(aside) == 1 and (aside[0] / atomic.MARKER).is_file() and (target / "new.txt").exists()
    monkeypatch.undo()
    with locking.held([tmp_path]):
        atomic.write_bytes(tmp_path / "x.txt", b"x")
    assert not aside[0].exists()
