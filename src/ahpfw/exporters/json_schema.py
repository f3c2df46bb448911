"""``exports/json-schema/ahpfw.schema.json``: the JSON Schema generated from the LinkML schema.

This is the file the loader checks every framework against
(:func:`ahpfw.paths.json_schema_path`); it is the output of LinkML's
``JsonSchemaGenerator`` (the same as ``gen-json-schema schema/ahpfw.yaml``),
draft 2019-09 as stated in its ``$schema``, byte for byte the same as that
command's output (which ends with a blank line).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..model import Framework
from ..paths import schema_yaml_path
from ..project import Project

FILES = ("json-schema/ahpfw.schema.json",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ("linkml", "linkml_runtime", "rdflib", "jinja2", "markupsafe")  # LinkML's generator

ABOUT = {
    "json-schema/ahpfw.schema.json": (
        "JSON Schema (draft 2019-09), generated from the LinkML schema",
        "developers validating framework data, and editors (YAML language servers) giving completion",
        "metaschema check, for example `ajv compile --spec=draft2019 --strict-schema=false -c ajv-formats "
        "-s json-schema/ahpfw.schema.json`",
    ),
}


def json_schema(fw: Framework) -> str:
    """The JSON Schema text for the schema that describes ``fw``."""
    return generate(schema_yaml_path(Path(fw.root or ".")))


def generate(schema_yaml: Path) -> str:
    """The JSON Schema text generated from a LinkML schema file."""
    return _generate(str(schema_yaml), Path(schema_yaml).stat().st_mtime_ns)


@cache
def _generate(path: str, _mtime: int) -> str:  # cached per schema file and version of it
    from linkml.generators.jsonschemagen import JsonSchemaGenerator

    return JsonSchemaGenerator(path).serialize() + "\n"


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the JSON Schema under ``out_dir``; return the paths written."""
    fw = project.framework
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_schema(fw), encoding="utf-8", newline="\n")
    return [path]
