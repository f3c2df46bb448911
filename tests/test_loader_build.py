"""The loader builds model objects with generated code (loader._builder): the objects must be
exactly what the dataclasses' own constructors give, locations included (which == ignores)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ahpfw import model
from ahpfw.paths import shipped_frameworks
from ahpfw.problems import Location
from ahpfw.reading import loader

from .conftest import MINIMAL


def _by_constructor(cls: type, node: dict[str, Any], raw: loader.RawFramework, **extra: Any) -> Any:
    """The plain definition: ``cls(...)`` with the node's fields the class has, nulls left out, lists as
    tuples (nested evidence built the same way), the caller's fields on top."""
    names = {f.name for f in dataclasses.fields(cls)}
    own, fields_at = raw.positions.entry(node) or (Location(str(raw.manifest)), {})
    kwargs, more = {}, {}
    for key, value in node.items():
        if value is not None:
            if isinstance(value, list):
                nested = loader._NESTED.get(key)
                value = tuple(_by_constructor(nested, v, raw) if nested else v for v in value)
            (kwargs if key in names else more)[key] = value
    return cls(location=own, field_locations=fields_at, **{**kwargs, **extra}, **({"more": more} if more else {}))


def _same(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if f.name in ("location", "field_locations", "more"):
            assert x == y, f.name  # compare=False fields: == on the objects would not see them
        elif isinstance(x, tuple) and x and dataclasses.is_dataclass(x[0]):
            assert len(x) == len(y)
            for p, q in zip(x, y, strict=True):
                _same(p, q)
        else:
            assert x == y, f.name


@pytest.mark.parametrize("folder", [MINIMAL, *shipped_frameworks().values()],
                         ids=["minimal", *shipped_frameworks()])
def test_built_objects_are_what_the_constructors_give(folder):
    raw = loader.read_framework(folder)
    fw = loader.build_model(raw)
    checked = 0
    for name, cls in model.COLLECTIONS.items():
        for node, element in zip(raw.data.get(name) or (), getattr(fw, name), strict=True):
            extra: dict[str, Any] = {}
            if cls is model.Domain:
                extra["capabilities"] = element.capabilities
                for cap_node, cap in zip(node.get("capabilities") or (), element.capabilities, strict=True):
                    descriptors = tuple(_by_constructor(model.LevelDescriptor, d, raw)
                                        for d in cap_node.get("descriptors") or ())
                    _same(cap, _by_constructor(model.Capability, cap_node, raw, descriptors=descriptors,
                                               domain=node["id"]))
                    checked += 1
            _same(element, _by_constructor(cls, node, raw, **extra))
            checked += 1
    assert checked == sum(1 for _ in fw.iter_elements())  # every element and capability compared


def test_a_builder_keeps_keys_its_class_lacks_apart_leaves_out_nulls_and_keeps_defaults():
    raw = loader.read_framework(MINIMAL)
    node = {"stage": "ahpfw:STAGE-0001", "text": "Plans learning.", "origin": None, "not_a_field": 1,
            "evidence": [{"source": "ahpfw:SRC-0001", "quote": "plans"}]}
    built = loader._build(model.LevelDescriptor, node, raw)
    _same(built, _by_constructor(model.LevelDescriptor, node, raw))
    assert built.origin is None and built.figure_source is None and built.evidence[0].quote == "plans"
    assert not hasattr(built, "not_a_field") and built.more == {"not_a_field": 1}
    assert loader._build(model.LevelDescriptor, {"stage": "s", "text": "t"}, raw).more is model.NO_MORE
