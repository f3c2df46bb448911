"""`ahpfw validate` end to end: formats, exit codes, and clean errors for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_cli


def _break_descriptor(folder: Path) -> None:
    domains = folder / "domains.yaml"
    domains.write_text(domains.read_text().replace(
        "          - stage: ahpfw:STAGE-0002\n            text: Develops how a team gives feedback.\n", ""))


def test_clean_framework_exits_0(minimal):
    result = run_cli("validate", str(minimal))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_problems_print_path_line_col_code_and_exit_1(minimal):
    _break_descriptor(minimal)
    result = run_cli("validate", "framework", cwd=minimal.parent)
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "framework/domains.yaml:24:9: AHP013 capability ahpfw:CAP-0002 has no descriptor "
        "for career stage ahpfw:STAGE-0002")
    assert "1 error" in result.stderr


def test_json_format_is_an_array_of_problems(minimal):
    assert json.loads(run_cli("validate", str(minimal), "--format", "json").stdout) == []
    _break_descriptor(minimal)
    result = run_cli("validate", str(minimal), "--format", "json")
    problems = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(p["code"], p["line"], p["col"], p["element_id"]) for p in problems] == [
        ("AHP013", 24, 9, "ahpfw:CAP-0002")]


def test_github_format_writes_annotations(minimal):
    _break_descriptor(minimal)
    result = run_cli("validate", "framework", "--format", "github", cwd=minimal.parent)
    assert result.stdout.startswith("::error file=framework/domains.yaml,line=24,col=9,title=AHP013::capability")


def test_sarif_format_is_sarif(minimal):
    _break_descriptor(minimal)
    log = json.loads(run_cli("validate", str(minimal), "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "AHP013"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 24, "startColumn": 9}


def test_strict_turns_warnings_into_errors(minimal):
    domains = minimal / "domains.yaml"
    text = domains.read_text()
    first = "          - stage: ahpfw:STAGE-0001\n            text: Gives timely feedback to a learner.\n"
    second = "          - stage: ahpfw:STAGE-0002\n            text: Develops how a team gives feedback.\n"
    domains.write_text(text.replace(first + second, second + first))
    assert run_cli("validate", str(minimal)).returncode == 0
    strict = run_cli("validate", str(minimal), "--strict")
    assert strict.returncode == 1 and "AHP023" in strict.stdout


def test_select_runs_only_chosen_rules(minimal):
    _break_descriptor(minimal)
    every = {line.split()[1] for line in run_cli("validate", str(minimal)).stdout.splitlines()}
    assert "AHP013" in every
    other = run_cli("validate", str(minimal), "--select", "AHP010")
    assert other.returncode == 0 and other.stdout == "", other.stdout
    chosen = run_cli("validate", str(minimal), "--select", "stage-coverage")
    assert chosen.returncode == 1
    codes = [line.split()[1] for line in chosen.stdout.splitlines()]
    assert codes and set(codes) == {"AHP013"}, chosen.stdout


def test_select_takes_codes_in_any_case_and_refuses_unknown_rules(minimal):
    """A mistyped --select must not pass silently by running no rule at all."""
    _break_descriptor(minimal)
    lower = run_cli("validate", str(minimal), "--select", "ahp013")
    assert lower.returncode == 1 and "AHP013" in lower.stdout
    for wrong in ("AHP13", "stage-coverge"):
        result = run_cli("validate", str(minimal), "--select", "AHP010", "--select", wrong)
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stdout == ""
        assert result.stderr.startswith("error:") and wrong in result.stderr and len(result.stderr.splitlines()) == 1


def _assert_clean_failure(result, code: int, fragment: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert fragment in output, output
    assert "Traceback" not in output


def test_missing_path_is_a_usage_error(tmp_path):
    _assert_clean_failure(run_cli("validate", str(tmp_path / "nowhere")), 2, "no such file or folder")


def test_empty_directory_is_a_usage_error(tmp_path):
    _assert_clean_failure(run_cli("validate", str(tmp_path)), 2, "no framework.yaml here")


def test_empty_file(minimal):
    (minimal / "domains.yaml").write_text("")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "domains.yaml:1:1: AHP001 file is empty")


def test_yaml_syntax_error(minimal):
    (minimal / "domains.yaml").write_text("domains:\n  - id: [ahpfw:DOM-0001\n")
    # reported at the bracket left open, not at the end of the file where the parser gave up
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "domains.yaml:2:9: AHP001 YAML syntax error")


def test_tab_in_indentation(minimal):
    (minimal / "domains.yaml").write_text("domains:\n\t- id: ahpfw:DOM-0001\n")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "use spaces, not tabs")


def test_duplicate_key(minimal):
    (minimal / "framework.yaml").write_text((minimal / "framework.yaml").read_text() + "title: Again\n")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "framework.yaml:13:1: AHP002 duplicate key 'title'")


def test_wrong_type(minimal):
    elements = minimal / "elements.yaml"
    elements.write_text(elements.read_text().replace("rank: 2", "rank: second"))
    _assert_clean_failure(run_cli("validate", str(minimal)), 1,
                          "elements.yaml:29:5: AHP005 ahpfw:STAGE-0002: 'rank' should be a whole number, not text")


def test_unknown_field(minimal):
    elements = minimal / "elements.yaml"
    elements.write_text(elements.read_text().replace("    regulator:", "    regulater:"))
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "unknown field 'regulater'; did you mean 'regulator'?")


def test_top_level_list(minimal):
    (minimal / "domains.yaml").write_text("- id: ahpfw:DOM-0001\n")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "domains.yaml:1:1: AHP004 the top level is a list")


def test_non_utf8_bytes(minimal):
    (minimal / "domains.yaml").write_bytes(b"domains:\n  - name: caf\xe9\n")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1,
                          "domains.yaml:2:14: AHP001 byte 0xe9 is not valid UTF-8")


def test_python_object_tag(minimal):
    (minimal / "domains.yaml").write_text("domains: !!python/object/apply:os.system ['true']\n")
    _assert_clean_failure(run_cli("validate", str(minimal)), 1, "domains.yaml:1:10: AHP003 tag")


def test_no_path_uses_the_checkout_framework(minimal):
    (minimal.parent / "schema").mkdir()
    result = run_cli("validate", "-v", cwd=minimal.parent)
    assert result.returncode == 0 and str(minimal) in result.stderr


def test_no_path_outside_a_checkout_uses_the_shipped_framework(tmp_path):
    result = run_cli("validate", "-v", cwd=tmp_path)
    assert "framework" in result.stderr and "Traceback" not in result.stderr


def _ended(code: str, *, reader_leaves: bool = False) -> tuple[int, str]:
    """Run ``ahpfw.cli._end(code)`` in a child process after it printed 200 kB (still in its buffer when
    ``reader_leaves``: the reader of its output goes away first, like ``| head``)."""
    size = 100 if reader_leaves else 200_000
    child = subprocess.Popen([sys.executable, "-c", "import sys; from ahpfw.cli import _end; "
                              f"sys.stdout.write('x' * {size}); sys.stdin.read(); _end({code})"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})  # buffered
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    if reader_leaves:
        child.stdout.close()
    child.stdin.close()  # now the child ends
    if not reader_leaves:
        assert len(child.stdout.read()) == size  # flushed before the process ended
    err = child.stderr.read().decode()
    return child.wait(timeout=60), err


@pytest.mark.parametrize(("code", "status"), [("0", 0), ("None", 0), ("1", 1), ("2", 2), ("'stopped'", 1)])
def test_the_console_script_ends_with_the_commands_status_and_all_its_output(code, status):
    returned, err = _ended(code)
    assert returned == status
    assert err == ("stopped\n" if status == 1 and code.startswith("'") else "")


def test_a_reader_that_goes_away_ends_the_run_without_a_traceback():
    returned, err = _ended("0", reader_leaves=True)
    assert returned == 120 and "Traceback" not in err


def test_validate_through_the_console_script_prints_every_problem(minimal, cli):
    domains = minimal / "domains.yaml"
    domains.write_text(domains.read_text().replace("statement: Plans learning that meets each learner's needs.",
                                                   "statement: TBC"))
    result = cli("validate", str(minimal), "--format", "json")
    assert result.returncode == 1
    assert any(p["code"] == "AHP017" for p in json.loads(result.stdout))
