"""``exports/json/framework.json``: the canonical JSON of the whole framework."""

from __future__ import annotations

from pathlib import Path

from ..history.canonical import to_json
from ..project import Project

FILES = ("json/framework.json",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "json/framework.json": (
        "JSON (canonical form)",
        "developers loading the framework into their own systems; `ahpfw.history.canonical.load_json` reads it back",
        "validate against `json-schema/ahpfw.schema.json` (for example `ajv validate --spec=draft2019 "
        "--strict-schema=false -c ajv-formats -s json-schema/ahpfw.schema.json -d json/framework.json`)",
    ),
}


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the canonical JSON export under ``out_dir``; return the paths written."""
    fw = project.framework
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(fw), encoding="utf-8", newline="\n")
    return [path]
