"""What an edited copy of the exported workbook (or of one sheet's CSV) changes in the framework.

The workbook is read against the sheets of the framework as it is now
(:func:`ahpfw.exporters.spreadsheet.sheets`, the one definition of every
column): rows are matched by element id, and a cell that differs from what the
export would write becomes an :class:`~ahpfw.editing.edits.Edit` of the column's field.
A row with no id becomes a :class:`~ahpfw.editing.edits.NewElement`. A row whose id is
gone is reported, never taken as a deletion. Anything that cannot be applied
is a :class:`~ahpfw.editing.edits.Refusal` naming its cell (``framework.xlsx!Capabilities!F13``):
a changed or repeated id, an unknown career stage or domain, a number or date
where text is needed, a formula, an edit of a column the export works out, or a
workbook made from another version of the framework (unless ``force``).

Excel's habits are normalised in edited cells, and each normalisation is
reported: spaces around the text, non-breaking spaces, curly quotes (where the
framework's text has none), line breaks inside a cell (joined into one
paragraph where the field has none) and the apostrophe the export puts before
text starting with ``=``, ``+``, ``-`` or ``@``. A code typed as a number
(``2.1``, which a spreadsheet cannot tell from ``2.10``) is refused unless it
is the code already there.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import model
from ..plurals import count
from ..problems import display_path
from ..reading.workbooks import Limits, column_letter
from ..tabular import restore
from .edits import Edit, NewElement, Refusal

#: Larger than a returned form's limits: this is the author's own workbook, and a large framework's is big.
MAX_FILE_BYTES = 64 * 2**20
MAX_UNCOMPRESSED_BYTES = 512 * 2**20
#: Rows and cells scale with the framework (see :func:`sheet_limits`): a sheet may hold twice the rows of
#: the framework's own export of it and ROW_MARGIN more, each as wide as the export's and COLUMN_MARGIN more.
ROW_MARGIN = 1000
COLUMN_MARGIN = 10
#: XML elements (in the sheets and shared strings) allowed for each cell allowed: a text cell written by
#: Excel takes 4 to 6, a few more with formatting.
ELEMENTS_PER_CELL = 8

_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
_CURLY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
_CURLY_RE = re.compile("[" + "".join(_CURLY) + "]")


@dataclass(frozen=True)
class _Cell:
    value: Any
    ref: str
    formula: bool = False

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class _Grid:
    """One sheet as read: its title, header cells and data rows (row number, cells)."""

    title: str
    header: list[_Cell]
    rows: list[tuple[int, list[_Cell]]]
    place: str  # "file!Sheet" or "file"
    #: A CSV's first column, Framework version (its heading, then one cell per row), taken out of the cells:
    #: the sheet's columns start one column further right.
    versions: list[_Cell] = field(default_factory=list)

    def letter(self, index: int) -> str:
        """The column letter, in the file, of the sheet's column ``index``."""
        return column_letter(index + (1 if self.versions else 0))


@dataclass
class Reading:
    """What a workbook asks for: edits, new elements, and what cannot be applied or should be known."""

    edits: list[Edit] = field(default_factory=list)
    new: list[NewElement] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Bad(Exception):
    """A cell that cannot be read as its column needs."""


# ---------------------------------------------------------------------------
# Reading the file


def sheet_limits(sheet: Any) -> Limits:
    """The most rows and cells an edited copy of an exported sheet may hold: its export must always pass."""
    exported = len(sheet.items) + 1
    rows = 2 * exported + ROW_MARGIN
    return Limits(rows, rows * (len(sheet.columns) + COLUMN_MARGIN),
                  f"the framework's own {sheet.title} sheet has {count(exported, 'row')} and "
                  f"{count(len(sheet.columns), 'column')}; an edited copy may have twice the rows and {ROW_MARGIN:,} "
                  f"more, and {COLUMN_MARGIN} more columns")


#: A sheet that is not part of the export is refused at its first used cell; this far it is looked for.
_OTHER_SHEET = Limits(ROW_MARGIN, ROW_MARGIN * COLUMN_MARGIN, "a sheet that is not part of the exported workbook")


def _grids(path: Path, limits: dict[str, Limits], csv_limits: Limits) -> tuple[str, list[_Grid]]:
    """The sheets of a workbook (or the one table of a CSV file), each within its ``limits`` by title."""
    from ..exporters.spreadsheet import VERSION_HEADER
    from ..reading.workbooks import BadFile, csv_table, is_formula, open_workbook, read_spreadsheet, sheet_rows

    fmt, data = read_spreadsheet(path, "an exported workbook", MAX_FILE_BYTES)
    name = display_path(path)
    if fmt == "csv":
        table = csv_table(data, csv_limits)
        if not table:
            raise BadFile("the file is empty")
        cells = [[_Cell(v, f"{name}!{column_letter(i)}{r}") for i, v in enumerate(row)]
                 for r, row in enumerate(table, start=1)]
        versions = []
        if cells[0] and str(cells[0][0].value).strip() == VERSION_HEADER:
            versions = [row[0] if row else _Cell(None, f"{name}!A{r}") for r, row in enumerate(cells, start=1)]
            cells = [row[1:] for row in cells]
        return fmt, [_Grid("", cells[0], list(enumerate(cells[1:], start=2)), name, versions)]
    most = ELEMENTS_PER_CELL * sum(limit.cells for limit in limits.values())
    wb = open_workbook(data, MAX_UNCOMPRESSED_BYTES, read_only=True, max_elements=most)
    grids = []
    try:
        for ws in wb.worksheets:
            place = f"{name}!{ws.title}"
            known = limits.get(ws.title)
            rows = []
            for number, row in enumerate(sheet_rows(ws, known or _OTHER_SHEET), start=1):
                rows.append([_Cell(c.value, f"{place}!{column_letter(i)}{number}", is_formula(c))
                             for i, c in enumerate(row)])
                if known is None and any(not c.empty for c in rows[-1]):
                    break  # refused at this cell: the rest is not read
            if not rows:
                grids.append(_Grid(ws.title, [], [], place))
                continue
            grids.append(_Grid(ws.title, rows[0], list(enumerate(rows[1:], start=2)), place))
    finally:
        wb.close()
    return fmt, grids


# ---------------------------------------------------------------------------
# Cells


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the logical value {str(value).upper()}"
    if isinstance(value, (int, float)):
        return f"the number {value:g}" if isinstance(value, float) else f"the number {value}"
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return f"the date or time {value}"
    return f"a {type(value).__name__}"


def _text(cell: _Cell, current: str | None, notes: list[str]) -> str:
    """The text of an edited cell, with Excel's habits normalised (each reported in ``notes``)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str):
        raise _Bad(f"expected text here, found {_describe(value)}: format the cell as Text (or type an "
                   "apostrophe first) so the spreadsheet keeps what you typed")
    text, done = restore(value), []  # the export's guard against formulas is not part of the text
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text, _ = text.replace("\r\n", "\n").replace("\r", "\n"), done.append("Windows line ends")
    if _SPACES.search(text):
        text, _ = _SPACES.sub(" ", text), done.append("non-breaking spaces")
    if _CURLY_RE.search(text) and not _CURLY_RE.search(current or ""):
        text, _ = _CURLY_RE.sub(lambda m: _CURLY[m.group(0)], text), done.append("curly quotes")
    if "\n" in text and "\n" not in (current or ""):
        text, _ = " ".join(line.strip() for line in text.split("\n") if line.strip()), done.append("line breaks")
    if text != text.strip():
        text, _ = text.strip(), done.append("spaces at the start or end")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text):
        raise _Bad("the text holds a control character (such as a tab); remove it")
    if done:
        notes.append(f"{cell.ref}: normalised {', '.join(done)}")
    return text


def _number_text(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _resolve(fw: model.Framework, collection: str, text: str) -> str:
    """The id of the element of ``collection`` a cell names by label, code, name or id."""
    items = fw.stages_in_order if collection == "career_stages" else getattr(fw, collection)
    wanted = text.casefold()
    for e in items:
        if wanted in (e.label.casefold(), e.id.casefold(), (e.code or "").casefold(), e.name.casefold()):
            return e.id
    label = model.COLLECTIONS[collection].LABEL
    choices = "; ".join(e.label for e in items if not e.retired) or "none"
    raise _Bad(f"unknown {label} {text!r}; the {label}s are: {choices}")


def _value(cell: _Cell, column: Any, current: Any, fw: model.Framework, notes: list[str]) -> Any:
    """What an edited cell sets its column's field to (None: remove the field)."""
    kind = column.kind
    raw = cell.value
    if kind == "int":
        if isinstance(raw, bool):
            raise _Bad(f"expected a whole number here, found {_describe(raw)}")
        if isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"\s*[0-9]+\s*", raw):
            return int(raw)
        if cell.empty:
            return None
        raise _Bad(f"expected a whole number here, found {raw!r}")
    if kind == "code" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        typed = _number_text(raw)
        if typed == current:
            return current
        if isinstance(raw, float) and not raw.is_integer():
            raise _Bad(f"the code was typed as the number {typed}, which cannot tell 2.1 from 2.10: format the "
                       "cell as Text (or type an apostrophe first, '2.10) and type the code again")
        raw = typed
        cell = _Cell(typed, cell.ref)
    text = _text(cell, current if isinstance(current, str) else None, notes)
    if kind in ("text", "code"):
        return text or None
    if kind == "descriptor":
        return text
    if kind in ("list", "ids"):
        return _split(text) or None
    if kind == "label":
        return _resolve(fw, column.refers_to, text) if text else None
    if kind == "labels":
        return [_resolve(fw, column.refers_to, part) for part in _split(text)] or None
    raise AssertionError(f"unknown column kind {kind}")


def _same(raw: Any, exported: Any) -> bool:
    """Whether a cell holds exactly what the export wrote (an emptied cell and "" are the same)."""
    if raw is None:
        raw = ""
    if raw == exported and type(raw) is not bool:
        return True
    if isinstance(exported, int) and isinstance(raw, str):  # a CSV holds numbers as text
        return raw.strip() == str(exported)
    return isinstance(raw, float) and isinstance(exported, int) and raw == exported


# ---------------------------------------------------------------------------
# Sheets


def _columns(grid: _Grid, sheet: Any, out: Reading) -> dict[int, Any] | None:
    """The sheet's column for each column of the grid, by header; None when the headers cannot be used."""
    by_header = {c.header: c for c in sheet.columns}
    found: dict[int, Any] = {}
    seen: dict[str, str] = {}
    ok = True
    for index, cell in enumerate(grid.header):
        header = cell.value.strip() if isinstance(cell.value, str) else cell.value
        if header in (None, ""):
            if any(index < len(cells) and not cells[index].empty for _, cells in grid.rows):
                out.refusals.append(Refusal(cell.ref, "a column with no heading; give it one of the sheet's headings "
                                                      "or delete it"))
                ok = False
            continue
        column = by_header.get(header)
        if column is None:
            stages = [c.header for c in sheet.columns if c.kind == "descriptor"]
            what = (f"neither a career stage of the framework ({'; '.join(stages)}) nor one of the sheet's columns"
                    if stages else "not one of the sheet's columns")
            out.refusals.append(Refusal(cell.ref, f"unknown column {header!r}: {what} "
                                                  f"({', '.join(c.header for c in sheet.columns)})"))
            ok = False
        elif header in seen:
            out.refusals.append(Refusal(cell.ref, f"the column {header!r} appears twice (first at {seen[header]})"))
            ok = False
        else:
            seen[header] = cell.ref
            found[index] = column
    if not ok:
        return None
    if sheet.collection != "framework" and not any(c.field == "id" for c in found.values()):
        out.refusals.append(Refusal(f"{grid.place}!A1", "no ID column: rows are matched by their ID, so keep it"))
        return None
    return found


def _cell(cells: list[_Cell], index: int, grid: _Grid, row: int) -> _Cell:
    if index < len(cells):
        return cells[index]
    return _Cell(None, f"{grid.place}!{grid.letter(index)}{row}")


def _read_fixed(grid: _Grid, sheet: Any, out: Reading) -> None:
    """A sheet made from other files: any difference from the export is refused."""
    table = sheet.table()
    expected = [list(table.headers), *[list(r) for r in table.rows]]
    got = [grid.header, *[cells for _, cells in grid.rows]]
    for r in range(max(len(expected), len(got))):
        want = expected[r] if r < len(expected) else []
        have = got[r] if r < len(got) else []
        for c in range(max(len(want), len(have))):
            cell = have[c] if c < len(have) else _Cell(None, f"{grid.place}!{grid.letter(c)}{r + 1}")
            if not _same(cell.value, want[c] if c < len(want) else ""):
                out.refusals.append(Refusal(cell.ref, _fixed_refusal(sheet.title, none_here=len(expected) == 1)))
                return


def _fixed_refusal(title: str, none_here: bool) -> str:
    """Why a made-from-other-files sheet that differs from the export cannot be applied, and what to do."""
    if title == "Crosswalks" and none_here:
        return ("the Crosswalks sheet lists mappings, but this framework has no crosswalks (it is not in a project "
                "folder with a crosswalks/ folder, as a framework copied on its own is not); apply the workbook to "
                "the framework of the project it was exported from, or delete the Crosswalks sheet's rows below "
                "its header (mappings are edited in crosswalks/*.yaml, never in the workbook)")
    return (f"the {title} sheet is made from other files (for Crosswalks: crosswalks/*.yaml) and cannot be edited "
            "here; edit those files")


def _read_about(grid: _Grid, sheet: Any, columns: dict[int, Any], fw: model.Framework, fmt: str, force: bool,
                out: Reading) -> None:
    rows = {row.label: row for row in sheet.items}
    exported = {row.label: cells[1] for row, cells in zip(sheet.items, sheet.table().rows, strict=True)}
    label_at = next((i for i, c in columns.items() if c.header == "Field"), None)
    value_at = next((i for i, c in columns.items() if c.header == "Value"), None)
    if label_at is None or value_at is None:
        out.refusals.append(Refusal(f"{grid.place}!A1", "the About sheet needs its Field and Value columns"))
        return
    version_seen = False
    for number, cells in grid.rows:
        label_cell, cell = _cell(cells, label_at, grid, number), _cell(cells, value_at, grid, number)
        if label_cell.empty and cell.empty:
            continue
        label = label_cell.value.strip() if isinstance(label_cell.value, str) else label_cell.value
        row = rows.get(label)
        if row is None:
            out.refusals.append(Refusal(label_cell.ref, f"unknown row {label!r} on the About sheet; its rows are: "
                                                        f"{', '.join(rows)}"))
            continue
        if row.field == "version":
            version_seen = True
            if not _same(cell.value, row.value) and not force:
                out.refusals.append(Refusal(cell.ref, _made_from("workbook", cell.value, fw)))
            continue
        if cell.formula:
            out.refusals.append(Refusal(cell.ref, "this cell holds a formula; type the value itself"))
            continue
        if _same(cell.value, exported[row.label]):
            continue
        if row.field is None:
            out.refusals.append(Refusal(cell.ref, f"'{row.label}' is fixed text written by the export"))
        elif row.field == "id":
            out.refusals.append(Refusal(cell.ref, f"the framework's id {fw.id} never changes"))
        else:
            try:
                value = _text(cell, str(row.value), out.notes) or None
            except _Bad as exc:
                out.refusals.append(Refusal(cell.ref, str(exc)))
                continue
            if value != row.value:
                out.edits.append(Edit(None, row.field, value, cell.ref))
    if not version_seen and fmt == "xlsx" and not force:
        out.refusals.append(Refusal(f"{grid.place}!A1", "the About sheet does not say which version the workbook "
                                                        "was made from; export a new workbook, or use --force"))


def _read_elements(grid: _Grid, sheet: Any, columns: dict[int, Any], fw: model.Framework, out: Reading) -> None:
    table = sheet.table()
    position = {c.header: n for n, c in enumerate(sheet.columns)}
    current = {item.id: (item, row) for item, row in zip(sheet.items, table.rows, strict=True)}
    id_at = next(i for i, c in columns.items() if c.field == "id")
    seen: dict[str, str] = {}
    for number, cells in grid.rows:
        if all(c.empty for c in cells):
            continue
        id_cell = _cell(cells, id_at, grid, number)
        element_id = id_cell.value.strip() if isinstance(id_cell.value, str) else id_cell.value
        formula = next((c for c in cells if c.formula), None)
        if formula is not None:
            out.refusals.append(Refusal(formula.ref, "this cell holds a formula; type the value itself (formulas "
                                                     "are never evaluated)"))
            if element_id in current and not id_cell.formula:
                seen.setdefault(str(element_id), id_cell.ref)  # its row is there: not reported missing
            continue
        if id_cell.empty:
            _new_row(grid, sheet, columns, cells, number, id_cell, fw, out)
            continue
        if element_id in seen:
            out.refusals.append(Refusal(id_cell.ref, f"two rows with the id {element_id} (the first is "
                                                     f"{seen[element_id]}): each element has one row"))
            continue
        seen[str(element_id)] = id_cell.ref
        if element_id not in current:
            other = fw.elements.get(str(element_id))
            kind = model.COLLECTIONS.get(sheet.collection, model.Capability).LABEL
            why = (f"{element_id} is a {other.LABEL}, not a row of the {sheet.title} sheet" if other is not None else
                   f"{element_id!r} is not the id of any {kind} of this framework")
            out.refusals.append(Refusal(id_cell.ref, f"a changed id: {why}. Ids never change; to add an element "
                                                     "leave its ID cell empty"))
            continue
        item, exported = current[element_id]
        _existing_row(grid, columns, cells, number, item, exported, position, fw, out)
    for element_id, (item, _) in current.items():
        if element_id not in seen:
            out.warnings.append(f"{grid.place}: the row of {element_id} ({item.label}) is missing; nothing was "
                                "deleted (ids are never deleted: to retire it, set its Status to retired and its "
                                "Replaced by to the ids that replace it)")


def _existing_row(grid: _Grid, columns: dict[int, Any], cells: list[_Cell], number: int, item: Any,
                  exported: Sequence[Any], position: dict[str, int], fw: model.Framework, out: Reading) -> None:
    edits: list[Edit] = []
    for index, column in columns.items():
        cell = _cell(cells, index, grid, number)
        if _same(cell.value, exported[position[column.header]]):
            continue
        if column.field is None:
            out.refusals.append(Refusal(cell.ref, f"the '{column.header}' column is worked out by the export from "
                                                  "other data and cannot be edited here"))
            continue
        current = column.show(item)
        try:
            value = _value(cell, column, current, fw, out.notes)
        except _Bad as exc:
            out.refusals.append(Refusal(cell.ref, str(exc)))
            continue
        old = _field_value(item, column)
        if value == old or (value is None and old in ((), None, "")):
            continue
        if column.field == "domain":
            out.refusals.append(Refusal(cell.ref, "moving a capability to another domain is not done in the "
                                                  "spreadsheet: move it in the YAML, or retire it and add a new row "
                                                  "in the other domain"))
            continue
        edits.append(Edit(item.id, column.field, value, cell.ref, column.stage))
    status = next((e for e in edits if e.field == "status"), None)
    if status is not None and status.value == "retired" and not item.retired:
        replaced = next((e.value for e in edits if e.field == "replaced_by"), item.replaced_by)
        if not replaced:
            out.refusals.append(Refusal(status.where, f"to retire {item.id}, also fill its Replaced by cell with "
                                                      "the ids of the elements that replace it"))
            return
    out.edits.extend(edits)


def _field_value(item: Any, column: Any) -> Any:
    """The element's present value of the field a column edits, in the form :func:`_value` gives."""
    if column.kind == "descriptor":
        found = item.descriptor(column.stage)
        return found.text if found else None
    value = model.value(item, column.field)
    if isinstance(value, tuple):
        return list(value) or None
    return value


def _new_row(grid: _Grid, sheet: Any, columns: dict[int, Any], cells: list[_Cell], number: int, id_cell: _Cell,
             fw: model.Framework, out: Reading) -> None:
    values: dict[str, Any] = {}
    descriptors: dict[str, str] = {}
    parent = None
    bad = False
    for index, column in columns.items():
        cell = _cell(cells, index, grid, number)
        if column.field in (None, "id") or cell.empty:
            if column.field is None and not cell.empty:
                out.notes.append(f"{cell.ref}: the '{column.header}' column is worked out by the export; "
                                 "ignored in a new row")
            continue
        try:
            value = _value(cell, column, None, fw, out.notes)
        except _Bad as exc:
            out.refusals.append(Refusal(cell.ref, str(exc)))
            bad = True
            continue
        if column.kind == "descriptor":
            descriptors[column.stage] = value
        elif column.field == "domain":
            parent = value
        else:
            values[column.field] = value
    if bad:
        return
    from .scaffold import KEY_ORDER

    ordered = {k: values.pop(k) for k in KEY_ORDER if k in values}
    ordered.update(values)
    if sheet.collection == "capabilities":
        if parent is None:
            out.refusals.append(Refusal(id_cell.ref.rsplit("!", 1)[0] + f"!{_domain_ref(columns, grid, number)}",
                                        "a new capability needs its domain: fill the Domain cell"))
            return
        if "name" not in ordered and ordered.get("statement"):
            from .scaffold import name_from

            ordered = {"name": name_from(ordered["statement"]), **ordered}
        stages = tuple((s.id, descriptors.get(s.id, "")) for s in fw.stages_in_order if not s.retired)
        out.new.append(NewElement("capabilities", tuple(ordered.items()), id_cell.ref, parent, stages))
        return
    if not getattr(fw, sheet.collection):
        out.refusals.append(Refusal(id_cell.ref, f"the framework has no {sheet.title.lower()} yet: add the first "
                                                 "one in the YAML"))
        return
    out.new.append(NewElement(sheet.collection, tuple(ordered.items()), id_cell.ref))


def _domain_ref(columns: dict[int, Any], grid: _Grid, number: int) -> str:
    index = next((i for i, c in columns.items() if c.field == "domain"), 2)
    return f"{grid.letter(index)}{number}"


def _made_from(what: str, version: Any, fw: model.Framework) -> str:
    """Why a workbook or CSV made from another version of the framework is refused, and what to do."""
    return (f"this {what} was made from version {version} but the framework is version {fw.version}: export a new "
            f"{what} and make the edits there, or use --force to apply every difference from the framework as it "
            "is now")


def _check_version(grid: _Grid, fw: model.Framework, force: bool, out: Reading) -> None:
    """Refuse a CSV whose Framework version column names another version than ``fw``'s (unless ``force``).

    Empty cells (a row the author added) are fine; a CSV without the column (saved before the
    exports carried it) is read as it is. about.csv says its version in its Version row, which
    :func:`_read_about` checks, as for the workbook.
    """
    if force or grid.title == "About":
        return
    for cell in grid.versions[1:]:
        if not cell.empty and str(cell.value).strip() != fw.version:
            out.refusals.append(Refusal(cell.ref, _made_from("file", cell.value, fw)))
            return


# ---------------------------------------------------------------------------


def read_edits(path: Path, fw: model.Framework, *, force: bool = False) -> Reading:
    """Read an edited workbook (XLSX) or one sheet's CSV and say what it changes in ``fw``.

    Raises :class:`ahpfw.reading.workbooks.BadFile` when the file cannot be read at all.
    """
    from ..exporters.spreadsheet import SHEETS, sheets

    defined = {s.title: s for s in sheets(fw)}
    limits = {title: sheet_limits(sheet) for title, sheet in defined.items()}
    stems = {stem: title for title, stem in SHEETS.items()}
    named = stems.get(Path(path).stem)
    fmt, grids = _grids(Path(path), limits, limits[named] if named in limits else
                        max(limits.values(), key=lambda limit: limit.cells))
    out = Reading()
    if fmt == "csv":
        grid = grids[0]
        title = named or next(
            (t for t, s in defined.items() if [c.value for c in grid.header] == list(s.headers)), None)
        if title is None:
            out.refusals.append(Refusal(f"{grid.place}!A1", "cannot tell which sheet this CSV file is: name it as "
                                                            "the export does (capabilities.csv, roles.csv, ...)"))
            return out
        grid.title = title
        _check_version(grid, fw, force, out)
    elif "About" not in {g.title for g in grids} and not force:
        out.refusals.append(Refusal(display_path(path), "the workbook has no About sheet saying which version it was "
                                                        "made from; export a new workbook, or use --force"))
    for grid in grids:
        sheet = defined.get(grid.title)
        if sheet is None:
            used = next((c for _, cells in grid.rows for c in cells if not c.empty), None)
            used = used or next((c for c in grid.header if not c.empty), None)
            if used is not None:
                out.refusals.append(Refusal(used.ref, f"sheet '{grid.title}' is not part of the exported workbook; "
                                                      "edit the workbook's own sheets"))
            continue
        if sheet.collection is None:
            _read_fixed(grid, sheet, out)
            continue
        columns = _columns(grid, sheet, out)
        if columns is None:
            continue
        if sheet.collection == "framework":
            _read_about(grid, sheet, columns, fw, fmt, force, out)
        else:
            _read_elements(grid, sheet, columns, fw, out)
    return out
