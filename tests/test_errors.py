"""One error hierarchy: every error the package raises on purpose is an ``ahpfw.Error``, exported from ``ahpfw``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ahpfw
import ahpfw.editing.releases
import ahpfw.problems
from ahpfw.editing.releases import make_release

from .conftest import MINIMAL, REPO, copy_framework, run_cli

PACKAGE = Path(ahpfw.__file__).parent


def test_the_specific_errors_are_kinds_of_one_exported_base():
    for name in ("UsageError", "FrameworkError", "ReleaseError"):
        assert name in ahpfw.__all__
        assert issubclass(getattr(ahpfw, name), ahpfw.Error), name
    assert "Error" in ahpfw.__all__ and issubclass(ahpfw.Error, Exception)


def test_the_old_names_are_the_same_classes():
    assert ahpfw.problems.UsageError is ahpfw.UsageError
    assert ahpfw.problems.FrameworkError is ahpfw.FrameworkError
    assert ahpfw.editing.releases.ReleaseError is ahpfw.ReleaseError


def test_every_exception_class_the_package_defines_derives_from_error():
    """A new public exception that forgets the base fails here (private control-flow ones aside, and private
    modules such as the generated ``schema/_check.py``, whose exception never leaves the loader)."""
    strays = []
    for path in PACKAGE.rglob("*.py"):
        if path.name.startswith("_") and path.name != "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_") and node.name != "Error":
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & {"Exception", "BaseException", "ValueError", "RuntimeError", "OSError"}:
                    strays.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert not strays, strays


def test_load_of_a_name_that_names_nothing_raises_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ahpfw.Error) as caught:
        ahpfw.load("nope")
    assert isinstance(caught.value, ahpfw.UsageError) and "nope" in str(caught.value)


@pytest.mark.parametrize("call", [
    lambda path: ahpfw.validate(path / "missing"),
    lambda path: ahpfw.is_valid(path / "missing"),
    lambda path: ahpfw.diff(path / "missing", path),
    lambda path: ahpfw.diff("9.9.9", path),
    lambda path: ahpfw.export(ahpfw.load(path), "no-such-format", path / "out"),
], ids=["validate", "is_valid", "diff-path", "diff-version", "export-format"])
def test_calls_given_something_unusable_raise_usage_errors(minimal, call):
    with pytest.raises(ahpfw.UsageError):
        call(minimal)


@pytest.mark.parametrize("args", [("validate",), ("cache", "clean"), ("site",), ("export", "json"), ("gaps",),
                                  ("crosswalks",)], ids=" ".join)
def test_an_empty_path_is_bad_usage_not_the_working_directory(args):
    """``ahpfw validate ''`` (an empty variable in a script) used to validate the working directory under an
    empty name; it is refused, like ``ahpfw.load('')``, before anything is read."""
    result = run_cli(*args, "", cwd=REPO)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.startswith("error: the PATH given is empty")
    with pytest.raises(ahpfw.UsageError):
        ahpfw.load("")


def test_load_of_a_broken_framework_raises_a_framework_error_with_problems(minimal):
    (minimal / "framework.yaml").write_text("roles: [\n", encoding="utf-8")
    with pytest.raises(ahpfw.Error) as caught:
        ahpfw.load(minimal)
    assert isinstance(caught.value, ahpfw.FrameworkError)
    assert caught.value.problems[0].code == "AHP001" and caught.value.problems[0].location.line > 0


def test_a_refused_release_is_a_release_error(tmp_path):
    framework = copy_framework(MINIMAL, tmp_path / "framework")
    assert ahpfw.load(framework).version != "99.0.0"
    with pytest.raises(ahpfw.Error) as caught:
        make_release("99.0.0", framework)  # not the version framework.yaml gives
    assert isinstance(caught.value, ahpfw.ReleaseError)
    assert not (tmp_path / "releases").exists()
