"""More than one framework: the support worker roadmap beside the AHP framework, by name and by folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

import ahpfw
from ahpfw.history.canonical import to_data
from ahpfw.paths import data_root, resolve_framework_dir, resolve_framework_dirs, shipped_frameworks
from ahpfw.problems import UsageError
from ahpfw.rules.validation import validate

from .conftest import REPO, run_cli

ROADMAP = REPO / "frameworks" / "hcsw-roadmap"


def test_shipped_frameworks_by_name():
    names = shipped_frameworks()
    # The installed package's copies (the checkout itself when installed in editable mode).
    assert names["ahpfw"] == data_root() / "framework"
    assert names["hcsw-roadmap"] == data_root() / "frameworks" / "hcsw-roadmap"
    assert (names["hcsw-roadmap"] / "framework.yaml").read_bytes() == (ROADMAP / "framework.yaml").read_bytes()
    assert ahpfw.load("ahpfw").id == "ahpfw:FW-0001"
    roadmap = ahpfw.load("hcsw-roadmap")
    assert roadmap.id == "hcsw:FW-0001" and roadmap.version


def test_a_real_folder_wins_over_a_shipped_name(tmp_path, monkeypatch):
    shutil.copytree(ROADMAP, tmp_path / "ahpfw")
    monkeypatch.chdir(tmp_path)
    assert resolve_framework_dir("ahpfw") == Path("ahpfw")
    with pytest.raises(UsageError, match="nor a shipped framework"):
        resolve_framework_dir("no-such-framework")


def test_roadmap_shape():
    fw = ahpfw.load("hcsw-roadmap")
    assert [d.name for d in fw.domains] == ["Personal skills", "Technical skills", "Skills for life",
                                            "Career progression"]
    assert all(d.capabilities for d in fw.domains)
    assert not fw.career_stages and all(not c.descriptors for c in fw.capabilities.values())
    assert fw.roles and all(r.stage is None for r in fw.roles)
    assert fw.resources and all(r.kind for r in fw.resources)
    assert all(e.id.startswith("hcsw:") for e in fw.iter_elements())
    assert fw.uses("domains") and not fw.uses("career_stages") and not fw.uses("learning_needs")


@pytest.mark.parametrize("name", ["ahpfw", "hcsw-roadmap"])
def test_both_frameworks_validate_clean(name):
    assert validate(shipped_frameworks()[name]) == []


def test_the_ahp_framework_keeps_its_shape():
    """The generalised schema changes nothing for the AHP framework: no new keys in its canonical form."""
    fw = ahpfw.load("ahpfw")
    data = to_data(fw)
    assert "element_kinds" not in data and fw.uses("career_stages")
    assert all("descriptors" in c for d in data["domains"] for c in d["capabilities"] if c.get("status") != "retired")
    assert all("stage" in r for r in data["roles"])


def test_stage_coverage_still_demands_descriptors_where_there_are_stages(minimal):
    text = (minimal / "domains.yaml").read_text()
    start = text.index("        descriptors:\n", text.index("ahpfw:CAP-0002"))
    (minimal / "domains.yaml").write_text(text[:start])
    codes = {p.code for p in validate(minimal)}
    assert "AHP013" in codes and "AHP005" not in codes


def test_folder_of_frameworks_validates_each(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    shutil.copytree(ROADMAP, folder / "hcsw-roadmap")
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", folder / "minimal")
    assert resolve_framework_dirs(folder) == [folder / "hcsw-roadmap", folder / "minimal"]
    assert run_cli("validate", str(folder)).returncode == 0
    areas = folder / "hcsw-roadmap" / "areas.yaml"
    areas.write_text(areas.read_text().replace("hcsw:DOM-0002", "hcsw:DOM-0001", 1))
    result = run_cli("validate", str(folder))
    assert result.returncode == 1
    assert "hcsw-roadmap/areas.yaml:" in result.stdout and "AHP010" in result.stdout
    assert "minimal: no problems" in result.stderr


def test_validate_by_name(tmp_path):
    """A shipped framework's name validates that framework (here from a folder that is no checkout)."""
    result = run_cli("validate", "hcsw-roadmap", "--verbose", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    roadmap = str(Path(ahpfw.load("hcsw-roadmap").root))
    assert roadmap.endswith("hcsw-roadmap") and f"{roadmap}: no problems" in result.stderr
    as_json = run_cli("validate", "hcsw-roadmap", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == []


def test_build_the_roadmap(tmp_path):
    result = run_cli("build", "hcsw-roadmap", "--out", str(tmp_path / "exports"))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "exports"
    assert (out / "json" / "framework.json").is_file() and (out / "sssom" / "ahpfw-hcsw.sssom.tsv").is_file()
    again = run_cli("build", "hcsw-roadmap", "--out", str(out), "--check")
    assert again.returncode == 0, again.stdout + again.stderr


def test_diff_and_site_on_the_roadmap(tmp_path):
    changed = shutil.copytree(ROADMAP, tmp_path / "roadmap")
    areas = changed / "areas.yaml"
    areas.write_text(areas.read_text().replace("name: Numeracy\n", "name: Numeracy and measurement\n"))
    result = run_cli("diff", str(ROADMAP), str(changed))
    assert result.returncode == 1 and "hcsw:CAP-0009" in result.stdout
    site = run_cli("site", "hcsw-roadmap", "--out", str(tmp_path / "site"))
    assert site.returncode == 0, site.stderr
    assert "Skills for life" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_roadmap_files_name_the_editor_schema_and_fit_it():
    from .test_editor_schema import MODELINE, SCHEMAS, _validator

    validator = _validator()
    for file in sorted(ROADMAP.rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        match = MODELINE.match(text)
        assert match and (file.parent / match.group(1)).resolve() == SCHEMAS / "ahpfw-file.schema.json", file
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        assert [e.message for e in validator.iter_errors(data)] == [], file
