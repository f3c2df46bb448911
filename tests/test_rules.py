"""Every rule is documented and has a failing and a passing example that behave as they say."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ahpfw.project import Project
from ahpfw.rules import all_rules, get_rule
from ahpfw.rules.validation import iter_crosswalk_problems, validate

from .conftest import MINIMAL, REPO, TESTS, copy_framework, run_cli

CASES = TESTS / "rules"
RULES = all_rules()


def test_minimal_fixture_is_clean():
    assert validate(MINIMAL) == []


def test_every_rule_has_a_case_folder():
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == [r.code for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.code.startswith("AHP") and len(rule.code) == 6
    assert rule.name and rule.summary.endswith(".")
    for section in ("What:", "Why:", "Example:", "Fix:"):
        assert section in rule.doc, f"{rule.code} docstring lacks {section}"
    assert get_rule(rule.code) is rule and get_rule(rule.name) is rule


def _problems(rule, case: Path, tmp_path: Path) -> tuple[list, Path]:
    """The problems in a case folder laid over the minimal framework: those of validation, or, for a rule
    on crosswalks only, those of the crosswalks in the case's ``crosswalks/`` folder (a project around the
    minimal framework)."""
    if rule.check_crosswalks is None or rule.check is not None:
        folder = copy_framework(MINIMAL, tmp_path / "framework", case)
        return validate(folder), folder
    root = tmp_path / "project"
    copy_framework(MINIMAL, root / "framework", case)  # the case's crosswalks/ goes beside framework/
    shutil.copytree(REPO / "schema", root / "schema")
    return sorted(set(iter_crosswalk_problems(Project.at(root)))), root


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_failing_example_fails(rule, tmp_path: Path):
    problems, folder = _problems(rule, CASES / rule.code / "fail", tmp_path)
    lines = [f"{p.location.display()}: {p.code} {p.message}" for p in problems]
    assert any(p.code == rule.code for p in problems), lines
    for expected in (CASES / rule.code / "fail" / "expected.txt").read_text().splitlines():
        shown = [line.replace(str(folder) + "/", "") for line in lines]
        assert any(expected in line for line in shown), (expected, shown)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_passing_example_passes(rule, tmp_path: Path):
    assert _problems(rule, CASES / rule.code / "pass", tmp_path)[0] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_a_rule_emits_only_the_severity_it_declares(rule, tmp_path):
    """A rule's severity is declared once (``SEVERITY``, error when not given): every problem it reports, in
    its failing case and in the shipped project, has that severity."""
    found, _ = _problems(rule, CASES / rule.code / "fail", tmp_path)
    project = Project.at(REPO)
    found += [p for fw in project.frameworks.values() for p in validate(fw)]
    found += list(iter_crosswalk_problems(project))
    mine = [p for p in found if p.code == rule.code]
    assert mine, "the failing case reports nothing"
    assert {p.severity for p in mine} == {rule.severity}, [str(p) for p in mine if p.severity != rule.severity]


def test_cli_lists_every_rule():
    result = run_cli("rules")
    assert result.returncode == 0
    for rule in RULES:
        assert rule.code in result.stdout and rule.name in result.stdout


def test_cli_explains_one_rule():
    result = run_cli("rules", "AHP013")
    assert result.returncode == 0 and "What:" in result.stdout and "stage-coverage" in result.stdout
    assert run_cli("rules", "AHP999").returncode == 2
