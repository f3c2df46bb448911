"""Screens: the few objects a rule must look at, found among a big framework's million at C speed.

A rule that looks at every text of a framework with 100,000 capabilities and
400,000 descriptors spends most of its time in Python's per-object overhead. A
*screen* looks at one field of all the objects of one group at once (one ``map``
over them, one search of their texts joined together) and returns the indices of
the objects that *may* matter; the rule then runs its own, exact check on just
those (:func:`walk`). A screen may flag more objects than the check reports,
never fewer: tests/test_screen.py checks that for each screen, so a rule reports
exactly what it would report without one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, count, repeat
from operator import add, attrgetter, is_not, methodcaller
from typing import Any

from .model import COLLECTIONS, Capability, Domain, Framework

#: Given a group's name and its objects (:func:`groups`), the indices (ascending) of those that may matter.
Screen = Callable[[str, Sequence[Any]], Iterable[int]]


def groups(fw: Framework) -> dict[str, Sequence[Any]]:
    """A framework's objects in groups, each in document order: every collection (by its name, as in
    ``COLLECTIONS``), then all ``capabilities`` and all their ``descriptors``."""
    table: dict[str, Sequence[Any]] = {name: getattr(fw, name) for name in COLLECTIONS}
    table["capabilities"] = list(chain.from_iterable(map(attrgetter("capabilities"), fw.domains)))
    table["descriptors"] = list(chain.from_iterable(map(attrgetter("descriptors"), table["capabilities"])))
    return table


def walk(fw: Framework, screen: Screen | None = None) -> Iterator[tuple[Any, Capability | None]]:
    """Every element (sources included) and capability descriptor of ``fw`` that ``screen`` flags (all of
    them without one), each with its capability for a descriptor (None for an element), in document order:
    each element, capabilities straight after their domain, descriptors straight after their capability."""
    if screen is None:
        for name in COLLECTIONS:
            for element in getattr(fw, name):
                yield element, None
                if isinstance(element, Domain):
                    for capability in element.capabilities:
                        yield capability, None
                        for descriptor in capability.descriptors:
                            yield descriptor, capability
        return
    table = groups(fw)
    for name in COLLECTIONS:
        items = table[name]
        if name == "domains":
            yield from _walk_domains(table, screen)
        elif items:
            for i in screen(name, items):
                yield items[i], None


def _walk_domains(table: dict[str, Sequence[Any]], screen: Screen) -> Iterator[tuple[Any, Capability | None]]:
    domains, capabilities, descriptors = table["domains"], table["capabilities"], table["descriptors"]
    # where each domain's capabilities, and each capability's descriptors, end in the flat lists
    capability_ends = list(accumulate(map(len, map(attrgetter("capabilities"), domains))))
    descriptor_ends = list(accumulate(map(len, map(attrgetter("descriptors"), capabilities))))
    places = [(d, -1, -1) for d in (screen("domains", domains) if domains else ())]
    places += [(bisect_right(capability_ends, c), c, -1)
               for c in (screen("capabilities", capabilities) if capabilities else ())]
    for d in screen("descriptors", descriptors) if descriptors else ():
        c = bisect_right(descriptor_ends, d)
        places.append((bisect_right(capability_ends, c), c, d))
    places.sort()
    for domain, c, d in places:
        if c < 0:
            yield domains[domain], None
        elif d < 0:
            yield capabilities[c], None
        else:
            yield descriptors[d], capabilities[c]


def texts_of(objects: Sequence[Any], fields_of: Callable[[type], Iterable[str]]) -> tuple[list[str], list[int]]:
    """Every text in the fields ``fields_of`` names for each object's class (a list of texts counts each),
    with the index of the object holding it; values that are not text (None) are left out."""
    classes = set(map(type, objects))
    if len(classes) == 1:
        return _texts_of(objects, range(len(objects)), fields_of(classes.pop()))
    texts: list[str] = []
    owners: list[int] = []
    for cls in classes:  # never, from files: each group holds one class
        indices = [i for i, obj in enumerate(objects) if type(obj) is cls]
        more, holders = _texts_of([objects[i] for i in indices], indices, fields_of(cls))
        texts += more
        owners += holders
    return texts, owners


def _texts_of(objects: Sequence[Any], indices: Sequence[int], fields: Iterable[str]) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    owners: list[int] = []
    for name in fields:
        values = list(map(attrgetter(name), objects))
        kinds = set(map(type, values))
        if kinds == {str}:
            texts += values
            owners += indices
            continue
        holders: Sequence[int] = indices
        if tuple in kinds:  # a list of texts: each counts
            is_list = list(map(isinstance, values, repeat(tuple)))
            lists = list(compress(values, is_list))
            values = list(chain.from_iterable(lists)) + values
            holders = list(chain.from_iterable(map(repeat, compress(indices, is_list), map(len, lists))))
            holders += indices
            kinds = set(map(type, values))
        if kinds <= {str, type(None)}:
            given = list(map(is_not, values, repeat(None)))
        else:  # lists, and values of other kinds
            given = list(map(isinstance, values, repeat(str)))
        texts += compress(values, given)
        owners += compress(holders, given)
    return texts, owners


def owners_of(flagged: Iterable[int], owners: Sequence[int]) -> list[int]:
    """The objects (ascending, once each) holding the flagged texts of :func:`texts_of`."""
    return sorted({owners[i] for i in flagged})


#: What :func:`texts_holding` looks for: needles, each a pair (bytes to find, ``gate``), and a pattern.
Search = tuple[Sequence[tuple[bytes, bytes]], "re.Pattern[bytes] | None"]

#: Texts searched at once: small enough that the joined text stays in the processor's cache.
_CHUNK = 4096
_ENCODE = methodcaller("encode", "utf-8", "surrogatepass")
_ASCII_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


def texts_holding(texts: Sequence[str], searches: Sequence[Search], *, lower: bool = False,
                  fold: bytes | None = None) -> list[set[int]]:
    """For each search, the indices of ``texts`` that hold one of its needles or a match of its pattern.

    Each text is searched as its UTF-8 (of ``text.lower()`` when ``lower``), mapped byte for byte
    through ``fold`` (a :meth:`bytes.translate` table), with a NUL byte before and after it: a
    pattern match counts for the text it starts in, or the text after the NUL it starts at.
    A needle is a pair (bytes to find, ``gate``): where ``gate`` (one ASCII character, or b"") is in
    no text, in either case and before folding, the needle is not searched for, so a gate must be
    in every text the needle must find.
    """
    table = _ASCII_LOWER if lower else None
    if fold is not None:
        table = (table or bytes(range(256))).translate(fold)
    found: list[set[int]] = [set() for _ in searches]
    for first in range(0, len(texts), _CHUNK):
        part = texts[first:first + _CHUNK]
        joined = "\x00".join(chain(("",), part, ("",)))
        if joined.isascii():  # one byte a character, and lower() is the ASCII table's
            data = joined.encode("ascii")
            sized: Sequence[Any] = part
        else:
            pieces = list(map(_ENCODE, map(str.lower, part) if lower else part))
            data = b"\x00".join(chain((b"",), pieces, (b"",)))
            sized = pieces
        searched = data.translate(table) if table is not None else data
        ends: list[int] = []  # where the NUL after each text is: worked out at the first find
        for (needles, pattern), hits in zip(searches, found, strict=True):
            for needle, gate in needles:
                if gate and data.find(gate) < 0 and data.find(gate.upper()) < 0:
                    continue
                position = searched.find(needle)
                if position >= 0:
                    ends = ends or list(map(add, accumulate(map(len, sized)), count(1)))
                    _collect(lambda at, find=searched.find, needle=needle: find(needle, at), position, ends,
                             first, hits)
            position = _start(pattern.search(searched)) if pattern is not None else -1
            if position >= 0:
                ends = ends or list(map(add, accumulate(map(len, sized)), count(1)))
                _collect(lambda at, text=searched, pattern=pattern: _start(pattern.search(text, at)), position,
                         ends, first, hits)
    return found


def _start(match: re.Match[bytes] | None) -> int:
    return -1 if match is None else match.start()


def _collect(find: Callable[[int], int], position: int, ends: list[int], first: int, found: set[int]) -> None:
    """Add to ``found`` (offset by ``first``) the text at ``position``, then each text ``find`` finds something in,
    searching on from the NUL after the last one found. ``ends`` are where the NUL after each text is."""
    while position >= 0:
        i = bisect_left(ends, position + 1)
        if i >= len(ends):
            return
        found.add(first + i)
        position = find(ends[i])
