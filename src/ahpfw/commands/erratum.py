"""``ahpfw erratum``: record a correction to a released iteration, whose snapshot never changes."""

from __future__ import annotations

import click

from . import Context, common_options, fail, locked, no_cache_option
from .release import releases_option


@click.command()
@click.argument("version")
@click.argument("path", required=False)
@click.option("--element", required=True, metavar="ID",
              help="The id of the element the erratum is about, as in that release (the framework's own id for "
                   "its title, description and other details).")
@click.option("--field", metavar="NAME", help="The element's field that is wrong (description, rationale...).")
@click.option("--text", required=True, help="What is wrong in the release, and what is right, for readers.")
@click.option("--corrected-in", "corrected_in", metavar="VERSION", help="The later version that corrects it.")
@click.option("--date", metavar="YYYY-MM-DD", help="When the erratum is recorded (default: today).")
@releases_option
@common_options
@no_cache_option
@locked("path", watch=("releases", "notes"))
def erratum(ctx: Context, version: str, path: str | None, element: str, field: str | None, text: str,
            corrected_in: str | None, date: str | None, releases: str | None) -> None:
    """Record a correction to release VERSION (an erratum).

    Released snapshots never change, so a mistake found in one is recorded in
    releases/errata.yaml beside releases/index.yaml, and the release notes
    (framework/RELEASE-NOTES.md) are regenerated to list it under that release;
    the site shows it on the release's "what changed" page. Refused (exit 1) when
    VERSION is no release, the release has no such element or field, or the same
    erratum is already recorded; exit 2 on bad usage (a malformed date or version).
    """
    from ..editing.releases import record_erratum
    from ..history.errata import ErratumError
    from ..project import Project

    project = Project.open(path, releases=releases)
    try:
        entry = record_erratum(version, element, text, project, field=field, corrected_in=corrected_in, date=date)
    except ErratumError as exc:
        fail(str(exc), 1)
    ctx.info(f"recorded an erratum against {entry.version} ({entry.element}"
             f"{', ' + entry.field if entry.field else ''}); release notes regenerated")
