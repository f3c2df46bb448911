"""``exports/moodle/framework.csv``: the framework for Moodle's "Import competency framework" (tool_lpimportcsv).

Written from Moodle's own reader (moodle/moodle, ``admin/tool/lpimportcsv/classes/
framework_importer.php`` at 9c91a9593de989192ca2c10f8d534585330d6d47, and its test
fixture ``tests/fixtures/example.csv`` at 337fd7b2e88cc06ef97c6ec30bbc63172e0b94f4):
the 14 columns in the order the importer reads them by default (it maps columns by
position), with the fixture's header names; one framework row, then one row per
competency whose ``Parent id number`` is the id number of a row before it.

The tree (decided for learning plans, where a learner rates each competency):

* a domain (taxonomy term ``domain``) at the top,
* its capabilities below it (``competency``),
* below each capability, one competency per career stage (``indicator``): what the
  capability looks like at that stage. These are what a learner rates: a learning plan
  template for one stage lists that stage's indicators, as the site's plan page asks
  "where are you at your stage". Each is cross-referenced to the same capability's
  indicators at the stages before and after it, and each capability to the other
  capabilities that meet one of the same learning needs (the framework's own links;
  Moodle relates competencies of one framework only), when at most
  :data:`MAX_SHARING_A_NEED` capabilities meet that need.

Retired elements are left out: Moodle cannot mark a competency as retired, and a
learner should not be rated on one.

The rating scale is the plan page's (``Not yet``, ``Developing``, ``Confident``), with
``Confident`` both proficient and the default rating (Moodle's scale configuration).
Moodle uses a site-wide scale with exactly these items if there is one, and makes one
otherwise.

Identifiers: a competency's id number is its element's stable id (a stage indicator's
``<capability id>/<stage id>``), the same in every release, so ratings can be matched
across releases. The framework's id number is ``<framework id>/<version>``: Moodle's
importer always creates a new framework and refuses an id number already in use, so
each release imports beside the last. Moodle cuts id numbers and short names longer
than 100 characters (``shorten_text``); none written here is longer: a longer id
number is cut to 91 characters and given ``~`` and 8 hexadecimal digits of its SHA-1
(:func:`idnumber`), a longer short name is cut at a word with an ellipsis.

Text: short names are one line of plain text with ``<`` and ``>`` written as ``&lt;``
and ``&gt;`` (Moodle's PARAM_TEXT cleaning strips tags); descriptions are HTML
(description format 1), every character of framework text escaped. Cells that would
start a spreadsheet formula follow the project's rule for tabular exports
(:func:`ahpfw.tabular.neutralise`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Capability, CareerStage, Element, Framework, LevelDescriptor
from ..project import Project
from ..provenance import describe_own, related_works_text
from ..tabular import neutralise
from .platform_text import html_paragraphs, shorten

NEEDS: tuple[str, ...] = ()

FILES = ("moodle/framework.csv",)

ABOUT = {
    "moodle/framework.csv": (
        "CSV for Moodle's Import competency framework (tool_lpimportcsv): domains, capabilities and one "
        "competency per capability per career stage, with the plan page's rating scale",
        "Moodle site administrators setting up learning plans against the framework",
        "Moodle: Site administration > Competencies > Import competency framework; the tests apply the "
        "importer's own reading rules (docs/integrators.md)",
    ),
}

#: The columns, in the order framework_importer.php reads them, named as in its tests/fixtures/example.csv.
HEADERS = ("Parent id number", "Id number", "Shortname", "Description", "Description format", "Scale values",
           "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
           "Cross referenced competency id numbers", "Exported id (optional)", "Is framework", "Taxonomy")

#: Moodle keeps this many characters of an id number or short name (``shorten_text(..., 100)``).
MAX_LENGTH = 100

#: Moodle's FORMAT_HTML.
FORMAT_HTML = 1

#: Moodle's taxonomy term for each level of the tree: domain, capability, stage indicator.
TAXONOMIES = ("domain", "competency", "indicator")

#: The plan page's rating that counts as proficient (and is Moodle's default rating).
PROFICIENT = "confident"

#: A learning need met by more capabilities than this is too broad to make them related (and the
#: cross-references would grow with the square of their number).
MAX_SHARING_A_NEED = 10


@dataclass(frozen=True)
class Competency:
    """One row of the file below the framework row: a domain, capability or stage indicator."""

    parent: str
    idnumber: str
    shortname: str
    description: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class MoodleFramework:
    """The framework as Moodle holds it: its own row's fields and its competencies in file order."""

    idnumber: str
    shortname: str
    description: str
    scale_values: str
    scale_configuration: str
    taxonomies: str
    competencies: tuple[Competency, ...]


def idnumber(key: str) -> str:
    """A Moodle id number for a stable key: the key itself when it fits in :data:`MAX_LENGTH`
    characters, otherwise its first 91 characters, ``~`` and 8 hexadecimal digits of its SHA-1."""
    if len(key) <= MAX_LENGTH:
        return key
    return f"{key[:MAX_LENGTH - 9]}~{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def _no_tags(text: str) -> str:
    """Plain text that Moodle's PARAM_TEXT cleaning (strip_tags) leaves as it is, and that PHP's
    fgetcsv reads as written (no backslash before a double quote: its escape character)."""
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('\\"', "\\&quot;")


def _cell_start(text: str) -> str:
    """Text that starts a cell, as written there: without tags, and through the formula rule."""
    return str(neutralise(_no_tags(text)))


def shortname(text: str, suffix: str = "") -> str:
    """A short name Moodle keeps whole: ``text``, a space and ``suffix`` on one line, at most :data:`MAX_LENGTH`
    characters; when too long, ``text`` is cut, and ``suffix`` only when it is longer than half of that."""
    end = f" {shorten(suffix, MAX_LENGTH // 2, _no_tags)}" if suffix.strip() else ""
    return shorten(text, MAX_LENGTH - len(end), _cell_start) + end


def scale(ratings: dict[str, str]) -> tuple[str, str]:
    """Moodle's scale values (the words, comma-separated) and scale configuration (JSON: the scale,
    then each value's default and proficient flags) for the plan page's ratings."""
    words = list(ratings.values())
    if any("," in word for word in words):
        raise ValueError("a rating holds a comma, which Moodle's scale values cannot hold")
    proficient = list(ratings).index(PROFICIENT) + 1
    config = [{"scaleid": "0"}] + [{"id": n, "scaledefault": int(n == proficient), "proficient": int(n == proficient)}
                                   for n in range(1, len(words) + 1)]
    return ",".join(words), json.dumps(config, separators=(",", ":"))


def _active(element: Element | None) -> bool:
    return element is not None and element.status == "active"


def moodle_framework(fw: Framework) -> MoodleFramework:
    """The framework as Moodle's importer will build it (the mapping; :func:`csv_text` writes it)."""
    from ..site.pages import RATINGS

    stages = [s for s in fw.stages_in_order if _active(s)]
    rank = {stage.id: n for n, stage in enumerate(stages)}
    capabilities = [cap for domain in fw.domains if _active(domain) for cap in domain.capabilities if _active(cap)]
    by_need: dict[str, list[str]] = {}
    for cap in capabilities:
        for need in cap.meets_needs:
            by_need.setdefault(need, []).append(cap.id)
    by_need = {need: ids for need, ids in by_need.items() if len(ids) <= MAX_SHARING_A_NEED}

    def indicators(cap: Capability) -> list[tuple[CareerStage, LevelDescriptor, str]]:
        """(stage, descriptor, key) for each of the capability's descriptors at an active stage, in stage order."""
        found = [(fw.elements[d.stage], d) for d in cap.descriptors if d.stage in rank]
        return [(stage, d, f"{cap.id}/{stage.id}") for stage, d in sorted(found, key=lambda p: rank[p[0].id])]

    rows: list[Competency] = []
    for domain in fw.domains:
        if not _active(domain):
            continue
        rows.append(Competency("", idnumber(domain.id), shortname(domain.label),
                               html_paragraphs([domain.description], [describe_own(fw, domain)])))
        for cap in domain.capabilities:
            if not _active(cap):
                continue
            related = dict.fromkeys(other for need in cap.meets_needs for other in by_need.get(need, ())
                                    if other != cap.id)
            rows.append(Competency(idnumber(domain.id), idnumber(cap.id), shortname(cap.label),
                                   html_paragraphs([cap.statement, cap.rationale], [describe_own(fw, cap)]),
                                   tuple(idnumber(other) for other in related)))
            levels = indicators(cap)
            for n, (stage, descriptor, key) in enumerate(levels):
                code = f"{cap.code}.{stage.code} " if cap.code and stage.code else ""
                neighbours = [levels[m][2] for m in (n - 1, n + 1) if 0 <= m < len(levels)]
                rows.append(Competency(
                    idnumber(cap.id), idnumber(key), shortname(f"{code}{cap.name}", f"({stage.name})"),
                    html_paragraphs([descriptor.text], [describe_own(fw, descriptor)]),
                    tuple(idnumber(k) for k in neighbours)))
    values, configuration = scale(RATINGS)
    about = f"Version {fw.version} ({fw.status}), {fw.date}. Publisher: {fw.publisher}. Licence: {fw.licence}."
    related_works = related_works_text(fw)
    return MoodleFramework(
        idnumber=idnumber(f"{fw.id}/{fw.version}"), shortname=shortname(fw.title, fw.version),
        description=html_paragraphs([fw.description, fw.scope],
                                    [about, f"Related works:\n{related_works}" if related_works else None]),
        scale_values=values, scale_configuration=configuration, taxonomies=",".join(TAXONOMIES),
        competencies=tuple(rows))


def _related(ids: Sequence[str]) -> str:
    """Moodle's cross-reference cell: id numbers joined by commas, a comma inside one written ``%2C``."""
    return ",".join(i.replace(",", "%2C") for i in ids)


def table(framework: MoodleFramework) -> list[tuple[str, ...]]:
    """The file's rows, header first, as Moodle's exporter writes them (rule outcome ``0`` and rule
    configuration ``null`` for a competency without a rule); every cell through the formula rule."""
    rows: list[tuple[str, ...]] = [HEADERS, (
        "", framework.idnumber, framework.shortname, framework.description, str(FORMAT_HTML),
        framework.scale_values, framework.scale_configuration, "", "", "", "", "", "1", framework.taxonomies)]
    for c in framework.competencies:
        rows.append((c.parent, c.idnumber, c.shortname, c.description, str(FORMAT_HTML), "", "", "", "0", "null",
                     _related(c.related), "", "", ""))
    return [tuple(str(neutralise(cell)) for cell in row) for row in rows]


def csv_text(framework: MoodleFramework) -> str:
    """The CSV text: UTF-8 without a byte-order mark, comma-separated, quoted where needed, lines ending LF
    (as Moodle's own export writes it)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(table(framework))
    return buffer.getvalue()


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the Moodle CSV of the project's framework under ``out_dir``; return the paths written."""
    fw = project.framework
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(moodle_framework(fw)), encoding="utf-8", newline="")
    return [path]

