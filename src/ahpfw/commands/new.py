"""``ahpfw new``: scaffold new elements in the framework's YAML files."""

from __future__ import annotations

import click

from ..plurals import count
from ..problems import display_path
from . import Context, common_options, locked, no_cache_option


@click.group()
def new() -> None:
    """Add a new element to the framework, ready to fill in."""


@new.command()
@click.argument("path", required=False)
@click.option("--domain", required=True, metavar="DOMAIN", help="The domain to add it to: its id or code (2).")
@click.option("--statement", required=True, help="What a person with this capability does (one sentence).")
@click.option("--name", help="A short name (default: taken from the statement).")
@common_options
@no_cache_option
@locked("path", watch=("path",))
def capability(ctx: Context, path: str | None, domain: str, statement: str, name: str | None) -> None:
    """Append a new capability to a domain.

    It takes the next free id and code.

    It gets an empty descriptor for each career stage: 'ahpfw validate' then
    lists each one still to write (AHP017). The file keeps its comments and
    layout, and is written all or nothing.
    """
    from ..editing.scaffold import new_capability  # needs ruamel.yaml, which edits the YAML keeping its comments
    from ..project import Project

    added = new_capability(Project.open(path), domain, statement, name)
    click.echo(f"{display_path(added.path)}:{added.line}:1: added capability {added.id}"
               + (f" ({added.code})" if added.code else "") + f" {added.name}")
    if not ctx.quiet:
        todo = f"write its {count(len(added.stages), 'descriptor')}, " if added.stages else ""
        hint = "" if name else "check the name taken from the statement, "
        ctx.info(f"next: {todo}{hint}then run 'ahpfw validate'")
