"""``ahpfw diff``: what changed between two versions of the framework, element by element."""

from __future__ import annotations

import sys

import click

from ..formatters import CHANGE_FORMATS
from . import Context, common_options, no_cache_option, out_option, use_color


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(CHANGE_FORMATS), default="text", show_default=True,
              help="text for the terminal, md for release notes, json for programs, html side by side.")
@out_option(type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--check-version", is_flag=True,
              help="Exit 1 when NEW's version number does not reflect its changes, else 0.")
@common_options
@no_cache_option
def diff(ctx: Context, old: str, new: str | None, fmt: str, out: str | None, check_version: bool) -> None:
    """Compare two versions of the framework by element id.

    OLD and NEW are each a framework folder, a release version (0.1.0), a
    snapshot file (releases/0.1.0/framework.json), a shipped framework's name
    or a Git revision (git:HEAD~1, reading framework/ at that commit). NEW
    defaults to the current framework. See docs/diff.md. Exits 0 when identical, 1 when they differ, 2 on errors;
    with --check-version, 1 only when the version number does not fit the changes.
    """
    from ..formatters import change_formatter
    from ..history.changes import compare
    from ..history.revisions import open_framework
    from ..paths import default_framework_dir

    old_fw, old_label = open_framework(old)
    new_fw, new_label = open_framework(new if new is not None else default_framework_dir())
    ctx.debug(f"comparing {old_label} with {new_label}")
    changes = compare(old_fw, new_fw, old_source=old_label, new_source=new_label)
    text = change_formatter(fmt)(changes, color=out is None and fmt == "text" and use_color())
    if out:
        from ..atomic import write_text

        write_text(out, text if text.endswith("\n") else text + "\n")
        ctx.info(f"wrote {out}")
    else:
        click.echo(text, nl=not text.endswith("\n"))
    if check_version:
        if not changes.advice.ok:
            click.echo(f"error: {changes.advice.message()}", err=True)
            sys.exit(1)
        ctx.info(changes.advice.message())
        sys.exit(0)
    sys.exit(0 if changes.identical else 1)
