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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress, count, repeat
from operator import attrgetter, is_not, not_
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..model import COLLECTIONS, Capability, Evidence, Framework, LevelDescriptor, Located, Source, schema_of, value
from ..problems import Error, Problem
from ..speed.screen import Screen, walk

if TYPE_CHECKING:
    from ..schema.info import SchemaInfo

#: Typographic quotes and apostrophes and the plain character each is read as.
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """``text`` with every run of white space made one space (and none at the ends), and typographic
    quotes and apostrophes made plain. Nothing else changes: case, spelling and punctuation count."""
    return _SPACE.sub(" ", text.translate(QUOTES)).strip()


# ---------------------------------------------------------------------------
# Archived texts


@dataclass(frozen=True)
class ArchivedText:
    """An archived source text: its header fields and its body (what quotes are checked against)."""

    path: Path
    header: dict[str, str]
    body: str
    text: str = ""  # the whole file, header and all

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
    return ArchivedText(Path(path), header, body, text)


@cache
def _normalised_body(_path: Path, body: str) -> str:
    return normalise(body)


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text`` as (start, end) positions in ``text`` itself, matching as the
    rules do (after :func:`normalise`), or None when it is not there. The site marks the words with it."""
    wanted = normalise(quote)
    if not wanted:
        return None
    flat, starts = _flattened(text)
    found = flat.find(wanted)
    if found < 0:
        return None
    return starts[found], starts[found + len(wanted) - 1] + 1


@lru_cache(maxsize=16)  # the site looks for every quote in its source's text: walk each text once
def _flattened(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` and where each of its characters starts in ``text``."""
    flat: list[str] = []
    starts: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(QUOTES)):  # one character for one: positions stay
        if ch.isspace():
            space = bool(flat)
            continue
        if space:
            flat.append(" ")
            starts.append(i - 1)
            space = False
        flat.append(ch)
        starts.append(i)
    return "".join(flat), starts


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
    inherited: bool = False  # a descriptor with no origin of its own: its capability's holds

    @property
    def main_text(self) -> str | None:
        """The text that must be inside an evidence quote when the origin is quoted."""
        return getattr(self.holder, self.main) if self.main else None

    @property
    def own_evidence(self) -> tuple[Evidence, ...]:
        """The evidence written on the object itself (a descriptor's, not its capability's)."""
        return getattr(self.holder, "evidence", ())


def main_field(obj: object) -> str | None:
    """The field holding an object's main text: a statement, a justification, a descriptor's text,
    else a description, else a name."""
    for name in ("statement", "justification", "text", "description", "name"):
        if getattr(obj, name, None):
            return name
    return None


def of_object(owner_id: str, label: str, obj: Located, schema: SchemaInfo) -> Provenance:
    """The provenance of an element or a crosswalk mapping: its own fields (those whose numbers must be
    backed, as ``schema`` says)."""
    texts = tuple(name for name in number_fields(schema, type(obj)) if value(obj, name))
    return Provenance(owner_id, label, obj, getattr(obj, "origin", None), getattr(obj, "evidence", ()),
                      getattr(obj, "figure_source", None), main_field(obj), texts)


def of_descriptor(capability: Capability, descriptor: LevelDescriptor) -> Provenance:
    """The provenance of a descriptor: its own origin, else its capability's; the evidence of both counts."""
    own = descriptor.origin is not None
    return Provenance(f"{capability.id} ({descriptor.stage})", f"{capability.LABEL} descriptor", descriptor,
                      descriptor.origin if own else capability.origin, descriptor.evidence + capability.evidence,
                      descriptor.figure_source if own else capability.figure_source, "text", ("text",),
                      inherited=not own)


#: Chooses what :func:`iter_provenance` yields: called with an element or descriptor and, for a
#: descriptor, its capability (None for an element). Cheaper than building every Provenance.
Keep = Callable[[Located, "Capability | None"], bool]


def iter_provenance(fw: Framework, keep: Keep | None = None, screen: Screen | None = None) -> Iterator[Provenance]:
    """The provenance of every element (sources excepted) and every capability descriptor, in document
    order; with ``keep``, only of those it accepts (a big framework has millions of descriptors); with
    ``screen`` (see :mod:`ahpfw.speed.screen`), ``keep`` is asked only about the objects it flags."""
    schema = schema_of(fw)
    if screen is not None:
        for obj, capability in walk(fw, screen):
            if capability is None:
                if not isinstance(obj, Source) and (keep is None or keep(obj, None)):
                    yield of_object(obj.id, obj.LABEL, obj, schema)
            elif keep is None or keep(obj, capability):
                yield of_descriptor(capability, obj)
        return
    for element in fw.iter_elements():
        if isinstance(element, Source):
            continue
        if keep is None or keep(element, None):
            yield of_object(element.id, element.LABEL, element, schema)
        if isinstance(element, Capability):
            for descriptor in element.descriptors:
                if keep is None or keep(descriptor, element):
                    yield of_descriptor(element, descriptor)


def with_evidence(obj: Located, _capability: Capability | None) -> bool:
    """:data:`Keep` objects that give evidence of their own (the quotes to check)."""
    return bool(obj.evidence)  # type: ignore[attr-defined]


def giving_evidence(_group: str, objects: Sequence[Located]) -> Iterable[int]:
    """A :data:`~ahpfw.speed.screen.Screen` of the objects :func:`with_evidence` keeps (the same test, for many at
    once)."""
    return compress(count(), map(attrgetter("evidence"), objects))


def with_origin(obj: Located, capability: Capability | None) -> bool:
    """:data:`Keep` elements, and descriptors with an origin of their own (what AHP047 looks at)."""
    return capability is None or obj.origin is not None  # type: ignore[attr-defined]


def may_lack_origin(group: str, objects: Sequence[Located]) -> list[int]:
    """A :data:`~ahpfw.speed.screen.Screen` of the objects :func:`origin_problems` may report: elements with no origin,
    and elements and descriptors whose origin is not ``drafted`` that give no evidence of their own."""
    origins = list(map(attrgetter("origin"), objects))
    passed = frozenset((None, "drafted") if group == "descriptors" else ("drafted",))
    return [i for i in compress(count(), map(not_, map(passed.__contains__, origins)))
            if origins[i] is None or not objects[i].evidence]  # type: ignore[attr-defined]


def quoted(obj: Located, capability: Capability | None) -> bool:
    """:data:`Keep` objects whose text counts as quoted (a descriptor may take it from its capability)."""
    origin = obj.origin  # type: ignore[attr-defined]
    if origin is None and capability is not None:
        origin = capability.origin
    return origin == "quoted"


_DIGIT = re.compile(r"[0-9]")


def with_figures(schema: SchemaInfo) -> Keep:
    """:data:`Keep` objects whose text has a digit in it (the numbers AHP041 must find backed)."""
    search = _DIGIT.search

    def keep(obj: Located, _capability: Capability | None) -> bool:
        for name in number_fields(schema, type(obj)):
            found = value(obj, name)
            if not found:
                continue
            if type(found) is str:
                if search(found):
                    return True
            elif any(search(v) for v in found):
                return True
        return False

    return keep


def number_fields(schema: SchemaInfo, cls: type) -> tuple[str, ...]:
    """The fields of a class whose numbers AHP041 checks: those the schema annotates ``numbers: check``."""
    return schema.fields(cls, "numbers", "check")


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




def declares(fw: Framework) -> bool:
    """Whether a framework declares provenance: any element or descriptor gives an ``origin``.

    A framework that does has opted in to the provenance rules: every element
    then needs an origin (AHP047), its numbers backed (AHP041) and its cited
    sources quoted (AHP042). Versions written before provenance existed
    (releases 0.1.0 and 0.2.0) declare none and are not held to them.
    """
    capabilities = chain.from_iterable(map(attrgetter("capabilities"), fw.domains))
    descriptors = chain.from_iterable(map(attrgetter("descriptors"),
                                          chain.from_iterable(map(attrgetter("capabilities"), fw.domains))))
    return any(any(map(is_not, map(attrgetter("origin"), objects), repeat(None)))
               for objects in chain((getattr(fw, name) for name in COLLECTIONS), (capabilities, descriptors)))


# ---------------------------------------------------------------------------
# The checks (the rule modules AHP040-AHP047 and the crosswalk checks call these)

#: The archived texts of a framework's sources, by source id: the text, or why it cannot be used
#: (:meth:`ahpfw.project.Project.archives`).
Archives = Mapping[str, "ArchivedText | ArchiveError"]
#: Finds a source by id: the source and the archived texts of its framework, or None.
SourceLookup = Callable[[str], "tuple[Source, Archives] | None"]


def sources_of(*frameworks: tuple[Framework, Archives]) -> SourceLookup:
    """A :data:`SourceLookup` over the sources of some frameworks, each given with its archived texts
    (the first framework that has the id wins)."""
    table: dict[str, tuple[Source, Archives]] = {}
    for fw, archives in frameworks:
        for source in fw.sources:
            table.setdefault(source.id, (source, archives))
    return table.get


def _archive_of(source: Source, archives: Archives) -> ArchivedText:
    if not source.archive:
        raise ArchiveError(f"source {source.id} has no archived text to check quotes against")
    found = archives[source.id]
    if isinstance(found, ArchiveError):
        raise found
    return found


def quote_problems(items: Iterable[Provenance], lookup: SourceLookup) -> Iterator[Problem]:
    """AHP040: every evidence quote occurs in the archived text of its source (after :func:`normalise`)."""
    bodies: dict[str, str | None] = {}  # each source's normalised archived text (None: unusable, reported)
    quotes: dict[str, str] = {}  # each quote, normalised (many objects quote the same words)
    for item in items:
        for evidence in item.own_evidence:
            found = lookup(evidence.source)
            if found is None:
                continue  # not a source: AHP011 reports it (AHP032 in a crosswalk)
            source, archives = found
            if source.id not in bodies:
                try:
                    bodies[source.id] = _archive_of(source, archives).searchable
                except ArchiveError as exc:
                    bodies[source.id] = None
                    where = source.where("archive") if source.archive else source.location
                    yield Problem(where, "AHP040", str(exc), element_id=source.id,
                                  hint="archive the source's text under sources/ and name it in 'archive:'")
            body = bodies[source.id]
            if body is None:
                continue
            quote = quotes.get(evidence.quote)
            if quote is None:
                quote = quotes[evidence.quote] = normalise(evidence.quote)
            if quote and quote in body:
                continue
            yield Problem(evidence.where("quote"), "AHP040",
                          f"{item.label} {item.owner_id}: the quote is not in the archived text of {source.id} "
                          f"({source.archive})", element_id=item.owner_id, hint=_mismatch_hint(quote, body))


def _mismatch_hint(quote: str, body: str) -> str:
    """Where a quote stops matching its source: the words that match, then what the source says instead."""
    words = quote.split(" ")
    low, high = 0, len(words)  # the longest prefix of whole words found in the body
    while low < high:
        mid = (low + high + 1) // 2
        if " ".join(words[:mid]) in body:
            low = mid
        else:
            high = mid - 1
    if low == 0:
        return "not even its first word is in the source; copy the words exactly from the archived text"
    prefix = " ".join(words[:low])
    start = body.find(prefix) + len(prefix)
    return (f"the first {low} words match; then the quote has {' '.join(words[low:low + 6])!r} where the "
            f"source has {body[start:start + 40].strip()!r}")


def number_problems(items: Iterable[Provenance]) -> Iterator[Problem]:
    """AHP041: every number in an object's text is in one of its evidence quotes, unless it is drafted
    and its ``figure_source`` says where the figure comes from."""
    for item in items:
        if item.origin == "drafted" and item.figure_source:
            continue
        allowed: set[str] | None = None
        for name in item.texts:
            text_value = value(item.holder, name)
            found = [n for text in (text_value if isinstance(text_value, tuple) else (text_value,))
                     for n in numbers_in(text)]
            if not found:
                continue
            if allowed is None:
                allowed = {n for evidence in item.evidence for n in numbers_in(evidence.quote)}
            missing = list(dict.fromkeys(n for n in found if n not in allowed))
            if missing:
                listed = " and ".join((", ".join(missing[:-1]), missing[-1])) if len(missing) > 1 else missing[0]
                yield Problem(item.holder.where(name), "AHP041",
                              f"{item.label} {item.owner_id}: {listed} in '{name}' "
                              f"{'is' if len(missing) == 1 else 'are'} not in any of its evidence quotes",
                              element_id=item.owner_id,
                              hint="quote the source's words that give the figure under 'evidence:', or, for the "
                                   "editors' own figure, set 'origin: drafted' and say where it comes from in "
                                   "'figure_source:'")


def quoted_text_problems(items: Iterable[Provenance]) -> Iterator[Problem]:
    """AHP043: a quoted object's main text occurs inside one of its evidence quotes."""
    for item in items:
        if item.origin != "quoted" or not item.evidence or item.main_text is None:
            continue  # no evidence at all: AHP047
        text = normalise(item.main_text)
        if any(text in normalise(evidence.quote) for evidence in item.evidence):
            continue
        yield Problem(item.holder.where(item.main), "AHP043",
                      f"{item.label} {item.owner_id}: it is marked quoted, but its {item.main} is not inside any "
                      "of its evidence quotes", element_id=item.owner_id,
                      hint="quote the source word for word, or mark the text 'origin: adapted' if it is reworded")


def origin_problems(items: Iterable[Provenance], required: bool) -> Iterator[Problem]:
    """AHP047: an object has an origin (when ``required``), and quoted or adapted text has evidence."""
    for item in items:
        if item.inherited:
            continue  # a descriptor without an origin of its own: its capability is checked
        if item.origin is None:
            if required:
                yield Problem(item.holder.location, "AHP047", f"{item.label} {item.owner_id} has no 'origin'",
                              element_id=item.owner_id,
                              hint="say how its text came about: 'origin: quoted', 'adapted' or 'drafted'")
        elif item.origin in ("quoted", "adapted") and not item.evidence:
            yield Problem(item.holder.where("origin"), "AHP047",
                          f"{item.label} {item.owner_id} is marked {item.origin} but gives no evidence",
                          element_id=item.owner_id,
                          hint="add 'evidence:' with the source and the exact words it comes from, "
                               "or mark it 'origin: drafted'")
