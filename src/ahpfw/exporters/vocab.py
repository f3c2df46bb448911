"""The RDF vocabulary of the framework, read from the LinkML schema (never written twice).

Each class's ``class_uri`` and each slot's ``slot_uri`` and range come from
``schema/ahpfw.yaml`` through LinkML's SchemaView; the exporters ask this
module how to write a model field as RDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..model import Framework
from ..paths import schema_yaml_path

#: How a slot's values are written: an element's IRI, another IRI, an integer or a string.
ELEMENT, IRI, INTEGER, STRING = "element", "iri", "integer", "string"


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


_TYPE_KINDS = {"integer": INTEGER, "uri": IRI, "uriorcurie": IRI}


@cache
def _load(path: str) -> Vocabulary:
    from linkml_runtime.utils.schemaview import SchemaView

    view = SchemaView(path)
    prefixes = {name: p.prefix_reference for name, p in view.schema.prefixes.items()}
    classes = view.all_classes()
    class_uris, slot_table = [], []
    for name in classes:
        if classes[name].abstract:
            continue
        class_uris.append((name, view.get_uri(classes[name], expand=True)))
        slots = []
        for slot_name in view.class_slots(name):
            induced = view.induced_slot(slot_name, name)
            rng = induced.range or view.schema.default_range
            meanings: tuple[tuple[str, str], ...] = ()
            if rng in classes:
                kind = ELEMENT
            elif rng in view.all_enums():
                pvs = view.get_enum(rng).permissible_values
                meanings = tuple((k, view.expand_curie(v.meaning)) for k, v in pvs.items() if v.meaning)
                kind = IRI if meanings else STRING
            elif rng == "StableId":
                kind = ELEMENT
            else:
                ancestors = view.type_ancestors(rng) if rng in view.all_types() else [rng]
                kind = next((_TYPE_KINDS[a] for a in ancestors if a in _TYPE_KINDS), STRING)
            slots.append(Slot(induced.alias or slot_name, view.get_uri(induced, expand=True), kind,
                              rng if rng in classes else None, bool(induced.identifier), meanings))
        slot_table.append((name, tuple(slots)))
    return Vocabulary(tuple(sorted(prefixes.items())), tuple(class_uris), tuple(slot_table))


def vocabulary(fw: Framework) -> Vocabulary:
    """The vocabulary of the schema that describes ``fw``."""
    return _load(str(schema_yaml_path(Path(fw.root or "."))))
