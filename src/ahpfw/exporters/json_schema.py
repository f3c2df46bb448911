"""``exports/json-schema/ahpfw.schema.json``: the JSON Schema generated from the LinkML schema.

A copy of ``schema/derived/ahpfw.schema.json``, the file the loader checks every
framework against (:func:`ahpfw.paths.json_schema_path`), which ``ahpfw schema``
derives with LinkML's ``JsonSchemaGenerator`` (the same as ``gen-json-schema
schema/ahpfw.yaml``): draft 2019-09 as stated in its ``$schema``, byte for byte
the same as that command's output (which ends with a blank line).
"""

from __future__ import annotations

from pathlib import Path

from ..project import Project

FILES = ("json-schema/ahpfw.schema.json",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "json-schema/ahpfw.schema.json": (
        "JSON Schema (draft 2019-09), generated from the LinkML schema",
        "developers validating framework data, and editors (YAML language servers) giving completion",
        "metaschema check, for example `ajv compile --spec=draft2019 --strict-schema=false -c ajv-formats "
        "-s json-schema/ahpfw.schema.json`",
    ),
}


def json_schema(project: Project) -> str:
    """The JSON Schema text of the schema that describes the project's frameworks (derived from it by
    ``ahpfw schema``: :mod:`ahpfw.schema.info`)."""
    return project.schema.json_schema_text


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the JSON Schema under ``out_dir``; return the paths written."""
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_schema(project), encoding="utf-8", newline="\n")
    return [path]
