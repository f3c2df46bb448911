"""``ahpfw cache clean``: remove the reading cache."""

from __future__ import annotations

import click

from ..problems import display_path
from . import Context, common_options


@click.group()
def cache() -> None:
    """Manage the cache of framework readings (.ahpfw_cache/)."""


@cache.command()
@click.argument("path", required=False)
@common_options
def clean(ctx: Context, path: str | None) -> None:
    """Remove the cache folder that the framework at PATH uses (default: the default framework's).

    The cache only saves time: removing it changes no result. Folders that ahpfw
    did not make are left alone.
    """
    from ..paths import resolve_framework_dirs
    from ..readcache import cache_dir, clean

    for folder in dict.fromkeys(filter(None, map(cache_dir, resolve_framework_dirs(path)))):
        ctx.info(f"removed {display_path(folder)}" if clean(folder) else f"no cache at {display_path(folder)}")
