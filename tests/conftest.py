"""Shared fixtures: the minimal framework, copies of frameworks to break, the CLI runner."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import settings

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINIMAL = TESTS / "fixtures" / "minimal"
SHIPPED = REPO / "framework"
SAMPLE = "consultations/2024-draft"  # the sample consultation


#: Set by .ci/run: a tool a test needs that is not installed fails the test instead of skipping it, so that CI
#: cannot pass by checking less.
REQUIRE_TOOLS = "AHPFW_REQUIRE_TOOLS"


def missing(why: str, *, module_level: bool = False) -> NoReturn:
    """Skip the test for want of a tool or package (``why``: what is missing and how to install it), or fail it
    when AHPFW_REQUIRE_TOOLS=1 is set, as .ci/run does. Every test that needs something outside the
    package goes through here (tests/test_ci.py checks), so CI cannot pass by skipping."""
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{why}; {REQUIRE_TOOLS}=1 (CI) requires it", pytrace=False)
    pytest.skip(why, allow_module_level=module_level)


def require_tool(*names: str, install: str) -> str:
    """The path of the first of ``names`` on PATH; otherwise :func:`missing` says how to ``install`` it."""
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return found
    missing(f"{' or '.join(names)} is not installed ({install})")


def require_module(name: str, install: str = "pip install '.[test]'", *, module_level: bool = False) -> Any:
    """The Python module ``name``, imported; otherwise :func:`missing` says how to ``install`` it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the Python module {name} is not installed ({install})", module_level=module_level)


#: Hypothesis: no deadline anywhere (a shared two-core machine makes 200 ms meaningless), and in CI
#: (.ci/run, or CI=true) the same examples every run, so a failure is reproducible and never luck.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    """The Hypothesis profile for an environment: ``ci`` under .ci/run or a CI service, else ``dev``."""
    return "ci" if environ.get(REQUIRE_TOOLS) == "1" or environ.get("CI", "").lower() == "true" else "dev"


settings.load_profile(hypothesis_profile(os.environ))


def copy_framework(src: Path, dest: Path, overlay: Path | None = None) -> Path:
    """Copy a framework folder to ``dest``, then lay the files of ``overlay`` over it.

    A ``releases``, ``consultations`` or ``crosswalks`` folder in the overlay (a
    release history, consultations, crosswalks) goes beside ``dest``.
    """
    shutil.copytree(src, dest)
    if overlay is not None:
        for file in overlay.iterdir():
            if file.name in ("releases", "consultations", "crosswalks") and file.is_dir():
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


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project: framework, schema, releases, crosswalks and the second framework."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("framework", "schema", "releases", "crosswalks", "frameworks"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture
def consultation_project(project: Path) -> Path:
    """The copied project with the sample consultation, its suggestions not yet applied: decisions.yaml without
    its recorded changes, and the accepted fields of the framework back at the consulted version's wording."""
    import re

    from ahpfw.consult.consultation import load_consultation
    from ahpfw.consult.decisions import load_decisions
    from ahpfw.editing.edits import Edit, write_edits
    from ahpfw.history.revisions import open_framework
    from ahpfw.reading.loader import load

    shutil.copytree(REPO / SAMPLE, project / SAMPLE)
    decisions = project / SAMPLE / "decisions.yaml"
    decisions.write_text(re.sub(r"\n *applied: \{[^}]*\}", "", decisions.read_text(encoding="utf-8")),
                         encoding="utf-8")
    log = load_decisions(load_consultation(project / SAMPLE))
    consulted = open_framework("0.1.0")[0]
    edits = []
    for accepted in (a for d in log.decisions for a in d.accepted):
        assert accepted.applied is None
        element = consulted.elements[accepted.element]
        old = element.descriptor(accepted.stage).text if accepted.stage else getattr(element, accepted.field)
        edits.append(Edit(accepted.element, accepted.field, old, "test", accepted.stage))
    write_edits(load(project / "framework"), edits)
    return project
