"""The ``ahpfw`` command: a thin group whose subcommands load only when called.

Each subcommand lives in ``ahpfw/commands/<module>.py``; add it to
``COMMANDS`` below. Loading lazily keeps ``ahpfw --version`` and
``ahpfw validate`` fast (no RDF, spreadsheet or LinkML imports).
"""

from __future__ import annotations

import contextlib
import os
import sys
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


def run() -> None:
    """The ``ahpfw`` console script and ``python -m ahpfw``: :func:`main`, then end the process at once.

    Like mypy, ``ahpfw`` does not take apart what it built before the process
    ends: at 100,000 capabilities that is over a second of CPU (half a million
    objects, and the collector's last passes over them) for memory the operating
    system takes back anyway. Everything a command writes is flushed first; files
    are closed (and renamed into place) before a command returns.
    """
    try:
        main(prog_name="ahpfw")
    except SystemExit as exc:  # click ends every run this way; what the command built is still alive here
        _end(exc.code)
    _end(0)


def _end(code: int | str | None) -> None:
    if isinstance(code, str):  # sys.exit("message"): Python prints it and exits 1
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # the reader went away (``| head``): Python itself would exit 120
        code = code or 120
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code or 0)
