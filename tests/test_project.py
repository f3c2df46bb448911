"""One loaded project: Project.open reads each file once, and rules and exporters open no file of the project."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ahpfw
from ahpfw.project import Project

from .conftest import MINIMAL, REPO, copy_framework

#: The folders of a project that hold its files (what Project.open reads), copied for the tests.
PROJECT_FOLDERS = ("framework", "frameworks", "crosswalks", "releases", "consultations", "schema", "exports")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """A copy of the shipped project, outside the package's source (whose files every import opens)."""
    root = tmp_path_factory.mktemp("project") / "project"
    for name in PROJECT_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    return root


#: Run in a fresh process: record (or refuse) every opening of a file of the project ROOT, but the package's
#: own files and OUT, into LOG (appended to, so that forked processes record theirs too).
_WATCH = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import ahpfw

    ROOT, OUT, LOG, REFUSE = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3], sys.argv[4]
    PACKAGE = Path(ahpfw.__file__).parent.resolve()
    watching = []

    def hook(event, args):
        if not watching or event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path = Path(os.path.abspath(os.fsdecode(args[0])))
        if path.is_relative_to(ROOT) and not any(path.is_relative_to(p) for p in (OUT, PACKAGE)):
            fd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(fd, (str(path.relative_to(ROOT)) + "\\n").encode())
            os.close(fd)
            if REFUSE == "refuse":
                raise PermissionError(f"opened a file of the project: {path}")

    sys.addaudithook(hook)
""")


def _watched(root: Path, out: Path, log: Path, refuse: bool, body: str) -> subprocess.CompletedProcess[str]:
    code = _WATCH + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", code, str(root), str(out), str(log),
                           "refuse" if refuse else "record"], capture_output=True, text=True, timeout=900)


def test_rules_and_exporters_open_no_file_of_the_project(project_copy, tmp_path):
    """Every rule and every exporter works from what Project.open read: opening a file of the project
    (the package's own files and the output folder apart) fails, and is recorded."""
    log = tmp_path / "opened.txt"
    result = _watched(project_copy, tmp_path / "out", log, True, """
        from ahpfw.exporters import FORMATS, export, exporter
        from ahpfw.project import Project
        from ahpfw.rules import all_rules

        project = Project.open(ROOT / "framework").read_all()
        for name in FORMATS:
            exporter(name)  # the modules: package files, imported before watching as after
        watching.append(True)
        problems = [p for rule in all_rules() for p in rule.run(project.framework, project)]
        assert problems == [], problems
        for name in FORMATS:
            export(project, name, OUT / name)
        print("done")
    """)
    opened = log.read_text() if log.exists() else ""
    assert result.returncode == 0 and result.stdout.strip() == "done", result.stderr[-3000:]
    assert opened == ""


def test_the_watch_catches_a_rule_that_opens_a_file(project_copy, tmp_path):
    log = tmp_path / "opened.txt"
    result = _watched(project_copy, tmp_path / "out", log, True, """
        watching.append(True)
        (ROOT / "framework" / "framework.yaml").read_text()
    """)
    assert result.returncode != 0 and "PermissionError" in result.stderr
    assert log.read_text() == "framework/framework.yaml\n"


def test_a_build_reads_each_file_of_the_project_once(project_copy, tmp_path):
    """``ahpfw build`` (rules and exporters in forked processes too) opens each file of the project once,
    with the reading cache off so that every file is read."""
    log = tmp_path / "opened.txt"
    result = _watched(project_copy, tmp_path / "out", log, False, """
        os.environ["AHPFW_NO_CACHE"] = "1"
        os.chdir(ROOT)
        from ahpfw.cli import main
        watching.append(True)
        main(["build", "-q", "--out", str(OUT / "exports")])
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    opened = log.read_text().splitlines()
    twice = sorted({path for path in opened if opened.count(path) > 1})
    assert twice == []
    assert {"framework/framework.yaml", "frameworks/hcsw-roadmap/framework.yaml", "releases/index.yaml",
            "crosswalks/ahpfw-needs.yaml"} <= set(opened)


def test_open_reads_nothing_until_asked_and_then_once(tmp_path):
    folder = copy_framework(MINIMAL, tmp_path / "framework")
    project = Project.open(folder)
    assert "framework" not in vars(project)
    fw = project.framework
    assert project.framework is fw and project.frameworks == {fw.id: fw}
    assert project.history(fw) is project.history()


def test_a_framework_knows_the_project_it_was_loaded_in(tmp_path):
    project = Project.open(REPO / "framework")
    fw = project.framework
    assert Project.of(fw) is project
    assert Project.of(project.frameworks["hcsw:FW-0001"]) is project


def test_a_framework_loaded_alone_gets_a_project_around_it():
    fw = ahpfw.load(REPO / "framework")
    project = Project.of(fw)
    assert project.framework is fw and project.frameworks[fw.id] is fw
    assert Project.of(fw) is project
    assert [ms.name for ms in project.mapping_sets_of(fw)] == ["ahpfw-hcsw", "ahpfw-needs", "ahpfw-priorities"]


def test_a_freed_framework_is_forgotten_and_keeps_no_project_alive():
    from ahpfw import project as module

    fw = ahpfw.load(MINIMAL)
    Project.of(fw)
    key = id(fw)
    assert key in module._OWNERS
    del fw
    gc.collect()
    assert key not in module._OWNERS


def test_a_framework_outside_a_project_has_no_crosswalks(tmp_path):
    """A framework folder beside crosswalks/ but in no project (no schema/) is its own project, as before."""
    folder = copy_framework(REPO / "framework", tmp_path / "framework")
    shutil.copytree(REPO / "crosswalks", tmp_path / "crosswalks")
    project = Project.open(folder)
    assert project.root is None and project.mapping_sets == ()
    assert list(project.frameworks) == [project.framework.id]
