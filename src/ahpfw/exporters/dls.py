"""``exports/dls/``: bulk-upload workbooks for the framework editor of NHS England's Digital Learning Solutions.

Written from DLS's own reader (TechnologyEnhancedLearning/DLSV2 at
aca1766ef8c6f6ddfe7dde7921f1dad422c4f6f5: ``DigitalLearningSolutions.Web/Services/
ImportCompetenciesFromFileService.cs``, ``DigitalLearningSolutions.Data/Models/Frameworks/
Import/CompetencyTableRow.cs``, the upload's checks in ``DigitalLearningSolutions.Web/
Controllers/FrameworksController/ImportCompetencies.cs``): DLS opens the first worksheet
(which must be called ``FrameworkBulkUpload``), takes its first Excel table and compares
the table's header names, sorted, with ``ID``, ``{Vocabulary}Group``,
``GroupDescription``, ``{Vocabulary}``, ``{Vocabulary}Description``,
``AlwaysShowDescription`` and ``FlagsCSV``; then reads each row's first five cells by
position and the last two by name. A row with no ID adds a capability; a row's group
is found by name in the framework or added. Group names may hold 255 characters,
capability names 500 and flag names 30 (the ``Flags`` table's column); an upload may be
5 MB at most.

The vocabulary is ``Capability`` (DLS's default; the integrator keeps it on the DLS
framework). Two kinds of workbook:

* ``dls/framework.xlsx``: one row per active capability, in its domain's group; the
  description gives the statement and what the capability looks like at each career
  stage.
* ``dls/<stage>.xlsx`` (``stage-0001.xlsx`` ...): one per career stage, one row per
  active capability described at that stage; the description is that stage's
  descriptor, shown always (``AlwaysShowDescription``), so a self-assessment for one
  stage rates what is expected at that stage.

Flags (what DLS lets learners and supervisors filter a self-assessment by): the
pillars of the capability's domain, and in a stage's workbook the stage's name.

Each description ends with the element's stable identifier (``Identifier:
ahpfw:CAP-0001``, a stage row ``ahpfw:CAP-0001/ahpfw:STAGE-0002``), the same in every
release. IDs are left empty (new rows). DLS updates only rows that carry its own
integer IDs, so to move to a new release ``ahpfw export dls --out DIR --ids-from
FILE`` reads the workbook downloaded from DLS and gives each row whose identifier it
holds that row's ID (:func:`dls_ids`; docs/integrators.md).

Descriptions are HTML (DLS shows them as markup), with the text escaped; names and
flags are one line of plain text, shortened at a word with an ellipsis if longer than
DLS takes, commas in a flag name written as semicolons (DLS splits flags at commas).
Text that would start a spreadsheet formula follows the project's rule
(:func:`ahpfw.tabular.neutralise`). The workbooks' bytes are stable
(:func:`ahpfw.exporters.spreadsheet.stable_workbook`).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import Capability, CareerStage, Framework
from ..problems import UsageError
from ..project import Project
from ..provenance import describe_own
from ..site.text import slug
from ..tabular import neutralise
from .platform_text import html_paragraphs, one_line, shorten, utf16_length
from .spreadsheet import Cell, new_workbook, stable_workbook, stored_bytes

NEEDS: tuple[str, ...] = ("openpyxl",)

FILES = ("dls/framework.xlsx", "dls/stage-*.xlsx")

ABOUT = {
    "dls/framework.xlsx": (
        "Excel workbook for the bulk upload of NHS England's Digital Learning Solutions framework editor: "
        "one row per capability, grouped by domain",
        "DLS framework developers setting up the framework and its self-assessments",
        "DLS: Framework Structure > Bulk upload (vocabulary Capability); the tests apply DLS's own reading "
        "rules (docs/integrators.md)",
    ),
    "dls/stage-*.xlsx": (
        "Excel workbooks for the same bulk upload, one per career stage: each capability as described at that stage",
        "DLS framework developers setting up a self-assessment for one career stage",
        "as dls/framework.xlsx",
    ),
}

#: The vocabulary set on the DLS framework; DLS's headers are made from it.
VOCABULARY = "Capability"

#: The table's headers, in the order DLS reads the first five cells of a row.
HEADERS = ("ID", f"{VOCABULARY}Group", "GroupDescription", VOCABULARY, f"{VOCABULARY}Description",
           "AlwaysShowDescription", "FlagsCSV")

#: The worksheet DLS looks for (ImportCompetenciesFromFileService.CompetenciesSheetName).
SHEET = "FrameworkBulkUpload"

#: The longest group name, capability name and flag name DLS takes.
MAX_GROUP, MAX_NAME, MAX_FLAG = 255, 500, 30

#: The largest file DLS accepts (ImportCompetenciesFormData).
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One capability as DLS imports it: ``key`` is the stable identifier its description ends with, ``id``
    the ID DLS gave it before (None: a new row, as in the published workbooks)."""

    key: str
    group: str
    group_description: str
    name: str
    description: str
    always_show: bool
    flags: tuple[str, ...]
    id: int | None = None

    def cells(self) -> tuple[Cell | bool | None, ...]:
        """The row's cells in :data:`HEADERS` order (names and flags are already safe: :func:`plain`)."""
        return (self.id, self.group, _safe(self.group_description), self.name, _safe(self.description),
                self.always_show, ",".join(self.flags))


@dataclass(frozen=True)
class DlsWorkbook:
    """One workbook: its path under the exports folder, what it holds (for its About sheet) and its rows."""

    path: str
    about: tuple[tuple[str, str], ...]
    rows: tuple[Row, ...]


def _safe(text: str) -> str:
    return str(neutralise(text))


def plain(text: str, limit: int) -> str:
    """A name as DLS holds it: one line, through the formula rule, at most ``limit`` UTF-16 code units
    (what .NET's ``string.Length`` and SQL Server count)."""
    return shorten(text, limit, _safe, utf16_length)


def flag(text: str) -> str:
    """A DLS flag name: one line, no comma (DLS splits flags at commas), at most :data:`MAX_FLAG` characters."""
    return plain(text.replace(",", ";"), MAX_FLAG)


def _active(element: object | None) -> bool:
    return element is not None and getattr(element, "status", None) == "active"


def workbooks(fw: Framework, ids: Mapping[str, int] | None = None) -> list[DlsWorkbook]:
    """Every workbook of the export: the whole framework, then one per active career stage in rank order;
    a row whose identifier ``ids`` holds carries that DLS ID (:func:`dls_ids`)."""
    ids = ids or {}
    stages = [s for s in fw.stages_in_order if _active(s)]
    domains = [domain for domain in fw.domains if _active(domain)]
    # (group name, group description, pillar flags) for each domain: the same in every row and workbook
    groups = {domain.id: (plain(domain.label, MAX_GROUP), html_paragraphs([domain.description]),
                          tuple(flag(fw.elements[p].name) for p in domain.pillars if _active(fw.elements.get(p))))
              for domain in domains}
    caps = [(domain.id, cap, plain(cap.label, MAX_NAME), describe_own(fw, cap))
            for domain in domains for cap in domain.capabilities if _active(cap)]

    def stage_words(stage: CareerStage) -> str:
        return f"{stage.code} {stage.name}" if stage.code else stage.name

    def whole(domain: str, cap: Capability, name: str, provenance: str | None) -> Row:
        group, description, pillars = groups[domain]
        texts = {d.stage: d.text for d in cap.descriptors}
        at_stages = [f"{stage_words(s)}: {texts[s.id]}" for s in stages if s.id in texts]
        return Row(cap.id, group, description, name,
                   html_paragraphs([cap.statement, *at_stages], [provenance, f"Identifier: {cap.id}"]),
                   False, pillars, ids.get(cap.id))

    def at(stage: CareerStage, stage_flag: str, domain: str, cap: Capability, name: str,
           provenance: str | None) -> Row | None:
        descriptor = next((d for d in cap.descriptors if d.stage == stage.id), None)
        if descriptor is None:
            return None
        group, description, pillars = groups[domain]
        own = describe_own(fw, descriptor)
        key = f"{cap.id}/{stage.id}"
        return Row(key, group, description, name,
                   html_paragraphs([descriptor.text], [own or provenance, f"Identifier: {key}"]),
                   True, (stage_flag, *pillars), ids.get(key))

    about = (("Framework", fw.title), ("Identifier", fw.id), ("Version", fw.version), ("Status", fw.status),
             ("Date", fw.date), ("Publisher", fw.publisher), ("Licence", fw.licence))
    books = [DlsWorkbook("dls/framework.xlsx", (*about, ("Holds", "every capability, with every career stage")),
                         tuple(whole(*cap) for cap in caps))]
    for stage in stages:
        stage_flag = flag(stage.name)
        rows = tuple(row for cap in caps if (row := at(stage, stage_flag, *cap)) is not None)
        books.append(DlsWorkbook(f"dls/{slug(stage.id)}.xlsx",
                                 (*about, ("Holds", f"every capability at career stage {stage_words(stage)}")), rows))
    return books


HOW_TO_IMPORT = (
    "In DLS: create a framework with the vocabulary Capability, then Framework Structure > Bulk upload > "
    "Upload file. The first sheet is what DLS reads; this sheet is for people. The ID column is empty: every "
    "row adds a capability. To move to a new release, see docs/integrators.md in the ahpfw repository."
)


def xlsx_bytes(fw: Framework, book: DlsWorkbook) -> bytes:
    """The workbook's bytes: the table DLS reads on the first sheet, then an About sheet."""
    rows = [row.cells() for row in book.rows]

    def write(all_rows: bool) -> bytes:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.filters import AutoFilter
        from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

        wb = new_workbook(fw)
        ws = wb.create_sheet(SHEET)
        for letter, width in zip("ABCDEFG", (8, 40, 60, 60, 80, 22, 30), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        bold, top = Font(bold=True), Alignment(vertical="top", wrap_text=True)
        header = []
        for text in HEADERS:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for values in rows if all_rows else rows[:1]:
            cells = []
            for value in values:
                cell = WriteOnlyCell(ws, value=value)
                cell.alignment = top
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula
                cells.append(cell)
            ws.append(cells)
        ref = f"A1:{get_column_letter(len(HEADERS))}{len(rows) + 1}"
        with warnings.catch_warnings():  # openpyxl reminds write-only users to name the columns: they are named
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(Table(displayName="Capabilities", ref=ref, autoFilter=AutoFilter(ref=ref),
                               tableColumns=[TableColumn(id=n, name=h) for n, h in enumerate(HEADERS, start=1)],
                               tableStyleInfo=TableStyleInfo(name="TableStyleLight9", showRowStripes=True)))
        about = wb.create_sheet("About")
        about.column_dimensions["A"].width, about.column_dimensions["B"].width = 14, 100
        for label, value in (*book.about, ("How to import", HOW_TO_IMPORT)):
            about.append([neutralise(label), neutralise(one_line(value))])
        return stored_bytes(wb)

    return stable_workbook(fw, write, {"xl/worksheets/sheet1.xml": rows})


#: The identifier line that ends a description (:func:`workbooks`), as DLS gives it back.
_IDENTIFIER = re.compile(r"Identifier: ([^<\s]+)</small></p>\s*$")


def dls_ids(path: Path) -> dict[str, int]:
    """The IDs of the rows of a workbook downloaded from DLS (*Download capabilities*), by the identifier
    their description ends with; :class:`UsageError` naming the file and cell for one DLS would not write.

    Read as DLS reads a workbook: the first table of the first sheet, its headers DLS's,
    the ID in its first column and the description in its fifth.
    """
    from ..reading.workbooks import BadFile, open_workbook, read_spreadsheet

    try:
        kind, data = read_spreadsheet(Path(path), "the workbook downloaded from DLS")
        if kind != "xlsx":
            raise BadFile("expected the .xlsx workbook DLS downloads (Download capabilities)")
        ws = open_workbook(data).worksheets[0]
        table = next(iter(ws.tables.values()), None)
        if table is None:
            raise BadFile("its first sheet has no table: is this the workbook DLS downloads?", ws.title)
        fields = [column.name for column in table.tableColumns]
        if sorted(fields) != sorted(HEADERS):
            raise BadFile(f"its table's headers are {', '.join(map(str, fields))}, not DLS's for the vocabulary "
                          f"{VOCABULARY}: {', '.join(HEADERS)}", f"{ws.title}!{table.ref}")
        ids: dict[str, int] = {}
        for row in list(ws[table.ref])[1:]:
            cell, description = row[0], row[4].value
            if cell.value is None or str(cell.value).strip() == "":
                continue
            if isinstance(cell.value, bool) or not isinstance(cell.value, int | float) or cell.value != int(cell.value):
                raise BadFile(f"the ID {cell.value!r} is not a whole number", f"{ws.title}!{cell.coordinate}")
            found = _IDENTIFIER.search(str(description or ""))
            if found is None:
                continue  # a capability added in DLS itself, or whose description was edited there
            if found.group(1) in ids:
                raise BadFile(f"{found.group(1)} is in two rows (IDs {ids[found.group(1)]} and {int(cell.value)})",
                              f"{ws.title}!{cell.coordinate}")
            ids[found.group(1)] = int(cell.value)
        return ids
    except BadFile as exc:
        raise UsageError(f"{path}{'!' + exc.where if exc.where else ''}: {exc.message}") from None


def export(project: Project, out_dir: Path, ids_from: Path | None = None) -> list[Path]:
    """Write every DLS workbook that has rows under ``out_dir``; return the paths written. With ``ids_from``
    (a workbook downloaded from DLS), each row DLS already holds carries its DLS ID, so that DLS updates it."""
    fw = project.framework
    ids = dls_ids(ids_from) if ids_from is not None else None
    paths = []
    for book in workbooks(fw, ids):
        if not book.rows:  # nothing to upload (and an Excel table needs a row below its header)
            continue
        path = Path(out_dir) / book.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xlsx_bytes(fw, book))
        paths.append(path)
    return paths
