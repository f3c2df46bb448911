"""``exports/json-schema/ahpfw-file.schema.json``: a JSON Schema for any one YAML file of a framework.

A framework is split across ``framework.yaml`` and the files it includes, and
each file holds only part of it, so the main schema (which requires the
framework's metadata at the top and knows nothing of ``include``) would make an
editor complain about every included file. This schema is derived from the main
one in code: the same definitions and top-level fields, plus ``include``, and
nothing required. Editors point at it through the first line of each file::

    # yaml-language-server: $schema=../exports/json-schema/ahpfw-file.schema.json

``ahpfw validate`` still checks the whole framework against the main schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..project import Project
from .json_schema import json_schema

FILES = ("json-schema/ahpfw-file.schema.json",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "json-schema/ahpfw-file.schema.json": (
        "JSON Schema (draft 2019-09), derived from `ahpfw.schema.json`",
        "authors: editor completion and checking in each framework YAML file (nothing is required at the top, "
        "since a file holds part of a framework)",
        "metaschema check, for example `ajv compile --spec=draft2019 -s json-schema/ahpfw-file.schema.json`",
    ),
}

_INCLUDE = {
    "type": "array",
    "items": {"type": "string"},
    "description": "framework.yaml only: the other files of the framework (names or glob patterns, relative to "
                   "its folder), read in this order.",
}


def file_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema for one file, from the main schema: same definitions and fields, ``include`` added, none required."""
    out = {key: value for key, value in schema.items() if key != "required"}
    out["$id"] = f"{schema.get('$id', 'ahpfw')}/file"
    out["title"] = f"{schema.get('title', 'ahpfw')} (one file)"
    out["description"] = ("One YAML file of a framework: framework.yaml or a file it includes. Any of the "
                          "framework's top-level fields; none is required here, because `ahpfw validate` checks "
                          "the framework as a whole.")
    out["properties"] = {**schema.get("properties", {}), "include": _INCLUDE}
    return out


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the per-file JSON Schema under ``out_dir``; return the paths written."""
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(file_schema(json.loads(json_schema(project))), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return [path]
