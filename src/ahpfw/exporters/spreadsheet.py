"""``exports/spreadsheet/``: the framework as one XLSX workbook and one CSV per sheet.

Sheets: About, Capabilities (one row per capability, one column per career
stage in rank order), Domains, Principles, Pillars, Career stages, Roles,
Professions, Learning needs, Barriers and Priorities (each with the
capabilities that address it), Resources, Sources, Mappings, Crosswalks (the
mappings of the project's crosswalks to or from this framework). Each CSV file
holds the same cells as its sheet after a first column, "Framework version",
that says on every row which version of the framework it comes from (the
workbook says so on its About sheet). RFC 4180: UTF-8 with a byte-order mark,
which Excel needs to read UTF-8 rather than the computer's own code page (the
curly quotes and dashes of the text would otherwise show as "â€™"), CRLF line
ends, quotes where needed.

Formula injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return would be run as a formula by a spreadsheet program,
so such text is written with an apostrophe in front (``'=1+1``), through the
policy every table ahpfw writes shares (:mod:`ahpfw.tabular`). Numbers are
written as numbers.

The workbook's bytes are stable: its created and modified dates are the
framework's date and the zip entries carry that date too.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from .. import model
from ..model import Capability, Framework, schema_of
from ..project import Project
from ..provenance import evidence_lines, related_works_text
from ..tabular import neutralise

#: sheet title -> CSV file stem, in workbook order
SHEETS: dict[str, str] = {
    "About": "about",
    "Capabilities": "capabilities",
    "Domains": "domains",
    "Principles": "principles",
    "Pillars": "pillars",
    "Career stages": "career-stages",
    "Roles": "roles",
    "Professions": "professions",
    "Learning needs": "learning-needs",
    "Barriers": "barriers",
    "Priorities": "priorities",
    "Resources": "resources",
    "Sources": "sources",
    "Mappings": "mappings",
    "Crosswalks": "crosswalks",
}

FILES = ("spreadsheet/framework.xlsx",) + tuple(f"spreadsheet/{stem}.csv" for stem in SHEETS.values())
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ("openpyxl",)

ABOUT = {
    "spreadsheet/framework.xlsx": (
        "Excel workbook (XLSX), one sheet per kind of element",
        "people reading, filtering and printing the framework; HR and learning systems importing it",
        "opens in Excel, LibreOffice (`soffice --headless --convert-to csv`) and openpyxl",
    ),
    **{f"spreadsheet/{stem}.csv": (
        f"CSV (RFC 4180, UTF-8 with a byte-order mark): the {title} sheet",
        "tools that import tables, and Excel; the workbook sheet's cells after a first column, Framework version",
        "any CSV reader, for example Python's `csv` module (open with `encoding='utf-8-sig'`)",
    ) for title, stem in SHEETS.items()},
}

#: The heading of the first column of every CSV file: the version of the framework its rows come from.
VERSION_HEADER = "Framework version"

HOW_TO_READ = (
    "Each sheet lists one kind of element. Every element has a stable identifier (ID, such as "
    "ahpfw:CAP-0001) that never changes or is reused, and a display code for people that may be "
    "renumbered between versions. The Capabilities sheet has one row per capability and one column "
    "per career stage, in order, describing what the capability looks like at that stage. Text origin "
    "says whether an element's words are quoted or adapted from a source, or drafted by the editors of "
    "this rendering; Evidence gives the words of the sources that support them. Text that "
    "begins with =, +, -, @ or a tab is shown with an apostrophe in front so that it is never run "
    "as a formula."
)

#: Characters a worksheet cannot hold (openpyxl refuses them; the same set as its ILLEGAL_CHARACTERS_RE).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

Cell = str | int


@dataclass(frozen=True)
class Table:
    """One sheet: a title, header row and rows of cells (already neutralised)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, the cell it shows for a row, and how an edited cell is read back.

    ``field`` is the YAML key the column shows (None: computed from other data,
    so it cannot be edited here); ``kind`` says how a cell becomes that field's
    value (``ahpfw apply``): ``text``, ``code`` (text, never a number), ``int``,
    ``list`` (texts joined with "; "), ``ids`` (identifiers joined with "; "),
    ``label`` or ``labels`` (the ``code name`` of elements of the collection
    ``refers_to``, one or joined with "; "), or ``descriptor`` (a capability's
    text at career stage ``stage``).
    """

    header: str
    show: Callable[[Any], Cell | None]
    field: str | None = None
    kind: str = "text"
    refers_to: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One sheet as its columns and the items it shows, one per row.

    ``collection`` names what the rows are: a model collection (``capabilities``
    for the Capabilities sheet), ``framework`` for the About sheet (one row per
    metadata field: :class:`AboutRow`), or None for a sheet made from other
    files (Crosswalks).
    """

    title: str
    columns: tuple[Column, ...]
    items: tuple[Any, ...]
    collection: str | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def table(self) -> Table:
        """The sheet's cells, neutralised."""
        return _table(self.title, self.headers, [[c.show(item) for c in self.columns] for item in self.items])


@dataclass(frozen=True)
class AboutRow:
    """One row of the About sheet: a label, the framework's field it shows (None: fixed text) and its value."""

    label: str
    field: str | None
    value: Cell | None


#: The About sheet's rows: label -> the framework's field.
ABOUT_FIELDS: dict[str, str] = {
    "Title": "title", "Identifier": "id", "Version": "version", "Status": "status", "Date": "date",
    "Publisher": "publisher", "Licence": "licence", "Supersedes": "supersedes", "Description": "description",
    "Scope": "scope",
}


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell | None]]) -> Table:
    return Table(title, tuple(headers), tuple(tuple(neutralise(c) for c in row) for row in rows))


def _ids(ids: Sequence[str]) -> str:
    return "; ".join(ids)


def _labels(fw: Framework, ids: Sequence[str]) -> str:
    return "; ".join(fw.elements[i].label if i in fw.elements else i for i in ids)


class Columns:
    """The columns of the sheets, as the schema describes their fields: a field annotated ``spreadsheet:
    HEADER`` is a column with that header, editable (``ahpfw apply`` writes it back)."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.schema = schema_of(fw)

    def field(self, cls: type, name: str, kind: str = "text", refers_to: str | None = None) -> Column:
        """The column of one field of the elements of class ``cls``, headed as the schema says."""
        header = self.schema.annotation(cls, name, "spreadsheet")
        if header is None:
            raise ValueError(f"{cls.__name__}.{name}: the schema gives it no 'spreadsheet' annotation (its header)")
        return Column(header, attrgetter(name), name, kind, refers_to)

    def common(self, cls: type) -> list[Column]:
        return [self.field(cls, "id"), self.field(cls, "code", "code"), self.field(cls, "name")]

    def end(self, cls: type, shown: Sequence[Column]) -> list[Column]:
        """The last columns of an element sheet: the fields the schema gives a column that the sheet does not
        lay out itself (text, or a list joined with "; "), then provenance and status."""
        laid_out = {c.field for c in shown} | {"origin", "status"}
        more = [self._more(cls, name) for name in self.schema.fields(cls, "spreadsheet") if name not in laid_out]
        return [*more, *self.provenance(cls), *self.status(cls)]

    def _more(self, cls: type, name: str) -> Column:
        list_field = any(s["field"] == name and s.get("multivalued") for s in self.schema.slots(cls))

        def show(e: Any) -> Cell | None:
            found = model.value(e, name)
            return "; ".join(found) if isinstance(found, tuple) else found

        return Column(str(self.schema.annotation(cls, name, "spreadsheet")), show, name,
                      "list" if list_field else "text")

    def status(self, cls: type) -> list[Column]:
        return [self.field(cls, "status"), Column("Replaced by", lambda e: _ids(e.replaced_by), "replaced_by", "ids")]

    def provenance(self, cls: type) -> list[Column]:
        """Whether the text is quoted, adapted or drafted (editable), and the words of its sources.

        The Evidence cell is shown, not read back: quotes must match the archived source
        character for character, which a spreadsheet's typing habits (smart quotes, trailing
        spaces) would break, so they are edited in the YAML.
        """
        fw = self.fw
        return [self.field(cls, "origin"),
                Column("Evidence", lambda e: "\n".join(evidence_lines(fw, e.evidence)) or None)]


def sheets(fw: Framework) -> list[Sheet]:
    """Every sheet of the workbook, in order, as columns and rows (the one definition of the workbook)."""
    stages = fw.stages_in_order
    addressed: dict[str, list[str]] = {}
    for cap in fw.capabilities.values():
        for ref in (*cap.meets_needs, *cap.addresses_barriers, *cap.supports_priorities):
            addressed.setdefault(ref, []).append(cap.id)
    col = Columns(fw)
    field = col.field

    def sheet(title: str, cls: type, columns: Sequence[Column], items: Sequence[Any], collection: str) -> Sheet:
        return Sheet(title, (*columns, *col.end(cls, columns)), tuple(items), collection)

    def labels(field: str, refers_to: str, header: str) -> Column:
        return Column(header, lambda e: _labels(fw, getattr(e, field)), field, "labels", refers_to)

    def joined(header: str, field: str, kind: str = "list") -> Column:
        return Column(header, lambda e: "; ".join(getattr(e, field)), field, kind)

    def reported(title: str, cls: type, collection: str) -> Sheet:
        return sheet(title, cls, (*col.common(cls), field(cls, "description"),
                                  Column("Addressed by capabilities", lambda e: _labels(fw, addressed.get(e.id, []))),
                                  Column("Capability IDs", lambda e: _ids(addressed.get(e.id, [])))),
                     getattr(fw, collection), collection)

    def descriptor(stage: Any) -> Column:
        def text(cap: Capability) -> str | None:
            found = cap.descriptor(stage.id)
            return found.text if found else None

        return Column(f"{stage.code} {stage.name}" if stage.code else stage.name, text, "descriptors",
                      "descriptor", stage=stage.id)

    def domain_label(cap: Capability) -> str:
        return fw.elements[cap.domain].label if cap.domain in fw.elements else cap.domain

    about = [AboutRow(label, field_name, getattr(fw, field_name)) for label, field_name in ABOUT_FIELDS.items()]
    about = [row for row in about if row.value is not None]
    related = related_works_text(fw)
    if related:
        about.append(AboutRow("Related works", None, related))
    about.append(AboutRow("How to read", None, HOW_TO_READ))
    m = model
    return [
        Sheet("About", (Column("Field", attrgetter("label")), Column("Value", attrgetter("value"), "value")),
              tuple(about), "framework"),
        sheet("Capabilities", m.Capability,
              (field(m.Capability, "id"), field(m.Capability, "code", "code"),
               Column("Domain", domain_label, "domain", "label", "domains"), field(m.Capability, "name"),
               field(m.Capability, "statement"), *(descriptor(s) for s in stages)),
              fw.capabilities.values(), "capabilities"),
        sheet("Domains", m.Domain, (*col.common(m.Domain), field(m.Domain, "description"),
                                    labels("pillars", "pillars", "Pillars"),
                                    Column("Capabilities", lambda d: len(d.capabilities))),
              fw.domains, "domains"),
        sheet("Principles", m.Principle, (*col.common(m.Principle), field(m.Principle, "description"),
                                          labels("pillars", "pillars", "Pillars")), fw.principles, "principles"),
        sheet("Pillars", m.Pillar, (*col.common(m.Pillar), field(m.Pillar, "description")), fw.pillars, "pillars"),
        sheet("Career stages", m.CareerStage,
              (field(m.CareerStage, "rank", "int"), *col.common(m.CareerStage), field(m.CareerStage, "description"),
               joined("What rises, besides reach", "progression"), joined("Typical roles", "typical_roles"),
               field(m.CareerStage, "afc_bands"), field(m.CareerStage, "cfh_levels")),
              stages, "career_stages"),
        sheet("Roles", m.EducatorRole,
              (*col.common(m.EducatorRole), field(m.EducatorRole, "description"),
               Column("Career stage", lambda r: _labels(fw, [r.stage] if r.stage else []), "stage", "label",
                      "career_stages"),
               field(m.EducatorRole, "protected_time"), joined("Examples", "examples")),
              fw.roles, "roles"),
        sheet("Professions", m.Profession, (*col.common(m.Profession), field(m.Profession, "regulator")),
              fw.professions, "professions"),
        reported("Learning needs", m.LearningNeed, "learning_needs"),
        reported("Barriers", m.Barrier, "barriers"),
        reported("Priorities", m.StrategyPriority, "priorities"),
        sheet("Resources", m.Resource, (*col.common(m.Resource), field(m.Resource, "description"),
                                        field(m.Resource, "kind"), field(m.Resource, "url")),
              fw.resources, "resources"),
        Sheet("Sources", (*col.common(m.Source), field(m.Source, "title"), field(m.Source, "publisher"),
                          field(m.Source, "year", "int"), field(m.Source, "url")), fw.sources, "sources"),
        sheet("Mappings", m.Mapping,
              (field(m.Mapping, "id"), field(m.Mapping, "subject"),
               Column("Subject", lambda x: _labels(fw, [x.subject])), field(m.Mapping, "predicate"),
               field(m.Mapping, "object_id"), field(m.Mapping, "object_label"), field(m.Mapping, "object_source"),
               field(m.Mapping, "justification"), field(m.Mapping, "author")), fw.mappings, "mappings"),
        _fixed(crosswalk_sheet(fw)),
    ]


def _fixed(table: Table) -> Sheet:
    """A sheet made from other files than the framework's: shown, never edited here."""
    return Sheet(table.title, tuple(Column(h, itemgetter(i)) for i, h in enumerate(table.headers)), table.rows)


def tables(fw: Framework) -> list[Table]:
    """Every sheet of the workbook, in order, as plain tables."""
    return [sheet.table() for sheet in sheets(fw)]


CROSSWALK_HEADERS = ("Crosswalk", "Subject ID", "Subject", "Predicate", "Object ID", "Object", "Justification",
                     "Author")


def crosswalk_sheet(fw: Framework) -> Table:
    """The Crosswalks sheet: every mapping of the crosswalks to or from ``fw`` in its project
    (:meth:`Project.of`; docs/crosswalks.md).

    One row per mapping with the names of both ends and the justification, for
    "which capabilities address the need 'pedagogy'?".
    """
    from ..crosswalks import as_rows
    from .crosswalks import mapping_sets

    project = Project.of(fw)
    sets = mapping_sets(project, fw)
    return _table("Crosswalks", CROSSWALK_HEADERS,
                  [(ms.name, r["subject_id"], r["subject_label"], r["predicate"], r["object_id"], r["object_label"],
                    r["justification"], r["author"]) for ms in sets for r in as_rows(project, ms)])


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the workbook and the CSV files under ``out_dir``; return the paths written."""
    fw = project.framework
    sheets = tables(fw)
    assert [t.title for t in sheets] == list(SHEETS), "SHEETS and tables() disagree"
    folder = Path(out_dir) / "spreadsheet"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [Path(out_dir) / f for f in FILES]
    paths[0].write_bytes(xlsx_bytes(fw, sheets))
    for table, path in zip(sheets, paths[1:], strict=True):
        path.write_bytes(csv_bytes(table, fw.version))
    return paths


def csv_bytes(table: Table, version: str) -> bytes:
    """One sheet as an RFC 4180 CSV file: UTF-8 with a byte-order mark, CRLF line ends, and a first
    column (:data:`VERSION_HEADER`) giving ``version`` on every row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow((VERSION_HEADER, *table.headers))
    stamp = neutralise(version)
    writer.writerows((stamp, *row) for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


_WIDE = 60  # characters: text longer than this wraps


def _widths(table: Table) -> list[float]:
    widths = []
    for i, header in enumerate(table.headers):
        longest = max([len(header)] + [len(str(row[i])) for row in table.rows])
        widths.append(min(max(longest, 6), _WIDE) + 2)
    return widths


def _stamp(fw: Framework) -> datetime.datetime:
    day = datetime.date.fromisoformat(fw.date)
    return datetime.datetime(max(day.year, 1980), day.month, day.day)


def xlsx_bytes(fw: Framework, sheets: list[Table]) -> bytes:
    """The workbook's bytes: header row frozen and bold, autofilter on, readable widths, long text wrapped."""
    return stable_workbook(fw, lambda all_rows: _openpyxl_bytes(fw, sheets, all_rows),
                           {f"xl/worksheets/sheet{n}.xml": table.rows for n, table in enumerate(sheets, start=1)})


def stable_workbook(fw: Framework, write: Callable[[bool], bytes],
                    rows: dict[str, Sequence[Sequence[Cell | bool | None]]]) -> bytes:
    """Stable bytes for a workbook that ``write`` makes with openpyxl (:func:`new_workbook`, :func:`stored_bytes`).

    ``write(False)`` writes each sheet's header and first data row only; the other
    rows, which are many in a large framework, are added as XML text in exactly
    openpyxl's form (:func:`_row_xml`), checked against the first data row that
    openpyxl wrote (``rows``: each worksheet's data rows by its entry name, such as
    ``xl/worksheets/sheet1.xml``). Should any row need something that text does not
    cover (say, text with leading spaces), ``write(True)`` writes every row instead.
    Every zip entry is dated the framework's date, so the same framework gives the
    same bytes.
    """
    try:
        return _rezip(write(False), _stamp(fw), rows)
    except _NotPlain:
        return _rezip(write(True), _stamp(fw), {})


def new_workbook(fw: Framework) -> Any:
    """A write-only openpyxl workbook whose properties (title, creator, dates) are the framework's."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    stamp = _stamp(fw)
    props = wb.properties
    props.creator, props.title, props.created, props.modified = fw.publisher, fw.title, stamp, stamp
    props.lastModifiedBy = fw.publisher
    return wb


def stored_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as a zip whose entries are not compressed (:func:`stable_workbook` does that)."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:
        ExcelWriter(wb, archive).write_data()
    return raw.getvalue()


def _openpyxl_bytes(fw: Framework, sheets: list[Table], all_rows: bool) -> bytes:
    """The workbook as openpyxl writes it, with every row of each sheet or only its header and first data row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = new_workbook(fw)
    bold, top, wrap = Font(bold=True), Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    for table in sheets:
        ws = wb.create_sheet(table.title)
        widths = _widths(table)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.headers))
        ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        ws.print_title_rows = "1:1"
        header = []
        for text in table.headers:
            cell = WriteOnlyCell(ws, value=text)
            cell.font, cell.alignment = bold, wrap
            header.append(cell)
        ws.append(header)
        alignments = [wrap if width > _WIDE else top for width in widths]
        for row in table.rows if all_rows else table.rows[:1]:
            cells = []
            for value, alignment in zip(row, alignments, strict=True):
                cell = WriteOnlyCell(ws, value=value)
                cell.alignment = alignment
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula, whatever it starts with
                cells.append(cell)
            ws.append(cells)
    return stored_bytes(wb)


class _NotPlain(Exception):
    """A row that :func:`_row_xml` cannot write exactly as openpyxl would."""


_FIRST_DATA_ROW = re.compile(r'<row r="2">.*?</row>', re.S)
_CELL_STYLE = re.compile(r'<c r="[A-Z]+2" s="(\d+)"')


def _row_xml(number: int, row: Sequence[Cell | bool | None], letters: Sequence[str], styles: Sequence[str]) -> str:
    """One data row of a sheet as openpyxl writes it: inline strings, numbers, booleans and empty cells, each styled.

    Raises :class:`_NotPlain` for a value it does not cover (openpyxl then writes the rows).
    """
    cells = []
    for value, letter, style in zip(row, letters, styles, strict=True):
        if type(value) is str:
            if not value:
                cells.append(f'<c r="{letter}{number}" s="{style}" t="inlineStr" />')
                continue
            value = value[:32767]  # the most a cell holds; openpyxl cuts longer text there too
            if "\r" in value or _ILLEGAL.search(value):
                raise _NotPlain(value)
            stripped = value.strip()
            tag = '<t xml:space="preserve">' if stripped and stripped != value else "<t>"
            if "&" in value or "<" in value or ">" in value:
                value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            cells.append(f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is>{tag}{value}</t></is></c>')
        elif type(value) is int:
            cells.append(f'<c r="{letter}{number}" s="{style}" t="n"><v>{value}</v></c>')
        elif type(value) is bool:
            cells.append(f'<c r="{letter}{number}" s="{style}" t="b"><v>{int(value)}</v></c>')
        elif value is None:  # an empty cell
            cells.append(f'<c r="{letter}{number}" s="{style}" t="n" />')
        else:
            raise _NotPlain(value)
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def _more_rows(xml: bytes, rows: Sequence[Sequence[Cell | bool | None]]) -> bytes:
    """A worksheet that openpyxl wrote with its header and first data row, with the other rows added."""
    from openpyxl.utils import get_column_letter

    if len(rows) < 2:
        return xml
    text = xml.decode("utf-8")
    first = _FIRST_DATA_ROW.search(text)
    if first is None:
        raise _NotPlain("no first data row")
    styles = _CELL_STYLE.findall(first.group(0))
    letters = [get_column_letter(i) for i in range(1, len(rows[0]) + 1)]
    if len(styles) != len(letters) or _row_xml(2, rows[0], letters, styles) != first.group(0):
        raise _NotPlain("openpyxl wrote the first data row differently")
    more = "".join([_row_xml(number, row, letters, styles) for number, row in enumerate(rows[1:], start=3)])
    return (text[:first.end()] + more + text[first.end():]).encode("utf-8")


def _rezip(data: bytes, stamp: datetime.datetime, rows: dict[str, Sequence[Sequence[Cell | bool | None]]]) -> bytes:
    """The same zip with every entry dated ``stamp`` and fixed permissions, so the bytes are stable, and
    the rows still to add to each worksheet (by entry name) added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename in rows:
                content = _more_rows(content, rows[info.filename])
            dst.writestr(entry, content)
    return out.getvalue()
