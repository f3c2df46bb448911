"""Helpers every command shares: options, messages, exit codes.

Exit codes: 0 all well; 1 problems found (or, for diff, differences);
2 bad usage or input that cannot be used. Problems go to stdout as
``path:line:col: CODE message``; errors that stop a command go to stderr as
one line starting with ``error:``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..extras import missing_dependency
from ..problems import FrameworkError, UsageError


def use_color(stream: Any = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


class Context:
    """Options every command shares."""

    def __init__(self, quiet: bool = False, verbose: bool = False):
        self.quiet = quiet
        self.verbose = verbose

    def info(self, message: str) -> None:
        """A status line on stderr, unless --quiet."""
        if not self.quiet:
            click.echo(message, err=True)

    def debug(self, message: str) -> None:
        """A line on stderr with --verbose only."""
        if self.verbose:
            click.echo(message, err=True)


def fail(message: str, code: int = 2) -> None:
    """Stop the command with a one-line ``error:`` message on stderr."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def common_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --quiet/--verbose, pass a :class:`Context` first, and turn library errors into
    clean messages and exit codes (never a traceback)."""

    @click.option("-q", "--quiet", is_flag=True, help="Print nothing but the results.")
    @click.option("-v", "--verbose", is_flag=True, help="Say more about what is happening.")
    @functools.wraps(func)
    def wrapper(*args: Any, quiet: bool, verbose: bool, **kwargs: Any) -> Any:
        ctx = Context(quiet=quiet, verbose=verbose)
        try:
            return func(ctx, *args, **kwargs)
        except UsageError as exc:
            fail(str(exc))
        except FrameworkError as exc:
            from ..formatters.text import format_problems

            click.echo(format_problems(exc.problems, color=use_color()))
            fail("the framework cannot be loaded; fix the problems above", 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except ModuleNotFoundError as exc:
            current = click.get_current_context(silent=True)
            missing = missing_dependency(exc, f"'{current.command_path}'" if current else "this command")
            if missing is None:
                raise
            fail(str(missing))
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: one line for users, the traceback with AHPFW_DEBUG=1
            if os.environ.get("AHPFW_DEBUG", "") not in ("", "0"):
                raise
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            fail(f"internal error ({detail}); please report it with the command you ran "
                 "(set AHPFW_DEBUG=1 to see the details)")

    return wrapper


def locked(framework: str | None, *others: str, watch: tuple[str, ...] = (),
           unless: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run the command holding the lock of every project it writes (:func:`ahpfw.locking.held`); put it
    below :func:`common_options`, which reports a refusal as one ``error:`` line (exit 2).

    ``framework`` names the argument holding the framework PATH the command
    writes (a framework inside the installed package is never written, so not
    locked); ``others`` the arguments holding other files or folders it writes
    (``out``, a consultation ``folder``). ``watch`` names those of them (or
    ``releases``: the framework's release history; ``notes``: its
    RELEASE-NOTES.md) whose files it rewrites: they
    are fingerprinted before anything is read (and before waiting for the lock),
    and a change by another program or command stops the command before it writes over it. With the flag ``unless`` set
    (``check``) the command writes nothing and takes no lock.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(ctx: Context, *args: Any, **kwargs: Any) -> Any:
            if unless is not None and kwargs.get(unless):
                return func(ctx, *args, **kwargs)
            from ..editing.releases import NOTES
            from ..locking import held, project_of
            from ..paths import is_packaged, resolve_framework_dirs
            from ..problems import display_path

            named = {name: [Path(kwargs[name])] for name in others if kwargs.get(name) not in (None, "-")}
            if framework is not None:
                named[framework] = [f for f in resolve_framework_dirs(kwargs.get(framework)) if not is_packaged(f)]
                named["releases"] = [_history(f, kwargs.get("releases")) for f in named[framework]]
                named["notes"] = [f / NOTES for f in named[framework]]
            written = ([framework] if framework else []) + [*others, *watch]
            folders = [project_of(path) for name in written for path in named.get(name, ())]

            def waiting(folder: Path, seconds: float) -> None:
                shown = display_path(folder)
                ctx.info(f"waiting for another ahpfw command writing in {'this folder' if shown == '.' else shown} "
                         f"to finish (up to {seconds:g} s)")

            with held(folders, [path for name in watch for path in named.get(name, ())], waiting):
                return func(ctx, *args, **kwargs)

        return wrapper

    return decorate


def _history(framework: Path, given: str | None) -> Path:
    """The release history of ``framework``: the one ``--releases`` gives, else the one beside it."""
    from ..paths import given_releases, releases_dir

    return releases_dir(framework) if given is None else given_releases(given)


class OutOption(click.Option):
    """``-o/--out``: the one spelling, on every command, of where it writes. ``--output`` is accepted too,
    left out of the help, so scripts written for ``ahpfw diff -o/--output`` keep working."""

    NAMES = ("-o", "--out")
    ALIASES = ("--output",)

    def __init__(self, param_decls: Any = None, **kwargs: Any):
        super().__init__([*self.NAMES, *self.ALIASES, "out"], **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        opts = self.opts
        self.opts = [o for o in opts if o not in self.ALIASES]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = opts


def out_option(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add ``-o/--out`` (:class:`OutOption`; passed to the command as ``out``) with click's option settings."""
    return click.option(cls=OutOption, **kwargs)


def no_cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--no-cache``: read every framework file afresh, without the reading cache."""

    def turn_off(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            from ..reading.readcache import turned_off

            ctx.with_resource(turned_off())

    return click.option("--no-cache", is_flag=True, expose_value=False, callback=turn_off,
                        help="Read every framework file afresh, without the cache (also AHPFW_NO_CACHE=1).")(func)


def same_text(path: Any, text: str) -> bool:
    """Whether the file at ``path`` holds exactly ``text`` (UTF-8); False when it cannot be read."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def emit_problems(ctx: Context, problems: list[Any], fmt: str, *, strict: bool, status: str) -> None:
    """Print problems in ``fmt`` (and, for text, a ``status: summary`` line on stderr), then exit
    1 when any is an error (every warning counts, with ``strict``), else 0."""
    from ..formatters import problem_formatter, summary
    from ..rules.validation import strictly

    if strict:
        problems = strictly(problems)
    out = problem_formatter(fmt)(problems, color=use_color(), hints=ctx.verbose)
    if out or fmt in ("json", "sarif"):
        click.echo(out)
    if fmt == "text":
        ctx.info(f"{status}: {summary(problems)}")
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


#: How many lines of a long list (refusals, a returned form's problems) are printed before a count of the rest.
SHOWN_LINES = 50


def echo_capped(ctx: Context, lines: Sequence[object], noun: str = "problem", *, err: bool = False) -> None:
    """Print each of ``lines``; past :data:`SHOWN_LINES` (unless --verbose) the first ones, then
    ``... and 150 more problems (--verbose shows them all)``, so a long list never floods the terminal."""
    from ..plurals import count

    shown = lines if ctx.verbose or len(lines) <= SHOWN_LINES else lines[:SHOWN_LINES]
    for line in shown:
        click.echo(str(line), err=err)
    if len(shown) < len(lines):
        click.echo(f"... and {count(len(lines) - len(shown), 'more ' + noun)} (--verbose shows them all)", err=err)
