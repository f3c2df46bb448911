"""The RDF vocabulary of the framework, read from the LinkML schema (never written twice).

Each class's ``class_uri`` and each slot's ``slot_uri`` and range come from
``schema/ahpfw.yaml``, as ``ahpfw schema`` derived them with LinkML's SchemaView
into ``schema/derived/schema-info.json`` (:mod:`ahpfw.schema.derive`,
:mod:`ahpfw.schema.info`); the exporters ask this module how to write a model
field as RDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..model import Framework
from ..schema.info import ELEMENT, INTEGER, IRI, STRING  # noqa: F401 - how a slot's values are written


@dataclass(frozen=True)
class Slot:
    """One model field of one class, as RDF."""

    field: str  # the model's field name (the slot's alias, if it has one)
    uri: str  # the slot_uri, expanded
    kind: str  # ELEMENT, IRI, INTEGER or STRING
    range_class: str | None  # the schema class of an inlined or referenced value
    identifier: bool  # the element's own id (written as the node's IRI, not as a triple)
    enum_meanings: tuple[tuple[str, str], ...] = ()  # enum value -> expanded meaning IRI

    @cached_property
    def meanings(self) -> dict[str, str]:
        """``enum_meanings`` as a table."""
        return dict(self.enum_meanings)


@dataclass(frozen=True)
class Vocabulary:
    """Class IRIs, slot IRIs and prefixes of one schema."""

    prefixes: tuple[tuple[str, str], ...]
    class_uris: tuple[tuple[str, str], ...]
    slots: tuple[tuple[str, tuple[Slot, ...]], ...]

    # Tables built once per vocabulary: exporters ask these questions once per element or more.
    @cached_property
    def _class_uri_table(self) -> dict[str, str]:
        return dict(self.class_uris)

    @cached_property
    def _slot_tables(self) -> dict[str, dict[str, Slot]]:
        return {name: {slot.field: slot for slot in slots} for name, slots in self.slots}

    @cached_property
    def _prefix_table(self) -> dict[str, str]:
        return dict(self.prefixes)

    def class_uri(self, class_name: str) -> str:
        return self._class_uri_table[class_name]

    def slots_of(self, class_name: str) -> dict[str, Slot]:
        """The class's slots by model field name (a shared table: do not change it)."""
        return self._slot_tables[class_name]

    def expand(self, curie: str) -> str:
        """Expand a CURIE with the schema's prefixes; anything else is returned as written."""
        prefix, sep, local = curie.partition(":")
        table = self._prefix_table
        if sep and prefix in table and not local.startswith("//"):
            return table[prefix] + local
        return curie

    def base_iri(self, fw: Framework) -> str:
        """The default base IRI of element ids: where their CURIE prefix points (https://w3id.org/ahpfw/id/)."""
        return self.expand(fw.id.partition(":")[0] + ":")


def from_info(info: dict) -> Vocabulary:
    """The vocabulary in ``schema-info.json`` (:mod:`ahpfw.schema.info`; made by :func:`ahpfw.schema.derive.info`)."""
    classes = info["classes"]
    return Vocabulary(
        tuple(sorted(info["prefixes"].items())),
        tuple((name, c["uri"]) for name, c in classes.items()),
        tuple((name, tuple(Slot(s["field"], s["uri"], s["kind"], s["range_class"], s["identifier"],
                                tuple(tuple(pair) for pair in s["enum_meanings"])) for s in c["slots"]))
              for name, c in classes.items()))


_VOCABULARIES: dict[tuple[Path, str], Vocabulary] = {}


def vocabulary(fw: Framework) -> Vocabulary:
    """The vocabulary of the schema that describes ``fw`` (in its project: :meth:`Project.of`)."""
    from ..project import Project

    schema = Project.of(fw).schema
    key = (schema.folder, str(schema.info["source_sha256"]))
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = from_info(schema.info)
    return _VOCABULARIES[key]
