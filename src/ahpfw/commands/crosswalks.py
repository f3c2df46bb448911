"""``ahpfw crosswalks`` (check the crosswalks, or look mappings up) and ``ahpfw gaps`` (coverage report)."""

from __future__ import annotations

import sys

import click

from ..plurals import count
from . import Context, common_options, emit_problems, no_cache_option, use_color
from .validate import FORMAT_CHOICE


@click.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True,
              help="How to print problems.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--find", "find", metavar="TEXT",
              help="Instead of checking, list the mappings whose subject or object id or name contains TEXT.")
@common_options
@no_cache_option
def crosswalks(ctx: Context, path: str | None, fmt: str, strict: bool, find: str | None) -> None:
    """Check the crosswalks between frameworks.

    Both ends of every mapping must exist, and no pair may have two
    predicates. PATH is a project folder, its crosswalks/ folder or one
    crosswalk file (default: the project you are in, else the crosswalks
    shipped with the package).
    Prints path:line:col: CODE message per problem (codes AHP031-AHP036);
    exits 0 when clean, 1 on errors (or warnings, with --strict), 2 on bad usage.
    With --find, prints the matching mappings (for example --find pedagogy:
    which capabilities address the learning need "pedagogy") and exits 0.
    """
    from ..crosswalks import as_rows
    from ..project import Project
    from ..rules.validation import iter_crosswalk_problems

    project = Project.at(path)
    ctx.debug(f"project: {project.root}; frameworks: {', '.join(project.frameworks)}")
    if find is not None:
        needle = find.casefold()
        for ms in project.mapping_sets:
            for row in as_rows(project, ms):
                text = " ".join((row["subject_id"], row["subject_label"], row["object_id"], row["object_label"]))
                if needle in text.casefold():
                    click.echo(f"{ms.name}: {row['subject_id']} {row['subject_label']}  {row['predicate']}  "
                               f"{row['object_id']} {row['object_label']}")
        return
    problems = sorted(set(iter_crosswalk_problems(project)))
    mappings = sum(len(ms.mappings) for ms in project.mapping_sets)
    status = f"{count(len(project.mapping_sets), 'crosswalk')}, {count(mappings, 'mapping')}"
    emit_problems(ctx, problems, fmt, strict=strict, status=status)


@click.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 when there is any gap or stale accepted gap (for CI).")
@common_options
@no_cache_option
def gaps(ctx: Context, path: str | None, fmt: str, check: bool) -> None:
    """Report coverage gaps: elements no crosswalk mapping covers.

    Lists, for each crosswalk, the learning needs, priorities, roadmap areas and
    other elements that no mapping reaches; the capabilities that map to nothing in any
    crosswalk; and the needs, barriers and priorities that no capability's own
    links address (rule AHP016). Elements listed in crosswalks/accepted-gaps.yaml,
    each with a reason, are reported as accepted instead; an entry that names no
    gap is reported as stale and counts as a gap. PATH as for 'ahpfw crosswalks'.
    A report: exits 0 (1 with --check when there are gaps; 2 on bad usage or unreadable files).
    """
    from ..formatters.text import format_problems
    from ..gaps import find_gaps, format_json, format_markdown, format_text
    from ..problems import FrameworkError
    from ..project import Project
    from . import fail

    project = Project.at(path)
    try:
        if project.problems:
            raise FrameworkError(list(project.problems))
        report = find_gaps(project)
    except FrameworkError as exc:
        click.echo(format_problems(exc.problems, color=use_color()))
        fail("the frameworks, crosswalks or accepted gaps cannot be read; fix the problems above")
    click.echo({"text": format_text, "json": format_json, "md": format_markdown}[fmt](report), nl=fmt != "md")
    sys.exit(1 if check and len(report) else 0)
