"""The ``ahpfw`` command: a thin layer over the library.

Exit codes: 0 all well; 1 problems found (or, for diff, differences);
2 bad usage or input that cannot be used. Problems go to stdout as
``path:line:col: CODE message``; errors that stop a command go to stderr as
one line starting with ``error:``.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any, Callable

import click

from . import __version__
from .problems import FrameworkError, UsageError


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
        """A progress or status line on stderr, unless --quiet."""
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
    """Add --quiet/--verbose and turn library errors into clean messages and exit codes."""

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
            from .formatters.text import format_problems

            click.echo(format_problems(exc.problems, color=use_color()))
            fail("the framework cannot be loaded; fix the problems above", 1)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ahpfw")
def main() -> None:
    """Validate, compare and export the AHP Education Workforce Capability and Career Framework.

    With no PATH, commands use ./framework inside a checkout, otherwise the
    framework shipped with the package.
    """


FORMAT_CHOICE = click.Choice(["text", "json", "github", "sarif"])


@main.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True,
              help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--select", multiple=True, metavar="CODE", help="Run only these rules (repeatable).")
@common_options
def validate(ctx: Context, path: str | None, fmt: str, strict: bool, select: tuple[str, ...]) -> None:
    """Check a framework against the schema and every rule.

    Prints one line per problem, ``path:line:col: CODE message``. Exits 0 when
    clean, 1 when there are errors (or warnings, with --strict), 2 on bad usage.
    """
    from .formatters import problem_formatter, summary
    from .paths import resolve_framework_dir
    from .validation import iter_problems

    folder = resolve_framework_dir(path)
    ctx.debug(f"validating {folder}")
    problems = sorted(set(iter_problems(folder, select=select or None)))
    if strict:
        problems = [p if p.severity == "error" else p.__class__(p.location, p.code, p.message, "error",
                                                               p.element_id, p.hint) for p in problems]
    out = problem_formatter(fmt)(problems, color=use_color(), hints=ctx.verbose)
    if out or fmt in ("json", "sarif"):
        click.echo(out)
    if fmt == "text":
        ctx.info(f"{folder}: {summary(problems)}")
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


@main.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True)
@common_options
def rules(ctx: Context, code: str | None, fmt: str) -> None:
    """List every validation rule, or explain one (``ahpfw rules AHP013``)."""
    from .rules import all_rules, get_rule
    from .rules.docs import rules_markdown

    if code:
        try:
            rule = get_rule(code)
        except KeyError:
            raise UsageError(f"no rule {code!r}; 'ahpfw rules' lists them") from None
        click.echo(f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.doc}")
        return
    if fmt == "md":
        click.echo(rules_markdown(), nl=False)
        return
    for rule in all_rules():
        click.echo(f"{rule.code}  {rule.name:<20} {rule.summary}")


if __name__ == "__main__":  # pragma: no cover
    main()
