"""The public API is typed (the wheel ships ``py.typed``) and its objects print briefly."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import ahpfw

from .conftest import MINIMAL, REPO, require_module

USAGE = '''
from pathlib import Path

import ahpfw
from ahpfw.history.changes import ChangeSet
from ahpfw.model import Capability, Framework
from ahpfw.problems import Location, Problem


def summary(path: Path) -> str:
    fw: Framework = ahpfw.load(path)
    cap: Capability = fw.capabilities["ahpfw:CAP-0001"]
    where: Location = cap.where("statement")
    problems: list[Problem] = ahpfw.validate(fw)
    valid: bool = ahpfw.is_valid(fw)
    first: Problem | None = next(iter(ahpfw.iter_problems(fw)), None)
    changes: ChangeSet = ahpfw.diff("0.1.0", fw)
    written: list[Path] = ahpfw.export(fw, "json", path / "out")
    counts: dict[str, int] = changes.counts()
    try:
        ahpfw.load("no/such/folder")
    except ahpfw.Error as error:
        return str(error)
    return f"{fw.version} {where.line} {len(problems)} {valid} {first} {counts} {written} {ahpfw.__version__}"
'''


def test_the_package_is_marked_typed():
    assert (REPO / "src" / "ahpfw" / "py.typed").is_file()


def test_a_use_of_the_public_api_passes_mypy_strict(tmp_path):
    require_module("mypy", "mypy is in the test extra: pip install '.[test]'")
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    # Only the snippet is checked (the package's own code is followed silently, for its types).
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
                             "--cache-dir", str(tmp_path / ".mypy_cache"), "usage.py"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_a_wrong_type_through_the_api(tmp_path):
    """The check above can fail: a use that gets a type wrong is reported."""
    require_module("mypy", "mypy is in the test extra: pip install '.[test]'")
    (tmp_path / "wrong.py").write_text(textwrap.dedent('''
        import ahpfw

        version: int = ahpfw.load().version
    '''), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
                             "--cache-dir", str(tmp_path / ".mypy_cache"), "wrong.py"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "wrong.py:4: error: Incompatible types" in result.stdout, result.stdout


def test_a_framework_and_a_change_set_print_as_one_short_line():
    fw = ahpfw.load()
    changes = ahpfw.diff("0.2.0", "0.3.0")
    for text in (repr(fw), repr(changes), repr(ahpfw.load(MINIMAL))):
        assert "\n" not in text and len(text) < 400, text[:500]
    assert repr(fw).startswith(f"<Framework {fw.id} {fw.version} ({fw.status}): ")
    assert f"{len(fw.capabilities)} capabilities" in repr(fw) and f"{len(fw.domains)} domains" in repr(fw)
    counts = changes.counts()
    assert repr(changes).startswith(f"<ChangeSet {fw.id} 0.2.0 -> {fw.id} 0.3.0: ")
    assert f"{counts['added']} added" in repr(changes) and f"{counts['modified']} modified" in repr(changes)
    assert repr(ahpfw.diff("0.2.0", "0.2.0")).endswith(": identical>")
