"""``ahpfw schema``: derive schema/derived/ from the LinkML schema (the one command that needs LinkML)."""

from __future__ import annotations

import click

from ..plurals import count
from ..problems import UsageError, display_path
from . import Context, common_options, fail, same_text


@click.command()
@click.argument("path", required=False)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 naming the derived files that are out of date.")
@common_options
def schema(ctx: Context, path: str | None, check: bool) -> None:
    """Derive schema/derived/ from the LinkML schema (needs LinkML).

    Writes schema/derived/ beside the schema of the project PATH names (a project
    or framework folder; by default this checkout). Loading, validating and
    building read those files, never the schema through LinkML: run this after
    changing schema/ahpfw.yaml. It needs LinkML (pip install 'ahpfw[schema]').
    With --check, compare instead: exit 0 when they are up to date, 1 when not.
    """
    from ..atomic import write_text
    from ..paths import is_packaged
    from ..project import Project
    from ..schema.derive import generate
    from ..schema.info import derived_folder

    source = Project.open(path).schema_path
    if is_packaged(source):
        raise UsageError("the schema shipped inside the package cannot be changed; work in a checkout")
    folder = derived_folder(source)
    ctx.debug(f"deriving {display_path(folder)} from {display_path(source)}")
    texts = generate(source)
    differ = [name for name, text in texts.items() if not same_text(folder / name, text)]
    if check:
        for name in differ:
            click.echo(f"{display_path(folder / name)}: stale (differs from what ahpfw schema writes)")
        if differ:
            fail(f"{display_path(folder)} is out of date ({count(len(differ), 'file')}); run 'ahpfw schema'", 1)
        ctx.info(f"{display_path(folder)}: up to date")
        return
    for name in differ:
        write_text(folder / name, texts[name])
    ctx.info(f"{display_path(folder)}: {count(len(differ), 'file')} written" if differ else
             f"{display_path(folder)}: up to date")
