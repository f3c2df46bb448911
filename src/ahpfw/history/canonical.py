"""The canonical plain-data form of a framework, and back.

This is the shape of the JSON export and of release snapshots: the schema's
field names, elements in document order, fields in model order, empty and
default values left out. :func:`to_data` and :func:`from_data` round-trip:
``from_data(to_data(fw)) == fw``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from json.encoder import encode_basestring as _encode_string  # the C encoder where there is one
from pathlib import Path
from typing import Any

from .. import model
from ..speed.gcpause import gc_paused

#: Model fields that are derived or bookkeeping, never written out.
_SKIP = frozenset({"location", "field_locations", "more", "domain", "root", "schema"})


@cache
def _plan(cls: type) -> tuple[tuple[str, ...], bool]:
    """The fields of a model class that are written, in model order, and whether it is an element."""
    return tuple(f.name for f in fields(cls) if f.name not in _SKIP), issubclass(cls, model.Element)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    if is_dataclass(value):
        return _object(value)
    return value


def fields_of(obj: Any) -> Iterator[tuple[str, Any]]:
    """The fields of a model object that the canonical form writes, in order, as model values.

    Derived and bookkeeping fields, empty values and an element's default
    ``status`` are left out; nested objects and tuples are given as they are.
    """
    names, element = _plan(type(obj))
    for name in names:
        value = getattr(obj, name)
        if value is None or value == () or (element and name == "status" and value == "active"):
            continue
        yield name, value
    for name, value in obj.more.items():  # the fields a project's own schema adds, as written
        if value is not None and value != ():
            yield name, value


def _object(obj: Any) -> dict[str, Any]:
    return {name: _value(value) for name, value in fields_of(obj)}


def to_data(fw: model.Framework) -> dict[str, Any]:
    """The framework as plain data (dicts, lists, strings, numbers)."""
    return _object(fw)


def to_json(fw: model.Framework) -> str:
    """The canonical JSON text: two-space indent, UTF-8, a final newline."""
    return dumps_indented(to_data(fw)) + "\n"


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text several times faster.

    Python's ``json`` module encodes in C only without ``indent``; this walks
    the plain data (dicts with string keys, lists, strings, numbers, booleans,
    None) itself and leaves each string to the C encoder.
    """
    return _dump(data, "\n")


def _dump(value: Any, newline: str) -> str:
    """``value`` as indented JSON; ``newline`` is the line break and indent of the current level."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        return ("{" + inner + ("," + inner).join(
            _encode_string(k) + ": " + (_encode_string(v) if type(v) is str else _dump(v, inner))
            for k, v in value.items()) + newline + "}")
    if kind is list:
        if not value:
            return "[]"
        inner = newline + "  "
        return ("[" + inner + ("," + inner).join(
            _encode_string(v) if type(v) is str else _dump(v, inner) for v in value) + newline + "]")
    return json.dumps(value)


def from_data(data: dict[str, Any], origin: str = "<data>") -> model.Framework:
    """Build the model from canonical data, checking it against the JSON Schema first.

    Raises :class:`~ahpfw.problems.FrameworkError` when the data does not fit.
    """
    from ..problems import FrameworkError
    from ..reading.loader import RawFramework, build_model, schema_problems
    from ..reading.yamlfile import Positions

    raw = RawFramework(Path(origin).parent, data, Positions(), [Path(origin)], Path(origin))
    problems = schema_problems(raw)
    if problems:
        raise FrameworkError(problems)
    with gc_paused():
        return build_model(raw)


def load_json(path: str | Path) -> model.Framework:
    """Load a canonical JSON file (a JSON export or a release snapshot)."""
    return from_data(read_json(path), str(path))


def read_json(path: str | Path) -> dict[str, Any]:
    """The data of a canonical JSON file, not yet checked against the schema. Raises
    :class:`~ahpfw.problems.FrameworkError` when it is not readable JSON with an ``id`` and a ``version``."""
    from ..problems import FrameworkError, Location, Problem

    path = Path(path)
    try:
        with gc_paused():
            data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError([Problem(Location(str(path)), "AHP001", f"cannot read file: {exc}")]) from None
    except json.JSONDecodeError as exc:
        raise FrameworkError([Problem(Location(str(path), exc.lineno, exc.colno), "AHP001",
                                      f"not valid JSON: {exc.msg}")]) from None
    except RecursionError:  # json.loads gives up on deep nesting such as [[[[...]]]]
        raise FrameworkError([Problem(Location(str(path)), "AHP003", "nesting is too deep")]) from None
    if not isinstance(data, dict) or "id" not in data or "version" not in data:
        raise FrameworkError([Problem(Location(str(path), 1, 1), "AHP004",
                                      "this JSON file is not an ahpfw framework (no 'id' and 'version')")])
    return data
