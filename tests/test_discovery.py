"""Which framework a command given no PATH works on: the project the working directory is in, found upwards
as git finds its repository, never another framework in its place (README, "Which framework a command works on")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ahpfw.paths import data_root, find_project

from .conftest import MINIMAL, REPO, run_cli


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """A folder holding only framework/ (no schema/), whose framework has one AHP005 error."""
    project = tmp_path / "mine"
    shutil.copytree(MINIMAL, project / "framework")
    (project / "framework" / "sub").mkdir()
    manifest = project / "framework" / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("status: draft", "status: drafty"))
    return project


@pytest.mark.parametrize("where", [".", "framework", "framework/sub"])
def test_validate_finds_the_framework_upwards_and_checks_it_with_the_shipped_schema(broken_copy, where):
    result = run_cli("validate", "-v", cwd=broken_copy / where)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "AHP005" in result.stdout and "'status' is 'drafty'" in result.stdout
    assert f"validating {broken_copy / 'framework'}" in result.stderr
    assert "no schema/ beside" in result.stderr and "the schema shipped with ahpfw" in result.stderr


def test_a_command_in_a_subfolder_of_a_checkout_uses_that_checkout(tmp_path):
    project = tmp_path / "checkout"
    for name in ("framework", "schema", "exports"):
        shutil.copytree(REPO / name, project / name)
    capability = project / "framework" / "domains" / "01-facilitating-learning.yaml"
    capability.write_text(capability.read_text().replace("origin: drafted", "origin: draftd", 1))
    result = run_cli("validate", "-v", cwd=project / "framework" / "domains")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "did you mean 'drafted'?" in result.stdout
    assert f"validating {project / 'framework'}" in result.stderr
    assert "no schema/ beside" not in result.stderr  # its own schema/ is beside it


def test_a_framework_folder_without_framework_yaml_is_refused_not_passed_over(tmp_path):
    (tmp_path / "framework" / "domains").mkdir(parents=True)
    for cwd in (tmp_path, tmp_path / "framework" / "domains"):
        result = run_cli("validate", cwd=cwd)
        assert result.returncode == 2, (result.stdout, result.stderr)
        assert result.stderr.startswith("error: ") and "framework.yaml" in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert "no problems" not in result.stdout + result.stderr


def test_an_empty_framework_folder_further_up_is_not_the_users(tmp_path):
    (tmp_path / "framework").mkdir()  # say another tool's, beside a folder above the one worked in
    (tmp_path / "work").mkdir()
    assert find_project(tmp_path / "work") is None


def test_outside_any_project_the_shipped_framework_is_used(tmp_path):
    assert find_project(tmp_path) is None
    result = run_cli("validate", "-v", cwd=tmp_path)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert f"validating {data_root() / 'framework'}" in result.stderr


def test_load_follows_the_same_rule(broken_copy, monkeypatch):
    import ahpfw

    monkeypatch.chdir(broken_copy / "framework" / "sub")
    with pytest.raises(ahpfw.FrameworkError) as info:
        ahpfw.load()
    assert [p.code for p in info.value.problems] == ["AHP005"]
    assert Path(info.value.problems[0].location.path).parent == broken_copy / "framework"


def test_inside_a_further_framework_that_framework_is_meant(tmp_path):
    shutil.copytree(REPO / "frameworks" / "hcsw-roadmap", tmp_path / "frameworks" / "hcsw-roadmap")
    shutil.copytree(MINIMAL, tmp_path / "framework")
    roadmap = tmp_path / "frameworks" / "hcsw-roadmap"
    assert find_project(roadmap) == (tmp_path, roadmap)
    assert find_project(tmp_path / "frameworks") == (tmp_path, tmp_path / "framework")


def test_build_from_a_subfolder_writes_the_projects_exports(tmp_path):
    project = tmp_path / "checkout"
    shutil.copytree(MINIMAL, project / "framework")
    (project / "framework" / "sub").mkdir()
    result = run_cli("export", "json", cwd=project / "framework" / "sub")
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert (project / "exports" / "json").is_dir()
    assert not (project / "framework" / "sub" / "exports").exists()
