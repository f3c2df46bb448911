"""The package is versioned by the framework it ships (ahpfw/history/versions.py), and `ahpfw --version` shows both."""

from __future__ import annotations

import re

import pytest
import yaml

import ahpfw
from ahpfw.history.versions import follows

from .conftest import SHIPPED, run_cli


def shipped_framework_version() -> str:
    """Read independently of the package: the version field of the framework folder it ships."""
    return str(yaml.safe_load((SHIPPED / "framework.yaml").read_text(encoding="utf-8"))["version"])


def test_the_package_version_follows_the_framework_it_ships():
    framework = shipped_framework_version()
    assert follows(ahpfw.__version__, framework), (
        f"ahpfw.__version__ is {ahpfw.__version__} but the package ships framework {framework}: set __version__ "
        f"in src/ahpfw/__init__.py to {framework} (or {framework}.N for a code-only release; see README 'Versions')")


def test_the_framework_version_is_an_attribute_of_the_package():
    assert ahpfw.__framework_version__ == shipped_framework_version()
    assert "__framework_version__" in ahpfw.__all__


@pytest.mark.parametrize(("package", "framework", "fits"), [
    ("0.3.0", "0.3.0", True),
    ("0.3.0.1", "0.3.0", True),      # a code-only release
    ("0.3.0.12", "0.3.0", True),
    ("0.3.1", "0.3.0", False),       # a different framework
    ("0.1.0", "0.2.0", False),       # what 0.1.0 of the package did: it shipped framework 0.2.0
    ("0.3.0.post1", "0.3.0", False),
    ("0.3.0+local", "0.3.0", False),
    ("0.3", "0.3.0", False),
])
def test_follows(package, framework, fits):
    assert follows(package, framework) is fits


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_option_shows_the_package_and_the_framework(flag, tmp_path):
    result = run_cli(flag, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ahpfw (\S+) \(framework (\S+)\)\n", result.stdout)
    assert result.stdout == f"ahpfw {ahpfw.__version__} (framework {shipped_framework_version()})\n"
