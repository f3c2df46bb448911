"""Response forms for a framework version: XLSX (with drop-downs), CSV and Markdown.

Every form carries the same fields (see :mod:`.form`) and records the framework
id, version and consultation it is for, so :mod:`.ingest` can check a returned
form. Output is deterministic: rerunning gives byte-identical files. Text cells
of the XLSX and CSV forms are safe from formula injection (:mod:`ahpfw.tabular`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from .. import model
from ..tabular import neutralise
from . import form
from .consultation import Consultation, Question

FORMATS = ("xlsx", "csv", "md")

#: Every timestamp inside a generated workbook (zip entries and document properties).
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ElementRow:
    """One element to rate."""

    id: str
    kind: str
    code: str
    text: str
    descriptors: str


@dataclass(frozen=True)
class Form:
    """Everything a response form shows, whatever its format."""

    framework: model.Framework
    consultation: Consultation | None
    fields: tuple[form.Field, ...]
    elements: tuple[ElementRow, ...]
    questions: tuple[tuple[Question, tuple[form.Choice, ...]], ...]
    ask_contact: bool

    @property
    def meta(self) -> dict[str, str]:
        """What the form is for: checked by ingest."""
        return {
            "form_version": form.FORM_VERSION,
            "framework": self.framework.id,
            "framework_version": self.framework.version,
            "consultation": self.consultation.id if self.consultation else "",
        }

    @property
    def title(self) -> str:
        return (self.consultation.title if self.consultation
                else f"Consultation on {self.framework.title}")


def build_form(fw: model.Framework, consultation: Consultation | None = None, ask_contact: bool = False) -> Form:
    """Collect the fields, elements and questions of a response form."""
    rows = tuple(ElementRow(e.id, e.LABEL, e.code or "", form.element_text(e), form.element_descriptors(fw, e))
                 for e in form.rated_elements(fw))
    questions = tuple((q, form.question_choices(q, fw)) for q in (consultation.questions if consultation else ()))
    return Form(fw, consultation, form.respondent_fields(fw), rows, questions, ask_contact)


def instructions(f: Form) -> list[str]:
    """The instructions every format opens with, one paragraph per item."""
    fw = f.framework
    scale = "; ".join(f"{n} {label.lower()}" for n, label in form.AGREEMENT.items())
    lines = [
        f"This form is for {fw.title}, version {fw.version} ({fw.id})"
        + (f", consultation {f.consultation.id}" if f.consultation else "") + ".",
        "Tell us about yourself in broad terms, then rate how far you agree with each principle, "
        "domain and capability, and add a comment or a suggested wording wherever you wish. "
        "Every answer is optional; leave a cell empty to skip it.",
        f"Agreement scale: {scale}.",
        "Please type plain text: formulas are not accepted.",
    ]
    if f.consultation:
        lines.append(f"Responses are accepted from {f.consultation.opens} to {f.consultation.closes}.")
    if f.ask_contact:
        lines.append("Your contact details, on the 'Contact details' part, are kept apart from your "
                     "answers and never appear in any report.")
    else:
        lines.append("This form does not ask for your name or contact details; please do not write "
                     "them in your comments.")
    return lines


def _contact_rows() -> Iterator[tuple[str, str]]:
    yield from form.CONTACT_FIELDS.items()


# ---------------------------------------------------------------------------
# XLSX


def render_xlsx(f: Form) -> bytes:
    """The form as an XLSX workbook with drop-down lists; byte-identical for the same input."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        from ..problems import UsageError

        raise UsageError("writing XLSX forms needs openpyxl: pip install 'ahpfw[consult]', "
                         "or use --format csv") from None
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    unlocked = Protection(locked=False)

    ws = wb.active
    ws.title = form.INSTRUCTIONS
    ws["A1"] = f.title
    ws["A1"].font = Font(bold=True, size=14)
    for i, line in enumerate(instructions(f), start=3):
        ws.cell(row=i, column=1, value=line).alignment = wrap
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True

    lists = wb.create_sheet(form.LISTS)
    lists.sheet_state = "hidden"
    list_column = 0

    def drop_down(ws, ref: str, choices: tuple[form.Choice, ...]) -> None:
        nonlocal list_column
        list_column += 1
        letter = get_column_letter(list_column)
        for row, choice in enumerate(choices, start=1):
            lists.cell(row=row, column=list_column, value=choice.label)
        dv = DataValidation(type="list", formula1=f"{form.LISTS}!${letter}$1:${letter}${len(choices)}",
                            allow_blank=True, showErrorMessage=True, errorTitle="Not in the list",
                            error="Please pick an answer from the drop-down list.")
        dv.add(ref)
        ws.add_data_validation(dv)

    def answer_sheet(name: str, widths: tuple[int, ...]) -> object:
        sheet = wb.create_sheet(name)
        for col, (_, heading) in enumerate(form.COLUMNS[name], start=1):
            sheet.cell(row=1, column=col, value=heading).font = bold
            sheet.column_dimensions[get_column_letter(col)].width = widths[col - 1]
        sheet.freeze_panes = "A2"
        sheet.protection.sheet = True
        return sheet

    def column_of(name: str, key: str) -> int:
        return [k for k, _ in form.COLUMNS[name]].index(key) + 1

    about = answer_sheet(form.ABOUT, (18, 45, 40, 40))
    answer_col = column_of(form.ABOUT, "answer")
    for row, fld in enumerate(f.fields, start=2):
        about.cell(row=row, column=1, value=fld.key)
        about.cell(row=row, column=2, value=fld.label).alignment = wrap
        cell = about.cell(row=row, column=answer_col)
        cell.protection = unlocked
        about.cell(row=row, column=4, value=fld.help or "Pick from the drop-down list.").alignment = wrap
        drop_down(about, cell.coordinate, fld.choices)

    elements = answer_sheet(form.ELEMENTS, (18, 12, 8, 60, 70, 16, 50, 50))
    agreement_dv = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True, showErrorMessage=True,
                                  errorTitle="Agreement", error="Please give a whole number from 1 to 5.")
    elements.add_data_validation(agreement_dv)
    keys = [k for k, _ in form.COLUMNS[form.ELEMENTS]]
    for row, el in enumerate(f.elements, start=2):
        values = {"key": el.id, "kind": el.kind, "code": el.code, "item": el.text, "details": el.descriptors}
        for col, key in enumerate(keys, start=1):
            cell = elements.cell(row=row, column=col, value=values.get(key) or None)
            cell.alignment = wrap
            if key in form.ANSWER_COLUMNS[form.ELEMENTS]:
                cell.protection = unlocked
        agreement_dv.add(elements.cell(row=row, column=keys.index("agreement") + 1).coordinate)

    if f.questions:
        qs = answer_sheet(form.QUESTIONS, (16, 8, 60, 45, 45))
        answer_col = column_of(form.QUESTIONS, "answer")
        for row, (q, choices) in enumerate(f.questions, start=2):
            qs.cell(row=row, column=1, value=q.id)
            qs.cell(row=row, column=2, value=q.code)
            qs.cell(row=row, column=3, value=q.name).alignment = wrap
            cell = qs.cell(row=row, column=answer_col)
            cell.protection = unlocked
            cell.alignment = wrap
            qs.cell(row=row, column=5, value=_options_note(q, choices)).alignment = wrap
            if choices:
                drop_down(qs, cell.coordinate, choices)

    if f.ask_contact:
        contact = answer_sheet(form.CONTACT, (14, 50, 50))
        for row, (key, label) in enumerate(_contact_rows(), start=2):
            contact.cell(row=row, column=1, value=key)
            contact.cell(row=row, column=2, value=label)
            contact.cell(row=row, column=3).protection = unlocked

    meta = wb.create_sheet(form.FORM)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    for col, (_, heading) in enumerate(form.COLUMNS[form.FORM], start=1):
        meta.cell(row=1, column=col, value=heading).font = bold
    for row, (key, value) in enumerate(f.meta.items(), start=2):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value or None)

    for sheet in wb.worksheets:  # every text cell, through the one policy against formula injection
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralise(cell.value)
    wb.properties.creator = "ahpfw"
    wb.properties.title = f.title
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "ahpfw"
    return _deterministic_zip(wb)


def _options_note(q: Question, choices: tuple[form.Choice, ...]) -> str:
    if q.kind == "agreement":
        return "A number from 1 (strongly disagree) to 5 (strongly agree)."
    if choices:
        return "Pick from the drop-down list."
    return "Free text."


def _deterministic_zip(wb: object) -> bytes:
    """Save a workbook, then rewrite its zip with fixed timestamps and entry order."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    first = io.BytesIO()
    with zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # unlike openpyxl's save_workbook, leaves 'modified' alone
    out = io.BytesIO()
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------
# CSV


def csv_rows(f: Form) -> Iterator[dict[str, str]]:
    """The rows of the single-table CSV form (see :data:`form.CSV_COLUMNS`)."""
    section = form.SECTIONS
    for key, value in f.meta.items():
        yield {"section": section[form.FORM], "key": key, "answer": value}
    for fld in f.fields:
        yield {"section": section[form.ABOUT], "key": fld.key, "item": fld.label,
               "options": " | ".join(c.label for c in fld.choices)}
    for el in f.elements:
        yield {"section": section[form.ELEMENTS], "key": el.id, "code": el.code, "item": el.text,
               "details": el.descriptors, "options": "1-5"}
    for q, choices in f.questions:
        options = "1-5" if q.kind == "agreement" else " | ".join(c.label for c in choices)
        yield {"section": section[form.QUESTIONS], "key": q.id, "code": q.code or "", "item": q.name,
               "options": options}
    if f.ask_contact:
        for key, label in _contact_rows():
            yield {"section": section[form.CONTACT], "key": key, "item": label}


def render_csv(f: Form) -> bytes:
    """The form as one CSV table (UTF-8 with a byte-order mark, so spreadsheets open it correctly)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=form.CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(f):
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------
# Markdown


def _md(text: str) -> str:
    """Text safe to put in a Markdown line: no raw HTML, no table breaks."""
    import html

    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


def render_md(f: Form) -> bytes:
    """The form as a printable Markdown document with blanks to fill in."""
    out = [f"# {_md(f.title)}", ""]
    out += [p for line in instructions(f) for p in (_md(line), "")]
    out += ["<!-- " + " ".join(f"{k}={v}" for k, v in f.meta.items() if v) + " -->", ""]
    out += ["## About you", ""]
    for fld in f.fields:
        out.append(f"- **{_md(fld.label)}** (one of: {_md('; '.join(c.label for c in fld.choices))}): ______")
    out += ["", "## The framework", ""]
    for el in f.elements:
        out += [f"### {_md(el.code)} {_md(el.text)}", "", f"`{el.id}` ({el.kind})", ""]
        for line in el.descriptors.splitlines():
            out.append(f"- {_md(line)}")
        if el.descriptors:
            out.append("")
        out += ["- Agreement (1-5): ______", "- Comment: ______", "- Suggested wording: ______", ""]
    if f.questions:
        out += ["## General questions", ""]
        for q, choices in f.questions:
            note = _options_note(q, choices)
            if choices and q.kind == "choice":
                note = "one of: " + "; ".join(c.label for c in choices)
            out.append(f"- **{_md(q.label)}** ({_md(note)}): ______")
        out.append("")
    if f.ask_contact:
        out += ["## Contact details", ""]
        out += [f"- **{_md(label)}**: ______" for _, label in _contact_rows()]
        out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


RENDERERS = {"xlsx": render_xlsx, "csv": render_csv, "md": render_md}


def render(f: Form, fmt: str) -> bytes:
    """The form in one of :data:`FORMATS`."""
    return RENDERERS[fmt](f)
