"""`.ci/constraints-min.txt` pins every lower bound of pyproject.toml, so `.ci/run-min` tests them all (docs/ci.md)."""

from __future__ import annotations

import re
import tomllib

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
