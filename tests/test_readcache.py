"""The reading cache: the same results with and without it, and no entry trusted that should not be."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ahpfw.cli import main
from ahpfw.paths import json_schema_path
from ahpfw.problems import FrameworkError
from ahpfw.reading import loader, readcache
from ahpfw.rules.validation import validate

from .bad.test_corpus import AS_ROOT, CASES, _emulate_permissions, argv_for, load_case, make_case
from .conftest import MINIMAL, REPO, TESTS, copy_framework, run_cli

RULE_CASES = sorted(p for p in (TESTS / "rules").glob("*/*") if p.is_dir())


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    monkeypatch.delenv("AHPFW_NO_CACHE", raising=False)


def entries(folder: Path) -> dict[str, bytes]:
    cache = folder.parent / readcache.FOLDER
    return {p.name: p.read_bytes() for p in cache.glob("*.entry")} if cache.is_dir() else {}


def reading(folder: Path) -> tuple:
    """Everything read from a framework: data, the position of every container, the files' verdicts."""
    raw = loader.read_framework(folder)
    places = []
    stack = [raw.data]
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            places.append(raw.positions.entry(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    return raw.data, places, raw.fits


def test_a_warm_cache_reads_exactly_what_the_files_say(minimal):
    with readcache.turned_off():
        fresh = reading(minimal)
    assert not entries(minimal)
    first = reading(minimal)  # parses and fills the cache
    made = entries(minimal)
    assert len(made) == len(list(minimal.rglob("*.yaml")))
    assert reading(minimal) == first == fresh  # the second reading comes from the cache
    assert entries(minimal) == made  # and rewrites nothing
    assert all(fresh[2]) and fresh[2] == first[2]


def test_the_cache_folder_is_ignored_by_git_and_tagged(minimal):
    validate(minimal)
    cache = minimal.parent / readcache.FOLDER
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert ".ahpfw_cache/" in (REPO / ".gitignore").read_text().splitlines()


def _forge(folder: Path, salt: bytes | None = None, content: bytes | None = None) -> Path:
    """Put an entry with a forged statement where the entry of domains.yaml belongs, made as if for
    another ahpfw version or schema (``salt``) or other bytes (``content``): what a hash collision,
    a copied or a tampered cache folder could leave there."""
    reader = loader._reader(folder)
    file = folder / "domains.yaml"
    raw = file.read_bytes()
    data, positions = readcache.parse_yaml(str(file), raw)
    data["domains"][0]["capabilities"][0]["statement"] = "FORGED"
    entry = reader.entry(reader.key(raw))
    if salt is not None:
        reader.salt = salt
    readcache._store(reader.folder, entry, reader.key(content or raw), data, positions, True)
    return entry


def _statement(folder: Path) -> str:
    return loader.load(folder).domains[0].capabilities[0].statement


@pytest.mark.parametrize("change", ["version", "schema", "content", "none"])
def test_an_entry_made_for_another_key_is_ignored_and_rebuilt(minimal, tmp_path, monkeypatch, change):
    expected = _statement(minimal)
    if change == "version":
        monkeypatch.setattr(sys.modules["ahpfw"], "__version__", "0.0.0-other")
        other_salt = loader._reader(minimal).salt
        monkeypatch.undo()
        entry = _forge(minimal, salt=other_salt)
    elif change == "schema":
        other = tmp_path / "other.schema.json"
        other.write_text(json_schema_path(minimal).read_text() + "\n")
        monkeypatch.setattr(loader, "json_schema_path", lambda root: other)
        other_salt = loader._reader(minimal).salt
        monkeypatch.undo()
        entry = _forge(minimal, salt=other_salt)
    elif change == "content":
        entry = _forge(minimal, content=b"other bytes")
    else:  # made for this very key: trusted, which shows that a forged entry is read at all
        _forge(minimal)
        assert _statement(minimal) == "FORGED"
        return
    assert b"FORGED" in entry.read_bytes()
    assert _statement(minimal) == expected
    assert b"FORGED" not in entry.read_bytes()  # rebuilt


def test_a_copy_of_a_file_elsewhere_uses_the_same_entry(minimal, tmp_path):
    validate(minimal)
    made = entries(minimal)
    copy = shutil.copytree(minimal, minimal.parent / "copy")
    assert validate(copy) == []
    raw = loader.read_framework(copy)
    assert entries(minimal) == made  # nothing new: every file was found by its content
    assert raw.positions.of(raw.data["domains"][0]).path == str(copy / "domains.yaml")


def test_entries_unused_for_a_week_are_removed_when_a_new_one_is_written(minimal):
    validate(minimal)
    cache = minimal.parent / readcache.FOLDER
    stale = cache / ("0" * 64 + ".entry")
    stale.write_bytes(b"an entry from long ago")
    long_ago = time.time() - (readcache.KEEP_DAYS + 1) * 86400
    used = sorted(cache.glob("*.entry"))
    for entry in used:
        os.utime(entry, (long_ago, long_ago))
    validate(minimal)  # every entry used: each gets a fresh time
    assert all(time.time() - entry.stat().st_mtime < 3600 for entry in used if entry != stale)
    assert stale.exists()  # no new entry was written, so nothing was removed
    (minimal / "domains.yaml").write_text((minimal / "domains.yaml").read_text() + "\n")
    validate(minimal)  # writes the changed file's entry, and prunes
    assert not stale.exists()
    assert len(entries(minimal)) == len(used)  # the old domains.yaml entry (fresh) stays, besides the new one


def _domain_entry(folder: Path) -> Path:
    """The cache entry of the minimal framework's domains.yaml, made by validating it."""
    validate(folder)
    reader = loader._reader(folder)
    return reader.entry(reader.key((folder / "domains.yaml").read_bytes()))


def _damage_truncate(blob: bytes) -> bytes:
    return blob[: len(blob) // 2]


def _damage_flip(blob: bytes) -> bytes:
    at = blob.index(b"statement") + 14
    return blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1:]


def _damage_header(blob: bytes) -> bytes:
    return b"garbage" + blob[blob.index(b"\n"):]


def _damage_empty(blob: bytes) -> bytes:
    return b""


def _damage_positions(blob: bytes) -> bytes:
    """Drop the last position numbers and make the header agree: lengths and CRC check out, positions do not."""
    header, rest = blob.split(b"\n", 1)
    parts = header.split(b" ")
    body_len = int(parts[4])
    body, flat = rest[:body_len], rest[body_len:-8]
    parts[3] = b"%08x" % readcache.zlib.crc32(flat, readcache.zlib.crc32(body))
    parts[5] = b"%d" % len(flat)
    return b" ".join(parts) + b"\n" + body + flat


def _damage_json(blob: bytes) -> bytes:
    """Break the JSON and make the header agree, so only parsing it finds the damage."""
    header, rest = blob.split(b"\n", 1)
    parts = header.split(b" ")
    body_len = int(parts[4])
    body, flat = b"{" + rest[1:body_len], rest[body_len:]
    body = body[:-1] + b"["
    parts[3] = b"%08x" % readcache.zlib.crc32(flat, readcache.zlib.crc32(body))
    return b" ".join(parts) + b"\n" + body + flat


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_flip, _damage_header, _damage_empty,
                                    _damage_positions, _damage_json], ids=lambda f: f.__name__[8:])
def test_a_damaged_entry_is_ignored_and_rebuilt(minimal, damage):
    with readcache.turned_off():
        expected = validate(minimal), reading(minimal)
    entry = _domain_entry(minimal)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert (validate(minimal), reading(minimal)) == expected
    assert entry.read_bytes() == good  # rebuilt as it was


def test_files_that_cannot_be_read_are_not_cached_and_fail_the_same_every_time(minimal):
    broken = minimal / "domains.yaml"
    broken.write_text(broken.read_text().replace("statement:", "statement: [", 1))
    runs = [run_cli("validate", str(minimal)) for _ in range(3)]
    assert runs[0].returncode == 1 and "AHP001" in runs[0].stdout
    assert all((r.returncode, r.stdout, r.stderr) == (runs[0].returncode, runs[0].stdout, runs[0].stderr)
               for r in runs)
    assert len(entries(minimal)) == len(list(minimal.glob("*.yaml"))) - 1  # every file but the broken one


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_cache_can_be_turned_off(minimal, how):
    env = {**os.environ, "AHPFW_NO_CACHE": "1"} if how == "environment" else None
    argv = ["validate", str(minimal)] + (["--no-cache"] if how == "option" else [])
    result = CliRunner().invoke(main, argv, env=env)
    assert result.exit_code == 0, result.output
    assert not (minimal.parent / readcache.FOLDER).exists()
    assert readcache.enabled()  # --no-cache lasts for its command only


def test_cache_clean_removes_only_the_cache(minimal):
    validate(minimal)
    cache = minimal.parent / readcache.FOLDER
    assert cache.is_dir()
    result = run_cli("cache", "clean", str(minimal))
    assert result.returncode == 0 and "removed" in result.stderr
    assert not cache.exists() and (minimal / "framework.yaml").is_file()
    cache.mkdir()  # a folder of that name that ahpfw did not make is left alone
    (cache / "mine.txt").write_text("keep")
    result = run_cli("cache", "clean", str(minimal))
    assert result.returncode == 0 and (cache / "mine.txt").is_file()


def test_a_framework_inside_the_installed_package_is_read_without_a_cache(minimal, monkeypatch):
    monkeypatch.setattr(readcache, "is_packaged", lambda path: True)
    assert readcache.cache_dir(minimal) is None
    validate(minimal)
    assert not (minimal.parent / readcache.FOLDER).exists()
    result = CliRunner().invoke(main, ["cache", "clean", str(minimal), "-v"])  # in-process: is_packaged patched
    assert result.exit_code == 0 and "read without a cache; nothing to remove" in result.stderr, result.output


def test_cache_clean_says_what_it_did_or_why_nothing(minimal):
    cache = minimal.parent / readcache.FOLDER
    assert "no cache at" in run_cli("cache", "clean", str(minimal)).stderr
    validate(minimal)
    assert "removed" in run_cli("cache", "clean", str(minimal)).stderr and not cache.exists()
    cache.mkdir()
    assert "left alone" in run_cli("cache", "clean", str(minimal)).stderr
    assert run_cli("cache", "clean", str(minimal), "-q").stderr == ""


def test_the_cache_folder_is_beside_the_framework_or_at_its_project_root(tmp_path):
    assert readcache.cache_dir(tmp_path / "a" / "framework") == (tmp_path / "a" / readcache.FOLDER).resolve()
    project = tmp_path / "project"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "ahpfw.yaml").write_text("id: x\n")
    assert readcache.cache_dir(project / "frameworks" / "other") == (project / readcache.FOLDER).resolve()


def test_data_that_json_cannot_hold_exactly_is_not_cached():
    """Keys that are not text (the reader refuses them, but the cache does not count on it) would come
    back from JSON as text: such data is not written at all."""
    data = {"a": {1: "one"}}
    positions = readcache.Positions()
    where = readcache.Location("x.yaml", 1, 1)
    positions.add(data, where, {"a": where})
    positions.add(data["a"], where, {1: where})
    with pytest.raises(ValueError):
        readcache._encode(data, positions)


def test_an_unwritable_cache_folder_only_costs_time(minimal):
    (minimal.parent / readcache.FOLDER).write_text("a file where the folder would go")
    assert validate(minimal) == []


def test_a_folder_of_that_name_that_ahpfw_did_not_make_is_left_alone(minimal):
    mine = minimal.parent / readcache.FOLDER
    mine.mkdir()
    (mine / ".gitignore").write_text("my own rules\n")
    assert validate(minimal) == []
    assert [p.name for p in mine.iterdir()] == [".gitignore"]
    assert (mine / ".gitignore").read_text() == "my own rules\n"


# ---------------------------------------------------------------------------
# The whole corpus, both ways


@pytest.mark.parametrize("case", RULE_CASES, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_rule_cases_give_the_same_problems_with_and_without_the_cache(case, tmp_path):
    folder = copy_framework(MINIMAL, tmp_path / "framework", case)
    with readcache.turned_off():
        fresh = _problems(folder)
    assert _problems(folder) == fresh  # cold: fills the cache
    assert entries(folder)
    assert _problems(folder) == fresh  # warm


def _problems(folder: Path) -> list[tuple]:
    try:
        found = validate(folder)
    except FrameworkError as exc:  # pragma: no cover - validate reports these as problems
        found = exc.problems
    return [(p.location, p.code, p.message, p.severity, p.element_id, p.hint) for p in found]


@pytest.mark.parametrize("name", CASES)
def test_bad_cases_give_the_same_output_with_and_without_the_cache(name, tmp_path, monkeypatch):
    spec = load_case(name)
    make_case(name, spec, tmp_path)
    if AS_ROOT and any("chmod" in step for step in spec.get("build", [])):
        _emulate_permissions(monkeypatch)
    monkeypatch.chdir(tmp_path)
    for key, value in spec.get("env", {}).items():
        monkeypatch.setenv(key, str(value))
    runs = []
    for cache in ("off", "cold", "warm"):
        env = {"AHPFW_NO_CACHE": "1" if cache == "off" else "0"}
        result = CliRunner().invoke(main, argv_for(spec), prog_name="ahpfw", env=env)
        runs.append((result.exit_code, result.output))
    assert runs[0][0] == spec["exit"], runs[0]
    assert runs[1] == runs[0] and runs[2] == runs[0]
