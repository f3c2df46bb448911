"""What every command shows a user, found by walking the click tree (no list of commands kept here):
help in plain text with summaries that are not cut short, usage errors on one ``error:`` line,
and one spelling, ``-o/--out``, of where a command writes."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from ahpfw.cli import main
from ahpfw.commands import OutOption

from .conftest import run_cli


def _walk(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _walk(command.get_command(ctx, name), (*path, name))


TREE = list(_walk(main))
COMMANDS = [(path, command) for path, command in TREE if path]
GROUPS = [(path, command) for path, command in TREE if isinstance(command, click.Group)]


def _ids(items):
    return [" ".join(path) or "ahpfw" for path, _ in items]


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=80, prog_name="ahpfw")
    assert result.exit_code == 0, result.output
    return result.output


def test_the_walk_finds_the_commands_and_their_groups():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"validate", "consult ingest", "new capability", "cache clean"} <= names
    assert len(GROUPS) >= 4


@pytest.mark.parametrize("path, command", TREE, ids=_ids(TREE))
def test_help_is_plain_text(path, command):
    text = _help(path)
    assert "``" not in text, [line for line in text.splitlines() if "``" in line]
    assert ":class:" not in text and ":func:" not in text


@pytest.mark.parametrize("path, group", GROUPS, ids=_ids(GROUPS))
def test_the_command_list_shows_each_summary_whole(path, group):
    lines = _help(path).splitlines()
    rows = lines[lines.index("Commands:") + 1:]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        whole = group.get_command(ctx, name).get_short_help_str(limit=10_000)
        row = next(line for line in rows if line.split()[:1] == [name])
        assert row.split(None, 1)[1] == whole, f"{' '.join((*path, name))}: {row.strip()!r} is cut short"
        assert not whole.endswith("...")


def _one_line_error(args: list[str]) -> str:
    result = CliRunner().invoke(main, args, prog_name="ahpfw")
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0]


@pytest.mark.parametrize("path, command", TREE, ids=_ids(TREE))
def test_a_usage_error_is_one_line_saying_where_help_is(path, command):
    line = _one_line_error([*path, "--no-such-option"])
    assert "--no-such-option" in line
    assert f"try '{' '.join(('ahpfw', *path))} --help'" in line


@pytest.mark.parametrize("args", [["no-such-command"], ["diff"], ["consult", "ingest"], ["validate", "--format", "xml"],
                                  ["new", "capability", "--domain", "1"]], ids=" ".join)
def test_other_usage_errors_are_one_line_too(args):
    _one_line_error(args)


def test_a_usage_error_from_the_installed_command_is_one_line_on_stderr():
    result = run_cli("diff")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert "try 'ahpfw diff --help'" in result.stderr


def _writes_to(command: click.Command) -> list[click.Parameter]:
    """The options saying where a command writes: by the spellings used for that anywhere, or the class."""
    return [p for p in command.params if isinstance(p, OutOption)
            or {"-o", "--out", "--output"} & set(p.opts) or p.name in ("out", "output")]


WRITERS = [(path, command) for path, command in COMMANDS if _writes_to(command)]


def test_commands_that_write_to_a_place_of_your_choosing_are_found():
    assert len(WRITERS) >= 6  # build, export, site, diff, consult report, consult template at least


@pytest.mark.parametrize("path, command", WRITERS, ids=_ids(WRITERS))
def test_every_command_that_writes_takes_o_and_out_and_the_old_output(path, command):
    (option,) = _writes_to(command)
    assert isinstance(option, OutOption) and option.name == "out"
    for spelling in ("-o", "--out", "--output"):
        ctx = command.make_context(path[-1], [spelling, "somewhere"], resilient_parsing=True)
        assert str(ctx.params["out"]) == "somewhere", spelling
    text = _help(path)
    assert "-o, --out" in text and "--output" not in text  # the old spelling works, the help shows one


def test_diff_writes_the_same_file_whichever_spelling(tmp_path):
    outputs = []
    for spelling in ("-o", "--out", "--output"):
        target = tmp_path / f"diff{spelling}.md"
        result = run_cli("diff", "0.1.0", "0.2.0", "--format", "md", spelling, str(target), "-q")
        assert result.returncode == 1, result.stderr  # the versions differ
        outputs.append(target.read_bytes())
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
