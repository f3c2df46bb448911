"""``ahpfw validate`` and ``ahpfw rules``."""

from __future__ import annotations

import click

from ..problems import FrameworkError, UsageError
from . import Context, common_options, emit_problems, no_cache_option

FORMAT_CHOICE = click.Choice(["text", "json", "github", "sarif"])


@click.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True,
              help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--select", multiple=True, metavar="CODE", help="Run only these rules (repeatable).")
@common_options
@no_cache_option
def validate(ctx: Context, path: str | None, fmt: str, strict: bool, select: tuple[str, ...]) -> None:
    """Check a framework against the schema and every rule.

    PATH is a framework folder, a shipped framework's name (hcsw-roadmap) or
    a folder of framework folders (each is checked). Prints one line per
    problem, path:line:col: CODE message. Exits 0 when clean, 1 when there
    are errors (or warnings, with --strict), 2 on bad usage.
    """
    from ..formatters import summary
    from ..paths import resolve_framework_dirs, schema_note
    from ..project import Project
    from ..rules.validation import iter_problems, rule_codes, strictly

    folders = resolve_framework_dirs(path)
    wanted = rule_codes(select) if select else None  # an unknown code is bad usage, before any reading
    problems = []
    loaded = []  # held to the end: the process exits without taking them apart (see cli.run)
    for folder in folders:
        ctx.debug(f"validating {folder}")
        if note := schema_note(folder):
            ctx.debug(note)
        project = Project.open(folder)
        try:
            loaded.append(project.framework)
        except FrameworkError as exc:
            found = sorted(set(exc.problems))
        else:
            found = sorted(set(iter_problems(project, select=wanted)))
        if fmt == "text" and len(folders) > 1:
            ctx.info(f"{folder}: {summary(strictly(found) if strict else found)}")
        problems.extend(found)
    emit_problems(ctx, problems, fmt, strict=strict, status=str(folders[0] if len(folders) == 1 else path))


@click.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "md"]), default="text", show_default=True)
@common_options
def rules(ctx: Context, code: str | None, fmt: str) -> None:
    """List every validation rule, or explain one.

    With a CODE, explains that rule: 'ahpfw rules AHP013'.
    """
    from ..rules import all_rules, get_rule
    from ..rules.docs import rules_markdown

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
