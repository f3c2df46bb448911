"""Text in the tables ahpfw writes: the one policy against formula injection.

A spreadsheet program opening an XLSX, CSV or TSV file runs a cell that starts
with ``=``, ``+``, ``-`` or ``@`` as a formula (and some take a leading tab or
carriage return the same way): a name such as ``=HYPERLINK("http://...")``
becomes a live link, or worse. So every text cell of every table ahpfw writes
goes through :func:`neutralise`, which puts an apostrophe in front of such text
(``'=HYPERLINK(...)``), the usual defence (OWASP "CSV injection"); spreadsheet
programs show the text as typed. The tables: the spreadsheet export (XLSX and
one CSV per sheet), the SSSOM TSV crosswalks, the Moodle CSV and DLS workbooks,
and the consultation response forms (XLSX and CSV); the site's development-plan page writes its CSV with the
same rule in ``site/static/plan.js`` (a test keeps the two alike). Identifiers
(``ahpfw:CAP-0007``) and numbers never start so, and are never changed.

:func:`restore` takes the apostrophe off again where ahpfw reads such a table
back (``ahpfw apply``). A consumer that needs a label exactly as written reads
it from the JSON or RDF export, by id.
"""

from __future__ import annotations

from typing import Any

#: The first characters that make a spreadsheet program take a cell for a formula.
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell's value safe from formula injection: text starting with one of :data:`DANGEROUS_START` gets a
    leading apostrophe; None becomes ``""``; anything else (a number) is returned as it is."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text a neutralised cell stands for: without the apostrophe :func:`neutralise` put in front."""
    if text.startswith("'") and text[1:].startswith(DANGEROUS_START):
        return text[1:]
    return text
