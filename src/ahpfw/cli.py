"""The ``ahpfw`` command: a thin group whose subcommands load only when called.

Each subcommand lives in ``ahpfw/commands/<module>.py``; add it to
``COMMANDS`` below. Loading lazily keeps ``ahpfw --version`` and
``ahpfw validate`` fast (no RDF, spreadsheet or LinkML imports).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from . import __version__

#: command name -> "module:attribute" under ahpfw.commands
COMMANDS: dict[str, str] = {
    "validate": "validate:validate",
    "build": "build:build",
    "cache": "cache:cache",
    "export": "build:export",
    "consult": "consult:consult",
    "rules": "validate:rules",
    "crosswalks": "crosswalks:crosswalks",
    "gaps": "crosswalks:gaps",
    "diff": "diff:diff",
    "release": "release:release",
    "release-notes": "release:release_notes",
    "site": "site:site",
    "new": "new:new",
    "apply": "apply:apply",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(import_module(f"ahpfw.commands.{module}"), attr)


def _print_version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    """``ahpfw --version``: the package version and the version of the framework it ships."""
    if not value or ctx.resilient_parsing:
        return
    from .problems import Error
    from .versions import framework_version

    try:
        shipped = f"framework {framework_version()}"
    except (Error, OSError, KeyError, TypeError) as exc:
        shipped = f"framework version unknown: {exc}"
    click.echo(f"ahpfw {__version__} ({shipped})")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the package version and the version of the framework it ships, and exit.")
def main(**_: Any) -> None:
    """Validate, compare and export the AHP Education Workforce Capability and Career Framework.

    With no PATH, commands use ./framework inside a checkout, otherwise the
    framework shipped with the package.
    """
