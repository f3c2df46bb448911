"""``ahpfw apply``: apply an edited copy of the exported workbook (or one sheet's CSV) to the framework's YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..plurals import count
from . import Context, common_options, echo_capped, fail, locked, no_cache_option, use_color


def report_refusals(ctx: Context, refusals: list, what: str) -> None:
    """Print the refusals (``file!Sheet!F13: message``; a long list ends with a count) and stop: nothing was
    written (exit 2). ``what`` is the noun for one refusal (``cell``)."""
    echo_capped(ctx, refusals)
    n = len(refusals)
    fail(f"nothing was written: {count(n, what)} cannot be applied; fix {'it' if n == 1 else 'them'} and run again", 2)


def print_changes(ctx: Context, outcome, fmt: str, dry_run: bool) -> None:
    """Print what changed as ``ahpfw diff`` does, say what was written, and exit (1 for a dry run with changes)."""
    from ..formatters import change_formatter
    from ..problems import display_path

    text = change_formatter(fmt)(outcome.changes, color=fmt == "text" and use_color())
    click.echo(text, nl=not text.endswith("\n"))
    if dry_run:
        ctx.info("dry run: nothing was written")
        sys.exit(0 if outcome.changes.identical else 1)
    for path in outcome.written:
        ctx.debug(f"wrote {display_path(path)}")
    ctx.info(f"{len(outcome.written)} file{'s' if len(outcome.written) != 1 else ''} written"
             if outcome.written else "nothing to change")
    sys.exit(0)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("path", required=False)
@click.option("--dry-run", is_flag=True, help="Print the changes and write nothing (exit 1 if there are changes).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="How to print the changes: as 'ahpfw diff' does.")
@click.option("--force", is_flag=True,
              help="Apply a workbook made from another version of the framework: every cell that differs from "
                   "the framework as it is now counts as an edit.")
@common_options
@no_cache_option
@locked("path", watch=("path",))
def apply(ctx: Context, file: str, path: str | None, dry_run: bool, fmt: str, force: bool) -> None:
    """Apply an edited copy of the exported spreadsheet.

    FILE is an edited copy of exports/spreadsheet/framework.xlsx (or of one
    sheet's CSV); PATH the framework to apply it to. Rows are matched by ID: a
    changed cell changes that field, a row with an empty ID adds an element with
    the next free id and code, a missing row is reported (never deleted: retire with the Status and Replaced by cells).
    Every comment and layout of the YAML is kept. Anything that cannot be
    applied is named by its cell and nothing is written (exit 2); the result
    is validated before it is written, all files at once. Prints the changes
    as 'ahpfw diff' does. See docs/authors.md, "Working in the spreadsheet".
    """
    from ..editing.edits import Refused, write_edits
    from ..editing.workbook_edits import read_edits
    from ..extras import require
    from ..project import Project
    from ..reading.workbooks import BadFile

    require(("ruamel.yaml", "openpyxl"), "'ahpfw apply'")  # edits the YAML keeping its comments; reads XLSX
    fw = Project.open(path).framework
    ctx.debug(f"applying {file} to {fw.root} ({fw.id} {fw.version})")
    try:
        reading = read_edits(Path(file), fw, force=force)
    except BadFile as exc:
        fail(f"{exc.located(file)}: {exc.message}")
    echo_capped(ctx, [f"warning: {warning}" for warning in reading.warnings], "warning", err=True)
    if not ctx.quiet:
        echo_capped(ctx, reading.notes, "note", err=True)
    if reading.refusals:
        report_refusals(ctx, reading.refusals, "cell")
    try:
        outcome = write_edits(fw, reading.edits, reading.new, dry_run=dry_run)
    except Refused as exc:
        report_refusals(ctx, exc.refusals, "edit")
    print_changes(ctx, outcome, fmt, dry_run)
