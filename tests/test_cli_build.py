"""``ahpfw build`` and ``ahpfw export``: validation first, atomic writes, --check, determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ahpfw.cli import main
from ahpfw.exporters import all_files

from .conftest import MINIMAL, REPO, copy_framework, run_cli


def _invoke(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args))


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with a copy of the minimal framework, and its exports built once."""
    copy_framework(MINIMAL, tmp_path / "fw")
    result = _invoke("build", str(tmp_path / "fw"), "--out", str(tmp_path / "exports"))
    assert result.exit_code == 0, result.output
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_format_and_reports_progress(project):
    files = _snapshot(project / "exports")
    assert "rdf/framework.ttl" in files and "spreadsheet/framework.xlsx" in files and "README.md" in files
    result = _invoke("build", str(project / "fw"), "--out", str(project / "again"))
    assert "  rdf: 3 files" in result.stderr and "wrote" in result.stderr
    quiet = _invoke("build", str(project / "fw"), "--out", str(project / "quiet"), "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_building_twice_gives_byte_identical_files(project):
    first = _snapshot(project / "exports")
    result = _invoke("build", str(project / "fw"), "--out", str(project / "exports"))
    assert result.exit_code == 0, result.output
    assert _snapshot(project / "exports") == first


def test_check_is_0_when_up_to_date_and_1_naming_stale_missing_and_extra_files(project):
    fw, out = str(project / "fw"), str(project / "exports")
    assert _invoke("build", fw, "--out", out, "--check").exit_code == 0
    domains = project / "fw" / "domains.yaml"
    domains.write_text(domains.read_text().replace("Plans learning for one learner.",
                                                   "Plans learning with one learner."))
    (project / "exports" / "docs" / "framework.md").unlink()
    (project / "exports" / "stray.txt").write_text("not ours")
    result = _invoke("build", fw, "--out", out, "--check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for name in ("json/framework.json", "rdf/framework.ttl", "spreadsheet/capabilities.csv",
                 "case/framework.json", "docs/framework.html"):
        assert any(line.endswith(f"{name}: stale (differs from what ahpfw build writes)") for line in lines), name
    assert not any("json-schema" in line for line in lines)  # the schema did not change
    assert any(line.endswith("docs/framework.md: missing") for line in lines)
    assert any(line.endswith("stray.txt: extra (not written by ahpfw build)") for line in lines)
    assert "out of date (" in result.stderr and "run 'ahpfw build'" in result.stderr
    assert (project / "exports" / "stray.txt").exists()  # --check writes nothing
    assert _invoke("build", fw, "--out", out).exit_code == 0
    assert _invoke("build", fw, "--out", out, "--check").exit_code == 0


def test_a_framework_with_errors_is_not_exported(tmp_path):
    fw = copy_framework(MINIMAL, tmp_path / "fw")
    domains = fw / "domains.yaml"
    domains.write_text(domains.read_text().replace("stage: ahpfw:STAGE-0002", "stage: ahpfw:STAGE-0009", 1))
    result = _invoke("build", str(fw), "--out", str(tmp_path / "exports"))
    assert result.exit_code == 1
    assert "AHP011" in result.stdout and "nothing was exported" in result.stderr
    assert not (tmp_path / "exports").exists()
    assert _invoke("export", "rdf", str(fw), "--out", str(tmp_path / "one")).exit_code == 1
    assert not (tmp_path / "one").exists()


def test_a_failure_halfway_leaves_the_previous_exports_and_no_temporary_folder(project, monkeypatch):
    from ahpfw.exporters import docs

    before = _snapshot(project / "exports")
    domains = project / "fw" / "domains.yaml"
    domains.write_text(domains.read_text().replace("Giving feedback", "Giving useful feedback"))

    def broken(fw, out_dir):
        raise RuntimeError("exporter failed halfway")

    monkeypatch.setattr(docs, "export", broken)
    result = _invoke("build", str(project / "fw"), "--out", str(project / "exports"))
    assert result.exit_code == 2 and "exporter failed halfway" in result.stderr
    assert _snapshot(project / "exports") == before
    assert sorted(p.name for p in project.iterdir() if p.name != ".ahpfw_cache") == ["exports", "fw"]


def test_build_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    copy_framework(MINIMAL, tmp_path / "fw")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("precious")
    result = _invoke("build", str(tmp_path / "fw"), "--out", str(tmp_path / "mine"))
    assert result.exit_code == 2 and "refusing to replace" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "precious"


def test_export_writes_one_format_alone(project):
    out = project / "rdf-only"
    result = _invoke("export", "rdf", str(project / "fw"), "--out", str(out),
                     "--base-iri", "https://example.org/id/")
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "rdf/framework.jsonld", "rdf/framework.ttl", "rdf/shapes.ttl"]
    assert "<https://example.org/id/>" in (out / "rdf/framework.ttl").read_text()
    bad = _invoke("export", "docs", str(project / "fw"), "--out", str(out), "--base-iri", "https://x.org/")
    assert bad.exit_code == 2 and "does not apply" in bad.stderr
    assert _invoke("export", "pdf", str(project / "fw")).exit_code == 2


def test_build_with_no_path_in_a_checkout_writes_its_exports(tmp_path):
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "schema", checkout / "schema")
    copy_framework(MINIMAL, checkout / "framework")
    result = run_cli("build", "--quiet", cwd=checkout)
    assert result.returncode == 0, result.stderr
    assert (checkout / "exports" / "README.md").is_file()
    assert {p.relative_to(checkout / "exports").as_posix() for p in (checkout / "exports").rglob("*")
            if p.is_file()} >= {f for f in all_files() if "crosswalks" not in f and "*" not in f}


def test_committed_exports_are_up_to_date():
    """CI's check: exports/ in the repository is what ahpfw build makes from framework/ and schema/."""
    result = run_cli("build", "--check", cwd=REPO)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]


def test_a_changed_schema_is_derived_again_before_anything_uses_it(tmp_path):
    """The framework is checked against what `ahpfw schema` derived from the schema, never the exports being
    rebuilt: after a schema change, validate and build name the stale derived files until it is run again."""
    import yaml

    project = tmp_path / "project"
    shutil.copytree(REPO / "schema", project / "schema")
    fw = copy_framework(MINIMAL, project / "framework")
    schema_file = project / "schema" / "ahpfw.yaml"
    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    schema["slots"]["editor_note"] = {"description": "A note for editors.", "slot_uri": "ahpfwv:editorNote"}
    schema["classes"]["Capability"]["slots"].append("editor_note")
    schema_file.write_text(yaml.safe_dump(schema, sort_keys=False, allow_unicode=True), encoding="utf-8")
    domains = fw / "domains.yaml"
    code_line = '        code: "1.1"\n'
    domains.write_text(domains.read_text().replace(code_line, code_line + "        editor_note: New.\n"))
    stale = _invoke("build", str(fw), "--check", "--out", str(project / "exports"))
    assert stale.exit_code == 1 and "schema/derived/ahpfw.schema.json: stale" in stale.output
    assert "ahpfw schema" in stale.output and not (project / "exports").exists()
    assert _invoke("validate", str(fw)).exit_code == 2  # the derived files are stale: 'run ahpfw schema'
    assert _invoke("schema", str(fw)).exit_code == 0
    assert _invoke("schema", str(fw), "--check").exit_code == 0
    result = _invoke("build", str(fw), "--out", str(project / "exports"))
    assert result.exit_code == 0, result.output
    assert "editor_note" in (project / "exports" / "json-schema" / "ahpfw.schema.json").read_text()
    assert _invoke("validate", str(fw)).exit_code == 0


def test_the_derived_schema_files_are_up_to_date():
    """CI's check: schema/derived/ is what `ahpfw schema` derives from schema/ahpfw.yaml."""
    result = _invoke("schema", str(REPO), "--check")
    assert result.exit_code == 0, result.output
