"""A cache of each framework file's reading, so that files which have not changed are not parsed again.

Parsing YAML is most of the time a large framework takes to validate; an author,
a pre-commit hook or CI usually re-validates after changing one file of many.
So each file's reading - its plain data, the line and column of every value, and
whether what it adds to the framework fits the schema - is kept in a cache entry,
and used instead of parsing the file while the file's bytes are the same.

**Keyed by content.** An entry is named by its key: a SHA-256 hash of the file's
bytes together with the ahpfw version, the source of the reading code (this module,
:mod:`ahpfw.reading.yamlfile` and the schema check's module, so an edited checkout never
trusts an older reading) and the JSON Schema's bytes. A file whose bytes change
gets a new entry; a copy of a file anywhere (the staging copy ``ahpfw apply``
validates, an old version checked out again) finds the entry already made, since
positions are kept without the file's name. The file is read and hashed on every
run; its modification time is never trusted. Entries that no run has used for
:data:`KEEP_DAYS` days are removed whenever a new entry is written.

**Never trusted, never run.** An entry is one header line (format, key, schema
verdict, CRC-32 of the body, the lengths of its two parts), then the data as JSON,
then the positions as an array of unsigned 32-bit integers. Reading it runs no
code: JSON can only make plain values, and the integer array is copied as it is.
Pickle was not used because loading it runs code the data names; marshal because
it is documented as unsafe against malformed input. JSON holds exactly what YAML
gave (text, whole and other numbers, true and false, null, lists, mappings with
text keys) and Python's C decoder builds it faster than a format decoded in
Python could; the positions, most of an entry's values, are numbers that need no
decoding at all. An entry that is
truncated, corrupt (its CRC or lengths disagree, its JSON does not parse, it
holds too few or too many positions) or foreign is ignored and rebuilt, and
results never depend on it: they are the same with and without the cache.

**Files that cannot be read are not cached.** A file with a YAML error is parsed
again on every run, so its error is reported exactly as the first time; there is
nothing to gain from caching a file that is being fixed.

**Where.** ``.ahpfw_cache/`` in the project folder that holds the framework (the
folder holding ``framework/`` and ``schema/``, or, for another framework folder,
the folder that holds it), with a ``.gitignore`` of ``*`` inside, like
``.ruff_cache/``, and a ``CACHEDIR.TAG``; a folder of that name without the tag was
not made by ahpfw and is neither written to nor removed. A framework inside the
installed package is read without a cache: site-packages is never written to.
``AHPFW_NO_CACHE=1`` or ``--no-cache`` turns the cache off; ``ahpfw cache clean``
removes the folder. The folder and each entry are written atomically
(:mod:`ahpfw.atomic`); when the folder cannot be written, files are simply read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate, chain, islice, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..atomic import replace_dir, write_bytes
from ..paths import FRAMEWORKS, SCHEMA_YAML, is_packaged
from ..problems import Location
from .yamlfile import PackedEntries, PackedFields, Positions, parse_yaml, read_source

FOLDER = ".ahpfw_cache"
_FORMAT = b"ahpfw-read-cache-4"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n"  # https://bford.info/cachedir/
_VERDICTS = {True: b"1", False: b"0", None: b"-"}
#: Entries that no run has used for this many days are removed when a new one is written.
KEEP_DAYS = 7
_ITEM = array("I").itemsize  # 4 on every common platform; part of the key all the same

#: What is known of one file: its data, the positions of its values, and whether
#: what it adds to the framework fits the schema (None: not known).
Reading = tuple[Any, Positions, "bool | None"]

_off = 0  # how many turned_off() blocks are open


@contextmanager
def turned_off() -> Iterator[None]:
    """Read files without the cache inside the block (the ``--no-cache`` option)."""
    global _off
    _off += 1
    try:
        yield
    finally:
        _off -= 1


def enabled() -> bool:
    """Whether readings are cached: not inside :func:`turned_off`, nor with ``AHPFW_NO_CACHE`` set (but to 0)."""
    return not _off and os.environ.get("AHPFW_NO_CACHE", "") in ("", "0")


def cache_dir(framework_dir: Path) -> Path | None:
    """The cache folder for a framework folder, or None for a framework inside the installed package."""
    folder = Path(framework_dir).resolve()
    if is_packaged(folder):
        return None
    parent = folder.parent
    if parent.name == FRAMEWORKS and (parent.parent / SCHEMA_YAML).is_file():
        parent = parent.parent
    return parent / FOLDER


def clean(folder: Path) -> bool:
    """Remove a cache folder (only one this module made); True if there was one."""
    folder = Path(folder)
    if folder.name != FOLDER or not (folder / "CACHEDIR.TAG").is_file():
        return False
    shutil.rmtree(folder)
    return True


class ReadCache:
    """Reads the files of one framework, each from its cache entry when that is still good.

    ``check(data, size)`` says whether what a file adds to the framework fits the
    schema (``size`` is the file's length in bytes); its answer is kept with the
    reading. ``depends`` are the files that answer depends on (the JSON Schema, the
    code of the check): an entry is used only while they are byte for byte the same.
    With the cache off, or for a framework inside the installed package, files are
    simply read.
    """

    def __init__(self, framework_dir: Path, check: Callable[[Any, int], bool | None], depends: Iterable[Path]):
        self.check = check
        self.folder = cache_dir(framework_dir) if enabled() else None
        self.salt = _salt(depends) if self.folder else b""
        self._pruned = False

    def read(self, path: Path) -> Reading:
        """The file's data, positions and schema verdict. Raises :class:`~ahpfw.reading.yamlfile.YamlError`
        as :func:`~ahpfw.reading.yamlfile.read_yaml` does."""
        raw = read_source(path)
        name = str(path)
        if self.folder is None:
            data, positions = parse_yaml(name, raw)
            return data, positions, self.check(data, len(raw))
        key = self.key(raw)
        entry = self.entry(key)
        found = _load(entry, key, name)
        if found is not None:
            return found
        data, positions = parse_yaml(name, raw)
        verdict = self.check(data, len(raw))
        if _store(self.folder, entry, key, data, positions, verdict) and not self._pruned:
            self._pruned = True
            _prune(self.folder)
        return data, positions, verdict

    def key(self, raw: bytes) -> bytes:
        """The key a file's entry must carry: its bytes, hashed with everything else it depends on."""
        key = hashlib.sha256(self.salt)
        key.update(raw)
        return key.hexdigest().encode()

    def entry(self, key: bytes) -> Path:
        """Where the entry with ``key`` is kept: named by the key, so a copy of a file anywhere shares it."""
        assert self.folder is not None
        return self.folder / f"{key.decode()}.entry"


def _salt(depends: Iterable[Path]) -> bytes:
    """What besides a file's bytes its entry depends on: the ahpfw version, the platform's number
    layout, and the bytes of the reading code and of ``depends``."""
    h = hashlib.sha256()
    version = sys.modules["ahpfw"].__version__  # the package is imported before its modules (no cycle)
    h.update(f"{_FORMAT.decode()} {version} {sys.byteorder} {_ITEM} {sys.version_info[:2]}".encode())
    for source in (Path(__file__), Path(sys.modules[parse_yaml.__module__].__file__ or ""), *depends):
        try:
            h.update(source.read_bytes())
        except OSError:  # an installation without sources, or no schema: the rest decides
            h.update(b"-")
    return h.digest()


# ---------------------------------------------------------------------------
# The entry: header line, JSON, positions


#: JSON has no hook for arrays, so each list is written as ``{"\\x00": [...]}``: then one
#: object hook sees every mapping and list as it is completed. No key read from YAML can be
#: "\\x00" (control characters are refused), so the wrapper cannot be confused with data.
_LIST = "\x00"
_CONTAINERS = (dict, list)
_TEXT = {str}


def _encode(data: Any, positions: Positions) -> tuple[bytes, array]:
    """The entry's two parts: the data as JSON, and the positions as numbers.

    The numbers come in four runs, each in the order JSON completes the containers:
    every mapping's own line and column, then the line and column of each key of
    every mapping, then the same two runs for the lists and their items.
    """
    runs: tuple[array, ...] = tuple(array("I") for _ in range(4))
    line_col = itemgetter(1, 2)

    def walk(node: Any) -> Any:
        if type(node) is dict:
            if not set(map(type, node)) <= _TEXT:  # JSON would turn 1 or true into "1" or "true"
                raise ValueError("a key that is not text")
            out: Any = {k: walk(v) if type(v) in _CONTAINERS else v for k, v in node.items()}
            own_run, children_run, keys = runs[0], runs[1], node
        else:
            out = {_LIST: [walk(v) if type(v) in _CONTAINERS else v for v in node]}
            own_run, children_run, keys = runs[2], runs[3], range(len(node))
        own, children = positions.entry(node) or (None, None)
        if own is None or len(children) != len(node):
            raise ValueError("a container without a position for itself or an entry")
        own_run.extend(line_col(own))
        children_run.extend(chain.from_iterable(map(line_col, map(children.__getitem__, keys))))
        return out

    wrapped = walk(data) if type(data) in _CONTAINERS else data
    body = json.dumps(wrapped, ensure_ascii=True, separators=(",", ":"), allow_nan=True).encode("ascii")
    numbers = array("I")
    for run in runs:
        numbers.extend(run)
    return body, numbers


def _decode(body: bytes, numbers: array, name: str) -> tuple[Any, Positions]:
    """Data and positions from :func:`_encode`'s parts (ValueError if they do not fit together).

    Every step but the object hook runs in C (``map``, ``zip``, ``dict``), so a
    million positions take a fraction of a second. The lists' entries stay packed
    until asked for (:class:`~ahpfw.reading.yamlfile.PackedEntries`): only error messages need them.
    """
    mappings: list[dict[str, Any]] = []
    lists: list[list[Any]] = []

    def unwrap(obj: dict[str, Any]) -> Any:
        items = obj.get(_LIST)
        if items is None:
            mappings.append(obj)
            return obj
        lists.append(items)
        return items

    data = json.loads(body, object_hook=unwrap)
    mapped = 2 * (len(mappings) + sum(map(len, mappings)))  # the numbers for the lists start here
    places = mapped + 2 * (len(lists) + sum(map(len, lists)))
    if places != len(numbers):
        raise ValueError(f"{len(numbers)} position numbers for {places} places")
    pairs = iter(numbers)
    locations = map(tuple.__new__, repeat(Location), zip(repeat(name), pairs, pairs, strict=False))
    positions = Positions()
    owns = list(islice(locations, len(mappings)))
    keys = numbers[2 * len(mappings):mapped]  # where every key of every mapping is, in order
    fields = map(PackedFields, repeat(name), repeat(keys), accumulate(map(len, mappings), initial=0),
                 map(tuple, mappings))
    positions.add_all(mappings, zip(owns, fields, strict=False))  # strict: add_all's own zip
    positions.add_packed(lists, PackedEntries(name, numbers[mapped:], list(map(len, lists))))
    return data, positions


def _store(folder: Path, entry: Path, key: bytes, data: Any, positions: Positions, verdict: bool | None) -> bool:
    """Write the entry; True if it was written."""
    try:
        body, numbers = _encode(data, positions)
        flat = numbers.tobytes()
    except (ValueError, TypeError, KeyError, OverflowError, RecursionError):  # not plain data: read it each time
        return False
    header = b" ".join((_FORMAT, key, _VERDICTS[verdict], b"%08x" % zlib.crc32(flat, zlib.crc32(body)),
                        b"%d" % len(body), b"%d" % len(flat))) + b"\n"
    try:
        if not (folder / "CACHEDIR.TAG").is_file():
            if folder.exists():  # a folder of that name that this module did not make: leave it alone
                return False
            with replace_dir(folder) as made:  # the folder appears with its markers, or not at all
                (made / ".gitignore").write_bytes(b"# Made by ahpfw: a cache, never committed.\n*\n")
                (made / "CACHEDIR.TAG").write_text(f"{_TAG}# The ahpfw reading cache: see ahpfw cache clean.\n")
        write_bytes(entry, header + body + flat)
    except OSError:  # a read-only or full disk: the cache is only a shortcut
        return False
    return True


def _prune(folder: Path) -> None:
    """Remove the entries no run has used for :data:`KEEP_DAYS` (each use refreshes the time of an older one).

    Run once by each :class:`ReadCache` that writes an entry."""
    oldest = time.time() - KEEP_DAYS * 86400
    for entry in folder.glob("*.entry"):
        with contextlib.suppress(OSError):
            if entry.stat().st_mtime < oldest:
                entry.unlink()


def _load(entry: Path, key: bytes, name: str) -> Reading | None:
    """The reading kept in ``entry`` if it is complete, intact and made for ``key``; else None."""
    try:
        with open(entry, "rb") as fh:
            blob = fh.read()
            if time.time() - os.fstat(fh.fileno()).st_mtime > 86400:
                os.utime(entry)  # in use: not to be pruned
    except OSError:
        return None
    end = blob.find(b"\n", 0, 256)
    parts = blob[:end].split(b" ")
    if end < 0 or len(parts) != 6 or parts[0] != _FORMAT or parts[1] != key or parts[2] not in (b"0", b"1", b"-"):
        return None
    try:
        body_len, flat_len = int(parts[4]), int(parts[5])
    except ValueError:
        return None
    start = end + 1
    if body_len < 0 or flat_len < 0 or start + body_len + flat_len != len(blob) or flat_len % _ITEM:
        return None
    body = memoryview(blob)[start:start + body_len]
    flat_bytes = memoryview(blob)[start + body_len:]
    if b"%08x" % zlib.crc32(flat_bytes, zlib.crc32(body)) != parts[3]:
        return None
    try:
        numbers = array("I")
        numbers.frombytes(flat_bytes)
        data, positions = _decode(bytes(body), numbers, name)
    except (ValueError, RecursionError):
        return None
    return data, positions, {b"1": True, b"0": False, b"-": None}[parts[2]]
