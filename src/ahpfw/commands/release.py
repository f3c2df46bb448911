"""``ahpfw release`` and ``ahpfw release-notes``: snapshots of released iterations, and their notes."""

from __future__ import annotations

import sys

import click

from ..problems import FrameworkError
from . import Context, common_options, fail, locked, no_cache_option, use_color

releases_option = click.option(
    "--releases", "releases", metavar="DIR",
    help="The release history (the releases/ folder holding index.yaml, or the project folder holding it), "
         "when the framework folder is not beside it.")


@click.command()
@click.argument("version")
@click.argument("path", required=False)
@click.option("--status", type=click.Choice(["consultation", "published"]),
              help="The release's status; must match framework.yaml (default: what framework.yaml says).")
@click.option("--summary", help="One line for releases/index.yaml (default: a summary of the changes).")
@releases_option
@common_options
@no_cache_option
@locked("path", watch=("path", "releases"))
def release(ctx: Context, version: str, path: str | None, status: str | None, summary: str | None,
            releases: str | None) -> None:
    """Release the framework as VERSION.

    Writes its snapshot, index entry and release notes. Checks that the
    framework validates, that VERSION is its version field and is greater than
    the last release, and that the step from the last release
    fits the changes (see docs/diff.md). Then writes releases/VERSION/framework.json,
    adds VERSION to releases/index.yaml and regenerates framework/RELEASE-NOTES.md,
    all or nothing. Exits 1 when the release is refused, 2 on bad usage or when the
    release history is missing: the version framework.yaml supersedes is not in it, or
    RELEASE-NOTES.md describes releases it lacks (give it with --releases DIR).
    """
    from ..editing.releases import ReleaseError, make_release
    from ..formatters.text import format_problems
    from ..project import Project

    project = Project.open(path, releases=releases)
    try:
        entry = make_release(version, project, status=status, summary=summary)
    except FrameworkError as exc:
        click.echo(format_problems(exc.problems, color=use_color(), hints=ctx.verbose))
        fail("the framework has errors; fix them before releasing", 1)
    except ReleaseError as exc:
        fail(str(exc), 1)
    ctx.info(f"released {entry.version} ({entry.status}, {entry.date}): {entry.summary}")


@click.command(name="release-notes")
@click.argument("path", required=False)
@click.option("--check", is_flag=True, help="Only check that RELEASE-NOTES.md is up to date (exit 1 if not).")
@releases_option
@common_options
@no_cache_option
@locked("path", watch=("notes",), unless="check")
def release_notes(ctx: Context, path: str | None, check: bool, releases: str | None) -> None:
    """Regenerate framework/RELEASE-NOTES.md from the releases.

    The notes are made from the release snapshots. Refuses (exit 2) to drop the
    notes of a release that the history lacks.
    """
    from ..editing.releases import NOTES, write_release_notes
    from ..editing.releases import release_notes as render
    from ..project import Project

    project = Project.open(path, releases=releases)
    notes = project.framework_dir / NOTES
    if check:
        current = notes.read_text(encoding="utf-8") if notes.is_file() else ""
        if current != render(project):
            fail(f"{notes} is out of date; run 'ahpfw release-notes'", 1)
        ctx.info(f"{notes} is up to date")
        sys.exit(0)
    ctx.info(f"wrote {write_release_notes(project)}")
