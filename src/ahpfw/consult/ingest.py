"""Read filled response forms (XLSX or CSV), check them cell by cell, store the good ones.

A file with any problem is refused whole: each problem is reported as
``file!Sheet!C12: message`` and nothing from that file is stored, while the
other files are still ingested. Good responses are stored one per file under
``responses/`` (never overwritten); contact details, if the form asked for
them, go to ``contacts/``, which no report or export reads.

Untrusted input is read defensively (:mod:`ahpfw.reading.workbooks`: size limits, zip
checks before unpacking, defusedxml); formulas are refused, never evaluated.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import model
from ..atomic import create_bytes, write_text
from ..problems import display_path
from ..reading.workbooks import (
    CONTROL,
    BadFile,
    Limits,
    column_letter,
    csv_table,
    is_formula,
    open_workbook,
    read_spreadsheet,
)
from ..tabular import restore
from . import form
from .consultation import CONTACTS, Consultation, dump_yaml, load_responses

MAX_ROWS = 5000
#: A form's rows and cells (on each sheet, or in the CSV file): far more than any form has.
FORM_LIMITS = Limits(MAX_ROWS, MAX_ROWS * 50, "a form has far fewer")


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with a returned form: the file, the sheet and cell (when known; for a byte of a CSV
    file its ``line:column``, with ``sep`` ``:``), and what."""

    file: str
    where: str
    message: str
    sep: str = "!"

    def __str__(self) -> str:
        place = f"{display_path(self.file)}{self.sep}{self.where}" if self.where else display_path(self.file)
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Cell:
    """A value read from a form, and the cell it came from (``Sheet!C12``, or ``G12`` in a CSV)."""

    value: Any
    ref: str


@dataclass
class Row:
    """One row of a form: its section, its key and its cells by column name."""

    section: str
    key: Cell
    cells: dict[str, Cell]


@dataclass
class Checked:
    """A form that passed every check: the response record and any contact details."""

    record: dict[str, Any]
    contact: dict[str, str]
    content_hash: str
    fmt: str


@dataclass
class IngestResult:
    """What happened to each file."""

    stored: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    @property
    def refused(self) -> list[str]:
        return sorted({p.file for p in self.problems})


# ---------------------------------------------------------------------------
# Reading files safely


def read_form(path: Path) -> tuple[str, list[Row]]:
    """Read a returned form as rows. Raises :class:`BadFile` when it cannot be read safely."""
    fmt, data = read_spreadsheet(path, "a response form")
    return fmt, (_xlsx_rows(data) if fmt == "xlsx" else _csv_rows(data))


def _xlsx_rows(data: bytes) -> list[Row]:
    wb = open_workbook(data)
    names = set(wb.sheetnames)
    if form.FORM not in names:
        raise BadFile(f"no '{form.FORM}' sheet: this is not an ahpfw response form (or it was made by "
                      "another program); please use the form you were sent")
    rows: list[Row] = []
    for ws in wb.worksheets:
        title = ws.title
        if title in (form.INSTRUCTIONS, form.LISTS):
            continue
        if title not in form.SECTIONS:
            used = next((c for row in ws.iter_rows() for c in row if c.value not in (None, "")), None)
            if used is not None:
                raise BadFile(f"sheet '{title}' is not part of the form; put answers on the form's own sheets",
                              f"{title}!{used.coordinate}")
            continue
        rows.extend(_sheet_rows(ws))
    return rows


def _sheet_rows(ws: Any) -> list[Row]:
    title = ws.title
    columns = form.COLUMNS[title]
    headings = [ws.cell(row=1, column=i + 1).value for i in range(len(columns))]
    for i, (_, heading) in enumerate(columns):
        if headings[i] != heading:
            raise BadFile(f"expected the heading '{heading}' here: this sheet does not have the form's layout",
                          f"{title}!{ws.cell(row=1, column=i + 1).coordinate}")
    FORM_LIMITS.check_size(ws.max_row, ws.max_column, title)
    section = form.SECTIONS[title]
    answer_columns = form.ANSWER_COLUMNS[title]
    rows = []
    for cells in ws.iter_rows(min_row=2):
        found: dict[str, Cell] = {}
        for cell in cells:
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            ref = f"{title}!{cell.coordinate}"
            if is_formula(cell):
                raise BadFile("this cell holds a formula; type the value itself (formulas are never evaluated)", ref)
            index = cell.column - 1
            if index >= len(columns):
                raise BadFile(f"this cell is outside the form's columns; write answers in "
                              f"{', '.join(h for k, h in columns if k in answer_columns) or 'the answer column'}",
                              ref)
            found[columns[index][0]] = Cell(cell.value, ref)
        if found:
            key = found.pop("key", Cell(None, f"{title}!A{cells[0].row}"))
            rows.append(Row(section, key, found))
    return rows


def _csv_rows(data: bytes) -> list[Row]:
    table = csv_table(data, FORM_LIMITS)
    if not table:
        raise BadFile("the file is empty")
    header = [h.strip() for h in table[0]]
    for i, name in enumerate(header):
        if name not in form.CSV_COLUMNS:
            raise BadFile(f"unknown column '{name}'; the form's columns are {', '.join(form.CSV_COLUMNS)}",
                          f"{column_letter(i)}1")
    if "section" not in header or "key" not in header:
        raise BadFile("the first row must hold the form's column names (section, key, ...)", "A1")
    sections = set(form.SECTIONS.values())
    rows = []
    for r, values in enumerate(table[1:], start=2):
        found = {header[i]: Cell(v, f"{column_letter(i)}{r}") for i, v in enumerate(values)
                 if i < len(header) and v.strip()}
        extra = next((i for i in range(len(header), len(values)) if values[i].strip()), None)
        if extra is not None:
            raise BadFile("this cell is outside the form's columns", f"{column_letter(extra)}{r}")
        if not found:
            continue
        section = found.pop("section", Cell("", f"{column_letter(header.index('section'))}{r}"))
        if section.value not in sections:
            raise BadFile(f"unknown section '{section.value}'; use one of {', '.join(sorted(sections))}",
                          section.ref)
        key = found.pop("key", Cell(None, f"{column_letter(header.index('key'))}{r}"))
        rows.append(Row(section.value, key, found))
    return rows


# ---------------------------------------------------------------------------
# Checking


class _Checker:
    """Checks the rows of one form against the consultation and the consulted framework."""

    def __init__(self, file: Path, consultation: Consultation, fw: model.Framework):
        self.file = str(file)
        self.consultation = consultation
        self.fw = fw
        self.problems: list[FileProblem] = []
        self.rated = {e.id: e for e in form.rated_elements(fw)}
        self.fields = {f.key: f for f in form.respondent_fields(fw)}

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append(FileProblem(self.file, cell.ref, message))

    def text(self, cell: Cell | None) -> str | None:
        if cell is None:
            return None
        value = cell.value
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            else:
                self.problem(cell, "expected text here")
                return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
        text = CONTROL.sub("", text).strip()
        if len(text) > form.MAX_TEXT:
            self.problem(cell, f"text is {len(text)} characters long; at most {form.MAX_TEXT} are accepted")
            return None
        return text or None

    def agreement(self, cell: Cell | None) -> int | None:
        if cell is None:
            return None
        value = cell.value
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip():
            match = re.fullmatch(r"\s*([0-9]+)(\s.*)?", value)
            number = int(match.group(1)) if match else None
        elif isinstance(value, str):
            return None
        if number is None or not 1 <= number <= 5:
            self.problem(cell, f"agreement must be a whole number from 1 to 5, not {_show(value)}")
            return None
        return number

    def choice(self, cell: Cell | None, choices: tuple[form.Choice, ...], what: str) -> str | None:
        text = self.text(cell)
        if text is None:
            return None
        folded = restore(text).casefold()  # a label the form wrote as '=... is still that label
        for choice in choices:
            if folded in (choice.label.casefold(), choice.value.casefold()):
                return choice.value
        assert cell is not None
        self.problem(cell, f"{_show(text)} is not one of the options for '{what}'; pick one from the drop-down list")
        return None

    def check(self, fmt: str, rows: list[Row]) -> Checked | None:
        meta: dict[str, Cell] = {}
        respondent: dict[str, str] = {}
        comments: dict[str, dict[str, Any]] = {}
        answers: dict[str, str] = {}
        contact: dict[str, str] = {}
        first_at: dict[tuple[str, str], str] = {}
        for row in rows:
            key = self.text(row.key)
            if key is None:
                cell = next(iter(row.cells.values()))
                self.problem(cell, "an answer on a row with no id; keep answers on the form's own rows")
                continue
            seen = first_at.setdefault((row.section, key), row.key.ref)
            if seen != row.key.ref:
                self.problem(row.key, f"'{key}' appears twice (first at {seen})")
                continue
            handler = getattr(self, f"_row_{row.section}")
            handler(key, row, meta, respondent, comments, answers, contact)
        self._check_meta(meta, rows)
        if not self.problems and not (comments or answers):
            self.problems.append(FileProblem(self.file, "", "the form has no ratings, comments or answers"))
        if self.problems:
            return None
        record = {
            "framework": self.fw.id,
            "framework_version": self.fw.version,
            "respondent": respondent,
            "comments": [comments[e] for e in self.rated if e in comments],
            "answers": [{"question": q.id, "answer": answers[q.id]}
                        for q in self.consultation.questions if q.id in answers],
        }
        digest = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        return Checked(record, contact, digest, fmt)

    def _row_form(self, key, row, meta, *_):
        value = row.cells.get("value") or row.cells.get("answer")
        meta[key] = value if value is not None else Cell(None, row.key.ref)

    def _row_about_you(self, key, row, meta, respondent, *_):
        fld = self.fields.get(key)
        if fld is None:
            self.problem(row.key, f"unknown question '{key}' on the 'About you' part")
            return
        value = self.choice(row.cells.get("answer"), fld.choices, fld.label)
        if value is not None:
            respondent[key] = value

    def _row_framework(self, key, row, meta, respondent, comments, *_):
        if key not in self.rated:
            known = key in self.fw.elements
            self.problem(row.key, f"element {key} is not rated on this form" if known else
                         f"unknown element id '{key}': not in {self.fw.id} {self.fw.version}")
            return
        entry: dict[str, Any] = {"element": key}
        agreement = self.agreement(row.cells.get("agreement"))
        if agreement is not None:
            entry["agreement"] = agreement
        for name in ("comment", "suggested_wording"):
            text = self.text(row.cells.get(name))
            if text is not None:
                entry[name] = text
        if len(entry) > 1:
            comments[key] = entry

    def _row_questions(self, key, row, meta, respondent, comments, answers, *_):
        question = self.consultation.question(key)
        if question is None:
            self.problem(row.key, f"unknown question id '{key}': not a question of {self.consultation.id}")
            return
        cell = row.cells.get("answer")
        if question.kind == "agreement":
            number = self.agreement(cell)
            value = None if number is None else str(number)
        elif question.kind == "choice":
            value = self.choice(cell, form.question_choices(question, self.fw), question.label)
        else:
            value = self.text(cell)
        if value is not None:
            answers[key] = value

    def _row_contact(self, key, row, meta, respondent, comments, answers, contact):
        if key not in form.CONTACT_FIELDS:
            self.problem(row.key, f"unknown contact field '{key}'")
            return
        value = self.text(row.cells.get("answer"))
        if value is not None:
            contact[key] = value

    def _check_meta(self, meta: dict[str, Cell], rows: list[Row]) -> None:
        expected = {
            "form_version": form.FORM_VERSION,
            "framework": self.consultation.framework,
            "framework_version": self.consultation.framework_version,
        }
        where = rows[0].key.ref if rows else ""
        for key, want in expected.items():
            cell = meta.get(key)
            got = self.text(cell) if cell is not None else None
            if got is None:
                self.problems.append(FileProblem(self.file, cell.ref if cell else where,
                                                 f"the form does not say its {key.replace('_', ' ')}; "
                                                 "please use the form you were sent"))
            elif got != want:
                what = {"form_version": "a form of another layout",
                        "framework": f"a form for another framework ({got})",
                        "framework_version": f"a response for version {got}"}[key]
                self.problem(cell, f"{what}, but this consultation is about "  # type: ignore[arg-type]
                             f"{self.consultation.framework} {self.consultation.framework_version}")
        cell = meta.get("consultation")
        got = self.text(cell) if cell is not None else None
        if got and got != self.consultation.id:
            self.problem(cell, f"a form for consultation {got}, not {self.consultation.id}")  # type: ignore[arg-type]


def _show(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


def check_file(path: Path, consultation: Consultation, fw: model.Framework) -> tuple[Checked | None, list[FileProblem]]:
    """Read and check one returned form; either a :class:`Checked` response or its problems."""
    try:
        fmt, rows = read_form(path)
    except BadFile as exc:
        return None, [FileProblem(str(path), exc.where, exc.message, exc.sep)]
    checker = _Checker(path, consultation, fw)
    checked = checker.check(fmt, rows)
    return checked, checker.problems


# ---------------------------------------------------------------------------
# Storing


_RESP = re.compile(r"RESP-([0-9]+)\.yaml$")


def _next_number(consultation: Consultation) -> int:
    folder = consultation.responses_dir
    numbers = [int(m.group(1)) for p in folder.glob("RESP-*.yaml") if (m := _RESP.search(p.name))] \
        if folder.is_dir() else []
    return max(numbers, default=0) + 1


def _prefix(consultation: Consultation) -> str:
    return consultation.id.split(":", 1)[0]


def _store(consultation: Consultation, checked: Checked, received: str) -> str:
    from ..reading.loader import RawFramework, schema_problems
    from ..reading.yamlfile import Positions

    number = _next_number(consultation)
    while True:
        name = f"RESP-{number:04d}"
        rid = f"{_prefix(consultation)}:{name}"
        record: dict[str, Any] = {"id": rid, "consultation": consultation.id, **{
            k: checked.record[k] for k in ("framework", "framework_version")},
            "received": received, "form_format": checked.fmt, "content_hash": checked.content_hash}
        if consultation.synthetic:
            record["synthetic"] = True
        record["respondent"] = checked.record["respondent"]
        for key in ("comments", "answers"):
            if checked.record[key]:
                record[key] = checked.record[key]
        path = consultation.responses_dir / f"{name}.yaml"
        problems = schema_problems(RawFramework(path.parent, record, Positions(), [path], path), definition="Response")
        if problems:  # a bug, not bad input: every value was checked above
            raise AssertionError(f"response does not fit the schema: {problems[0].message}")
        header = (f"Response {rid} to {consultation.id}, stored by 'ahpfw consult ingest'. Do not edit."
                  + ("\nSYNTHETIC SAMPLE DATA: made up, not real feedback." if consultation.synthetic else ""))
        try:
            create_bytes(path, dump_yaml(record, header).encode("utf-8"))
        except FileExistsError:
            number += 1
            continue
        if checked.contact:
            _store_contact(consultation, name, rid, checked.contact)
        return rid


def _store_contact(consultation: Consultation, name: str, rid: str, contact: dict[str, str]) -> None:
    folder = consultation.folder / CONTACTS
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_text(ignore, "# Personal data: never commit these files. No report or export reads them.\n*\n")
    header = ("PERSONAL DATA. Contact details given with response " + rid + ".\n"
              "Never commit, publish or share this file; no report or export reads it.")
    create_bytes(folder / f"{name}.yaml", dump_yaml({"response": rid, **contact}, header).encode("utf-8"))


def ingest(consultation: Consultation, fw: model.Framework, files: Iterable[Path],
           received: str | None = None) -> IngestResult:
    """Check each file and store the good ones; a file with any problem is refused whole."""
    received = received or date.today().isoformat()
    result = IngestResult()
    known = {r.content_hash: r.id for r in load_responses(consultation)}
    for path in files:
        path = Path(path)
        checked, problems = check_file(path, consultation, fw)
        if checked is None:
            result.problems.extend(problems)
            continue
        if checked.content_hash in known:
            result.duplicates.append((path, known[checked.content_hash]))
            continue
        rid = _store(consultation, checked, received)
        known[checked.content_hash] = rid
        result.stored.append((path, rid))
    return result
