"""Reading spreadsheets that came from outside (returned forms, edited workbooks) safely.

Untrusted input is read defensively: a size limit per file; the zip directory
of an XLSX is checked (entry count, uncompressed size, compression ratio) before
anything is unpacked; encrypted (OLE) workbooks are recognised and refused;
openpyxl parses XML through defusedxml; formulas are never evaluated (openpyxl
reads a formula as its text, so callers can refuse it). ``ahpfw consult ingest``
and ``ahpfw apply`` both read files through here. openpyxl and defusedxml are
imported only when an XLSX is read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from .problems import Error

MAX_FILE_BYTES = 10 * 2**20
MAX_UNCOMPRESSED_BYTES = 20 * 2**20
MAX_ZIP_ENTRIES = 1000
MAX_COMPRESSION_RATIO = 200

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

#: Control characters no text cell should hold (tab, line feed and carriage return are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadFile(Error):
    """A file cannot be read as the spreadsheet expected; ``where`` names the cell, when known."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.message = message
        self.where = where


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


def open_workbook(data: bytes, max_uncompressed: int | None = None) -> Any:
    """An openpyxl workbook read from bytes checked by :func:`check_zip` first, formulas kept as text."""
    check_zip(data, max_uncompressed)
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
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged or hostile input
        from defusedxml import DefusedXmlException

        cause: BaseException | None = exc
        while cause is not None:  # openpyxl wraps parser errors in a ValueError
            if isinstance(cause, DefusedXmlException):
                raise BadFile("the workbook's XML declares entities or a DTD: refused as unsafe") from None
            cause = cause.__cause__ or cause.__context__
        raise BadFile(f"cannot read the workbook ({type(exc).__name__}); it may be damaged") from None


def is_formula(cell: Any) -> bool:
    """True when an openpyxl cell holds a formula (never evaluated: refused by the readers)."""
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def csv_table(data: bytes) -> list[list[str]]:
    """The rows of a CSV file (UTF-8 with or without a byte-order mark, else Windows-1252)."""
    import csv

    if b"\x00" in data:
        raise BadFile("file contains NUL bytes: it is not a CSV text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what spreadsheet programs often save CSV as
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BadFile(f"not a readable CSV file: {exc}") from None


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    from string import ascii_uppercase

    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = ascii_uppercase[rem] + letters
    return letters
