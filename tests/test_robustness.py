"""Regression tests for the loader's defences, each for a bug found while building tests/bad.

Hostile YAML (deep nesting, aliases, huge numbers), the file size limit, include
paths that escape the folder, and the CLI's last-resort error handler.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ahpfw.cli import main
from ahpfw.history.revisions import diff
from ahpfw.problems import FrameworkError, brief
from ahpfw.reading import yamlfile
from ahpfw.reading.loader import load
from ahpfw.reading.yamlfile import YamlError, read_yaml

LOADERS = [pytest.param(yamlfile._Loader, id="default")]
if yamlfile._Loader is not yaml.SafeLoader:
    LOADERS.append(pytest.param(yaml.SafeLoader, id="pure-python"))


@pytest.fixture(params=LOADERS)
def loader(request, monkeypatch):
    """Run a test with the C parser and again with PyYAML's pure-Python one (used when libyaml is absent)."""
    monkeypatch.setattr(yamlfile, "_Loader", request.param)
    return request.param


def problem_of(path: Path) -> tuple[str, int, int, str]:
    with pytest.raises(YamlError) as info:
        read_yaml(path)
    p = info.value.problem
    return p.code, p.location.line, p.location.col, p.message


def test_plain_data_keeps_positions(tmp_path, loader):
    path = tmp_path / "a.yaml"
    path.write_text("a:\n  - x\n  - {b: 2, c: [1.5, true, null, 2024-01-01]}\n")
    data, positions = read_yaml(path)
    assert data == {"a": ["x", {"b": 2, "c": [1.5, True, None, "2024-01-01"]}]}
    assert positions.of(data, "a").line == 1
    assert positions.of(data["a"], 1).line == 3 and positions.of(data["a"], 1).col == 5
    assert positions.of(data["a"][1], "c").col == 12


def test_100000_deep_nesting_is_refused_without_crashing(tmp_path, loader):
    # The C composer recursed once per level and crashed the interpreter (SIGSEGV) here.
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    started = time.perf_counter()
    assert problem_of(path) == ("AHP003", 1, 4 + yamlfile.MAX_DEPTH - 1, "nesting is deeper than 64 levels")
    assert time.perf_counter() - started < 10


def test_nesting_up_to_the_limit_is_accepted(tmp_path, loader):
    path = tmp_path / "ok.yaml"
    depth = yamlfile.MAX_DEPTH - 1  # the top-level mapping is the first level
    path.write_text("a: " + "[" * depth + "]" * depth + "\n")
    data, _ = read_yaml(path)
    for _ in range(depth):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == []


def test_billion_laughs_is_refused_fast_in_bounded_memory(tmp_path, loader):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code, line, col, message = problem_of(path)
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert (code, line, col) == ("AHP003", 1, 5) and "anchors and aliases" in message
    assert elapsed < 10 and peak < 10 * 2**20


@pytest.mark.parametrize("text, code, message", [
    ("a: !!int x\n", "AHP003", "tag 'tag:yaml.org,2002:int' is not allowed"),  # was a ValueError traceback
    ("a: !!float x\n", "AHP003", "tag 'tag:yaml.org,2002:float' is not allowed"),
    ("a: " + "9" * 5000 + "\n", "AHP001", "(5,000 characters) cannot be read as a whole number"),  # was ValueError
    ("a: 1\n---\nb: 2\n", "AHP001", "a file holds one YAML document"),
    ("a: {b: 1}\n<<: {c: 2}\n", "AHP003", "merge keys (<<) are not supported"),
    ("yes: 1\n", "AHP005", "'yes' reads as true or false"),
    ('a: "\\e[2J"\n', "AHP001", "character U+001B (written as an escape) is not allowed"),
    ("a: x\x85y\n", "AHP001", "character U+0085 is not allowed"),
])
def test_unusable_values_are_refused_with_a_place(tmp_path, loader, text, code, message):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    found = problem_of(path)
    assert found[0] == code and found[1] >= 1 and message in found[3], found


def test_size_limit_is_a_parameter_and_an_environment_variable(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("a: " + "x" * 100 + "\n")
    with pytest.raises(YamlError, match="larger than the limit of 50 bytes"):
        read_yaml(path, max_bytes=50)
    assert read_yaml(path)[0]["a"] == "x" * 100
    monkeypatch.setenv("AHPFW_MAX_FILE_BYTES", "50")
    with pytest.raises(YamlError, match="larger than the limit of 50 bytes"):
        read_yaml(path)
    monkeypatch.setenv("AHPFW_MAX_FILE_BYTES", "not a number")
    assert read_yaml(path)[0]["a"] == "x" * 100


def test_size_limit_holds_when_the_size_is_not_known_in_advance(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("a: " + "x" * 100 + "\n")
    real_stat = Path.stat

    def stat_reporting_zero(self, *args, **kwargs):  # like /proc files, which report size 0
        result = real_stat(self, *args, **kwargs)
        return os.stat_result((*result[:6], 0, *result[7:]))

    monkeypatch.setattr(Path, "stat", stat_reporting_zero)
    with pytest.raises(YamlError, match="larger than the limit of 50 bytes"):
        read_yaml(path, max_bytes=50)


def test_special_files_are_refused_unread(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    assert "not a regular file" in problem_of(fifo)[3]
    assert "is a folder" in problem_of(tmp_path)[3]


def test_unreadable_file_message(tmp_path, monkeypatch):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n")

    def denied(*args, **kwargs):  # chmod 000 does not stop root, so refuse the open directly
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(yamlfile, "open", denied, raising=False)
    assert problem_of(path)[3] == "permission denied: cannot read this file"


def _framework_including(minimal: Path, entry: str) -> list[str]:
    manifest = minimal / "framework.yaml"
    manifest.write_text(manifest.read_text() + f"  - {entry}\n")
    with pytest.raises(FrameworkError) as info:
        load(minimal)
    return [f"{p.location.line}:{p.location.col} {p.code} {p.message}" for p in info.value.problems]


@pytest.mark.parametrize("entry, message", [
    ("../outside.yaml", "13:5 AHP004 include '../outside.yaml' must stay inside the framework folder"),
    ("/etc/passwd", "13:5 AHP004 include '/etc/passwd' must stay inside the framework folder"),
    ("link.yaml", "13:5 AHP004 include 'link.yaml' leads to link.yaml, outside the framework folder"),
    ("'*.link'", "13:5 AHP004 include '*.link' leads to x.link, outside the framework folder"),
    ("loop.yaml", "13:5 AHP004 include 'loop.yaml' leads to loop.yaml, a symbolic link loop"),
    ("sub", "13:5 AHP004 include 'sub' is a folder; name the files in it"),
    ("'sub/*.yaml'", "13:5 AHP004 include 'sub/*.yaml' matches no file"),
    ("'a**b'", "13:5 AHP004 include 'a**b' is not a valid pattern"),
])
def test_includes_cannot_escape_the_folder(minimal, tmp_path, entry, message):
    (tmp_path / "outside.yaml").write_text("domains: []\n")
    (minimal / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    (minimal / "x.link").symlink_to(tmp_path / "outside.yaml")
    (minimal / "loop.yaml").symlink_to("loop.yaml")
    (minimal / "sub").mkdir()
    problems = _framework_including(minimal, entry)
    assert any(p.startswith(message) for p in problems), problems


def test_symlink_inside_the_folder_is_followed(minimal):
    (minimal / "real").mkdir()
    (minimal / "domains.yaml").rename(minimal / "real" / "domains.yaml")
    (minimal / "domains.yaml").symlink_to(Path("real", "domains.yaml"))
    assert load(minimal).domains[0].id == "ahpfw:DOM-0001"


def test_broken_element_id_is_not_blamed_on_the_framework(minimal):
    domains = minimal / "domains.yaml"
    domains.write_text(domains.read_text().replace("id: ahpfw:DOM-0001", "id: true"))
    with pytest.raises(FrameworkError) as info:
        load(minimal)
    assert [p.message for p in info.value.problems] == ["'id' should be text, not true or false"]


def test_brief_quotes_escapes_and_cuts():
    assert brief("name") == "'name'"
    assert brief("a\x1b[31mb") == "'a\\x1b[31mb'"
    assert brief("x" * 100, 10) == "'xxxxxxxxxx'... (100 characters)"


def test_diff_of_a_framework_with_itself_is_empty_even_with_a_duplicate_id(minimal):
    # Found by tests/test_fuzz.py: an id given twice made diff(a, a) report it 'reordered'.
    domains = minimal / "domains.yaml"
    body = domains.read_text().split("\n", 1)[1]
    domains.write_text("domains:\n" + body + body)
    fw = load(minimal)
    assert diff(fw, fw).identical


def test_internal_error_is_one_line_and_exit_2(minimal, monkeypatch):
    import ahpfw.rules.validation

    def broken(*args, **kwargs):
        raise KeyError("a bug\nover two lines")

    monkeypatch.setattr(ahpfw.rules.validation, "iter_problems", broken)
    monkeypatch.delenv("AHPFW_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["validate", str(minimal)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: internal error (KeyError: 'a bug\\nover two lines'); please report it with the command "
        "you ran (set AHPFW_DEBUG=1 to see the details)"]
    monkeypatch.setenv("AHPFW_DEBUG", "1")
    result = CliRunner().invoke(main, ["validate", str(minimal)])
    assert isinstance(result.exception, KeyError)  # raised on, so Python prints the traceback


def test_debug_variable_shows_the_traceback_in_a_real_process(tmp_path, minimal):
    # Plant a bug in a real process through sitecustomize, which Python imports at start-up.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import ahpfw.rules.validation\n"
        "def broken(*args, **kwargs):\n    raise RuntimeError('planted bug')\n"
        "ahpfw.rules.validation.iter_problems = broken\n")
    env = {k: v for k, v in os.environ.items() if k != "AHPFW_DEBUG"}
    env["PYTHONPATH"] = str(hook)
    command = [sys.executable, "-m", "ahpfw", "validate", str(minimal)]
    quiet = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr
    assert "error: internal error (RuntimeError: planted bug); please report it" in quiet.stderr
    loud = subprocess.run(command, env={**env, "AHPFW_DEBUG": "1"}, capture_output=True, text=True, timeout=120)
    assert loud.returncode == 1 and "Traceback" in loud.stderr and "planted bug" in loud.stderr


def test_deeply_nested_snapshot_json_is_a_clean_problem(tmp_path):
    # json.loads raised RecursionError, which reached the user as an internal error.
    from ahpfw.history.canonical import load_json

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FrameworkError) as info:
        load_json(path)
    assert [(p.code, p.message) for p in info.value.problems] == [("AHP003", "nesting is too deep")]


def test_capabilities_that_are_not_a_list_are_a_schema_problem(minimal):
    # Sizing the document for the fast schema check called len() on the value: TypeError.
    domains = minimal / "domains.yaml"
    text = domains.read_text()
    domains.write_text(text[: text.index("    capabilities:")] + "    capabilities: 1\n")
    with pytest.raises(FrameworkError) as info:
        load(minimal)
    assert "'capabilities' should be a list, not a whole number" in str(info.value)


def test_paths_are_shown_on_one_line_without_terminal_escapes(tmp_path):
    from ahpfw.problems import display_path

    assert display_path(tmp_path / "a\x1b[31m\nb.yaml").endswith("/a\\x1b[31m\\nb.yaml")
    assert display_path(tmp_path / "café.yaml").endswith("/café.yaml")


def _leaf_commands():
    import click

    ctx = click.Context(main)

    def leaves(command, name):
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                yield from leaves(command.get_command(ctx, sub), f"{name} {sub}")
        else:
            yield name, command

    for name in main.list_commands(ctx):
        yield from leaves(main.get_command(ctx, name), name)


def test_every_command_goes_through_the_common_error_handling():
    from ahpfw.commands import common_options

    wrapper_code = common_options(lambda ctx: None).__code__
    commands = dict(_leaf_commands())
    assert "validate" in commands and len(commands) > 5
    unguarded = [name for name, command in commands.items() if command.callback.__code__ is not wrapper_code]
    assert unguarded == [], f"commands without @common_options (a bug would print a traceback): {unguarded}"


def test_brackets_inside_quotes_do_not_hide_a_real_syntax_error(tmp_path, loader):
    # The depth re-check after a parser error reads only brackets; a quoted string full of
    # them must still be reported as the syntax error it is, at the bracket left open.
    path = tmp_path / "quoted.yaml"
    path.write_text('a: "' + "[" * 100 + '"\nb: [1, 2\n')
    code, line, col, _message = problem_of(path)
    assert (code, line, col) == ("AHP001", 2, 4)
