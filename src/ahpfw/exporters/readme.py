"""``exports/README.md``: what each exported file is, who it is for and how to check it.

Built from the ``ABOUT`` table of every exporter, so the list is always complete.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Framework
from ..project import Project

FILES = ("README.md",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "README.md": ("Markdown", "everyone: what is in this folder", "this table lists every file in exports/"),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _schema_version(fw: Framework) -> str | None:
    """The version of the schema that describes ``fw`` (its own, not the framework's), as the JSON Schema
    derived from it says (the project has read it: :attr:`ahpfw.project.Project.schema`)."""
    import json

    from ..project import Project

    version = json.loads(Project.of(fw).schema.json_schema_text).get("version")
    return None if version is None else str(version)


def _releases(fw: Framework) -> list[str]:
    """The versions in the release history beside ``fw`` (read by its project)."""
    from ..project import Project

    return [r.version for r in Project.of(fw).history(fw).releases]


def _versions(fw: Framework) -> list[str]:
    schema = _schema_version(fw)
    lines = [
        "## Versions",
        "",
        f"Every file here was made from version {fw.version} of the framework and says so: `version` in the JSON "
        "and the CASE document, `schema:version` in the RDF, the About sheet of the workbook, the first column "
        "(Framework version) of every CSV, and the title page of the document and the site.",
    ]
    if schema is not None:
        lines += [
            "",
            f'The `"version": "{schema}"` at the top of the JSON Schemas is the version of the schema '
            "(`schema/ahpfw.yaml`: the structure of the data, its classes and fields), not of the framework. It "
            "changes only when the structure does, so one schema version describes many framework versions.",
        ]
    return lines


def _following(fw: Framework) -> list[str]:
    from ..site.text import slug

    released = _releases(fw)
    lines = ["## Following releases", ""]
    if not released:
        return lines + ["This framework has no release yet (`ahpfw release` makes one); the files here are its "
                        "working draft."]
    example = f"ahpfw diff {released[-2]} {released[-1]}" if len(released) > 1 else f"ahpfw diff {released[-1]}"
    return lines + [
        f"Released versions: {', '.join(released)}. Each is kept unchanged, whatever comes later:",
        "",
        "- `releases/<version>/framework.json` (beside this folder; in the installed Python package, "
        "`ahpfw/_data/releases/`) is the whole framework as released, in the same canonical JSON as "
        "`json/framework.json`; `releases/index.yaml` lists every release with its status, date, summary and the "
        "SHA-256 of its snapshot.",
        "- `framework/RELEASE-NOTES.md` says what changed in each release, element by element, newest first.",
        f"- `site/changes/index.html` and one page per release (`site/changes/{slug(released[-1])}.html` for "
        f"{released[-1]}) show the same on the website, and each element's page shows its own history.",
        f"- `{example} --format json` (with `pip install ahpfw`, which carries the releases) gives every change "
        "for a program: added, retired and removed elements, fields modified (old and new value), moves and "
        "renumbering, each keyed by id; `--format md` or `html` for people. Exit code 0 when the two are "
        "identical, 1 when they differ.",
        "",
        "Match elements across versions by their id (`ahpfw:CAP-0007`), never by code: ids are never changed or "
        "reused, while codes (`2.3`) may be renumbered. A retired element keeps its id and names what replaces it "
        "(`replaced_by`).",
    ]


def _identifiers() -> list[str]:
    return [
        "## Identifiers",
        "",
        "| Export | Identifier of `ahpfw:CAP-0007` |",
        "|---|---|",
        '| JSON | `"id": "ahpfw:CAP-0007"` |',
        "| RDF | `https://w3id.org/ahpfw/id/CAP-0007` (the base IRI, which `ahpfw export rdf --base-iri` changes, "
        "then the id's local part); a descriptor at a stage `https://w3id.org/ahpfw/id/CAP-0007/STAGE-0002` |",
        '| CASE | `uuid5(6112ae9a-2803-5cc3-a091-5ea028412882, "ahpfw:CAP-0007")` |',
        "| HTML and Markdown | the anchor `#ahpfw-CAP-0007` |",
        "| Spreadsheet and CSV | the `ID` column |",
    ]


def _spreadsheets() -> list[str]:
    return [
        "## Spreadsheets and Excel",
        "",
        "People reading the framework in Excel can open either the workbook (`spreadsheet/framework.xlsx`, every "
        "sheet with its header frozen and filters on) or a CSV file of `spreadsheet/`: each starts with a UTF-8 "
        "byte-order mark, which tells Excel the file is UTF-8, so curly quotes and dashes show as written. Programs "
        "reading these CSV files should open them as UTF-8 and drop the mark (Python: `encoding='utf-8-sig'`; most "
        "CSV libraries do it themselves). Each holds the cells of its workbook sheet after a first column, Framework "
        "version, giving the version on every row. (Files written for one system, such as the Moodle CSV, follow "
        "that system's form instead.) Text starting with `=`, `+`, `-`, `@` or a tab has an apostrophe in front "
        "so that it is never run as a formula.",
    ]


def readme(fw: Framework) -> str:
    """The README text: what each file is, which version it comes from, how to follow releases."""
    from . import iter_about

    lines = [
        "# Exports of the AHP Education Workforce Capability and Career Framework",
        "",
        "Generated by `ahpfw build` — do not edit. Every file here is made from the framework's YAML",
        "(`framework/`) and the schema (`schema/ahpfw.yaml`); edit those and run `ahpfw build`.",
        "`ahpfw build --check` fails when these files are out of date.",
        "",
        f"Framework: {_cell(fw.title)}, version {fw.version} ({fw.status}), {fw.date}.",
        "",
        "## Files",
        "",
        "| File | Format | For | How to check it |",
        "|---|---|---|---|",
    ]
    for file, fmt, audience, check in iter_about():
        lines.append(f"| `{file}` | {_cell(fmt)} | {_cell(audience)} | {_cell(check)} |")
    for section in (_versions(fw), _following(fw), _identifiers(), _spreadsheets()):
        lines += ["", *section]
    lines += ["", "The source repository's `docs/integrators.md` describes each format further; this file says "
                  "all an integrator needs to use them."]
    return "\n".join(lines) + "\n"


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the README under ``out_dir``; return the paths written."""
    fw = project.framework
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(readme(fw), encoding="utf-8", newline="\n")
    return [path]
