"""Shared fixtures: the minimal framework, copies of frameworks to break, the CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINIMAL = TESTS / "fixtures" / "minimal"
SHIPPED = REPO / "framework"


def copy_framework(src: Path, dest: Path, overlay: Path | None = None) -> Path:
    """Copy a framework folder to ``dest``, then lay the files of ``overlay`` over it.

    A ``releases`` or ``consultations`` folder in the overlay (a release history,
    consultations) goes beside ``dest``.
    """
    shutil.copytree(src, dest)
    if overlay is not None:
        for file in overlay.iterdir():
            if file.name in ("releases", "consultations") and file.is_dir():
                shutil.copytree(file, dest.parent / file.name)
            elif file.name != "expected.txt":
                shutil.copy(file, dest / file.name)
    return dest


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid framework."""
    return copy_framework(MINIMAL, tmp_path / "framework")


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A writable copy of the shipped framework, inside a project folder with schema/ and exports/."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("schema", "exports"):
        shutil.copytree(REPO / name, project / name)
    return copy_framework(SHIPPED, project / "framework")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``ahpfw`` command as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "ahpfw", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def cli():
    return run_cli
