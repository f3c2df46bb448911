"""ahpfw.atomic: a write or a folder replacement happens whole, or not at all, and leaves no litter."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ahpfw import atomic


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
    os.replace(target, tmp_path / ".exports.old")  # killed between the two renames
    with pytest.raises(RuntimeError):
        with atomic.replace_dir(target):
            raise RuntimeError("this run fails too")
    assert listing(tmp_path) == before
