"""``ahpfw site``: build the static website for reading the framework."""

from __future__ import annotations

from pathlib import Path

import click

from ..plurals import count
from ..problems import UsageError
from . import Context, common_options, locked, no_cache_option, out_option

#: A folder holding this file was written by ``ahpfw site`` and may be replaced.
SITE_MARKER = Path("assets", "search-index.js")


def check_out_dir(out: Path) -> None:
    """Refuse to replace a folder that is not empty and was not written by ``ahpfw site``."""
    from ..paths import is_packaged

    if is_packaged(out):
        raise UsageError(f"{out}: inside the installed package; choose another folder with --out")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise UsageError(f"{out}: the folder is not empty and does not hold a site built by ahpfw; "
                         "choose an empty or new folder with --out")


@click.command()
@click.argument("path", required=False)
@out_option(default="site", show_default=True, type=click.Path(file_okay=False),
            help="The folder to write the site into (replaced whole).")
@common_options
@no_cache_option
@locked("path", "out")
def site(ctx: Context, path: str | None, out: str) -> None:
    """Build a static website for reading the framework.

    Open OUT/index.html in a browser.

    One page per domain, career stage and capability, a career-route view, each
    element's history across releases (from releases/ beside the framework),
    a page per release saying what changed, and a search box. It needs no
    server and no network: it works when opened straight from disk.
    """
    from ..project import Project
    from ..rules.validation import validate
    from ..site import write_site

    project = Project.open(path)
    target = Path(out)
    check_out_dir(target)
    ctx.debug(f"building the site for {project.framework_dir}")
    fw = project.framework
    errors = sum(p.severity == "error" for p in validate(project))
    if errors:
        ctx.info(f"note: the framework has {count(errors, 'validation error')}; 'ahpfw validate' lists them")
    written = write_site(fw, target)
    ctx.info(f"wrote {count(len(written), 'file')} to {target}; open {target / 'index.html'}")
