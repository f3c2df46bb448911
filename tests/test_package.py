"""The wheel carries the framework data, and `import ahpfw` stays light."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (found,) = out.glob("ahpfw-*.whl")
    return found


@pytest.mark.slow
def test_wheel_carries_framework_schema_and_exports(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in [*(REPO / "framework").rglob("*.yaml"), *(REPO / "framework").rglob("sources/*.txt")]:
        assert f"ahpfw/_data/framework/{path.relative_to(REPO / 'framework').as_posix()}" in names
    assert "ahpfw/_data/frameworks/hcsw-roadmap/sources/support-worker-roadmap-news-report.txt" in names
    assert "ahpfw/_data/schema/ahpfw.yaml" in names
    assert "ahpfw/_data/exports/json-schema/ahpfw.schema.json" in names
    assert "ahpfw/py.typed" in names  # the README promises a typed API: type checkers read the package
    assert "ahpfw/_data/releases/index.yaml" in names and "ahpfw/_data/releases/0.1.0/framework.json" in names
    # what exports/README.md points integrators at is in the package beside it (docs/ is not)
    assert {"ahpfw/_data/exports/README.md", "ahpfw/_data/framework/RELEASE-NOTES.md",
            "ahpfw/_data/exports/site/changes/index.html"} <= names
    package = REPO / "src" / "ahpfw"  # the site's and the document's templates, style sheet and vendored search
    shipped = {f"ahpfw/{p.relative_to(package).as_posix()}" for folder in ("templates", "site/static")
               for p in (package / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {"ahpfw/templates/site/base.html", "ahpfw/site/static/vendor/minisearch/minisearch.js",
            "ahpfw/site/static/vendor/minisearch/LICENSE.txt"} <= shipped
    assert shipped <= names, sorted(shipped - names)


@pytest.mark.slow
def test_installed_wheel_loads_its_own_framework_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import ahpfw; fw = ahpfw.load(); "
            "print(ahpfw.__file__); print(fw.title); print(len(fw.capabilities))")
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr
    location, title, count = result.stdout.splitlines()
    assert location.startswith(str(site))
    assert title == "Allied Health Professions Education Workforce Capability and Career Framework"
    assert int(count) >= 30



@pytest.mark.slow
def test_wheel_is_named_by_the_framework_version_it_ships(wheel, tmp_path):
    import ahpfw

    assert wheel.name.startswith(f"ahpfw-{ahpfw.__version__}-")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run([sys.executable, "-m", "ahpfw", "--version"], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr
    framework = ahpfw.load(REPO / "framework").version
    assert result.stdout == f"ahpfw {ahpfw.__version__} (framework {framework})\n"


@pytest.mark.slow
def test_installed_wheel_carries_the_second_framework_and_the_crosswalks(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ahpfw/_data/frameworks/hcsw-roadmap/framework.yaml" in names
    assert "ahpfw/_data/crosswalks/ahpfw-needs.yaml" in names
    code = ("import ahpfw; from ahpfw.project import Project; "
            "from ahpfw.rules.validation import iter_crosswalk_problems; "
            "print(ahpfw.load('hcsw-roadmap').id); print(ahpfw.load('ahpfw').id); p = Project.at(); "
            "print(len(p.mapping_sets), len(list(iter_crosswalk_problems(p))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr
    roadmap, ahp, counts = result.stdout.splitlines()
    assert (roadmap, ahp) == ("hcsw:FW-0001", "ahpfw:FW-0001")
    sets, problems = map(int, counts.split())
    assert sets >= 3 and problems == 0

def test_import_does_not_pull_in_heavy_libraries():
    code = ("import sys, ahpfw; ahpfw.load; "
            "print(' '.join(m for m in ('linkml', 'linkml_runtime', 'rdflib', 'openpyxl', 'jinja2', 'jsonschema',"
            " 'yaml') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.split() == ["yaml"]


def test_validate_does_not_import_export_libraries():
    code = ("import sys, ahpfw; ahpfw.validate(); "
            "print(' '.join(m for m in ('linkml', 'linkml_runtime', 'rdflib', 'openpyxl', 'jinja2')"
            " if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.strip() == ""


def _without(module: str, *argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``ahpfw ARGV`` in a fresh interpreter in which ``module`` cannot be imported, as after installing
    the package without the extra that brings it."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] == {module!r}:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from ahpfw.cli import main\n"
        "main()\n"
    )
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize(("module", "command", "extra"), [
    ("jinja2", ["site", str(REPO / "framework"), "--out", "{out}"], "export"),
    ("linkml", ["schema", "--check", str(REPO / "framework")], "schema"),
])
def test_a_command_missing_its_extra_says_which_to_install(tmp_path, module, command, extra):
    result = _without(module, *(arg.format(out=tmp_path / "out") for arg in command))
    assert result.returncode == 2, result.stderr
    assert f"pip install 'ahpfw[{extra}]'" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_building_the_exports_of_an_unchanged_schema_needs_no_linkml():
    """`pip install '.[export]'` and `ahpfw build`: the build reads what `ahpfw schema` derived (schema/derived/)."""
    result = _without("linkml", "build", "--check", cwd=REPO)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
