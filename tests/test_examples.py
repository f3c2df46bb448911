"""Every Python example in README.md and docs/ runs as written, from a folder outside any checkout,
against the installed package: script blocks in a fresh interpreter, ``>>>`` blocks through doctest."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """The ```python blocks of a Markdown file: (line of the fence, code)."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


def _is_doctest(code: str) -> bool:
    return code.lstrip().startswith(">>>")


SCRIPTS = [pytest.param(code, id=f"{path.relative_to(REPO).as_posix()}:{line}")
           for path in DOCUMENTS for line, code in python_blocks(path) if not _is_doctest(code)]
DOCTESTED = [pytest.param(path, id=path.relative_to(REPO).as_posix())
             for path in DOCUMENTS if any(_is_doctest(code) for _, code in python_blocks(path))]


def test_the_documents_have_examples_of_both_kinds():
    ids = [p.id for p in SCRIPTS]
    assert any(i.startswith("README.md:") for i in ids), "the README's Python example was not found"
    assert "docs/developers.md" in [p.id for p in DOCTESTED]


@pytest.mark.parametrize("code", SCRIPTS)
def test_script_example_runs_from_any_folder(code, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", DOCTESTED)
def test_doctest_examples_run_from_any_folder(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a checkout: ahpfw.load() gives the framework shipped in the package
    result = doctest.testfile(str(path), module_relative=False, report=True, optionflags=doctest.ELLIPSIS)
    prompts = sum(code.count("\n>>> ") + code.lstrip().startswith(">>> ") for _, code in python_blocks(path))
    assert result.attempted == prompts
    assert result.failed == 0, f"{path.name} examples failed (see the output above)"
