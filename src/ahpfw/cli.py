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
    "erratum": "erratum:erratum",
    "site": "site:site",
    "serve": "serve:serve",
    "new": "new:new",
    "apply": "apply:apply",
    "schema": "schema:schema",
}


class OneLineUsageError(click.UsageError):
    """A usage error printed as the README says errors are: one line on stderr, ``error: ...`` (exit 2),
    with where to find help on the same line (click prints three lines beginning ``Usage:``)."""

    def show(self, file: Any = None) -> None:
        message = " ".join(self.format_message().split()).removesuffix(".")
        if message[:2].istitle():  # click's "No such option" in the project's style: "no such option"
            message = message[0].lower() + message[1:]
        hint = f"; try '{self.ctx.command_path} --help'" if self.ctx is not None else ""
        click.echo(f"error: {message}{hint}", file=file, err=file is None)


#: what click (8.2 on) raises to show the help of a group given no command: the help, not one line, is wanted
_HELP_INSTEAD: tuple[type[Exception], ...] = tuple(
    getattr(click.exceptions, name) for name in ("NoArgsIsHelpError",) if hasattr(click.exceptions, name))


@contextlib.contextmanager
def _one_line_usage_errors() -> Any:
    try:
        yield
    except (OneLineUsageError, *_HELP_INSTEAD):
        raise
    except click.UsageError as exc:  # a bad option or argument, a missing one, a command that does not exist
        raise OneLineUsageError(exc.format_message(), exc.ctx) from exc


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when it is used, and prints every usage
    error, its own or a subcommand's, as one ``error:`` line (:class:`OneLineUsageError`)."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _one_line_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_usage_errors():
            return super().invoke(ctx)

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
    from .history.versions import framework_version
    from .problems import Error

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

    With no PATH, commands use the framework of the project you are in (found
    from the working directory upwards), otherwise the framework shipped with
    the package.
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
