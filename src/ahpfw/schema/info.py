"""What the LinkML schema says, read from the files derived from it: no LinkML at run time.

``schema/ahpfw.yaml`` is the one place the framework's structure is declared.
``ahpfw schema`` (which needs LinkML: ``pip install 'ahpfw[schema]'``) derives
from it, into ``schema/derived/``::

    ahpfw.schema.json   the JSON Schema every framework file is checked against (and exported)
    shapes.ttl          the SHACL shapes of the RDF export
    schema-info.json    the schema's vocabulary (each class's IRI, each slot's IRI, range and kind),
                        and the SHA-256 of the schema they were all made from

Loading, validating and building read these files, never the schema through
LinkML, so they need no LinkML and start fast. When ``schema/ahpfw.yaml`` has
changed since they were made (its SHA-256 is not the one recorded), they are
stale: :func:`derived_for` raises :class:`StaleSchema`, saying to run
``ahpfw schema``. A project whose schema is the package's own (the same
SHA-256) may do without ``schema/derived/``: the package's are used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ..problems import UsageError

DERIVED = "derived"
JSON_SCHEMA = "ahpfw.schema.json"
SHAPES = "shapes.ttl"
INFO = "schema-info.json"
#: every file ``ahpfw schema`` writes into the derived folder, README first
FILES = ("README.md", JSON_SCHEMA, SHAPES, INFO)
#: How a slot's values are written in RDF (a slot's ``kind``): an element's IRI, another IRI, an integer or a string.
ELEMENT, IRI, INTEGER, STRING = "element", "iri", "integer", "string"


class StaleSchema(UsageError):
    """The files derived from a schema are missing or were made from another version of it."""


@dataclass(frozen=True)
class SchemaInfo:
    """A LinkML schema and the files derived from it (see the module's docstring)."""

    source: Path  # schema/ahpfw.yaml
    folder: Path  # its derived files

    @property
    def json_schema_path(self) -> Path:
        return self.folder / JSON_SCHEMA

    @cached_property
    def json_schema_text(self) -> str:
        """The JSON Schema, as text (the JSON Schema export is this, byte for byte)."""
        from .code import schema_bytes

        text = schema_bytes(self.json_schema_path)
        if text is None:
            raise StaleSchema(f"{self.json_schema_path}: missing or unreadable; run 'ahpfw schema'")
        return text.decode("utf-8")

    @cached_property
    def shapes_text(self) -> str:
        """The SHACL shapes (Turtle), as text."""
        return (self.folder / SHAPES).read_text(encoding="utf-8")

    @cached_property
    def info(self) -> dict[str, Any]:
        """``schema-info.json``: ``source_sha256``, ``prefixes``, ``classes`` (see :mod:`ahpfw.schema.derive`)."""
        return _read_info(self.folder / INFO)

    def read_all(self) -> SchemaInfo:
        """Read every derived file now."""
        _ = self.json_schema_text, self.shapes_text, self.info
        return self

    # What each field is for: the annotations on its slot (see the comment above ``slots:`` in the schema)

    def slots(self, cls: type | str) -> tuple[dict[str, Any], ...]:
        """The slots of a schema class (or of the model class of that name), in the schema's order; () for
        a class the schema does not have."""
        name = cls if isinstance(cls, str) else cls.__name__
        found = self.info["classes"].get(name)
        return tuple(found["slots"]) if found else ()

    def fields(self, cls: type | str, tag: str, value: str | None = None) -> tuple[str, ...]:
        """The fields of a class whose slot is annotated ``tag`` (with ``value``, when given), in order:
        ``fields(Capability, "placeholders")``, ``fields(Capability, "consultation", "reword")``."""
        key = (cls if isinstance(cls, str) else cls.__name__, tag, value)
        found = self._fields.get(key)
        if found is None:
            found = self._fields[key] = tuple(
                s["field"] for s in self.slots(key[0])
                if tag in s.get("annotations", {}) and (value is None or s["annotations"][tag] == value))
        return found

    def annotation(self, cls: type | str, field: str, tag: str) -> str | None:
        """The value of one annotation of a class's field (None when it has none)."""
        for slot in self.slots(cls):
            if slot["field"] == field:
                return slot.get("annotations", {}).get(tag)
        return None

    def fields_anywhere(self, tag: str, value: str | None = None) -> frozenset[str]:
        """The fields annotated ``tag`` (with ``value``) in any class of the schema."""
        return frozenset(f for name in self.info["classes"] for f in self.fields(name, tag, value))

    @cached_property
    def _fields(self) -> dict[tuple[str, str, str | None], tuple[str, ...]]:
        return {}


def digest(path: Path) -> str:
    """The SHA-256 of a schema file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def derived_folder(schema_yaml: Path) -> Path:
    """Where the files derived from ``schema_yaml`` are written: ``derived/`` beside it."""
    return Path(schema_yaml).parent / DERIVED


def derived_for(schema_yaml: Path, shipped: Path | None = None) -> SchemaInfo:
    """The schema ``schema_yaml`` with its derived files: its own, or those of the ``shipped`` schema (the
    package's) when it is the same schema. Raises :class:`StaleSchema` when neither was made from it as
    it is now."""
    path = Path(schema_yaml)
    stat = path.stat()
    return _derived_for(str(path), stat.st_mtime_ns, stat.st_size, str(shipped or ""))


@cache
def _derived_for(path: str, _mtime: int, _size: int, shipped_schema: str) -> SchemaInfo:  # once per version
    schema = Path(path)
    wanted = digest(schema)
    own = derived_folder(schema)
    if _made_from(own) == wanted:
        return SchemaInfo(schema, own)
    shipped = derived_folder(Path(shipped_schema)) if shipped_schema else own
    if shipped != own and _made_from(shipped) == wanted:
        return SchemaInfo(schema, shipped)
    state = "are missing" if not (own / INFO).is_file() else "were made from another version of it"
    raise StaleSchema(f"{own}: the files derived from {schema.name} {state}; run 'ahpfw schema' to make them "
                      "(it needs LinkML: pip install 'ahpfw[schema]')")


def stale(schema_yaml: Path) -> list[Path]:
    """The derived files of ``schema_yaml`` (its own ``derived/`` folder) that are missing or were made
    from another version of it; [] when they are up to date."""
    folder = derived_folder(schema_yaml)
    if _made_from(folder) == digest(schema_yaml):
        return [folder / name for name in FILES if not (folder / name).is_file()]
    return [folder / name for name in FILES]


def _made_from(folder: Path) -> str | None:
    try:
        return str(_read_info(folder / INFO).get("source_sha256"))
    except (OSError, ValueError):
        return None


def _read_info(path: Path) -> dict[str, Any]:
    stat = path.stat()
    return _read_info_once(str(path), stat.st_mtime_ns, stat.st_size)


@cache
def _read_info_once(path: str, _mtime: int, _size: int) -> dict[str, Any]:  # once per file and version of it
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a JSON object")
    return data
