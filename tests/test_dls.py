"""The DLS workbooks read as Digital Learning Solutions reads them.

``read_like_dls`` applies the reading rules of DLS's framework bulk upload, written from its
source in TechnologyEnhancedLearning/DLSV2 at aca1766ef8c6f6ddfe7dde7921f1dad422c4f6f5
(the code has changed over time; this is the revision read):

* ``DigitalLearningSolutions.Web/ViewModels/Frameworks/Import/ImportCompetenciesFormData.cs``: the
  file's extension is ``.xlsx`` and it is at most 5 MB.
* ``DigitalLearningSolutions.Web/Controllers/FrameworksController/ImportCompetencies.cs``
  (``StartImport``): the workbook has a worksheet named ``FrameworkBulkUpload``.
* ``DigitalLearningSolutions.Web/Services/ImportCompetenciesFromFileService.cs``
  (``OpenCompetenciesTable``, ``ValidateHeaders``): the first worksheet holds at least one table;
  the first table's field names, sorted, equal ``ID``, ``{Vocabulary}Group``, ``GroupDescription``,
  ``{Vocabulary}``, ``{Vocabulary}Description``, ``AlwaysShowDescription``, ``FlagsCSV``, sorted
  (exact, case-sensitive); rows are the table's rows after its header; flags are split at commas,
  trimmed and matched without regard to case.
* ``DigitalLearningSolutions.Data/Models/Frameworks/Import/CompetencyTableRow.cs``: the ID is the
  row's first cell read as ``int?`` (empty: a new capability), then group, group description,
  name and description from cells 2 to 5 by position; ``AlwaysShowDescription`` and ``FlagsCSV``
  found by their header, compared in lower case; ``Validate``: a name is required, a group name
  at most 255 and a name at most 500 characters (.NET ``string.Length``, UTF-16 code units), and
  ``AlwaysShowDescription`` empty or what ``bool.TryParse`` accepts.
* ``DigitalLearningSolutions.Data.Migrations/202206061100_AddCompetencyFlagTables.cs``: a flag's
  name is at most 30 characters (``Flags.FlagName``, ``AsString(30)``).
"""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import ahpfw
from ahpfw.exporters import dls
from ahpfw.exporters.platform_text import ELLIPSIS, utf16_length
from ahpfw.history.releaseindex import load_release

from .conftest import MINIMAL, REPO, copy_framework, require_tool, run_cli

VOCABULARY = "Capability"


def dls_bool(value: object) -> bool | None:
    """.NET ``bool.TryParse`` of the cell's text (a boolean cell reads as TRUE or FALSE); None if it fails."""
    text = ("TRUE" if value else "FALSE") if isinstance(value, bool) else str(value).strip()
    return {"true": True, "false": False}.get(text.lower())


def read_like_dls(path: Path, vocabulary: str = VOCABULARY) -> list[dict]:
    """The rows DLS would import from ``path``, each checked as ``CompetencyTableRow.Validate`` checks it."""
    from openpyxl import load_workbook

    assert path.suffix == ".xlsx" and path.stat().st_size <= 5 * 1024 * 1024
    wb = load_workbook(path)
    assert "FrameworkBulkUpload" in wb.sheetnames, "DLS refuses a workbook without its sheet"
    ws = wb.worksheets[0]
    assert ws.tables, "InvalidHeadersException: the first worksheet has no table"
    table = list(ws.tables.values())[0]
    fields = [column.name for column in table.tableColumns]
    expected = ["ID", f"{vocabulary}Group", "GroupDescription", vocabulary, f"{vocabulary}Description",
                "AlwaysShowDescription", "FlagsCSV"]
    assert sorted(fields) == sorted(expected), "InvalidHeadersException: the headers are not DLS's"
    cells = [[cell.value for cell in row] for row in ws[table.ref]]
    assert [str(value) for value in cells[0]] == fields, "each table field is named by its header cell"
    by_name = {name.lower(): n for n, name in enumerate(fields)}
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        record = {"row": number, "ID": row[0], "group": row[1], "group_description": row[2], "name": row[3],
                  "description": row[4], "always_show": row[by_name["alwaysshowdescription"]],
                  "flags": row[by_name["flagscsv"]]}
        assert record["ID"] is None or isinstance(record["ID"], int), f"row {number}: the ID is not a number"
        assert record["name"], f"row {number}: MissingCompetencyName"
        assert record["group"] is None or utf16_length(record["group"]) <= 255, f"row {number}: TooLongGroupName"
        assert utf16_length(record["name"]) <= 500, f"row {number}: TooLongCompetencyName"
        raw = record["always_show"]
        assert raw is None or str(raw).strip() == "" or dls_bool(raw) is not None, \
            f"row {number}: InvalidAlwaysShowDescription"
        record["flag_names"] = [f.strip() for f in (record["flags"] or "").split(",") if f.strip()]
        assert all(len(f) <= 30 for f in record["flag_names"]), f"row {number}: a flag name over 30 characters"
        rows.append(record)
    return rows


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)

    def handle_data(self, data):
        self.text.append(data)


def markup(description: str) -> tuple[set[str], str]:
    parser = _Tags()
    parser.feed(description)
    return parser.tags, "".join(parser.text)


# ---------------------------------------------------------------------------
# The shipped framework's workbooks


EXPORTS = REPO / "exports" / "dls"


@pytest.fixture(scope="module")
def shipped() -> ahpfw.Framework:
    return ahpfw.load(REPO / "framework")


def test_one_workbook_for_the_framework_and_one_per_stage(shipped):
    names = sorted(p.name for p in EXPORTS.iterdir())
    assert names == ["framework.xlsx", "stage-0001.xlsx", "stage-0002.xlsx", "stage-0003.xlsx", "stage-0004.xlsx"]


def test_the_whole_framework_workbook_has_every_active_capability_in_its_domains_group(shipped):
    rows = read_like_dls(EXPORTS / "framework.xlsx")
    active = [(d, c) for d in shipped.domains for c in d.capabilities if c.status == "active"]
    assert [r["name"] for r in rows] == [c.label for _, c in active]
    assert [r["group"] for r in rows] == [d.label for d, _ in active]
    assert all(r["ID"] is None for r in rows), "every row adds a capability"
    assert all(dls_bool(r["always_show"]) is False for r in rows)
    first = rows[0]
    tags, text = markup(first["description"])
    assert tags <= {"p", "br", "small"}
    assert "S2 Practice educator: Plans placements" in text and "Identifier: ahpfw:CAP-0001" in text
    assert first["flag_names"] == ["Education", "Practice (clinical)"], "the domain's pillars"


def test_a_stage_workbook_describes_each_capability_at_that_stage(shipped):
    rows = read_like_dls(EXPORTS / "stage-0002.xlsx")
    stage = shipped.elements["ahpfw:STAGE-0002"]
    cap = shipped.capabilities["ahpfw:CAP-0001"]
    assert rows[0]["name"] == cap.label
    tags, text = markup(rows[0]["description"])
    assert text.startswith(cap.descriptor(stage.id).text)
    assert "Identifier: ahpfw:CAP-0001/ahpfw:STAGE-0002" in text
    assert all(dls_bool(r["always_show"]) is True for r in rows)
    assert all(r["flag_names"][0] == stage.name for r in rows)
    assert len(rows) == sum(c.status == "active" for c in shipped.capabilities.values())


def test_flags_are_few_and_distinct_without_regard_to_case():
    flags = {f.lower() for path in EXPORTS.iterdir() for r in read_like_dls(path) for f in r["flag_names"]}
    assert flags == {"education", "practice (clinical)", "leadership", "research", "supporting learning",
                     "practice educator", "education lead", "expert practice in education"}


# ---------------------------------------------------------------------------
# Hostile text, limits, determinism


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = copy_framework(MINIMAL, tmp_path_factory.mktemp("dls") / "framework")
    path = folder / "domains.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    domain = data["domains"][0]
    del domain["code"]
    domain["name"] = "=SUM(A1:A2) " + "group " * 60
    domain["pillars"] = ["ahpfw:PIL-0001"]
    first, second = domain["capabilities"][:2]
    del first["code"]
    first["name"] = '=HYPERLINK("http://evil.example","click") ünïcödé 😀'
    first["statement"] = "<script>alert('x')</script> & \"quoted\"\nnext line"
    second["name"] = "😀" * 300  # 600 UTF-16 code units
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    elements = folder / "elements.yaml"
    data = yaml.safe_load(elements.read_text(encoding="utf-8"))
    data["career_stages"][0]["name"] = "Supporting, learning, with commas and far too many words"
    data["pillars"][0]["name"] = "@pillar"
    elements.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    out = tmp_path_factory.mktemp("dls-out")
    ahpfw.export(ahpfw.load(folder), "dls", out)
    return out / "dls"


def test_hostile_text_stays_text_and_within_dls_limits(hostile):
    whole = read_like_dls(hostile / "framework.xlsx")
    first, second = whole[0], whole[1]
    assert first["name"] == "'" + '=HYPERLINK("http://evil.example","click") ünïcödé 😀'
    assert first["group"].startswith("'=SUM(A1:A2) group") and first["group"].endswith(ELLIPSIS)
    assert utf16_length(first["group"]) <= 255
    tags, text = markup(first["description"])
    assert "script" not in tags
    assert "<script>alert('x')</script> & \"quoted\"" in text
    assert utf16_length(second["name"]) <= 500 and second["name"].endswith(ELLIPSIS)
    assert first["flag_names"] == ["'@pillar"]
    stage = read_like_dls(hostile / "stage-0001.xlsx")
    assert stage[0]["flag_names"][0] == "Supporting; learning; with…", "no comma, at most 30 characters"


def test_workbooks_are_byte_identical_each_time_and_in_the_build(tmp_path, shipped):
    a = ahpfw.export(shipped, "dls", tmp_path / "a")
    b = ahpfw.export(shipped, "dls", tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b] == \
        [(EXPORTS / p.name).read_bytes() for p in a]
    readme = (REPO / "exports" / "README.md").read_text(encoding="utf-8")
    assert "dls/framework.xlsx" in readme and "dls/stage-*.xlsx" in readme


def test_every_row_is_written_as_openpyxl_would_write_it(shipped, monkeypatch):
    """The rows after the first are written as text (the speed path); openpyxl writing every row gives the same."""
    from ahpfw.exporters.spreadsheet import _rezip, _stamp

    book = dls.workbooks(shipped)[1]
    fast = dls.xlsx_bytes(shipped, book)
    monkeypatch.setattr(dls, "stable_workbook", lambda fw, write, rows: _rezip(write(True), _stamp(fw), {}))
    assert dls.xlsx_bytes(shipped, book) == fast


def test_libreoffice_opens_a_workbook(tmp_path):
    import subprocess

    soffice = require_tool("soffice", "libreoffice", install="Debian: apt-get install libreoffice-calc-nogui")
    result = subprocess.run([soffice, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                             "--outdir", str(tmp_path),
                             str(EXPORTS / "stage-0001.xlsx")], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "stage-0001.csv", encoding="utf-8", newline="") as fh:
        cells = list(csv.reader(fh))
    assert tuple(cells[0]) == dls.HEADERS
    assert [row[3] for row in cells[1:]] == [r["name"] for r in read_like_dls(EXPORTS / "stage-0001.xlsx")]


def test_releases_keep_identifiers_so_rows_can_be_matched():
    old, new = (dls.workbooks(load_release(v, REPO / "releases"))[0] for v in ("0.2.0", "0.3.0"))

    def identifiers(book):
        return {markup(r.description)[1].rsplit("Identifier: ", 1)[1]: r.name for r in book.rows}

    before, after = identifiers(old), identifiers(new)
    assert len(set(before) & set(after)) > 30
    assert set(before) - set(after), "capabilities retired in 0.3.0 have no row in its workbook"


def _downloaded_from_dls(fw: ahpfw.Framework, path: Path, first_id: int = 101) -> dict[str, int]:
    """A workbook as DLS's "Download capabilities" gives it for a framework imported from ``fw``'s
    framework.xlsx: the same table, each row with the integer ID DLS gave it."""
    book = dls.workbooks(fw)[0]
    ids = {row.key: n for n, row in enumerate(book.rows, start=first_id)}
    path.write_bytes(dls.xlsx_bytes(fw, dls.workbooks(fw, ids)[0]))
    return ids


def test_a_new_release_keeps_the_ids_dls_gave_the_last_one(tmp_path):
    old = load_release("0.2.0", REPO / "releases")
    downloaded = tmp_path / "DLS Capabilities for Bulk Update.xlsx"
    given = _downloaded_from_dls(old, downloaded)
    assert dls.dls_ids(downloaded) == given
    result = run_cli("export", "dls", str(REPO / "framework"), "--out", str(tmp_path / "new"),
                     "--ids-from", str(downloaded))
    assert result.returncode == 0, result.stderr
    rows = read_like_dls(tmp_path / "new" / "dls" / "framework.xlsx")
    new = ahpfw.load(REPO / "framework")
    for row in rows:
        key = markup(row["description"])[1].rsplit("Identifier: ", 1)[1]
        assert row["ID"] == given.get(key), key
    kept = [r for r in rows if r["ID"] is not None]
    assert len(kept) > 30 and len(kept) < len(rows), "0.3.0's new capabilities are added, the others updated"
    assert not any(r["ID"] for r in read_like_dls(tmp_path / "new" / "dls" / "stage-0001.xlsx")), \
        "a stage's rows have identifiers of their own"
    retired = {key for key in given if new.elements[key].status != "active"}
    assert retired and not retired & {markup(r["description"])[1].rsplit("Identifier: ", 1)[1] for r in rows}


def test_ids_from_a_file_dls_would_not_write_is_refused_naming_the_cell(tmp_path):
    from openpyxl import load_workbook

    fw = ahpfw.load(MINIMAL)
    downloaded = tmp_path / "dls.xlsx"
    _downloaded_from_dls(fw, downloaded)
    wb = load_workbook(downloaded)
    wb.worksheets[0]["A3"] = "twelve"
    wb.save(downloaded)
    out = tmp_path / "out"
    result = run_cli("export", "dls", str(MINIMAL), "--out", str(out), "--ids-from", str(downloaded))
    assert result.returncode == 2 and "dls.xlsx!FrameworkBulkUpload!A3" in result.stderr and not out.exists()
    text = tmp_path / "notes.txt"
    text.write_text("not a workbook", encoding="utf-8")
    result = run_cli("export", "dls", str(MINIMAL), "--out", str(out), "--ids-from", str(text))
    assert result.returncode == 2 and result.stderr.startswith("error:") and not out.exists()
    into_exports = run_cli("export", "dls", str(MINIMAL), "--ids-from", str(downloaded), cwd=tmp_path)
    assert into_exports.returncode == 2 and "--out" in into_exports.stderr


def test_a_stage_no_capability_describes_has_no_workbook(tmp_path):
    folder = copy_framework(MINIMAL, tmp_path / "framework")
    path = folder / "domains.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for domain in data["domains"]:
        for cap in domain["capabilities"]:
            cap["descriptors"] = [d for d in cap["descriptors"] if d["stage"] != "ahpfw:STAGE-0002"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    written = ahpfw.export(ahpfw.load(folder), "dls", tmp_path / "out")
    assert [p.name for p in written] == ["framework.xlsx", "stage-0001.xlsx"]
    assert all(read_like_dls(p) for p in written)
