"""The bad-input corpus: every malformed framework under tests/bad/ fails cleanly.

Each case is a folder holding ``case.yaml`` and the files it lays over
tests/fixtures/minimal (a file of the same name replaces the minimal one).
``case.yaml`` says:

``about``
    what is wrong, in one line.
``exit``
    the exit code expected (1 problems found, 2 unusable input; 0 for inputs
    that look odd but are accepted, such as CRLF line endings).
``expect``
    fragments that must all appear in the output: a rule code, ``file:line:col``,
    words of the message.
``argv``
    the command line (default ``[validate, "{fw}"]``); ``{fw}`` is the framework folder.
``build``
    steps for what Git cannot store or what would be huge, run in order on the copy
    (names are relative to the framework folder; ``../name`` is beside it):
    ``{file: NAME, parts: [[TEXT, COUNT], ...], encoding: utf-8}`` writes TEXT
    repeated COUNT times, joined and encoded; ``{recode: NAME, encoding: E,
    newline: NL}`` re-encodes a file; ``{edit: NAME, replace: [OLD, NEW]}``;
    ``{remove: NAME}``; ``{mkdir: NAME}``; ``{symlink: NAME, to: TARGET}``;
    ``{fifo: NAME}``; ``{chmod: NAME, mode: 0}``; ``{zip: NAME, entries: {ENTRY:
    [[TEXT, COUNT], ...]}}`` writes a zip archive; ``{ahpfw: [ARGS...]}`` runs a
    command beside the framework first (it must succeed), e.g. to start a consultation.
``env``
    environment variables for the run.
``located``
    false when no line exists to point at (a missing or unreadable file);
    otherwise a problem line ``path:line:col: CODE`` must be printed.
``subprocess``
    true to also run the case as ``python -m ahpfw`` in a fresh process.

Every case is checked four ways: the exit code, the expected fragments (so the
message and its place), no traceback, and no file written or changed in the
case's working folder (the framework and whatever its build steps put beside it,
such as exports from an earlier build; the reading cache, .ahpfw_cache/, aside).
All cases run in-process through click's CliRunner; the ones marked
``subprocess`` also run as a real process, which would also catch a crash in C code.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ahpfw.cli import main
from ahpfw.reading import readcache, yamlfile

from ..conftest import MINIMAL

CASES_DIR = Path(__file__).parent
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "case.yaml").is_file())
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: AHP\d{3} ", re.MULTILINE)
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def load_case(name: str) -> dict:
    spec = yaml.safe_load((CASES_DIR / name / "case.yaml").read_text(encoding="utf-8"))
    assert spec.get("about") and spec.get("exit") in (0, 1, 2), f"{name}: case.yaml needs about and exit"
    assert spec.get("expect"), f"{name}: case.yaml needs expect"
    return spec


def _build_step(folder: Path, step: dict) -> None:
    if "file" in step:
        text = "".join(part * count for part, count in step["parts"])
        (folder / step["file"]).write_bytes(text.encode(step.get("encoding", "utf-8")))
    elif "recode" in step:
        path = folder / step["recode"]
        text = path.read_text(encoding="utf-8").replace("\n", step.get("newline", "\n"))
        path.write_bytes(text.encode(step.get("encoding", "utf-8")))
    elif "edit" in step:
        path = folder / step["edit"]
        old, new = step["replace"]
        text = path.read_text(encoding="utf-8")
        assert old in text, f"edit: {old!r} is not in {step['edit']}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "remove" in step:
        (folder / step["remove"]).unlink()
    elif "mkdir" in step:
        (folder / step["mkdir"]).mkdir()
    elif "symlink" in step:
        (folder / step["symlink"]).symlink_to(step["to"])
    elif "fifo" in step:
        os.mkfifo(folder / step["fifo"])
    elif "chmod" in step:
        (folder / step["chmod"]).chmod(step["mode"])
    elif "zip" in step:
        with zipfile.ZipFile(folder / step["zip"], "w", zipfile.ZIP_DEFLATED) as archive:
            for entry, parts in step["entries"].items():
                archive.writestr(entry, "".join(part * count for part, count in parts))
    elif "ahpfw" in step:
        here = os.getcwd()
        os.chdir(folder.parent)
        try:
            result = CliRunner().invoke(main, argv_for({"argv": step["ahpfw"]}), catch_exceptions=False)
        finally:
            os.chdir(here)
        assert result.exit_code == 0, f"setup command {step['ahpfw']} failed: {result.output}"
    else:
        raise AssertionError(f"unknown build step {step}")


def make_case(name: str, spec: dict, where: Path) -> Path:
    """Assemble the case: a copy of the minimal framework, the case's files over it, then its build steps."""
    folder = where / "framework"
    shutil.copytree(MINIMAL, folder)
    for file in (CASES_DIR / name).iterdir():
        if file.name != "case.yaml":
            shutil.copy(file, folder / file.name)
    for step in spec.get("build", []):
        _build_step(folder, step)
    return folder


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry under ``folder`` with its kind, mode, size, mtime and content hash (links not followed)."""
    state = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != readcache.FOLDER]  # a cache of readings, not output
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            info = path.lstat()
            entry: tuple = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), info.st_size, info.st_mtime_ns)
            if stat.S_ISLNK(info.st_mode):
                entry += (os.readlink(path),)
            elif stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
                entry += (hashlib.sha256(path.read_bytes()).hexdigest(),)
            state[str(path.relative_to(folder))] = entry
    return state


def argv_for(spec: dict) -> list[str]:
    return [str(a).replace("{fw}", "framework") for a in spec.get("argv", ["validate", "{fw}"])]


def check_result(name: str, spec: dict, code: int, output: str) -> None:
    shown = f"{name} (exit {code}):\n{output}"
    assert "Traceback" not in output, shown
    assert code == spec["exit"], shown
    for fragment in spec["expect"]:
        assert str(fragment) in output, f"{fragment!r} missing from {shown}"
    if spec["exit"] == 1 and spec.get("located", True):
        assert PROBLEM_LINE.search(output), f"no path:line:col: CODE line in {shown}"
    assert all(len(line) < 1000 for line in output.splitlines()), f"an output line is too long in {name}"


def _emulate_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, make files without read permission fail to open as they would for anyone else."""
    real_open = open

    def guarded_open(file, mode="r", *args, **kwargs):
        if "r" in mode and not os.stat(file).st_mode & 0o444:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(yamlfile, "open", guarded_open, raising=False)


def test_corpus_is_big_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_cleanly(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = load_case(name)
    make_case(name, spec, tmp_path)
    if AS_ROOT and any("chmod" in step for step in spec.get("build", [])):
        _emulate_permissions(monkeypatch)  # chmod 000 does not stop root
    monkeypatch.chdir(tmp_path)
    for key, value in spec.get("env", {}).items():
        monkeypatch.setenv(key, str(value))
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, argv_for(spec), prog_name="ahpfw")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{name}: {type(result.exception).__name__}: {result.exception}")
    check_result(name, spec, result.exit_code, result.output)
    assert snapshot(tmp_path) == before, f"{name}: the command wrote or changed files"


SUBPROCESS_CASES = [name for name in CASES if load_case(name).get("subprocess")]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_fails_cleanly_in_a_real_process(name: str, tmp_path: Path) -> None:
    spec = load_case(name)
    if AS_ROOT and any("chmod" in step for step in spec.get("build", [])):
        pytest.skip("running as root: chmod 000 does not stop root reading (covered in-process)")
    make_case(name, spec, tmp_path)
    before = snapshot(tmp_path)
    env = {**os.environ, **{k: str(v) for k, v in spec.get("env", {}).items()}}
    env.pop("AHPFW_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "ahpfw", *argv_for(spec)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    check_result(name, spec, result.returncode, result.stdout + result.stderr)
    assert snapshot(tmp_path) == before, f"{name}: the command wrote or changed files"
