"""Reading spreadsheets that came from outside (returned forms, edited workbooks) safely.

Untrusted input is read defensively: a size limit per file; the zip directory
of an XLSX is checked (entry count, uncompressed size, compression ratio) before
anything is unpacked; encrypted (OLE) workbooks are recognised and refused;
openpyxl parses XML through defusedxml; formulas are never evaluated (openpyxl
reads a formula as its text, so callers can refuse it). ``ahpfw consult ingest``
and ``ahpfw apply`` both read files through here. openpyxl and defusedxml are
imported only when an XLSX is read.

Size is limited beyond bytes: :class:`Limits` caps the rows and cells of a sheet
(or a CSV file). A sheet is refused from its stated size (the workbook's
``<dimension>``) before a row is read, and again while its rows stream past, so a
workbook whose stated size is wrong cannot slip through; a workbook with more
XML elements than its rows and cells may need is refused before openpyxl parses them
(it reads every shared string on opening, and a row whole).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..plurals import count
from ..problems import Error

MAX_FILE_BYTES = 10 * 2**20
MAX_UNCOMPRESSED_BYTES = 20 * 2**20
MAX_ZIP_ENTRIES = 1000
MAX_COMPRESSION_RATIO = 200

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

#: Control characters no text cell should hold (tab, line feed and carriage return are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadFile(Error):
    """A file cannot be read as the spreadsheet expected; ``where`` names the cell (``Sheet!C12``), or for a
    byte of a text file its ``line:column`` (``sep`` is then ``:``), when known."""

    def __init__(self, message: str, where: str = "", sep: str = "!"):
        super().__init__(message)
        self.message = message
        self.where = where
        self.sep = sep

    def located(self, file: str) -> str:
        """``file!Sheet!C12``, ``file:3:17`` or ``file``: where in ``file`` the problem is."""
        return f"{file}{self.sep}{self.where}" if self.where else file


@dataclass(frozen=True)
class Limits:
    """The most rows and cells one sheet (or CSV file) may hold; ``reason`` says why, in a refusal.

    Cells are counted as the rows hold them (up to each row's last cell), so a
    wide sheet meets the limit as soon as a long one does.
    """

    rows: int
    cells: int
    reason: str

    def check_size(self, rows: int | None, columns: int | None, sheet: str = "") -> None:
        """Refuse (:class:`BadFile`) a sheet whose stated size is past the limits, before a row is read.

        ``rows`` and ``columns`` are the size the file states (None when it states
        none); ``sheet`` is the sheet's title for the cell named (none for a CSV file).
        """
        prefix = f"{sheet}!" if sheet else ""
        if rows and rows > self.rows:
            raise BadFile(f"the sheet has {rows:,} rows; at most {self.rows:,} are accepted ({self.reason})",
                          f"{prefix}A{self.rows + 1}")
        if rows and columns and rows * columns > self.cells:
            raise BadFile(f"the sheet spans {rows:,} rows by {columns:,} columns, {rows * columns:,} cells; at most "
                          f"{self.cells:,} are accepted ({self.reason})", f"{prefix}{column_letter(columns - 1)}{rows}")

    def stream(self, rows: Iterable[Sequence[Any]], sheet: str = "") -> Iterator[Sequence[Any]]:
        """The rows, refusing (:class:`BadFile`) at the first one past the limits, before reading further."""
        prefix = f"{sheet}!" if sheet else ""
        cells = 0
        for number, row in enumerate(rows, start=1):
            if number > self.rows:
                raise BadFile(f"the sheet has more than {self.rows:,} rows ({self.reason})", f"{prefix}A{number}")
            cells += len(row)
            if cells > self.cells:
                raise BadFile(f"the sheet has more than {self.cells:,} cells ({self.reason})",
                              f"{prefix}A{number}")
            yield row


def read_spreadsheet(path: Path, what: str, max_bytes: int | None = None) -> tuple[str, bytes]:
    """The kind (``xlsx`` or ``csv``) and bytes of a file, refusing what cannot be read safely.

    ``what`` names the expected file in messages ("a response form"); ``max_bytes``
    is the largest file accepted (:data:`MAX_FILE_BYTES` by default).
    """
    max_bytes = max_bytes or MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadFile(f"cannot read file: {exc.strerror or exc}") from None
    if not path.is_file():
        raise BadFile("not a file")
    if size > max_bytes:
        raise BadFile(f"file is larger than {max_bytes // 2**20} MiB; {what} is far smaller")
    data = path.read_bytes()
    if data.startswith(_OLE_MAGIC):
        raise BadFile("this is a password-protected (encrypted) workbook or an old .xls file; "
                      "save it as an unprotected .xlsx and send it again")
    if data.startswith(_ZIP_MAGIC):
        return "xlsx", data
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise BadFile("not a valid XLSX file (it is not a zip archive); it may be damaged")
    if path.suffix.lower() == ".csv":
        return "csv", data
    raise BadFile(f"unknown kind of file: expected {what} as XLSX or CSV")


def check_zip(data: bytes, max_uncompressed: int | None = None) -> None:
    """Refuse an XLSX whose zip directory looks damaged, encrypted or like a zip bomb (unpacking to more
    than ``max_uncompressed`` bytes, :data:`MAX_UNCOMPRESSED_BYTES` by default)."""
    import zipfile

    max_uncompressed = max_uncompressed or MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BadFile("not a valid XLSX file (damaged zip archive)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise BadFile(f"the workbook holds {len(infos)} parts; more than {MAX_ZIP_ENTRIES} is refused")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise BadFile("the workbook is encrypted; save it without a password")
            total += info.file_size
            if info.file_size > 2**20 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
                raise BadFile(f"part {info.filename} expands {info.file_size // max(info.compress_size, 1)} times: "
                              "refused as a possible zip bomb")
        if total > max_uncompressed:
            raise BadFile(f"the workbook unpacks to {total // 2**20} MiB, more than "
                          f"{max_uncompressed // 2**20} MiB: refused as a possible zip bomb")
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            raise BadFile("not an XLSX workbook (no xl/workbook.xml inside)")


def open_workbook(data: bytes, max_uncompressed: int | None = None, *, read_only: bool = False,
                  max_elements: int | None = None) -> Any:
    """An openpyxl workbook read from bytes checked by :func:`check_zip` first, formulas kept as text.

    ``read_only`` streams the sheets (read them through :func:`sheet_rows`);
    ``max_elements`` refuses a workbook whose sheets and shared strings hold more XML
    elements than that, before openpyxl parses any (see :func:`_check_elements`).
    """
    check_zip(data, max_uncompressed)
    if max_elements is not None:
        _check_elements(data, max_elements)
    try:
        import defusedxml  # noqa: F401  (openpyxl parses through defusedxml when it is installed)
        import openpyxl
        import openpyxl.xml
    except ImportError:
        raise BadFile("reading XLSX needs openpyxl and defusedxml: pip install 'ahpfw[consult]'") from None
    if not openpyxl.xml.DEFUSEDXML:
        raise BadFile("openpyxl is not using defusedxml (OPENPYXL_DEFUSEDXML is off); refusing to read "
                      "an untrusted workbook")
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only, data_only=False, keep_links=False,
                                      keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged or hostile input
        raise _unreadable(exc) from None


def _unreadable(exc: Exception) -> BadFile:
    """What to say of an error openpyxl raised reading a workbook."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:  # openpyxl wraps parser errors in a ValueError
        if isinstance(cause, DefusedXmlException):
            return BadFile("the workbook's XML declares entities or a DTD: refused as unsafe")
        cause = cause.__cause__ or cause.__context__
    return BadFile(f"cannot read the workbook ({type(exc).__name__}); it may be damaged")


def sheet_rows(ws: Any, limits: Limits) -> Iterator[Sequence[Any]]:
    """The rows of a worksheet opened read-only, from row 1, within ``limits``.

    The sheet's stated size is checked first; then it is read as it is, whatever it
    states (a stated size smaller than the data would otherwise cut rows off), each
    row as long as its last cell. Raises :class:`BadFile` naming the cell past the
    limits, or when the sheet's XML cannot be read.
    """
    limits.check_size(ws.max_row, ws.max_column, ws.title)
    ws.reset_dimensions()
    rows = limits.stream(ws.iter_rows(min_row=1), ws.title)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except BadFile:
            raise
        except Exception as exc:  # the sheet's XML is parsed as it streams
            raise _unreadable(exc) from None
        yield row


def _check_elements(data: bytes, most: int) -> None:
    """Refuse a workbook whose sheets and shared strings hold more than ``most`` XML elements, counted (as
    ``<``) in their bytes as they unpack: openpyxl parses every shared string when it opens a workbook, and
    a sheet's row whole, before any row or cell can be counted."""
    import zipfile

    found = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename.lower()
            if not (name.startswith("xl/worksheets/") or name.endswith("sharedstrings.xml")):
                continue
            with archive.open(info) as part:
                while chunk := part.read(2**20):
                    found += chunk.count(b"<")
                    if found > most:
                        raise BadFile(f"the workbook's sheets hold more than {most:,} XML elements, far more than "
                                      "its allowed rows and cells could need; delete the rows and columns past "
                                      "your data")


def is_formula(cell: Any) -> bool:
    """True when an openpyxl cell holds a formula (never evaluated: refused by the readers)."""
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def csv_table(data: bytes, limits: Limits | None = None) -> list[list[str]]:
    """The rows of a CSV file (read by :func:`csv_text`), within ``limits``."""
    import csv

    if b"\x00" in data:
        raise BadFile("file contains NUL bytes: it is not a CSV text file")
    text = csv_text(data)
    rows: Iterable[list[str]] = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(rows if limits is None else limits.stream(rows))  # type: ignore[arg-type]
    except csv.Error as exc:
        raise BadFile(f"not a readable CSV file: {exc}") from None


_UTF8_BOM = b"\xef\xbb\xbf"
#: one well-formed UTF-8 sequence of two to four bytes (RFC 3629)
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                            rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def csv_text(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte-order mark), or Windows-1252 throughout (as
    spreadsheet programs often save CSV).

    A file that is UTF-8 but for a few bytes (it has a UTF-8 byte-order mark, or
    more well-formed UTF-8 sequences than stray bytes) is not read as Windows-1252,
    which would turn each of its accented letters and curly quotes into two or three
    wrong characters (and its byte-order mark into a bogus first column name):
    :class:`BadFile` names the first bad byte by line and column. So does a byte that
    Windows-1252 leaves undefined.
    """
    bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM):] if bom else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start + (len(_UTF8_BOM) if bom else 0)
    sequences = _UTF8_SEQUENCE.findall(body)
    stray = len(_HIGH_BYTE.findall(body)) - sum(len(s) for s in sequences)
    if bom or len(sequences) > stray:
        why = ("it begins with a UTF-8 byte-order mark" if bom else
               f"it holds {count(len(sequences), 'UTF-8 character')}")
        raise _bad_byte(data, bad, f"is not UTF-8, though the file is UTF-8 ({why}); correct that character, or "
                                   "save the file again as CSV UTF-8") from None
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _bad_byte(data, exc.start, "is neither UTF-8 nor Windows-1252 text; save the file again as "
                                         "CSV UTF-8") from None


def _bad_byte(data: bytes, offset: int, what: str) -> BadFile:
    """A refusal naming the byte at ``offset`` of a text file by its line and column (in characters)."""
    start = data.rfind(b"\n", 0, offset) + 1
    before = data[max(start, len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0):offset]
    line, column = data.count(b"\n", 0, offset) + 1, len(before.decode("utf-8", errors="replace")) + 1
    return BadFile(f"byte 0x{data[offset]:02X} (at byte offset {offset:,}) {what}", f"{line}:{column}", ":")


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    from string import ascii_uppercase

    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = ascii_uppercase[rem] + letters
    return letters
