"""The schema check generated ahead of time (ahpfw.schema.code): agrees with jsonschema, is deterministic,
is kept up to date by ``ahpfw build``, and spares a valid framework the import of jsonschema."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ahpfw.crosswalks import crosswalk_files
from ahpfw.paths import json_schema_path
from ahpfw.reading import loader
from ahpfw.schema import code as schemacode

from .conftest import MINIMAL, REPO, SHIPPED, copy_framework, run_cli


def _mutations():
    yield "unchanged", lambda d: None
    yield "wrong type", lambda d: d["career_stages"][0].__setitem__("rank", "first")
    yield "unknown field", lambda d: d["domains"][0]["capabilities"][0].__setitem__("statment", "x")
    yield "missing required", lambda d: d["domains"][0]["capabilities"][0].pop("statement")
    yield "bad id pattern", lambda d: d["domains"][0]["capabilities"][0].__setitem__("id", "ahpfw:CAP-1")
    yield "wrong kind in id", lambda d: d["domains"][0].__setitem__("id", "ahpfw:CAP-0999")
    yield "bad enum", lambda d: d.__setitem__("status", "finished")
    yield "empty optional list", lambda d: d["domains"][0]["capabilities"][0].__setitem__("meets_needs", None)
    yield "list where text", lambda d: d.__setitem__("title", ["a"])
    yield "bad element status", lambda d: d["principles"][0].__setitem__("status", "gone")
    yield "bool for int", lambda d: d["career_stages"][0].__setitem__("rank", True)
    yield "missing metadata", lambda d: d.pop("licence")


@pytest.mark.parametrize("name,mutate", list(_mutations()), ids=[n for n, _ in _mutations()])
def test_shipped_and_runtime_checks_agree_with_jsonschema(name, mutate):
    raw = loader.read_framework(SHIPPED)
    data = copy.deepcopy(raw.data)
    mutate(data)
    path = str(json_schema_path(raw.root))
    shipped = schemacode.shipped_check(path)
    assert shipped is not None, "the shipped schema check is not the one for the shipped JSON Schema"
    runtime = schemacode.runtime_check(path)
    assert runtime is not None and runtime is not shipped
    valid = loader._validator(path, None).is_valid(data)
    assert valid == (name in ("unchanged", "empty optional list"))
    assert schemacode.passes(shipped, data) == valid
    assert schemacode.passes(runtime, data) == valid


def test_a_definition_other_than_the_root_is_checked_too():
    from ahpfw.reading.yamlfile import read_yaml

    path = str(json_schema_path(SHIPPED))
    check = schemacode.shipped_check(path, "MappingSet")
    validator = loader._validator(path, "MappingSet")
    good, _ = read_yaml(crosswalk_files(REPO / "crosswalks")[0])
    untitled = {k: v for k, v in good.items() if k != "title"}
    for data, valid in ((good, True), ({**good, "colour": "red"}, False), (untitled, False)):
        assert validator.is_valid(data) == valid
        assert schemacode.passes(check, data) == valid


def test_the_check_finds_problems_that_jsonschema_then_describes():
    raw = loader.read_framework(SHIPPED)
    raw.fits = []  # not the files' own verdicts (see test_parts_agree_with_the_whole): check the whole
    assert loader.schema_problems(raw) == []
    raw.data["career_stages"][0]["rank"] = "first"
    problems = loader.schema_problems(raw)
    assert [p.code for p in problems] == ["AHP005"] and "'rank' should be a whole number" in problems[0].message
    assert problems[0].location.line > 0


def test_a_schema_the_shipped_check_was_not_made_from_gets_a_check_compiled_at_run_time(tmp_path, monkeypatch):
    text = json_schema_path(SHIPPED).read_text(encoding="utf-8")
    other = tmp_path / "other.schema.json"
    other.write_text(text.replace('"title": "ahpfw"', '"title": "another"', 1), encoding="utf-8")
    assert other.read_text(encoding="utf-8") != text
    assert schemacode.shipped_check(str(other)) is None
    raw = loader.read_framework(SHIPPED)
    monkeypatch.setattr(loader, "FAST_CHECK_FROM", 1)
    assert loader._fast_check(str(other), None, raw.data) is not None
    assert loader.schema_problems(raw, other) == []


@pytest.mark.parametrize("compiled", [False, True], ids=["shipped", "runtime"])
@pytest.mark.parametrize("name,mutate", list(_mutations()), ids=[n for n, _ in _mutations()])
def test_parts_agree_with_the_whole(name, mutate, compiled, monkeypatch):
    """Each file's part checked alone, then the joined fields, says what checking the whole says."""
    if compiled:
        monkeypatch.setattr(schemacode, "shipped_check", lambda path, definition=None: None)
        monkeypatch.setattr(loader, "FAST_PART_FROM", 0)
    raw = loader.read_framework(SHIPPED)
    path = str(json_schema_path(raw.root))
    data = copy.deepcopy(raw.data)
    mutate(data)
    # split the changed document into parts as files give them: the metadata, then each list
    parts = [{k: v for k, v in data.items() if k not in loader.model.COLLECTIONS}]
    parts += [{k: v} for k, v in data.items() if k in loader.model.COLLECTIONS]
    fits = [loader._part_fits(path, part, 1) for part in parts]
    assert all(fit is not None for fit in fits)
    by_parts = all(fits) and loader._joins_cleanly(path, data)
    assert by_parts == loader._validator(path, None).is_valid(data)
    raw.data, raw.fits = data, fits
    assert (loader.schema_problems(raw) == []) == by_parts


def test_a_field_missing_from_every_file_or_unknown_to_the_whole_is_found():
    """The joined fields are checked too: a required field in no file, or 'include' in a part file."""
    raw = loader.read_framework(SHIPPED)
    assert raw.fits and all(raw.fits)
    raw.data.pop("licence")
    assert [p.code for p in loader.schema_problems(raw)] == ["AHP005"]
    raw = loader.read_framework(SHIPPED)
    raw.data["include"] = ["x.yaml"]
    assert all(raw.fits) and [p.code for p in loader.schema_problems(raw)] == ["AHP005"]


def _generate_in_a_process(seed: str) -> str:
    code = ("import sys; from ahpfw.schema import code as schemacode; "
            "sys.stdout.write(schemacode.generate(open(sys.argv[1], encoding='utf-8').read()))")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", code, str(json_schema_path(SHIPPED))], env=env,
                          capture_output=True, text=True, check=True, timeout=300).stdout


def test_the_generated_code_is_deterministic_and_is_the_committed_module():
    first, second = _generate_in_a_process("1"), _generate_in_a_process("2")
    assert first == second
    committed = REPO / schemacode.FILE
    assert committed.read_text(encoding="utf-8") == first


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


_VALIDATE_THEN_LIST_MODULES = """
import sys
from ahpfw.cli import main
sys.argv = ["ahpfw", "validate", "-q", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    status = exit.code
print(status, " ".join(sorted(m for m in sys.modules if "jsonschema" in m.split(".")[0])))
"""


def test_validating_a_valid_framework_imports_neither_jsonschema_nor_fastjsonschema(tmp_path):
    result = _run_python(_VALIDATE_THEN_LIST_MODULES, tmp_path)  # outside a checkout: the shipped framework
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["0"], result.stdout


def test_validating_an_invalid_framework_uses_jsonschema_to_describe_it(minimal, tmp_path):
    stages = minimal / "elements.yaml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("rank: 1", "rank: first", 1), encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(_VALIDATE_THEN_LIST_MODULES, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(minimal)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert "AHP005" in result.stdout
    status, *modules = result.stdout.splitlines()[-1].split()
    assert status == "1" and "jsonschema" in modules


def test_the_generated_module_runs_without_fastjsonschema(tmp_path):
    code = ("import sys; sys.modules['fastjsonschema'] = None\n"
            "from ahpfw.schema import _check as m\n"
            "m.CHECKS[None]({})\n")
    result = _run_python(code, tmp_path)
    assert "JsonSchemaValueException" in result.stderr and "ImportError" not in result.stderr


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A project laid out like a checkout of ahpfw (schema/, framework/, src/ahpfw/schema/), built once."""
    project = tmp_path / "checkout"
    shutil.copytree(REPO / "schema", project / "schema")
    copy_framework(MINIMAL, project / "framework")
    (project / schemacode.FILE.parent).mkdir(parents=True)
    result = run_cli("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


def test_build_writes_the_schema_check_and_check_catches_a_stale_one(checkout):
    module = checkout / schemacode.FILE
    assert module.read_bytes() == (REPO / schemacode.FILE).read_bytes()  # the same schema gives the same code
    assert run_cli("build", "--check", cwd=checkout).returncode == 0
    module.write_text(module.read_text(encoding="utf-8").replace("'^[0-9]{4}", "'^[0-9]{2}", 1), encoding="utf-8")
    stale = run_cli("build", "--check", cwd=checkout)
    assert stale.returncode == 1
    assert stale.stdout.strip().splitlines() == [f"{schemacode.FILE}: stale "
                                                  "(differs from what ahpfw build writes)"]
    assert "out of date" in stale.stderr
    assert run_cli("build", "--quiet", cwd=checkout).returncode == 0
    assert run_cli("build", "--check", cwd=checkout).returncode == 0
    assert module.read_bytes() == (REPO / schemacode.FILE).read_bytes()


def test_a_schema_change_makes_the_committed_check_stale(checkout):
    schema = checkout / "schema" / "ahpfw.yaml"
    schema.write_text(schema.read_text(encoding="utf-8").replace(
        "A plain-language explanation of the element.", "A plain explanation of the element.", 1), encoding="utf-8")
    stale = run_cli("build", "--check", cwd=checkout)
    assert stale.returncode == 1 and "schema/derived/ahpfw.schema.json: stale" in stale.stdout
    assert run_cli("schema", cwd=checkout).returncode == 0
    stale = run_cli("build", "--check", cwd=checkout)
    assert stale.returncode == 1
    assert any(line.endswith(f"{schemacode.FILE.name}: stale (differs from what ahpfw build writes)")
               for line in stale.stdout.splitlines())
