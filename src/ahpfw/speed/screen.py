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
from dataclasses import fields
from functools import cache
from itertools import accumulate, chain, compress, count, repeat
from operator import add, attrgetter, is_not, methodcaller
from typing import Any

from ..model import COLLECTIONS, Capability, Framework, per_framework

#: Given a group's name and its objects (:func:`groups`), the indices (ascending) of those that may matter.
Screen = Callable[[str, Sequence[Any]], Iterable[int]]


@per_framework
def groups(fw: Framework) -> dict[str, Sequence[Any]]:
    """A framework's objects in groups, each in document order: every collection (by its name, as in
    ``COLLECTIONS``), then all ``capabilities`` and all their ``descriptors``."""
    table: dict[str, Sequence[Any]] = {name: getattr(fw, name) for name in COLLECTIONS}
    table["capabilities"] = list(chain.from_iterable(map(attrgetter("capabilities"), fw.domains)))
    table["descriptors"] = list(chain.from_iterable(map(attrgetter("descriptors"), table["capabilities"])))
    return table


def walk(fw: Framework, screen: Screen) -> Iterator[tuple[Any, Capability | None]]:
    """Every element (sources included) and capability descriptor of ``fw`` that ``screen`` flags, each with
    its capability for a descriptor (None for an element), in document order: each element, capabilities
    straight after their domain, descriptors straight after their capability."""
    table = groups(fw)
    for name in COLLECTIONS:
        items = table[name]
        if name == "domains":
            yield from _walk_domains(table, screen)
        elif items:
            for i in screen(name, items):
                yield items[i], None


def everything(_group: str, objects: Sequence[Any]) -> range:
    """The :data:`Screen` that flags every object."""
    return range(len(objects))


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


class Owners:
    """Which object holds each text of :func:`texts_of`: runs of object indices, one run a field."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._runs: list[Sequence[int]] = []
        self._size = 0

    def add(self, holders: Sequence[int]) -> None:
        """The holders of the next ``len(holders)`` texts."""
        if holders:
            self._starts.append(self._size)
            self._runs.append(holders)
            self._size += len(holders)

    def __getitem__(self, i: int) -> int:
        run = bisect_right(self._starts, i) - 1
        return self._runs[run][i - self._starts[run]]


def texts_of(objects: Sequence[Any], fields_of: Callable[[type], Iterable[str]]) -> tuple[list[Any], Owners]:
    """Every value of the fields ``fields_of`` names for each object's class (each item of a list of
    texts), with which object holds each; None is left out of a field that may be None. A value should
    be text: :func:`texts_holding` flags one that is not for every search, so that its object is checked."""
    texts: list[Any] = []
    owners = Owners()
    classes = set(map(type, objects))
    if len(classes) == 1:
        _texts_of(objects, range(len(objects)), classes.pop(), fields_of, texts, owners)
        return texts, owners
    for cls in classes:  # never, from files: each group holds one class
        indices = [i for i, obj in enumerate(objects) if type(obj) is cls]
        _texts_of([objects[i] for i in indices], indices, cls, fields_of, texts, owners)
    return texts, owners


def _texts_of(objects: Sequence[Any], indices: Sequence[int], cls: type, fields_of: Callable[[type], Iterable[str]],
              texts: list[Any], owners: Owners) -> None:
    lists, optional = _list_fields(cls), _optional_fields(cls)
    for name in fields_of(cls):
        values = list(map(attrgetter(name), objects))
        holders: Sequence[int] = indices
        if name in lists:  # each item counts
            try:
                holders = list(chain.from_iterable(map(repeat, indices, map(len, values))))
                values = list(chain.from_iterable(values))
            except TypeError:  # a value that is no list (hand-made objects): taken as it is
                pairs = [(i, item) for i, value in zip(indices, values, strict=True)
                         for item in (value if isinstance(value, tuple) else (value,))]
                holders = [i for i, _item in pairs]
                values = [item for _i, item in pairs]
        if name in optional and None in values:  # elsewhere a None is a value that is not text (above)
            given = list(map(is_not, values, repeat(None)))
            values = list(compress(values, given))
            holders = list(compress(holders, given))
        texts += values
        owners.add(holders)


@cache
def _list_fields(cls: type) -> frozenset[str]:
    """The fields of a model class that hold lists (tuples)."""
    return frozenset(f.name for f in fields(cls) if str(f.type).startswith("tuple"))


@cache
def _optional_fields(cls: type) -> frozenset[str]:
    """The fields of a model class that may be None."""
    return frozenset(f.name for f in fields(cls) if "None" in str(f.type))


def owners_of(flagged: Iterable[int], owners: Owners) -> list[int]:
    """The objects (ascending, once each) holding the flagged texts of :func:`texts_of`."""
    return sorted({owners[i] for i in flagged})


#: What :func:`texts_holding` looks for: needles, each a pair (bytes to find, ``gate``), and a pattern.
Search = tuple[Sequence[tuple[bytes, bytes]], "re.Pattern[bytes] | None"]

#: Texts searched at once: small enough that the joined text stays in the processor's cache.
_CHUNK = 4096
_ENCODE = methodcaller("encode", "utf-8", "surrogatepass")
_ASCII_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


def texts_holding(texts: Sequence[Any], searches: Sequence[Search], *, lower: bool = False,
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
        try:
            joined = "\x00".join(chain(("",), part, ("",)))
        except TypeError:  # a value that is not text: flagged for every search, its object checked exactly
            odd = [i for i, text in enumerate(part) if not isinstance(text, str)]
            for hits in found:
                hits.update(first + i for i in odd)
            part = [text if isinstance(text, str) else "" for text in part]
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
