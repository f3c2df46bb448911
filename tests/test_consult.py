"""The consultation cycle: form -> fill -> ingest -> report, refusals, privacy, decisions."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from statistics import mean

import openpyxl
import pytest
import yaml

from ahpfw.consult import form, ingest, report
from ahpfw.consult.consultation import consulted_framework, load_consultation, load_responses
from ahpfw.consult.template import build_form, render
from ahpfw.reading import workbooks

from .conftest import MINIMAL, REPO, run_cli


class _Result:
    def __init__(self, result):
        self.returncode, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr


def cli(*args: str) -> _Result:
    """Run ``ahpfw`` in this process (quicker than a subprocess; run_cli is used where that matters)."""
    from click.testing import CliRunner

    from ahpfw.cli import main

    return _Result(CliRunner().invoke(main, list(args), catch_exceptions=False))

CONSULTATION = """\
id: ahpfw:CONS-0001
title: Test consultation
framework: ahpfw:FW-0001
framework_version: 1.0.0
opens: 2024-01-01
closes: 2024-02-01
questions:
  - {id: ahpfw:Q-0001, code: Q1, kind: agreement, name: The framework is a career pathway.}
  - {id: ahpfw:Q-0002, code: Q2, kind: choice, options_from: barriers, name: The main barrier?}
  - {id: ahpfw:Q-0003, code: Q3, kind: text, name: Anything else?}
"""


@pytest.fixture
def setup(tmp_path):
    """A consultation on the minimal framework, its framework and an empty XLSX form."""
    folder = tmp_path / "consultation"
    folder.mkdir()
    (folder / "consultation.yaml").write_text(CONSULTATION, encoding="utf-8")
    consultation = load_consultation(folder)
    fw = consulted_framework(consultation, MINIMAL)
    blank = tmp_path / "form.xlsx"
    blank.write_bytes(render(build_form(fw, consultation), "xlsx"))
    return consultation, fw, blank


def element_rows(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}


def fill(blank: Path, out: Path, ratings: dict[str, int], comments: dict[str, str] | None = None,
         about: dict[str, str] | None = None, answers: dict[str, object] | None = None,
         edit=None) -> Path:
    """Fill a blank form as a respondent would, with openpyxl."""
    wb = openpyxl.load_workbook(blank)
    ws = wb[form.ELEMENTS]
    rows = element_rows(ws)
    for element, value in ratings.items():
        ws.cell(row=rows[element], column=6, value=value)
    for element, text in (comments or {}).items():
        ws.cell(row=rows[element], column=7, value=text)
    about_ws = wb[form.ABOUT]
    for key, value in (about or {}).items():
        about_ws.cell(row=element_rows(about_ws)[key], column=3, value=value)
    if answers:
        qs = wb[form.QUESTIONS]
        for key, value in answers.items():
            qs.cell(row=element_rows(qs)[key], column=4, value=value)
    if edit:
        edit(wb)
    wb.save(out)
    return out


def stored(consultation) -> list[Path]:
    return sorted(consultation.responses_dir.glob("*.yaml")) if consultation.responses_dir.exists() else []


# ---------------------------------------------------------------------------
# The form


def test_choice_lists_are_the_schema_enums():
    from ahpfw.history.changes import CHANGE_TYPES

    defs = json.loads((REPO / "exports" / "json-schema" / "ahpfw.schema.json").read_text())["$defs"]
    assert list(form.ORGANISATION_TYPES) == defs["OrganisationType"]["enum"]
    assert list(form.REGIONS) == defs["Region"]["enum"]
    assert list(form.EDUCATION_TIME) == defs["ProtectedTime"]["enum"]
    assert list(CHANGE_TYPES) == defs["ChangeKind"]["enum"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md"])
def test_forms_are_deterministic_and_ask_no_contact_by_default(setup, fmt):
    consultation, fw, _ = setup
    first = render(build_form(fw, consultation), fmt)
    assert first == render(build_form(fw, consultation), fmt)
    with_contact = render(build_form(fw, consultation, ask_contact=True), fmt)
    if fmt == "xlsx":
        assert form.CONTACT not in openpyxl.load_workbook(io.BytesIO(first)).sheetnames
        assert form.CONTACT in openpyxl.load_workbook(io.BytesIO(with_contact)).sheetnames
    else:
        assert b"email" not in first.lower()
        assert b"email" in with_contact.lower()


def test_xlsx_form_has_every_element_drop_downs_and_its_identity(setup):
    consultation, fw, blank = setup
    wb = openpyxl.load_workbook(blank)
    assert list(element_rows(wb[form.ELEMENTS])) == [e.id for e in form.rated_elements(fw)]
    assert wb[form.FORM].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in wb[form.FORM].iter_rows(min_row=2)}
    assert meta == {"form_version": "1", "framework": fw.id, "framework_version": fw.version,
                    "consultation": consultation.id}
    formulas = [dv.formula1 for dv in wb[form.ELEMENTS].data_validations.dataValidation]
    assert '"1,2,3,4,5"' in formulas
    assert len(wb[form.ABOUT].data_validations.dataValidation) == len(form.respondent_fields(fw))
    assert wb.properties.created.year == 2000 and wb.properties.modified.year == 2000
    professions = [wb[form.LISTS].cell(row=r, column=2).value for r in range(1, 3)]
    assert professions == ["Physiotherapists", "Other"]


# ---------------------------------------------------------------------------
# Template -> fill -> ingest -> report, through the command line


def test_end_to_end_numbers_in_the_report_match_the_responses(tmp_path):
    folder = tmp_path / "c"
    result = cli("consult", "new", str(folder), str(MINIMAL), "--opens", "2024-01-01", "--closes", "2024-03-01")
    assert result.returncode == 0, result.stderr
    blank = tmp_path / "blank.xlsx"
    result = cli("consult", "template", str(folder), "--framework", str(MINIMAL), "--out", str(blank))
    assert result.returncode == 0, result.stderr
    # six respondents, all physiotherapists: one group of six, shown; career stages left blank
    plan = [
        {"ahpfw:PRIN-0001": 5, "ahpfw:DOM-0001": 4, "ahpfw:CAP-0001": 2, "ahpfw:CAP-0002": 3},
        {"ahpfw:PRIN-0001": 4, "ahpfw:DOM-0001": 4, "ahpfw:CAP-0001": 1},
        {"ahpfw:PRIN-0001": 5, "ahpfw:CAP-0001": 2, "ahpfw:CAP-0002": 5},
        {"ahpfw:PRIN-0001": 3, "ahpfw:DOM-0001": 5, "ahpfw:CAP-0001": 3, "ahpfw:CAP-0002": 4},
        {"ahpfw:PRIN-0001": 5, "ahpfw:DOM-0001": 2, "ahpfw:CAP-0001": 1, "ahpfw:CAP-0002": 4},
        {"ahpfw:PRIN-0001": 4, "ahpfw:DOM-0001": 3, "ahpfw:CAP-0002": 5},
    ]
    files = [fill(blank, tmp_path / f"r{i}.xlsx", ratings, {"ahpfw:CAP-0001": f"comment {i}"},
                  {"profession": "Physiotherapists"}, {"ahpfw:Q-0001": 1 + i % 5, "ahpfw:Q-0003": "Clinical pressures"})
             for i, ratings in enumerate(plan)]
    result = cli("consult", "ingest", str(folder), *map(str, files), "--framework", str(MINIMAL),
                     "--received", "2024-02-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((folder / "responses").glob("RESP-*.yaml"))) == 6
    result = cli("consult", "report", str(folder), "--framework", str(MINIMAL), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["responses"] == 6
    elements = {e["id"]: e for e in data["elements"]}
    for element in ("ahpfw:PRIN-0001", "ahpfw:DOM-0001", "ahpfw:CAP-0001", "ahpfw:CAP-0002"):
        values = [p[element] for p in plan if element in p]
        got = elements[element]
        assert got["ratings"] == len(values)
        assert got["distribution"] == {str(n): values.count(n) for n in range(1, 6)}
        assert got["mean"] == round(mean(values), 2)
        assert got["agree_percent"] == round(100 * sum(v >= 4 for v in values) / len(values), 1)
    assert [e["id"] for e in data["elements"]][0] == "ahpfw:CAP-0001"  # lowest agreement first
    assert sorted(c["comment"] for c in elements["ahpfw:CAP-0001"]["comments"]) == [f"comment {i}" for i in range(6)]
    domain_values = [v for p in plan for k, v in p.items() if k != "ahpfw:PRIN-0001"]
    assert data["domains"][0]["mean"] == round(mean(domain_values), 2)
    profession = next(b for b in data["breakdowns"] if b["field"] == "profession")
    assert [(g["label"], g["respondents"]) for g in profession["groups"]] == [("Physiotherapists", 6)]
    questions = {q["id"]: q for q in data["questions"]}
    assert questions["ahpfw:Q-0001"]["distribution"] == {"1": 2, "2": 1, "3": 1, "4": 1, "5": 1}
    barriers = {o["label"]: o["count"] for o in questions["ahpfw:Q-0003"]["options"]}
    assert barriers == {"Clinical pressures": 6, "Other": 0}
    md = cli("consult", "report", str(folder), "--framework", str(MINIMAL)).stdout
    cap = elements["ahpfw:CAP-0001"]
    assert f"| 1.1 Planning learning | capability | {cap['ratings']} | {cap['mean']:g} |" in md


def test_one_bad_cell_refuses_the_file_and_stores_nothing_from_it(setup, tmp_path):
    consultation, fw, blank = setup
    good = fill(blank, tmp_path / "good.xlsx", {"ahpfw:CAP-0001": 4})
    bad = fill(blank, tmp_path / "bad.xlsx", {"ahpfw:CAP-0001": 4, "ahpfw:CAP-0002": 7},
               {"ahpfw:CAP-0001": "Fine otherwise"})
    row = element_rows(openpyxl.load_workbook(bad)[form.ELEMENTS])["ahpfw:CAP-0002"]
    result = run_cli("consult", "ingest", str(consultation.folder), str(bad), str(good), "--framework", str(MINIMAL))
    assert result.returncode == 1
    assert result.stdout.strip().endswith(f"bad.xlsx!Framework!F{row}: agreement must be a whole number from "
                                          "1 to 5, not '7'")
    assert "Traceback" not in result.stderr
    files = stored(consultation)
    assert len(files) == 1
    assert "Fine otherwise" not in files[0].read_text()


def _set_meta(key, value):
    def edit(wb):
        ws = wb[form.FORM]
        for row in ws.iter_rows(min_row=2):
            if row[0].value == key:
                row[1].value = value
    return edit


@pytest.mark.parametrize("edit, where, message", [
    (lambda wb: wb[form.ELEMENTS].cell(row=2, column=1, value="ahpfw:CAP-9999"), "Framework!A2",
     "unknown element id 'ahpfw:CAP-9999'"),
    (_set_meta("framework_version", "0.9.0"), "Form!B4", "a response for version 0.9.0"),
    (lambda wb: wb.create_sheet("Notes").cell(row=3, column=2, value="see attached"), "Notes!B3",
     "sheet 'Notes' is not part of the form"),
    (lambda wb: wb[form.ELEMENTS].cell(row=3, column=6, value="=2+2"), "Framework!F3", "holds a formula"),
    (lambda wb: wb[form.ELEMENTS].cell(row=3, column=9, value="stray"), "Framework!I3", "outside the form"),
    (lambda wb: wb[form.ABOUT].cell(row=3, column=3, value="Astronaut"), "About you!C3",
     "'Astronaut' is not one of the options"),
    (lambda wb: wb[form.QUESTIONS].cell(row=2, column=4, value="6"), "General questions!D2", "from 1 to 5"),
])
def test_each_kind_of_bad_cell_is_named(setup, tmp_path, edit, where, message):
    consultation, fw, blank = setup
    bad = fill(blank, tmp_path / "bad.xlsx", {"ahpfw:CAP-0001": 4}, edit=edit)
    result = ingest.ingest(consultation, fw, [bad])
    assert [str(p) for p in result.problems if where in str(p)], [str(p) for p in result.problems]
    assert any(message in p.message for p in result.problems), [str(p) for p in result.problems]
    assert not result.stored and not stored(consultation)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _with_entity(blank: Path) -> bytes:
    with zipfile.ZipFile(blank) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet4.xml"
    body = parts[sheet]
    start = body.index(b"?>") + 2 if body.startswith(b"<?xml") else 0
    laughs = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    parts[sheet] = body[:start] + laughs + body[start:].replace(b"<v>", b"<v>&b;", 1)
    return _zip(parts)


@pytest.mark.parametrize("name, content, message", [
    ("damaged.xlsx", lambda blank: blank.read_bytes()[:1500], "damaged"),
    ("text.xlsx", lambda blank: b"just some text", "not a valid XLSX"),
    ("locked.xlsx", lambda blank: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    ("bomb.xlsx", lambda blank: _zip({"xl/workbook.xml": b"<a/>", "xl/big.xml": b"\0" * (8 * 2**20)}),
     "zip bomb"),
    ("entities.xlsx", _with_entity, "entities"),
    ("notes.txt", lambda blank: b"hello", "unknown kind of file"),
    ("other.xlsx", lambda blank: _zip({"xl/workbook.xml": b"<a/>"}), "cannot read the workbook"),
])
def test_hostile_or_broken_files_are_refused_and_the_rest_ingested(setup, tmp_path, monkeypatch, name, content,
                                                                   message):
    consultation, fw, blank = setup
    monkeypatch.setattr(workbooks, "MAX_COMPRESSION_RATIO", 100)
    bad = tmp_path / name
    bad.write_bytes(content(blank))
    good = fill(blank, tmp_path / "good.xlsx", {"ahpfw:CAP-0001": 4})
    result = ingest.ingest(consultation, fw, [bad, good])
    assert len(result.problems) == 1 and message in result.problems[0].message, [str(p) for p in result.problems]
    assert [p for p, _ in result.stored] == [good]


def test_files_over_the_size_limit_are_refused(setup, tmp_path, monkeypatch):
    consultation, fw, blank = setup
    filled = fill(blank, tmp_path / "big.xlsx", {"ahpfw:CAP-0001": 4})
    monkeypatch.setattr(workbooks, "MAX_FILE_BYTES", filled.stat().st_size - 1)
    result = ingest.ingest(consultation, fw, [filled])
    assert "larger than" in result.problems[0].message and not stored(consultation)


def test_forms_with_too_many_rows_are_refused_at_the_first_row_past_the_limit(setup, tmp_path):
    """The same limits as ``ahpfw apply`` (workbooks.Limits): the sheet's stated size, then its rows as read."""
    import openpyxl

    consultation, fw, blank = setup
    most = ingest.FORM_LIMITS.rows
    wb = openpyxl.load_workbook(blank)
    title = next(ws.title for ws in wb.worksheets if ws.title in form.SECTIONS)
    wb[title].cell(most + 1, 1, "ahpfw:CAP-0001")
    wb.save(tmp_path / "long.xlsx")
    text = render(build_form(fw, consultation), "csv").decode("utf-8-sig")
    lines = text.splitlines()
    (tmp_path / "long.csv").write_text("\n".join(lines + [lines[-1]] * (most + 10 - len(lines))) + "\n")
    result = ingest.ingest(consultation, fw, [tmp_path / "long.xlsx", tmp_path / "long.csv"])
    assert [str(p).split("!", 1)[1] for p in result.problems] == [
        f"{title}!A{most + 1}: the sheet has {most + 1:,} rows; at most {most:,} are accepted (a form has far fewer)",
        f"A{most + 1}: the sheet has more than {most:,} rows (a form has far fewer)"]
    assert not stored(consultation)


@pytest.mark.parametrize("data, where, message", [
    ("caf\u00e9 \u2013 na\u00efve\u2019s".encode("cp1252"), None, "caf\u00e9 \u2013 na\u00efve\u2019s"),
    ("a,b\n\u201cquoted\u201d,caf".encode() + b"\xe9\n", "2:13", "byte 0xE9 (at byte offset 20) is not UTF-8"),
    (b"\xef\xbb\xbfa,b\nab" + b"\xe9\n", "2:3", "byte-order mark"),
    ("a,\u00e9".encode("cp1252") + b"\x81\n", "1:4", "neither UTF-8 nor Windows-1252"),
])
def test_csv_text_is_utf8_or_windows_1252_throughout(data, where, message):
    if where is None:
        assert workbooks.csv_text(data) == message
        return
    with pytest.raises(workbooks.BadFile) as caught:
        workbooks.csv_text(data)
    assert caught.value.located("f.csv") == f"f.csv:{where}" and message in caught.value.message


def test_a_utf8_form_with_a_stray_byte_is_refused_at_that_byte(setup, tmp_path):
    consultation, fw, _ = setup
    data = render(build_form(fw, consultation), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.split(b"\r\n")
    lines[3] += b"\xe9"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\r\n".join(lines))
    result = ingest.ingest(consultation, fw, [bad])
    column, offset = len(lines[3][:-1].decode()) + 1, len(b"\r\n".join(lines[:4])) - 1
    assert [str(p) for p in result.problems] == [
        f"{bad}:4:{column}: byte 0xE9 (at byte offset {offset:,}) is not UTF-8, though the file is UTF-8 (it begins "
        "with a UTF-8 byte-order mark); correct that character, or save the file again as CSV UTF-8"]
    assert not stored(consultation)


def test_a_new_consultation_takes_an_id_never_used(tmp_path):
    """Not ahpfw:CONS-0001 again: the next after every consultation beside it, retired ones included."""
    root = tmp_path / "consultations"
    (root / "2024-draft").mkdir(parents=True)
    (root / "2024-draft" / "consultation.yaml").write_bytes(
        (REPO / "consultations" / "2024-draft" / "consultation.yaml").read_bytes())
    (root / "retired" / "2025-pilot").mkdir(parents=True)
    (root / "retired" / "2025-pilot" / "consultation.yaml").write_text(CONSULTATION.replace("CONS-0001", "CONS-0004"))
    result = cli("consult", "new", str(root / "2026-review"), str(MINIMAL))
    assert result.returncode == 0, result.stderr
    assert load_consultation(root / "2026-review").id == "ahpfw:CONS-0005"
    taken = cli("consult", "new", str(root / "2027-review"), str(MINIMAL), "--id", "ahpfw:CONS-0001")
    assert taken.returncode == 2 and "2024-draft" in taken.stderr and "ahpfw:CONS-0006" in taken.stderr
    assert not (root / "2027-review" / "consultation.yaml").exists()
    again = cli("consult", "new", str(root / "2026-review"), str(MINIMAL))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_duplicate_submissions_are_stored_once(setup, tmp_path):
    consultation, fw, blank = setup
    one = fill(blank, tmp_path / "one.xlsx", {"ahpfw:CAP-0001": 4})
    again = fill(blank, tmp_path / "again.xlsx", {"ahpfw:CAP-0001": 4})
    first = ingest.ingest(consultation, fw, [one])
    second = ingest.ingest(consultation, fw, [again])
    assert len(first.stored) == 1 and not second.stored
    assert second.duplicates == [(again, first.stored[0][1])]
    assert len(stored(consultation)) == 1


def test_csv_form_round_trip_and_bad_cell(setup, tmp_path):
    import csv

    consultation, fw, _ = setup
    text = render(build_form(fw, consultation), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["key"] == "ahpfw:CAP-0002":
            row["agreement"] = "2"
            row["comment"] = "Needs examples"
        if row["key"] == "region":
            row["answer"] = "London"

    def write(path: Path) -> Path:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=form.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
        return path

    good = write(tmp_path / "good.csv")
    result = ingest.ingest(consultation, fw, [good])
    assert not result.problems, [str(p) for p in result.problems]
    response = load_responses(consultation)[0]
    assert response.respondent == {"region": "london"}
    assert [(c.element, c.agreement, c.comment) for c in response.comments] == [("ahpfw:CAP-0002", 2, "Needs examples")]
    index = next(i for i, r in enumerate(rows) if r["key"] == "ahpfw:CAP-0002")
    rows[index]["agreement"] = "lots"
    result = ingest.ingest(consultation, fw, [write(tmp_path / "bad.csv")])
    column = "ABCDEFGHIJ"[form.CSV_COLUMNS.index("agreement")]
    assert [str(p).split("!", 1)[1] for p in result.problems] == [
        f"{column}{index + 2}: agreement must be a whole number from 1 to 5, not 'lots'"]


# ---------------------------------------------------------------------------
# Privacy and hostile text


def test_no_name_email_or_phone_reaches_any_report(setup, tmp_path):
    consultation, fw, _ = setup
    blank = tmp_path / "contact.xlsx"
    blank.write_bytes(render(build_form(fw, consultation, ask_contact=True), "xlsx"))

    def contact(wb):
        ws = wb[form.CONTACT]
        ws["C2"], ws["C3"], ws["C4"] = "Zebedee Quartermaine", "zebedee.q@example.org", "yes"

    files = [fill(blank, tmp_path / f"r{i}.xlsx", {"ahpfw:CAP-0001": 1 + i % 5},
                  {"ahpfw:CAP-0001": "Ring me on 07700 900123 or write to zq2@example.org <script>alert(1)</script>"},
                  {"profession": "Physiotherapists"}, edit=contact if i == 0 else None) for i in range(5)]
    result = ingest.ingest(consultation, fw, files)
    assert len(result.stored) == 5, [str(p) for p in result.problems]
    contacts = list((consultation.folder / "contacts").glob("RESP-*.yaml"))
    assert len(contacts) == 1 and "zebedee.q@example.org" in contacts[0].read_text()
    assert (consultation.folder / "contacts" / ".gitignore").read_text().strip().endswith("*")
    responses_text = "".join(p.read_text() for p in stored(consultation))
    assert "Zebedee" not in responses_text and "zebedee.q@" not in responses_text
    data = report.analyse(consultation, fw, load_responses(consultation))
    outputs = [report.render(data, fmt) for fmt in report.FORMATS]
    for out in outputs:
        for secret in ("Zebedee", "Quartermaine", "zebedee.q@example.org", "zq2@example.org", "07700 900123"):
            assert secret not in out
    html = outputs[1]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in outputs[0]


def test_small_groups_are_suppressed_with_secondary_suppression():
    assert report.suppress({"a": 10, "b": 7, "c": 2}) == ({"c", "b"}, 9)
    assert report.suppress({"a": 10, "b": 7}) == (set(), 0)
    assert report.suppress({"a": 3, "b": 4}) == ({"a", "b"}, 7)
    assert report.suppress({"a": 6, "b": 5, "c": 1, "d": 4}) == ({"c", "d"}, 5)


def test_report_breakdowns_hide_groups_under_five(setup, tmp_path):
    consultation, fw, blank = setup
    files = [fill(blank, tmp_path / f"r{i}.xlsx", {"ahpfw:CAP-0001": 1 + i % 5}, {"ahpfw:CAP-0002": f"r{i}"},
                  about={"profession": "Physiotherapists" if i < 6 else "Other"}) for i in range(8)]
    assert len(ingest.ingest(consultation, fw, files).stored) == 8
    data = report.analyse(consultation, fw, load_responses(consultation))
    profession = next(b for b in data["breakdowns"] if b["field"] == "profession")
    assert [g["label"] for g in profession["groups"]] == []  # 6 shown would reveal the 2 by subtraction
    assert (profession["suppressed_groups"], profession["suppressed_respondents"]) == (2, 8)


def test_a_report_on_one_response_words_its_counts_in_the_singular(tmp_path):
    folder = tmp_path / "c"
    assert cli("consult", "new", str(folder), str(MINIMAL), "--opens", "2024-01-01",
               "--closes", "2024-03-01").returncode == 0
    blank = tmp_path / "blank.xlsx"
    assert cli("consult", "template", str(folder), "--framework", str(MINIMAL), "--out", str(blank)).returncode == 0
    one = fill(blank, tmp_path / "one.xlsx", {"ahpfw:CAP-0001": 4}, about={"profession": "Physiotherapists"})
    assert cli("consult", "ingest", str(folder), str(one), "--framework", str(MINIMAL)).returncode == 0
    for fmt in ("md", "html"):
        result = cli("consult", "report", str(folder), "--framework", str(MINIMAL), "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "1 response on" in result.stdout, fmt
        assert not re.search(r"\b1 (responses|ratings|respondents|smaller groups)\b", result.stdout), fmt
        if fmt == "html":
            assert "from 1 rating<" in result.stdout  # the chart's tooltip


# ---------------------------------------------------------------------------
# Decisions: "you said, we did"


def _next_version(tmp_path: Path) -> Path:
    new = tmp_path / "new" / "framework"
    import shutil

    shutil.copytree(MINIMAL, new)
    manifest = new / "framework.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0", "version: 1.1.0"))
    domains = new / "domains.yaml"
    domains.write_text(domains.read_text().replace("Plans learning that meets each learner's needs.",
                                                   "Plans learning with each learner, around their needs."))
    return new


DECISIONS = """\
consultation: ahpfw:CONS-0001
response_to: 1.1.0
themes:
  - id: ahpfw:THEME-0001
    code: T1
    name: Planning learning should be done with learners
    description: Respondents said learners should plan their learning with their educator.
    elements: [ahpfw:CAP-0001]
  - id: ahpfw:THEME-0002
    code: T2
    name: Feedback
    description: A few wanted feedback split into two capabilities.
    elements: [ahpfw:CAP-0002]
decisions:
  - id: ahpfw:DEC-0001
    theme: ahpfw:THEME-0001
    outcome: changed
    changes:
      - {element: ahpfw:CAP-0001, kind: %s}
    reason: The statement now says learning is planned with the learner.
  - id: ahpfw:DEC-0002
    theme: ahpfw:THEME-0002
    outcome: no_change
    reason: Most respondents agreed with the capability as it is.
"""


def test_decisions_checked_against_the_diff_and_response_document(setup, tmp_path):
    consultation, fw, blank = setup
    new = _next_version(tmp_path)
    ingest.ingest(consultation, fw, [fill(blank, tmp_path / "r.xlsx", {"ahpfw:CAP-0001": 2},
                                          {"ahpfw:CAP-0001": "Plan <b>with</b> learners"})])
    decisions = consultation.folder / "decisions.yaml"
    decisions.write_text(DECISIONS % "modified")
    args = [str(consultation.folder), "--framework", str(MINIMAL), "--new-framework", str(new)]
    result = cli("consult", "check", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    result = cli("consult", "report", *args, "--response-to", "1.1.0", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    doc = json.loads(result.stdout)
    assert doc["from_version"] == "1.0.0" and doc["to_version"] == "1.1.0"
    t1 = doc["themes"][0]
    assert t1["elements"][0]["ratings"] == 1 and t1["elements"][0]["mean"] == 2
    assert t1["we_did"][0]["changes"] == [{"element": "ahpfw:CAP-0001", "label": "1.1 Planning learning",
                                           "kind": "modified", "summary": "changed: statement"}]
    assert doc["themes"][1]["we_did"][0]["outcome"] == "no_change"
    html = cli("consult", "report", *args, "--response-to", "1.1.0", "--format", "html").stdout
    assert "We did not change the framework." in html and "<b>with</b>" not in html

    decisions.write_text(DECISIONS % "retired")
    result = cli("consult", "check", *args)
    assert result.returncode == 1
    line = yaml.safe_load(DECISIONS % "retired") and (DECISIONS % "retired").splitlines().index(
        "      - {element: ahpfw:CAP-0001, kind: retired}") + 1
    assert f"decisions.yaml:{line}:" in result.stdout
    assert "has no 'retired' change to ahpfw:CAP-0001 (it has: modified)" in result.stdout


# ---------------------------------------------------------------------------
# The synthetic sample in consultations/2024-draft


def test_sample_consultation_is_synthetic_and_reports_cleanly():
    consultation = load_consultation(REPO / "consultations" / "2024-draft")
    assert consultation.synthetic
    files = sorted(consultation.responses_dir.glob("RESP-*.yaml"))
    assert len(files) == 90
    assert all("synthetic: true" in f.read_text(encoding="utf-8") for f in files)
    fw = consulted_framework(consultation)
    data = report.analyse(consultation, fw, load_responses(consultation))
    assert data["responses"] == 90 and data["consultation"]["synthetic"]
    time = next(p for p in data["respondents"] if p["field"] == "education_time")
    counts = {g["value"]: g["count"] for g in time["groups"]}
    with_time = counts["part_time"] + counts["full_time"]
    assert 0.55 < counts["part_time"] / with_time < 0.8  # shaped like the London survey: 65% part time
    assert "Synthetic sample data" in report.render(data, "md")
    again = report.analyse(consultation, fw, load_responses(consultation))
    assert report.render(again, "html") == report.render(data, "html")  # reruns are byte-identical


def test_elements_with_the_same_agreement_keep_the_form_order():
    """Ties (here: nothing rated yet) are listed as the form lists them, so P2 comes before P10."""
    consultation = load_consultation(REPO / "consultations" / "2024-draft")
    fw = consulted_framework(consultation)
    data = report.analyse(consultation, fw, [])
    assert [e["id"] for e in data["elements"]] == [e.id for e in form.rated_elements(fw)]


def _sections(text: str, fmt: str) -> list[str]:
    """Each title or section of a rendered document: from one h1/h2 heading to the next."""
    pattern = r"(?m)^#{1,2} " if fmt == "md" else r"<h[12]>"
    starts = [m.start() for m in re.finditer(pattern, text)]
    return [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_section_built_from_synthetic_responses_says_so(fmt):
    from ahpfw.consult import decisions

    consultation = load_consultation(REPO / "consultations" / "2024-draft")
    fw = consulted_framework(consultation)
    responses = load_responses(consultation)
    log = decisions.load_decisions(consultation)
    documents = [report.render(report.analyse(consultation, fw, responses), fmt),
                 decisions.render(decisions.response_document(consultation, log, fw,
                                                              decisions.framework_version(log.response_to),
                                                              responses), fmt)]
    note = report.SYNTHETIC_NOTE if fmt == "md" else report.esc(report.SYNTHETIC_NOTE)
    for text in documents:
        sections = _sections(text, fmt)
        assert len(sections) >= 5
        unmarked = [section.splitlines()[0] for section in sections if note not in section]
        assert unmarked == []
        if fmt == "html":
            assert "(synthetic sample data)</title>" in text


def test_real_consultations_carry_no_synthetic_note():
    assert report.mark_synthetic_md("# Title\n\n## A\n", False) == "# Title\n\n## A\n"
    marked = report.mark_synthetic_md("# Title\n\n## A\ntext\n### sub\n", True)
    assert marked.count(report.SYNTHETIC_NOTE) == 2  # the title and the section, not the sub-heading
    assert report.SYNTHETIC_NOTE not in report.html_page("T", ["<h2>A</h2>"])


def test_sample_decisions_match_the_diff_to_0_2_0():
    from ahpfw.consult import decisions

    consultation = load_consultation(REPO / "consultations" / "2024-draft")
    fw = consulted_framework(consultation)
    log = decisions.load_decisions(consultation)
    new = decisions.framework_version(log.response_to)
    assert decisions.check(consultation, log, fw, new) == []
    doc = decisions.response_document(consultation, log, fw, new, load_responses(consultation))
    assert [t["code"] for t in doc["themes"]] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert doc["responses"] == 90 and doc["to_version"] == "0.2.0"
    assert all(t["we_did"] for t in doc["themes"])
