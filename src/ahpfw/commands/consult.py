"""``ahpfw consult``: the consultation cycle (new, template, ingest, report, check)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from ..plurals import count
from ..problems import UsageError, display_path
from . import Context, common_options, echo_capped, fail, locked, no_cache_option, out_option


@click.group()
def consult() -> None:
    """Run a consultation: forms, responses, report, decisions.

    Response forms, ingest, an analysis report, "you said, we did".

    A consultation lives in a folder (for example consultations/2024-draft/)
    holding consultation.yaml, responses/ and decisions.yaml. See
    docs/consultation.md.
    """


def _write(out: str | None, data: bytes, ctx: Context) -> None:
    from ..atomic import write_bytes

    if out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes(Path(out), data)
    ctx.info(f"wrote {out}")


def _iso_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date written as YYYY-MM-DD") from None


@consult.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.argument("framework", required=False)
@click.option("--id", "cid", help="The consultation's identifier (default: the next one not used by any "
                                   "consultation beside FOLDER; ids are never reused).")
@click.option("--title", help="The consultation's title (default: from the framework).")
@click.option("--opens", help="First day responses are accepted (YYYY-MM-DD; default today).")
@click.option("--closes", help="Last day responses are accepted (YYYY-MM-DD; default 12 weeks after opening).")
@common_options
@no_cache_option
@locked(None, "folder")
def new(ctx: Context, folder: str, framework: str | None, cid: str | None, title: str | None, opens: str | None,
        closes: str | None) -> None:
    """Start a consultation on a framework.

    Writes FOLDER/consultation.yaml with the default questions. Its id is the
    next one that no consultation beside FOLDER has used (retired ones kept in a
    subfolder count too); an --id already used is refused.
    """
    from datetime import timedelta

    from ..atomic import create_bytes
    from ..consult.consultation import CONSULTATION_FILE, dump_yaml, load_consultation, next_id, taken_ids
    from ..consult.form import DEFAULT_QUESTIONS
    from ..project import Project

    fw = Project.open(framework).framework
    path = Path(folder) / CONSULTATION_FILE
    if path.exists():
        raise UsageError(f"{path} already exists")
    root = Path(folder).parent
    fresh = next_id(root, fw.id.partition(":")[0])
    used = taken_ids(root)
    if cid in used:
        raise UsageError(f"--id {cid} is already the id of the consultation in {display_path(used[cid].parent)}; ids "
                         f"are never reused: leave --id out for the next free one, {fresh}")
    cid = cid or fresh
    start = _iso_date(opens, "--opens") or date.today().isoformat()
    end = _iso_date(closes, "--closes") or (date.fromisoformat(start) + timedelta(weeks=12)).isoformat()
    data = {"id": cid, "title": title or f"Consultation on {fw.title} {fw.version}", "framework": fw.id,
            "framework_version": fw.version, "opens": start, "closes": end,
            "questions": [dict(q) for q in DEFAULT_QUESTIONS]}
    try:
        create_bytes(path, dump_yaml(data, "A consultation: see docs/consultation.md.").encode("utf-8"))
    except FileExistsError:
        raise UsageError(f"{path} already exists") from None
    load_consultation(folder)  # the file just written must fit the schema
    ctx.info(f"wrote {path}")


@consult.command()
@click.argument("path", required=False)
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "md"]), default="xlsx", show_default=True)
@out_option(help="Where to write the form ('-' for standard output; default response-form-<version>.<format> here).")
@click.option("--ask-contact", is_flag=True, help="Also ask for a name and email (kept apart from the answers).")
@click.option("--framework", "framework_path", help="The consulted framework (folder or release JSON), "
                                                    "when PATH is a consultation folder.")
@common_options
@no_cache_option
def template(ctx: Context, path: str | None, fmt: str, out: str | None, ask_contact: bool,
             framework_path: str | None) -> None:
    """Write a response form for a consultation or a framework.

    PATH is a consultation folder, or a framework (the form then has no general questions).
    """
    from ..consult.consultation import CONSULTATION_FILE, consulted_framework, load_consultation
    from ..consult.template import build_form, render
    from ..project import Project

    consultation = None
    if path and (Path(path) / CONSULTATION_FILE).is_file():
        consultation = load_consultation(path)
        fw = consulted_framework(consultation, framework_path)
    else:
        fw = Project.open(framework_path or path).framework
    ctx.debug(f"form for {fw.id} {fw.version} from {fw.root or 'a release snapshot'}")
    data = render(build_form(fw, consultation, ask_contact=ask_contact), fmt)
    _write(out or f"response-form-{fw.version}.{fmt}", data, ctx)


@consult.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.argument("files", nargs=-1, required=True)
@click.option("--framework", "framework_path", help="The consulted framework (folder or release JSON), if not "
                                                    "found in releases/ or ./framework.")
@click.option("--received", help="The day to record as received (YYYY-MM-DD; default today).")
@common_options
@no_cache_option
@locked(None, "folder")
def ingest(ctx: Context, folder: str, files: tuple[str, ...], framework_path: str | None,
           received: str | None) -> None:
    """Check returned forms (XLSX or CSV) and store the good ones.

    They are stored under FOLDER/responses/. A file with any problem is refused
    whole and its problems are printed as file!Sheet!C12: message; the other files are still stored. Exits 1 when
    any file was refused.
    """
    from ..consult.consultation import consulted_framework, load_consultation
    from ..consult.ingest import ingest as run

    consultation = load_consultation(folder)
    fw = consulted_framework(consultation, framework_path)
    ctx.debug(f"consulted framework: {fw.id} {fw.version} from {fw.root or 'a release snapshot'}")
    result = run(consultation, fw, [Path(f) for f in files], _iso_date(received, "--received"))
    echo_capped(ctx, result.problems)
    for path, rid in result.stored:
        ctx.debug(f"{path}: stored as {rid}")
    for path, rid in result.duplicates:
        ctx.info(f"{path}: the same answers as {rid}, already stored; not stored again")
    ctx.info(f"{len(result.stored)} stored, {count(len(result.duplicates), 'duplicate')}, "
             f"{len(result.refused)} refused")
    sys.exit(1 if result.problems else 0)


@consult.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@out_option(help="Write the report to this file (default: standard output).")
@click.option("--framework", "framework_path", help="The consulted framework (folder or release JSON).")
@click.option("--response-to", "response_to", metavar="VERSION",
              help='Write the "you said, we did" response document for this later version instead.')
@click.option("--new-framework", "new_framework_path",
              help="With --response-to: the later framework (folder or release JSON), if not in releases/.")
@common_options
@no_cache_option
def report(ctx: Context, folder: str, fmt: str, out: str | None, framework_path: str | None,
           response_to: str | None, new_framework_path: str | None) -> None:
    """Analyse a consultation's responses, lowest agreement first.

    Per element and per group.
    """
    from ..consult.consultation import consulted_framework, load_consultation, load_responses

    consultation = load_consultation(folder)
    fw = consulted_framework(consultation, framework_path)
    ctx.debug(f"consulted framework: {fw.id} {fw.version} from {fw.root or 'a release snapshot'}")
    responses = load_responses(consultation)
    if response_to:
        from ..consult import decisions

        log = decisions.load_decisions(consultation)
        new_fw = decisions.framework_version(response_to, new_framework_path)
        problems = decisions.check(consultation, log, fw, new_fw)
        if problems:
            for p in problems:
                click.echo(str(p))
            fail("the decisions do not match the framework and its changes; fix the problems above", 1)
        text = decisions.render(decisions.response_document(consultation, log, fw, new_fw, responses), fmt)
    else:
        from ..consult.report import analyse, render

        if not responses:
            ctx.info(f"{folder}: no responses stored yet")
        text = render(analyse(consultation, fw, responses), fmt)
    _write(out, text.encode("utf-8"), ctx)


@consult.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--framework", "framework_path", help="The consulted framework (folder or release JSON).")
@click.option("--new-framework", "new_framework_path",
              help="The later framework the decisions point to (folder or release JSON), if not in releases/.")
@common_options
@no_cache_option
def check(ctx: Context, folder: str, framework_path: str | None, new_framework_path: str | None) -> None:
    """Check that decisions.yaml points to real elements and changes.

    Every theme and decision must point to real elements and real changes.
    """
    from ..consult import decisions
    from ..consult.consultation import consulted_framework, load_consultation

    consultation = load_consultation(folder)
    fw = consulted_framework(consultation, framework_path)
    log = decisions.load_decisions(consultation)
    new_fw = decisions.framework_version(log.response_to, new_framework_path)
    problems = decisions.check(consultation, log, fw, new_fw)
    for p in problems:
        click.echo(str(p))
    ctx.info(f"{folder}: {len(problems) or 'no'} problem{'s' if len(problems) != 1 else ''}")
    sys.exit(1 if problems else 0)


@consult.command(name="apply")
@click.argument("folder", type=click.Path(file_okay=False))
@click.argument("path", required=False)
@click.option("--dry-run", is_flag=True, help="Print the changes and write nothing (exit 1 if there are changes).")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True,
              help="How to print the changes: as 'ahpfw diff' does.")
@click.option("--framework", "framework_path", help="The consulted framework (folder or release JSON), if not "
                                                    "found in releases/ or ./framework.")
@common_options
@no_cache_option
@locked("path", "folder", watch=("path", "folder"))
def apply_accepted(ctx: Context, folder: str, path: str | None, dry_run: bool, fmt: str,
                   framework_path: str | None) -> None:
    """Apply the suggested wordings that decisions.yaml accepts.

    The wordings FOLDER/decisions.yaml accepts are applied to the framework
    (PATH), and each is recorded.

    Each accepted suggestion names a response, an element and the field its
    wording replaces; the wording is written as the respondent gave it, keeping
    the YAML's comments and layout, validated and written all at once. Each
    suggestion then records the change it became ('applied'), which the
    "you said, we did" document shows. Suggestions already applied are left
    alone. A suggestion that cannot be applied is named by its place in
    decisions.yaml and nothing is written (exit 2).
    """
    from ..consult.accept import apply_accepted as run
    from ..consult.consultation import consulted_framework, load_consultation
    from ..consult.decisions import load_decisions
    from ..editing.edits import Refused
    from ..project import Project
    from .apply import print_changes, report_refusals

    consultation = load_consultation(folder)
    consulted = consulted_framework(consultation, framework_path)
    log = load_decisions(consultation)
    fw = Project.open(path).framework
    ctx.debug(f"applying the accepted suggestions of {log.path} to {fw.root} ({fw.id} {fw.version})")
    try:
        result = run(consultation, log, fw, consulted, dry_run=dry_run)
    except Refused as exc:
        report_refusals(ctx, exc.refusals, "accepted suggestion")
    for decision_id, accepted, ref in result.recorded:
        what = f"descriptor at {ref.stage}" if ref.stage else ref.field
        ctx.info(f"{decision_id}: the wording {accepted.response} suggested for {accepted.element} ({what}) "
                 f"{'would be' if dry_run else 'is'} recorded as its '{ref.kind}' change")
    if result.already:
        ctx.info(f"{count(len(result.already), 'accepted suggestion')} already applied, left alone")
    print_changes(ctx, result.outcome, fmt, dry_run)
