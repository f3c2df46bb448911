"""Read one YAML file safely, keeping the line and column of every node.

Only plain data is accepted: mappings, sequences, strings, numbers, booleans and
nulls. Duplicate keys, tags (``!!python/object`` and friends), anchors and aliases
are refused with the place they were written, so a "billion laughs" file costs
no more than its own size. The C parser is used when PyYAML has it.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from .problems import Location, Problem

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.SafeLoader("")  # only its construct_yaml_* helpers are used


class Positions:
    """Where each value of a loaded YAML tree was written.

    Keyed by the ``id()`` of each dict or list in the tree (the tree keeps them
    alive): its own location and the location of each key or item.
    """

    __slots__ = ("_table",)

    def __init__(self) -> None:
        self._table: dict[int, tuple[Location, dict[Any, Location]]] = {}

    def add(self, container: Any, own: Location, children: dict[Any, Location]) -> None:
        self._table[id(container)] = (own, children)

    def of(self, container: Any, key: Any = None) -> Location | None:
        """Location of ``container`` itself, or of its entry ``key``."""
        entry = self._table.get(id(container))
        if entry is None:
            return None
        if key is None:
            return entry[0]
        return entry[1].get(key, entry[0])

    def merge(self, other: "Positions") -> None:
        self._table.update(other._table)


class YamlError(Exception):
    """A file could not be read as framework YAML; ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _fail(path: str, line: int, col: int, code: str, message: str, hint: str | None = None) -> YamlError:
    return YamlError(Problem(Location(path, line, col), code, message, hint=hint))


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
    return text[1:] if text.startswith("\ufeff") else text


def _line_start(text: str, line: int, column: int) -> str:
    """The characters of ``line`` (0-based) up to and including ``column``."""
    lines = text.splitlines()
    return lines[line][: column + 1] if line < len(lines) else ""


def _loc(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns a composed node tree into plain Python data plus Positions."""

    def __init__(self, path: str):
        self.path = path
        self.positions = Positions()
        self.seen: set[int] = set()

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:
            raise self._error(node, "AHP003", "anchors and aliases (&name, *name) are not supported; "
                              "write the value out in full")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self._error(node, "AHP003", f"nesting is deeper than {MAX_DEPTH} levels")
        tag = node.tag
        if isinstance(node, yaml.MappingNode):
            if tag != _MAP:
                raise self._unsupported_tag(node)
            return self._mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            if tag != _SEQ:
                raise self._unsupported_tag(node)
            items = []
            children = {}
            for i, child in enumerate(node.value):
                children[i] = _loc(self.path, child)
                items.append(self.convert(child, depth + 1))
            self.positions.add(items, _loc(self.path, node), children)
            return items
        if tag not in _PLAIN_TAGS:
            raise self._unsupported_tag(node)
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return node.value
        return _constructor.construct_object(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        children: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                raise self._error(key_node, "AHP003", "aliases are not supported")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._error(key_node, "AHP003", "merge keys (<<) are not supported")
                raise self._error(key_node, "AHP005", "a key must be a plain name such as 'statement'")
            key = key_node.value
            if key in result:
                first = children[key]
                raise self._error(key_node, "AHP002",
                                  f"duplicate key '{key}' (first written at line {first.line}); "
                                  "remove one of them")
            children[key] = _loc(self.path, key_node)
            result[key] = self.convert(value_node, depth + 1)
        self.positions.add(result, _loc(self.path, node), children)
        return result

    def _unsupported_tag(self, node: yaml.Node) -> YamlError:
        return self._error(node, "AHP003", f"tag '{node.tag}' is not allowed; framework files hold "
                           "plain text, numbers, lists and mappings only")

    def _error(self, node: yaml.Node, code: str, message: str) -> YamlError:
        loc = _loc(self.path, node)
        return _fail(self.path, loc.line, loc.col, code, message)


def read_yaml(path: Path) -> tuple[Any, Positions]:
    """Read ``path`` as one YAML document of plain data, with positions.

    Raises :class:`YamlError` for anything that is not readable, well-formed,
    plain YAML; the error's ``problem`` carries file, line and column.
    """
    name = str(path)
    try:
        if path.is_dir():
            raise _fail(name, 0, 0, "AHP001", "is a directory, not a YAML file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(name, 0, 0, "AHP001", f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except YamlError:
        raise
    except FileNotFoundError:
        raise _fail(name, 0, 0, "AHP001", "file not found") from None
    except PermissionError:
        raise _fail(name, 0, 0, "AHP001", "permission denied: cannot read this file") from None
    except OSError as exc:
        raise _fail(name, 0, 0, "AHP001", f"cannot read file: {exc.strerror or exc}") from None
    text = _decode(name, raw)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fail(name, 1, 1, "AHP001", "file is empty; it should hold a YAML mapping")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if mark and "\t" in _line_start(text, mark.line, mark.column):
            message += " (use spaces, not tabs, to indent YAML)"
        raise _fail(name, line, col, "AHP001", f"YAML syntax error: {message}") from None
    except yaml.YAMLError as exc:
        raise _fail(name, 0, 0, "AHP001", f"YAML error: {exc}") from None
    except RecursionError:
        raise _fail(name, 0, 0, "AHP003", "nesting is too deep") from None
    if node is None:
        raise _fail(name, 1, 1, "AHP001", "file is empty; it should hold a YAML mapping")
    conv = _Converter(name)
    data = conv.convert(node)
    return data, conv.positions
