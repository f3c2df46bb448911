"""``ahpfw cache clean``: remove the reading cache."""

from __future__ import annotations

import click

from ..problems import display_path
from . import Context, common_options, locked


@click.group()
def cache() -> None:
    """Manage the cache of framework readings (.ahpfw_cache/)."""


@cache.command()
@click.argument("path", required=False)
@common_options
@locked("path")
def clean(ctx: Context, path: str | None) -> None:
    """Remove the cache folder that a framework uses.

    PATH is the framework (default: the default framework).

    The cache only saves time: removing it changes no result. Folders that ahpfw
    did not make are left alone.
    """
    from ..paths import resolve_framework_dirs
    from ..reading.readcache import cache_dir, clean

    seen = set()
    for framework in resolve_framework_dirs(path):
        folder = cache_dir(framework)
        if folder is None:
            ctx.info(f"{display_path(framework)}: the framework inside the installed package is read without a "
                     "cache; nothing to remove")
        elif folder not in seen:
            seen.add(folder)
            if clean(folder):
                ctx.info(f"removed {display_path(folder)}")
            elif folder.exists():
                ctx.info(f"{display_path(folder)} was not made by ahpfw (it has no CACHEDIR.TAG); left alone")
            else:
                ctx.info(f"no cache at {display_path(folder)}; nothing to remove")
