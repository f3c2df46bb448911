"""Evidence: archived source texts, quote matching and the numbers an element's text states.

A source's ``archive`` names a text file under the framework folder
(``sources/london-survey.txt``): a short header of ``Key: value`` lines
(``Title``, ``URL``, ``Publisher``, ``Licence``, ``Archived``...), a blank line,
then the source's text word for word (personal email addresses removed).
Evidence quotes are checked against that body after :func:`normalise`, which
folds white space and typographic quotes and apostrophes and nothing else.

The rules AHP040-AHP047 (``ahpfw.rules``) and the crosswalk checks use these
helpers; docs/authors.md explains provenance to authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from .model import Capability, Element, Evidence, Framework, LevelDescriptor, Located, Mapping, Source
from .problems import Error

#: Typographic quotes and apostrophes and the plain character each is read as.
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` with every run of white space made one space (and none at the ends), and typographic
    quotes and apostrophes made plain. Nothing else changes: case, spelling and punctuation count."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


# ---------------------------------------------------------------------------
# Archived texts


@dataclass(frozen=True)
class ArchivedText:
    """An archived source text: its header fields and its body (what quotes are checked against)."""

    path: Path
    header: dict[str, str]
    body: str

    @property
    def searchable(self) -> str:
        """The body, normalised (see :func:`normalise`)."""
        return _normalised_body(self.path, self.body)


class ArchiveError(Error):
    """An archived text cannot be used: missing, unreadable, outside the framework or without a header."""


def archive_path(framework_root: str | Path, archive: str) -> Path:
    """Where a source's ``archive`` file is. Raises :class:`ArchiveError` when it leaves the framework folder."""
    relative = PurePosixPath(archive)
    if relative.is_absolute() or ".." in relative.parts or "\\" in archive or not archive.strip():
        raise ArchiveError(f"archive {archive!r} must be a path inside the framework folder, "
                           "such as sources/name.txt")
    return Path(framework_root, *relative.parts)


def read_archive(path: Path) -> ArchivedText:
    """Read an archived text. Raises :class:`ArchiveError` when it cannot be used."""
    try:
        stat = path.stat()
    except OSError:
        raise ArchiveError(f"the archived text {path.name} does not exist") from None
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@cache
def _read(path: str, _mtime: int, _size: int) -> ArchivedText:  # cached per file and version of it
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"the archived text {Path(path).name} cannot be read: {exc}") from None
    head, sep, body = text.partition("\n\n")
    header: dict[str, str] = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if not colon or not key.strip() or " " in key.strip():
            header = {}
            break
        header[key.strip()] = value.strip()
    if not sep or not header:
        raise ArchiveError(f"the archived text {Path(path).name} does not start with a header ('Title: ...' "
                           "lines, then a blank line)")
    return ArchivedText(Path(path), header, body)


@cache
def _normalised_body(_path: Path, body: str) -> str:
    return normalise(body)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` as (start, end) positions in ``text`` itself, matching as the
    rules do (after :func:`normalise`), or None when it is not there. The site marks the words with it."""
    wanted = normalise(quote)
    if not wanted:
        return None
    flat: list[str] = []
    starts: list[int] = []  # where each character of the normalised text starts in ``text``
    space = False
    for i, ch in enumerate(text.translate(_QUOTES)):  # one character for one: positions stay
        if ch.isspace():
            space = bool(flat)
            continue
        if space:
            flat.append(" ")
            starts.append(i - 1)
            space = False
        flat.append(ch)
        starts.append(i)
    found = "".join(flat).find(wanted)
    if found < 0:
        return None
    return starts[found], starts[found + len(wanted) - 1] + 1


# ---------------------------------------------------------------------------
# What an element says, and where its provenance is


@dataclass(frozen=True)
class Provenance:
    """The provenance that holds for one text-bearing object (an element, a descriptor, a mapping).

    ``holder`` is the object whose fields are reported (a descriptor's own
    location, for a descriptor); ``origin``, ``evidence`` and ``figure_source``
    are those in force (a descriptor inherits its capability's when it has
    none); ``main`` is the field holding its main text; ``texts`` every text
    field whose numbers must be backed.
    """

    owner_id: str
    label: str
    holder: Located
    origin: str | None
    evidence: tuple[Evidence, ...]
    figure_source: str | None
    main: str | None
    texts: tuple[str, ...]

    @property
    def main_text(self) -> str | None:
        return getattr(self.holder, self.main) if self.main else None


#: Text fields whose numbers must come from the evidence (AHP041), by class; capabilities' descriptors apart.
_NUMBER_FIELDS = ("name", "description", "statement", "rationale", "examples", "protected_time", "typical_roles",
                  "justification", "text", "object_label")


def main_field(obj: object) -> str | None:
    """The field holding an object's main text: a statement, a justification, a descriptor's text,
    else a description, else a name."""
    for name in ("statement", "justification", "text", "description", "name"):
        if getattr(obj, name, None):
            return name
    return None


def _text_fields(obj: object) -> tuple[str, ...]:
    return tuple(name for name in _NUMBER_FIELDS if getattr(obj, name, None))


def of_element(element: Element) -> Provenance:
    """The provenance of an element (its own fields)."""
    main = main_field(element)
    if isinstance(element, Mapping) and element.justification is None:
        main = None  # a mapping without a justification has no text of its own beyond its target's label
    return Provenance(element.id, element.LABEL, element, element.origin, element.evidence,
                      element.figure_source, main, _text_fields(element))


def of_descriptor(capability: Capability, descriptor: LevelDescriptor) -> Provenance:
    """The provenance of a descriptor: its own, else its capability's (the evidence of both counts)."""
    own = descriptor.origin is not None
    evidence = descriptor.evidence + capability.evidence if not own or descriptor.evidence else descriptor.evidence
    return Provenance(f"{capability.id} ({descriptor.stage})", f"{capability.LABEL} descriptor", descriptor,
                      descriptor.origin or capability.origin, evidence or capability.evidence,
                      descriptor.figure_source or (None if own else capability.figure_source), "text", ("text",))


def iter_provenance(fw: Framework) -> Iterator[Provenance]:
    """The provenance of every element (sources excepted) and every capability descriptor, in document order."""
    for element in fw.iter_elements():
        if isinstance(element, Source):
            continue
        yield of_element(element)
        if isinstance(element, Capability):
            for descriptor in element.descriptors:
                yield of_descriptor(element, descriptor)


# ---------------------------------------------------------------------------
# Numbers

#: A number as written: 91, 81%, 0.7, 1,000, 16/34 (two numbers), 2013.
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")


def numbers_in(text: str) -> list[str]:
    """The numbers written in ``text`` (``1,000`` read as ``1000``; a full stop ending a sentence is not a decimal)."""
    out = []
    for match in _NUMBER.finditer(text):
        value = match.group().rstrip(".,").replace(",", "")
        out.append(value)
    return out


#: Framework versions from which provenance is required: origin on every element (AHP047),
#: numbers backed (AHP041), quoted text inside its quotes (AHP043), cited sources quoted (AHP042).
PROVENANCE_FROM = (0, 3, 0)


def applies(fw: Framework) -> bool:
    """Whether the provenance rules that came with 0.3.0 apply to this framework version."""
    try:
        version = tuple(int(part) for part in fw.version.split("."))
    except ValueError:
        return True
    return version >= PROVENANCE_FROM
