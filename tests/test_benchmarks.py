"""A smoke run of the benchmarks keeps the scripts working. It asserts nothing about time."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ahpfw

from .conftest import REPO


def test_generated_framework_is_valid(tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    folder = generate.write(1200, tmp_path)
    fw = ahpfw.load(folder)
    assert len(fw.capabilities) == 1200 and len(fw.domains) == 2
    assert all(len(c.descriptors) == len(fw.career_stages) for c in fw.capabilities.values())
    assert ahpfw.validate(folder) == []
    assert (tmp_path / "single.yaml").stat().st_size > 0


@pytest.mark.slow
def test_benchmark_smoke_run_prints_the_ratio_table(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "1000",
                             "--repeat", "1", "--work", str(tmp_path), "--json", str(tmp_path / "r.json")],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    assert "| 1,000 |" in result.stdout and "validate / floor" in result.stdout
    assert "warm / floor" in result.stdout and "one changed / floor" in result.stdout
    assert "ahpfw validate" in result.stdout
    assert (tmp_path / "r.json").read_text().startswith("{")
