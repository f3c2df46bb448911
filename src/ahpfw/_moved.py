"""The modules' names in package 0.4.0, before the layer subpackages, kept working for code that imports them.

``import ahpfw.loader`` (or ``from ahpfw.loader import load``) gives the module
:mod:`ahpfw.reading.loader` itself, the same object under both names, with a
``DeprecationWarning`` that names the new place. Names of the public API
(:func:`ahpfw.load`, :func:`ahpfw.validate`...) never moved.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

#: Each module's name in package 0.4.0, and its name now.
MOVED = {
    "ahpfw.yamlsyntax": "ahpfw.reading.yamlsyntax",
    "ahpfw.yamlfile": "ahpfw.reading.yamlfile",
    "ahpfw.readcache": "ahpfw.reading.readcache",
    "ahpfw.loader": "ahpfw.reading.loader",
    "ahpfw.workbooks": "ahpfw.reading.workbooks",
    "ahpfw.canonical": "ahpfw.history.canonical",
    "ahpfw.changes": "ahpfw.history.changes",
    "ahpfw.revisions": "ahpfw.history.revisions",
    "ahpfw.releaseindex": "ahpfw.history.releaseindex",
    "ahpfw.errata": "ahpfw.history.errata",
    "ahpfw.versions": "ahpfw.history.versions",
    "ahpfw.scaffold": "ahpfw.editing.scaffold",
    "ahpfw.edits": "ahpfw.editing.edits",
    "ahpfw.workbook_edits": "ahpfw.editing.workbook_edits",
    "ahpfw.releases": "ahpfw.editing.releases",
    "ahpfw.evidence": "ahpfw.provenance.evidence",
    "ahpfw.screen": "ahpfw.speed.screen",
    "ahpfw.textscan": "ahpfw.speed.textscan",
    "ahpfw.gcpause": "ahpfw.speed.gcpause",
    "ahpfw.forked": "ahpfw.speed.forked",
    "ahpfw.schemacode": "ahpfw.schema.code",
    "ahpfw.schemainfo": "ahpfw.schema.info",
    "ahpfw.schemagen": "ahpfw.schema.derive",
    "ahpfw.validation": "ahpfw.rules.validation",
    "ahpfw.templating": "ahpfw.site.templating",
}


class MovedModules:
    """An import finder that gives a moved module under its old name (see :data:`MOVED`)."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in MOVED:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, cls, origin=MOVED[name])

    @staticmethod
    def create_module(spec: Any) -> ModuleType:
        import warnings

        warnings.warn(f"{spec.name} has moved to {spec.origin}; import it from there", DeprecationWarning,
                      stacklevel=2)
        module = import_module(spec.origin)
        spec.loader_state = module.__spec__  # put back by exec_module: the import system sets __spec__ to ours
        return module

    @staticmethod
    def exec_module(module: ModuleType) -> None:
        module.__spec__ = module.__spec__.loader_state


def install() -> None:
    """Let the old names be imported (once per process)."""
    if not any(finder is MovedModules for finder in sys.meta_path):
        sys.meta_path.append(MovedModules)
