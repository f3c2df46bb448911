"""The documentation is complete and true: every command and rule documented, rules.md up to date,
and links between the docs resolve (tests/test_examples.py runs the Python examples)."""

from __future__ import annotations

import fnmatch
import re

import click
import pytest

from ahpfw.cli import COMMANDS, main
from ahpfw.rules import all_rules
from ahpfw.rules.docs import rules_markdown

from .conftest import REPO

DOCS = REPO / "docs"


def _all_docs() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted(DOCS.glob("*.md"))])


def _command_lines() -> list[str]:
    """``ahpfw NAME`` for every command, and ``ahpfw GROUP SUB`` for every subcommand of a group."""
    ctx = click.Context(main)
    lines = []
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None, name
        lines.append(f"ahpfw {name}")
        if isinstance(command, click.Group):
            lines += [f"ahpfw {name} {sub}" for sub in command.list_commands(ctx)]
    return lines


def test_every_command_is_documented():
    text = _all_docs()
    missing = [line for line in _command_lines() if not re.search(re.escape(line) + r"(?![\w-])", text)]
    assert not missing, f"commands not in README.md or docs/*.md: {missing}"


def test_every_command_that_reads_a_framework_takes_no_cache():
    """README: commands that read a framework keep their reading in .ahpfw_cache/ and take --no-cache."""
    reads_no_framework = {"ahpfw rules", "ahpfw cache clean", "ahpfw schema"}
    ctx = click.Context(main)
    lacking = []
    for line in _command_lines():
        command = main
        for word in line.split()[1:]:
            command = command.get_command(ctx, word)
        if isinstance(command, click.Group) or line in reads_no_framework:
            continue
        if "--no-cache" not in {opt for param in command.params for opt in param.opts}:
            lacking.append(line)
    assert not lacking, f"commands without --no-cache: {lacking}"


def test_every_rule_is_in_the_rules_reference():
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"## {rule.code} {rule.name}" in text, rule.code


def test_rules_reference_is_up_to_date():
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run 'ahpfw rules --format md > docs/rules.md'"


def test_the_table_of_templates_lists_every_template():
    """docs/developers.md names each file of ahpfw/templates/ (a name without a folder is in the folder
    of the name before it; ``*`` stands for any file name), and no file that is not there."""
    text = (DOCS / "developers.md").read_text(encoding="utf-8")
    section = text.split("## The templates of the site and the readable document", 1)[1].split("\n## ", 1)[0]
    listed, folder = set(), ""
    for row in (line for line in section.splitlines() if line.startswith("| `")):
        for name in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            folder, _, base = name.rpartition("/") if "/" in name else (folder, "", name)
            listed.add(f"{folder}/{base}")
    root = REPO / "src" / "ahpfw" / "templates"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    covered = {f for f in files if any(fnmatch.fnmatchcase(f, pattern) for pattern in listed)}
    assert files - covered == set(), "templates missing from the table in docs/developers.md"
    assert {p for p in listed if not any(fnmatch.fnmatchcase(f, p) for f in files)} == set(), \
        "the table in docs/developers.md names templates that do not exist"


@pytest.mark.parametrize("doc", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_docs_resolve(doc):
    text = (DOCS / doc).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        file = (DOCS / path).resolve() if path else DOCS / doc
        assert file.exists(), f"{doc}: broken link {target}"
        if anchor and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), flags=re.M)
            anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in anchors, f"{doc}: no heading for #{anchor} in {path or doc}"
