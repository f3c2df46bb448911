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
from collections.abc import Callable
from typing import Any

import click

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


#: Libraries that only some commands use, and the extra that installs each.
OPTIONAL_MODULES = {"linkml": "export", "linkml_runtime": "export", "rdflib": "export", "openpyxl": "export",
                    "ruamel": "export", "defusedxml": "export", "jinja2": "export", "markupsafe": "export"}


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
            extra = OPTIONAL_MODULES.get((exc.name or "").split(".")[0])
            if extra is None:
                raise
            fail(f"this command needs {exc.name}, which is not installed: pip install 'ahpfw[{extra}]'")
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


def no_cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--no-cache``: read every framework file afresh, without the reading cache."""

    def turn_off(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            from ..readcache import turned_off

            ctx.with_resource(turned_off())

    return click.option("--no-cache", is_flag=True, expose_value=False, callback=turn_off,
                        help="Read every framework file afresh, without the cache (also AHPFW_NO_CACHE=1).")(func)


def emit_problems(ctx: Context, problems: list[Any], fmt: str, *, strict: bool, status: str) -> None:
    """Print problems in ``fmt`` (and, for text, a ``status: summary`` line on stderr), then exit
    1 when any is an error (every warning counts, with ``strict``), else 0."""
    from ..formatters import problem_formatter, summary
    from ..validation import strictly

    if strict:
        problems = strictly(problems)
    out = problem_formatter(fmt)(problems, color=use_color(), hints=ctx.verbose)
    if out or fmt in ("json", "sarif"):
        click.echo(out)
    if fmt == "text":
        ctx.info(f"{status}: {summary(problems)}")
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)
