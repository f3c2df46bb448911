"""The schema check as Python code, generated ahead of time from the JSON Schema.

Checking a framework against the JSON Schema (generated from the LinkML schema)
with ``jsonschema`` means importing it (with its format checkers, about a
quarter of a second) and walking the schema for every value. Instead,
``ahpfw build`` writes the check as plain Python code, ``src/ahpfw/schema/_check.py``
(made by ``fastjsonschema.compile_to_code``, with no import of fastjsonschema
left in it), which ships inside the package. The loader runs it first; only
when it finds a problem does ``jsonschema`` run, to describe every problem with
its location. A valid framework never imports ``jsonschema``.

The generated module records the SHA-256 of the JSON Schema text it was made
from, and is used only for a schema file with exactly that text. For any other
schema (a project with its own schema, or a schema changed since the last
build) the same code is generated and compiled at run time instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

#: the generated module, inside the package (``src/ahpfw/`` in a checkout)
MODULE = "_check"
FILE = Path("src", "ahpfw", "schema", f"{MODULE}.py")

#: the name, among the checks, of the tree root (the whole framework document)
ROOT = None
_ROOT_DEF = "ahpfw_root_"  # a $defs entry no LinkML class can be called (they are CamelCase)
#: the name of the check for what one file adds: the tree root without its required fields
PARTS = "ahpfw_parts_"

_FJS_IMPORT = "from fastjsonschema import JsonSchemaValueException, JsonSchemaValuesException\n"
_OWN_EXCEPTIONS = '''\
class JsonSchemaValueException(ValueError):
    """The data does not fit the schema (jsonschema then says where and why)."""


JsonSchemaValuesException = JsonSchemaValueException
'''

#: a generated function calling another: ``validate_x(data__y, custom_formats, <the value's path>)``
_NAMED_CALL = re.compile(r"^( +validate_\w+\(\w+, custom_formats), .+\)$", re.MULTILINE)

Check = Callable[[Any], Any]


def digest(schema_text: str | bytes) -> str:
    """The SHA-256 of a JSON Schema's text: which schema a generated check belongs to."""
    data = schema_text.encode("utf-8") if isinstance(schema_text, str) else schema_text
    return hashlib.sha256(data).hexdigest()


def generate(schema_text: str) -> str:
    """The Python module that checks data against the JSON Schema ``schema_text``; the same text gives the same code.

    Its ``CHECKS`` maps each definition of the schema (``"Consultation"``...) and
    :data:`ROOT` (the whole framework) to a function that returns the data when it
    fits and raises ``ValueError`` when it does not. The code does not import
    fastjsonschema. Raises ``ValueError`` when fastjsonschema writes code of a form
    this function does not know (a version it was not made for).
    """
    import fastjsonschema
    from fastjsonschema.ref_resolver import RefResolver

    schema = json.loads(schema_text)
    defs = dict(schema.get("$defs", {}))
    for reserved in (_ROOT_DEF, PARTS):
        if reserved in defs:
            raise ValueError(f"the JSON Schema has a definition named {reserved!r}, which is reserved")
    # The tree root's own keywords become one more definition, so that one piece of code holds a
    # function for the root and for every definition, each generated once; and the root without
    # its required fields checks what one file of a framework adds (see loader._part_fits).
    defs[_ROOT_DEF] = {k: v for k, v in schema.items() if k not in ("$defs", "$id", "$schema")}
    defs[PARTS] = {k: v for k, v in defs[_ROOT_DEF].items() if k != "required"}
    names = [_ROOT_DEF, *sorted(n for n in defs if n != _ROOT_DEF)]
    wrapper = {
        # The generated schema uses only keywords whose meaning draft 7 shares with 2019-09.
        "$schema": "http://json-schema.org/draft-07/schema#",
        **({"$id": schema["$id"]} if "$id" in schema else {}),
        "$defs": defs,
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in names],
    }
    functions = {}
    resolver = RefResolver.from_schema(json.loads(json.dumps(wrapper)))
    for name in names:
        with resolver.in_scope(f"#/$defs/{name}"):  # as fastjsonschema names the function for a $ref
            functions[name] = resolver.get_scope_name()
    if len(set(functions.values())) != len(functions):
        raise ValueError("two definitions of the JSON Schema give the same function name")
    code = fastjsonschema.compile_to_code(wrapper, use_default=False, detailed_exceptions=False)
    if code.count(_FJS_IMPORT) != 1 or "fastjsonschema" in code.replace(_FJS_IMPORT, ""):
        raise ValueError(f"fastjsonschema {fastjsonschema.VERSION} wrote code of an unknown form")
    code = code.replace(_FJS_IMPORT, _OWN_EXCEPTIONS)
    # Each call of a definition's function builds the path of the value for an error message, for every
    # item of every list (a str.format of all the local variables); the check only says yes or no.
    code = _NAMED_CALL.sub(r"\1, None)", code)
    missing = [fn for fn in functions.values() if f"\ndef {fn}(" not in code]
    if missing:
        raise ValueError(f"fastjsonschema {fastjsonschema.VERSION} wrote no function {missing[0]}")
    checks = "".join(f"    {'None' if name == _ROOT_DEF else repr(name)}: {fn},\n" for name, fn in functions.items())
    return (
        '"""The JSON Schema check, generated by `ahpfw build` (ahpfw.schema.code): do not edit.\n\n'
        "Made by fastjsonschema.compile_to_code from the JSON Schema with this SHA-256;\n"
        "ahpfw uses it only for a schema with exactly that text.\n"
        '"""\n'
        "# ruff: noqa\n"
        f'SCHEMA_SHA256 = "{digest(schema_text)}"\n'
        f"{code.rstrip()}\n\n\n"
        f"CHECKS = {{\n{checks}}}\n"
    )


def shipped_check(schema_path: str, definition: str | None = ROOT) -> Check | None:
    """The generated module's check for one definition (the root with None), if it was made from exactly
    the JSON Schema at ``schema_path``; else None."""
    text = schema_bytes(schema_path)
    if text is None:
        return None
    shipped = _shipped()
    if shipped is None or shipped.SCHEMA_SHA256 != digest(text):
        return None
    return shipped.CHECKS.get(definition)


def runtime_check(schema_path: str, definition: str | None = ROOT) -> Check | None:
    """The same check generated and compiled now from the JSON Schema at ``schema_path`` (for a schema the
    shipped module was not made from); None if fastjsonschema is missing or cannot compile it."""
    text = schema_bytes(schema_path)
    checks = _compile(text) if text is not None else None
    return checks.get(definition) if checks is not None else None


def schema_bytes(schema_path: str | Path) -> bytes | None:
    """A JSON Schema file's bytes, read once (again only when its size or time changes); None if unreadable.
    Everything that reads the JSON Schema (the loader, :mod:`ahpfw.schema.info`) reads it through this."""
    try:
        stat = os.stat(schema_path)
    except OSError:  # jsonschema, reading it too, reports that
        return None
    return _read_once(str(schema_path), stat.st_mtime_ns, stat.st_size)


@cache
def _read_once(schema_path: str, _mtime: int, _size: int) -> bytes | None:
    try:
        with open(schema_path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


@cache
def _compile(text: bytes) -> dict[str | None, Check] | None:
    try:
        code = generate(text.decode("utf-8"))
    except Exception:  # noqa: BLE001 - the check is a shortcut: without it, jsonschema checks everything
        return None
    namespace: dict[str, Any] = {"__name__": f"{__package__}.{MODULE}"}
    exec(compile(code, "<schema check compiled at run time>", "exec"), namespace)  # noqa: S102 - our own code
    return namespace["CHECKS"]


def _shipped() -> Any:
    from importlib import import_module

    try:
        return import_module(f"{__package__}.{MODULE}")
    except ImportError:  # a source tree before its first build
        return None


def passes(check: Check, data: Any) -> bool:
    """True when ``data`` fits (any error of the check counts as a failure, for jsonschema to describe)."""
    try:
        check(data)
    except Exception:  # noqa: BLE001
        return False
    return True


def module_path(project: Path) -> Path | None:
    """Where ``ahpfw build`` writes the generated module for ``project``: its ``src/ahpfw/schema/`` when it
    holds the package's source (a checkout of ahpfw), else None."""
    path = project / FILE
    return path if path.parent.is_dir() else None
