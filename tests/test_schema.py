"""The LinkML schema is well-formed, generates cleanly, and the Python model matches it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ahpfw import model

from .conftest import REPO

SCHEMA = REPO / "schema" / "ahpfw.yaml"


@pytest.fixture(scope="module")
def view():
    from linkml_runtime.utils.schemaview import SchemaView

    return SchemaView(str(SCHEMA))


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def test_linkml_lint_reports_no_errors():
    result = subprocess.run([_tool("linkml-lint"), str(SCHEMA)], capture_output=True, text=True, timeout=300)
    assert " error " not in result.stdout, result.stdout
    assert result.returncode in (0, 1), result.stderr  # 1 means warnings only


@pytest.mark.parametrize("generator", ["gen-json-schema", "gen-python"])
def test_generators_run_cleanly(generator, tmp_path):
    result = subprocess.run([_tool(generator), str(SCHEMA)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stderr
    assert len(result.stdout) > 1000
    if generator == "gen-json-schema":
        assert json.loads(result.stdout)["$schema"].startswith("https://json-schema.org/")
    else:
        compile(result.stdout, "generated.py", "exec")


def test_every_class_and_slot_is_described(view):
    for name, cls in view.all_classes(imports=False).items():
        assert cls.description, f"class {name} has no description"
    for name, slot in view.all_slots(imports=False).items():
        assert slot.description, f"slot {name} has no description"


_MODEL_CLASS = {cls.__name__: cls for cls in (*model.COLLECTIONS.values(), model.Capability,
                                              model.LevelDescriptor, model.Framework)}
_BOOKKEEPING = {"location", "field_locations", "more", "domain", "root", "schema"}


@pytest.mark.parametrize("name", sorted(_MODEL_CLASS))
def test_model_fields_match_schema_slots(view, name):
    schema_fields = {view.induced_slot(s, name).alias or s for s in view.class_slots(name)}
    model_fields = {f.name for f in dataclasses.fields(_MODEL_CLASS[name])} - _BOOKKEEPING
    assert model_fields == schema_fields


@pytest.mark.parametrize("name", sorted(n for n in _MODEL_CLASS if issubclass(_MODEL_CLASS[n], model.Element)))
def test_model_kind_matches_the_id_pattern(view, name):
    pattern = view.induced_slot("id", name).pattern
    assert f":{_MODEL_CLASS[name].KIND}-" in pattern


def test_model_required_fields_have_no_default(view):
    for name, cls in _MODEL_CLASS.items():
        defaults = {f.name for f in dataclasses.fields(cls)
                    if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING}
        for slot in view.class_slots(name):
            induced = view.induced_slot(slot, name)
            if induced.required:
                assert (induced.alias or slot) not in defaults, f"{name}.{slot} is required in the schema"


def test_committed_json_schema_matches_the_linkml_schema():
    result = subprocess.run([_tool("gen-json-schema"), str(SCHEMA)], capture_output=True, text=True, timeout=300)
    committed = json.loads((REPO / "schema" / "derived" / "ahpfw.schema.json").read_text())
    assert json.loads(result.stdout) == committed, "run 'ahpfw schema' to derive schema/derived/ again"
