"""Read one YAML file safely, keeping the line and column of every node.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans and
nulls. Duplicate keys, tags (``!!python/object`` and friends), anchors and aliases
are refused with the place they were written, so a "billion laughs" file costs
no more than its own size. The document is built from the parser's event stream
without recursion, and nesting deeper than :data:`MAX_DEPTH` is refused as soon
as it is seen, so a 100 000-deep ``[[[[...`` file fails at once instead of
crashing the parser. Control characters (other than tab and line breaks) and
invisible bidirectional controls are refused, in the text and in escaped values,
so nothing read from a framework can drive a terminal. The C parser is used
when PyYAML has it.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

import yaml

from ..problems import Check, Error, Location, Problem, brief

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest file read; ``AHPFW_MAX_FILE_BYTES`` in the environment overrides it.
MAX_FILE_BYTES = 256 * 1024 * 1024
#: Deepest nesting of lists and mappings accepted in one file.
MAX_DEPTH = 64

_MERGE = "tag:yaml.org,2002:merge"
#: Implicitly resolved tags that are not text, and what a person calls them.
#: Every other plain scalar (dates included) is kept as the text that was written.
_NON_TEXT = {
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
}
_constructor = yaml.SafeLoader("")  # only its construct_yaml_* helpers are used

# Characters no framework text needs: C0 and C1 controls (tab, line feed and carriage
# return aside), DEL, Unicode line/paragraph separators (YAML reads them as line breaks,
# so line numbers would disagree with editors), bidirectional overrides and isolates
# (they make text display differently from what it says) and the non-characters.
_BAD_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff"
_BAD_IN_TEXT = re.compile(f"[{_BAD_CHARS}]")
_BAD_IN_VALUE = re.compile(f"[{_BAD_CHARS}\r]")


class Positions:
    """Where each value of a loaded YAML tree was written.

    Keyed by the ``id()`` of each dict or list in the tree (the tree keeps them
    alive): its own location and the location of each key or item. Entries read
    from the reading cache may be kept packed (:meth:`add_packed`) and are unpacked
    the first time they are asked for: nothing but an error message asks where a
    list's items are, and a big framework has hundreds of thousands of lists.
    """

    __slots__ = ("_table", "_packed")

    def __init__(self) -> None:
        self._table: dict[int, tuple[Location, Mapping[Any, Location]]] = {}
        self._packed: dict[int, tuple[PackedEntries, int]] = {}

    def add(self, container: Any, own: Location, children: dict[Any, Location]) -> None:
        self._table[id(container)] = (own, children)

    def add_all(self, containers: Iterable[Any],
                entries: Iterable[tuple[Location, Mapping[Any, Location]]]) -> None:
        """:meth:`add` each container with its ``(own, children)`` entry, in step."""
        self._table.update(zip(map(id, containers), entries, strict=True))

    def add_packed(self, containers: list[Any], packed: PackedEntries) -> None:
        """Add lists whose entries ``packed`` holds, in the same order, to be unpacked when asked for."""
        self._packed.update(zip(map(id, containers), zip(repeat(packed), range(len(containers))), strict=True))

    def of(self, container: Any, key: Any = None) -> Location | None:
        """Location of ``container`` itself, or of its entry ``key``."""
        entry = self.entry(container)
        if entry is None:
            return None
        if key is None:
            return entry[0]
        return entry[1].get(key, entry[0])

    def entry(self, container: Any) -> tuple[Location, Mapping[Any, Location]] | None:
        """``(own location, {key or index: location})`` of a container, or None: a read-only mapping
        (from the reading cache, a :class:`PackedFields`)."""
        found = self._table.get(id(container))
        if found is None and self._packed:
            packed = self._packed.pop(id(container), None)
            if packed is not None:
                found = self._table[id(container)] = packed[0].entry(packed[1])
        return found

    def merge(self, other: Positions) -> None:
        self._table.update(other._table)
        self._packed.update(other._packed)


class PackedEntries:
    """The entries of a file's lists as the reading cache keeps them: numbers, unpacked one list at a time.

    ``numbers`` holds each list's own line and column, in list order, then the
    line and column of every item of every list, in the same order.
    """

    __slots__ = ("_name", "_numbers", "_starts", "_lengths")

    def __init__(self, name: str, numbers: Any, lengths: list[int]):
        self._name = name
        self._numbers = numbers
        self._lengths = lengths
        first = 2 * len(lengths)  # the items' numbers start after every list's own two
        self._starts = [first + 2 * n for n in accumulate(lengths, initial=0)]

    def entry(self, index: int) -> tuple[Location, dict[Any, Location]]:
        """The ``(own, {item index: location})`` entry of list number ``index``."""
        numbers, name, start = self._numbers, self._name, self._starts[index]
        own = Location(name, numbers[2 * index], numbers[2 * index + 1])
        return own, {i: Location(name, numbers[start + 2 * i], numbers[start + 2 * i + 1])
                     for i in range(self._lengths[index])}


class PackedFields(Mapping[str, Location]):
    """Where each key of one mapping was written, as the reading cache keeps it: read-only, and turned
    into locations the first time it is asked (a model keeps one for each of its objects, and only
    error messages look inside)."""

    __slots__ = ("_name", "_numbers", "_start", "_keys", "_table")

    def __init__(self, name: str, numbers: Any, start: int, keys: tuple[str, ...]):
        self._name = name
        self._numbers = numbers  # the line and column of every key of every mapping of the file, in order
        self._start = start  # how many keys come before this mapping's first
        self._keys = keys
        self._table: dict[str, Location] | None = None

    def _unpacked(self) -> dict[str, Location]:
        if self._table is None:
            numbers, name, at = self._numbers, self._name, 2 * self._start
            self._table = {key: Location(name, numbers[at + 2 * i], numbers[at + 2 * i + 1])
                           for i, key in enumerate(self._keys)}
        return self._table

    def __getitem__(self, key: str) -> Location:
        return self._unpacked()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return f"PackedFields({self._unpacked()!r})"


class YamlError(Error):
    """A file could not be read as framework YAML; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _fail(path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> YamlError:
    return YamlError(Problem(Location(path, line, col), code, message, hint=hint))


def _char_name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(path: str, raw: bytes) -> str:
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if raw.startswith(bom):
            raise _fail(path, 1, 1, "AHP001", f"file is encoded as {name}; save it as UTF-8")
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise _fail(path, line, 1, "AHP001", "file contains NUL bytes: it looks binary, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(path, line, col, "AHP001",
                    f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8") from None
    text = text[1:] if text.startswith("\ufeff") else text
    bad = _BAD_IN_TEXT.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise _fail(path, line, col, "AHP001",
                    f"character {_char_name(bad.group())} is not allowed in framework text; delete it")
    return text


_EVENT = yaml.events
#: first characters of a plain scalar that the resolver may read as something other than text
#: (None: any may, when the loader has a catch-all resolver)
_RESOLVABLE = None if None in _Loader.yaml_implicit_resolvers else frozenset(_Loader.yaml_implicit_resolvers)


class _Builder:
    """Builds plain Python data plus Positions from the parser's event stream.

    Works with an explicit stack, so no input can exhaust Python's or C's stack.
    Each open collection is a frame: ``[container, own location, child locations,
    pending key]`` (the pending key is ``None`` in a mapping waiting for its next key).
    This loop runs for every value of every file, so it dispatches on the event's
    exact type, most frequent first, and makes each location directly.
    """

    def __init__(self, path: str, loader: Any):
        self.path = path
        self.loader = loader
        self.positions = Positions()

    def build(self) -> Any:
        get_event = self.loader.get_event
        path = self.path
        table = self.positions._table
        new_location = tuple.__new__
        scalar_event, mapping_start, sequence_start = (_EVENT.ScalarEvent, _EVENT.MappingStartEvent,
                                                       _EVENT.SequenceStartEvent)
        collection_end = (_EVENT.MappingEndEvent, _EVENT.SequenceEndEvent)
        resolvable = _RESOLVABLE
        bad_in_value = _BAD_IN_VALUE.search
        stack: list[list[Any]] = []
        documents = 0
        result: Any = None
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise self._refused(event)
                mark = event.start_mark
                loc = new_location(Location, (path, mark.line + 1, mark.column + 1))
                value = event.value
                awaiting_key = bool(stack) and stack[-1][3] is None and type(stack[-1][0]) is dict
                if event.style == '"' and bad_in_value(value):  # only escapes can add what the text had not
                    raise self._error(event, "AHP001", f"character {_char_name(bad_in_value(value).group())} "
                                      "(written as an escape) is not allowed in framework text; delete it")
                if event.implicit[0] and (resolvable is None or value[:1] in resolvable):
                    value = self._resolved(event, as_key=awaiting_key)
            elif kind in collection_end:
                container, loc, children, _ = stack.pop()
                table[id(container)] = (loc, children)
                value = container
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise self._refused(event)
                if stack and stack[-1][3] is None and type(stack[-1][0]) is dict:
                    raise self._error(event, "AHP005", "a key must be a plain name such as 'statement', "
                                      "not a list or mapping")
                if len(stack) >= MAX_DEPTH:
                    raise self._error(event, "AHP003", f"nesting is deeper than {MAX_DEPTH} levels")
                mark = event.start_mark
                stack.append([{} if kind is mapping_start else [],
                              new_location(Location, (path, mark.line + 1, mark.column + 1)), {}, None])
                continue
            elif kind is _EVENT.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._error(event, "AHP001", "a file holds one YAML document; "
                                      "remove the second document (after '---')")
                continue
            elif kind is _EVENT.StreamEndEvent:
                return result
            elif kind is _EVENT.AliasEvent:
                raise self._refused(event)
            else:  # stream start, document end
                continue
            if not stack:
                result = value
                continue
            frame = stack[-1]
            container, _, children, key = frame
            if type(container) is list:
                children[len(container)] = loc
                container.append(value)
            elif key is None:
                if value in container:
                    raise self._error(event, "AHP002", f"duplicate key {brief(value)} (first written at "
                                      f"line {children[value].line}); remove one of them")
                frame[3] = value
                children[value] = loc
            else:
                container[key] = value
                frame[3] = None

    def _refused(self, event: Any) -> YamlError:
        """The error for an alias, an anchor or a tag on ``event``."""
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            return self._error(event, "AHP003", "anchors and aliases (&name, *name) are not supported; "
                               "write the value out in full")
        return self._error(event, "AHP003", f"tag '{event.tag}' is not allowed; framework files "
                           "hold plain text, numbers, lists and mappings only")

    def _resolved(self, event: yaml.ScalarEvent, as_key: bool) -> Any:
        """A plain scalar's value: text, or what the YAML resolver reads it as (a number, true, empty)."""
        value = event.value
        tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _MERGE:
            raise self._error(event, "AHP003", "merge keys (<<) are not supported")
        kind = _NON_TEXT.get(tag)
        if kind is None:
            return value
        if as_key:
            raise self._error(event, "AHP005", f"a key must be a plain name such as 'statement'; "
                              f"{brief(value)} reads as {kind} (put it in quotes)")
        try:
            return _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, value))
        except (ValueError, OverflowError):
            raise self._error(event, "AHP001", f"{brief(value)} cannot be read as {kind}; "
                              "put it in quotes to keep it as text") from None

    def _error(self, event: Any, code: str, message: str) -> YamlError:
        mark = event.start_mark
        return _fail(self.path, mark.line + 1, mark.column + 1, code, message)


def max_file_bytes() -> int:
    """The size limit in bytes: ``AHPFW_MAX_FILE_BYTES`` when set to a number, else :data:`MAX_FILE_BYTES`."""
    value = os.environ.get("AHPFW_MAX_FILE_BYTES", "")
    return int(value) if value.isdigit() else MAX_FILE_BYTES


def _read_at_most(fh: Any, expected: int, most: int) -> bytes:
    """Up to ``most`` bytes of ``fh``: ``read(most)`` would set aside ``most`` bytes at once,
    so read what the file's size promises and go on in chunks only if there is more."""
    chunks = [fh.read(min(expected + 1, most))]
    total = len(chunks[0])
    while total < most and chunks[-1]:
        chunks.append(fh.read(min(1 << 20, most - total)))
        total += len(chunks[-1])
    return b"".join(chunks)


def _read_bytes(path: Path, name: str, limit: int) -> bytes:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _fail(name, 0, 0, "AHP001", "is a folder, not a YAML file")
        if not stat.S_ISREG(info.st_mode):
            raise _fail(name, 0, 0, "AHP001", "is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise _fail(name, 0, 0, "AHP001", f"file is larger than the limit of {limit:,} bytes")
        with open(path, "rb") as fh:
            raw = _read_at_most(fh, info.st_size, limit + 1)
    except YamlError:
        raise
    except FileNotFoundError:
        if path.is_symlink():
            raise _fail(name, 0, 0, "AHP001", "is a symbolic link to nothing") from None
        raise _fail(name, 0, 0, "AHP001", "file not found") from None
    except PermissionError:
        raise _fail(name, 0, 0, "AHP001", "permission denied: cannot read this file") from None
    except OSError as exc:
        raise _fail(name, 0, 0, "AHP001", f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise _fail(name, 0, 0, "AHP001", f"file is larger than the limit of {limit:,} bytes")
    return raw


def read_yaml(path: Path, max_bytes: int | None = None) -> tuple[Any, Positions]:
    """Read ``path`` as one YAML document of plain data, with positions.

    Files larger than ``max_bytes`` (default :func:`max_file_bytes`) are refused
    unread. Raises :class:`YamlError` for anything that is not readable,
    well-formed, plain YAML; the error's ``problem`` carries file, line and column.
    """
    return parse_yaml(str(path), read_source(path, max_bytes))


def read_source(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, refused (:class:`YamlError`) as :func:`read_yaml` would refuse them unread."""
    return _read_bytes(Path(path), str(path), max_file_bytes() if max_bytes is None else max_bytes)


def parse_yaml(name: str, raw: bytes) -> tuple[Any, Positions]:
    """Read the bytes of the file ``name`` (see :func:`read_source`) as :func:`read_yaml` does."""
    text = _decode(name, raw)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fail(name, 1, 1, "AHP001", "file is empty; it should hold a YAML mapping")
    try:
        return _build(name, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        _raise_if_too_deep(name, text, mark.index if mark else len(text))
        raise _syntax_error(name, text, exc) from None
    except yaml.YAMLError as exc:
        raise _fail(name, 0, 0, "AHP001", f"YAML error: {exc}") from None


def _syntax_error(name: str, text: str, exc: yaml.MarkedYAMLError) -> YamlError:
    """AHP001 at the place the author must fix, in plain words when the mistake is recognised."""
    from .yamlsyntax import explain  # only on the error path

    found = explain(text, exc)
    if found is not None:
        return _fail(name, found.line + 1, found.col + 1, "AHP001", f"YAML syntax error: {found.what}",
                     hint=found.hint)
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    return _fail(name, line, col, "AHP001", f"YAML syntax error: {message}",
                 hint="check the indentation and quoting of this line and the line before it")


def _build(name: str, text: str) -> tuple[Any, Positions]:
    loader = _Loader(text)
    try:
        builder = _Builder(name, loader)
        return builder.build(), builder.positions
    finally:
        loader.dispose()


_BRACKETS = re.compile(r"[\[\]{}]")


def _raise_if_too_deep(name: str, text: str, end: int) -> None:
    """Raise the project's own AHP003 if the parser stopped on nesting deeper than :data:`MAX_DEPTH`.

    A scanner (libyaml's since PyYAML 6.0.4 among them) may refuse deep flow nesting
    with its own limit before the builder sees the events that pass ours, because it
    reads ahead over ``[[[[`` while each could still start a key. If the brackets
    before ``end`` may go deeper than ours allows, the text up to that point is read
    again: its events then reach the builder, which reports AHP003 where our limit is
    crossed. Only a problem the builder really finds is raised, so a bracket inside a
    quoted string can cost a second read but never a wrong report.
    """
    depth = 0
    for match in _BRACKETS.finditer(text, 0, end):
        depth += 1 if match.group() in "[{" else -1
        if depth >= MAX_DEPTH:
            try:
                _build(name, text[: match.end()])
            except YamlError as deeper:
                if deeper.problem.code == "AHP003":
                    raise deeper from None
            except yaml.YAMLError:
                pass
            return


@functools.lru_cache(maxsize=1)
def _lines_of(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    """The lines of one file (the last file asked about is kept: problems come file by file)."""
    return tuple(_decode(path, Path(path).read_bytes()).splitlines())


def item_location(key: Location, index: int) -> Location:
    """Where item ``index`` of the list written after the key at ``key`` is, or ``key`` if it cannot be found.

    The model keeps the place of each key, not of each list item (there are
    millions in a big framework); a problem about one item finds it here, by
    reading again only the lines of that key's value.
    """
    try:
        info = os.stat(key.path)
        lines = _lines_of(key.path, info.st_mtime_ns, info.st_size)
        first = key.line - 1
        start = key.col - 1
        part = [lines[first][start:]]
        for line in lines[first + 1:]:
            width = len(line) - len(line.lstrip(" "))
            if line.strip() and width <= start and not (width == start and line.lstrip().startswith("- ")):
                break
            part.append(line[start:] if width >= start else line.lstrip(" "))
        data, positions = _build(key.path, "\n".join(part) + "\n")
        value = next(iter(data.values())) if isinstance(data, dict) and len(data) == 1 else None
        found = positions.of(value, index) if isinstance(value, list) and index < len(value) else None
    except (OSError, IndexError, YamlError, yaml.YAMLError):
        return key
    if found is None:
        return key
    return Location(key.path, first + found.line, found.col + start)


def read_list_file(path: Path, key: str, hint: str) -> tuple[list[Any], Positions] | None:
    """The list under ``key`` in the YAML file ``path`` (such as ``releases/index.yaml``), with positions;
    None when there is no file. Raises :class:`~ahpfw.problems.UsageError` for a file that cannot be read
    or holds no such list (``hint`` says what it should hold)."""
    from ..problems import UsageError

    if not Path(path).is_file():
        return None
    try:
        return parse_list(path, read_source(path), key, hint)
    except YamlError as exc:
        raise UsageError(str(exc.problem)) from None


def parse_list(path: Path, raw: bytes, key: str, hint: str) -> tuple[list[Any], Positions]:
    """:func:`read_list_file` of the bytes ``raw`` of the file ``path``, already read. Raises
    :class:`YamlError` when they are not YAML, :class:`~ahpfw.problems.UsageError` when they hold no such list."""
    from ..problems import UsageError

    data, positions = parse_yaml(str(path), raw)
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UsageError(f"{path}:1:1: expected '{key}:' with {hint}")
    return entries, positions


# ---------------------------------------------------------------------------
# The problems this module raises, documented where they are raised (``ahpfw rules`` lists them with
# the rules: :func:`ahpfw.rules.all_rules`; tests/rules/AHP00n hold a failing and a passing case)


AHP001 = Check(
    "AHP001", "yaml-syntax",
    "A file cannot be read as UTF-8 YAML (syntax error, tab, empty, binary, missing).",
    """\
    A framework file cannot be read as YAML text.

    What: the file is missing, unreadable, empty, binary, not UTF-8, or not
    well-formed YAML (an unclosed quote, a tab used for indentation, a bad indent);
    or it holds a control character, a Unicode line separator or an invisible
    bidirectional control (typed, or written as an escape in double quotes), or a
    number too long to read.

    Why: nothing else can be checked until every file can be read.

    Example::

        - id: ahpfw:CAP-0001
        <TAB>name: Teaching      # a tab (shown as <TAB>) before 'name'

    The place given is the line to fix, which may be lines before the place where
    the parser gave up (a dedented line of a folded text, a quote or bracket left
    open); the message says in plain words what is wrong, and ``-v`` adds a hint
    saying what to do.

    Fix: open the file at the line and column given, correct the YAML (indent with
    spaces, close quotes and brackets, quote text that holds ': '), and save it as UTF-8.
""")


AHP002 = Check(
    "AHP002", "duplicate-key",
    "A key appears twice in the same mapping.",
    """\
    The same key is written twice in one mapping.

    What: a mapping repeats a key, for example two ``statement:`` lines in one capability.

    Why: YAML parsers silently keep only the last value, so text an author wrote
    would be lost without warning.

    Example::

        - id: ahpfw:CAP-0001
          statement: Plans learning.
          statement: Plans and evaluates learning.

    Fix: keep one of the two keys; merge their text if both matter.
""")


AHP003 = Check(
    "AHP003", "unsupported-yaml",
    "A tag, anchor, alias, merge key or too-deep nesting is used.",
    """\
    The file uses a YAML feature that framework files do not allow.

    What: a tag of any kind (``!!python/object``, ``!!binary``, ``!custom``, even
    ``!!str``), an anchor or alias (``&name`` / ``*name``), a merge key (``<<``) or
    nesting deeper than 64 levels.

    Why: tags can ask a loader to run code, and aliases can expand a small file
    into a huge one (the "billion laughs" attack). Plain data is all a framework needs.

    Example::

        statement: !!python/object/apply:os.system ["echo hi"]

    Fix: write the value out as plain text, a list or a mapping.
""")


#: every problem this module raises
READS = (AHP001, AHP002, AHP003)
