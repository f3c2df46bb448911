"""Editor completion: every framework YAML file (framework/ and frameworks/*/) names the per-file JSON Schema,
which fits every file."""

from __future__ import annotations

import json
import re

import yaml
from jsonschema import Draft201909Validator

from ahpfw.exporters.json_schema_file import file_schema

from .conftest import REPO, SHIPPED

SCHEMAS = REPO / "exports" / "json-schema"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _validator() -> Draft201909Validator:
    schema = json.loads((SCHEMAS / "ahpfw-file.schema.json").read_text(encoding="utf-8"))
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=None)


def test_file_schema_is_derived_from_the_main_schema():
    main = json.loads((SCHEMAS / "ahpfw.schema.json").read_text(encoding="utf-8"))
    derived = file_schema(main)
    assert json.loads((SCHEMAS / "ahpfw-file.schema.json").read_text(encoding="utf-8")) == derived
    assert "required" not in derived and main["required"]
    assert derived["$defs"] == main["$defs"]
    assert set(derived["properties"]) == set(main["properties"]) | {"include"}


def test_every_framework_file_points_at_the_file_schema_and_fits_it():
    validator = _validator()
    files = sorted([*SHIPPED.rglob("*.yaml"), *(REPO / "frameworks").glob("*/**/*.yaml")])
    assert len(files) > 5
    for file in files:
        text = file.read_text(encoding="utf-8")
        match = MODELINE.match(text)
        assert match, f"{file}: first line should be '# yaml-language-server: $schema=...'"
        assert (file.parent / match.group(1)).resolve() == (SCHEMAS / "ahpfw-file.schema.json").resolve(), file
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))  # dates as text, as editors read them
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{file}: {errors[:3]}"


def test_file_schema_still_catches_mistakes():
    validator = _validator()
    assert list(validator.iter_errors({"domains": [{"id": "ahpfw:DOM-0001", "nmae": "Typo"}]}))
    assert list(validator.iter_errors({"inclde": ["x.yaml"]}))
    assert not list(validator.iter_errors({"include": ["domains/*.yaml"]}))
