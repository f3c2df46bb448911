"""An identifier from a released version has disappeared, or a retired one is used again.

What: an id that appears in any release of this framework (the snapshots in
``releases/`` beside the framework folder) is missing from the framework; it
now names a different kind of element; or an id that a release had already
retired is active again.

Why: integrators, assessment records and consultation comments point at
elements by id. An id that silently disappears breaks their links; an id that
comes back meaning something else makes old links point at the wrong thing.
Identifiers are never removed and never reused.

Example::

    # releases/0.1.0 has ahpfw:CAP-0024; the new draft simply deleted it

Fix: put the element back and, if it is no longer wanted, mark it
``status: retired`` with ``replaced_by`` naming the live elements that take
its place (AHP019 checks that trail). For new content, use a new id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import model
from ..model import Framework
from ..problems import FrameworkError, Location, Problem, UsageError
from ..project import Project

CODE = "AHP020"
NAME = "id-stability"
SUMMARY = "Every id in a release stays (active or retired), keeps its kind, and is never reused once retired."

_KIND_OF = {name: cls for name, cls in model.COLLECTIONS.items()}
_Released = tuple[type, bool, str]


def _released_ids(data: Any) -> tuple[str, str, dict[str, _Released]]:
    """(framework id, version, {element id: (class, retired, where it sat)}) of one snapshot, as plain JSON.

    Where it sat is its collection's name, or its domain's id for a capability.
    """
    ids: dict[str, _Released] = {}
    for name, cls in _KIND_OF.items():
        for item in data.get(name) or ():
            ids.setdefault(item["id"], (cls, item.get("status") == "retired", name))
            if cls is model.Domain:
                for cap in item.get("capabilities") or ():
                    ids.setdefault(cap["id"], (model.Capability, cap.get("status") == "retired", item["id"]))
    return str(data.get("id")), str(data.get("version")), ids


def _history(fw: Framework, project: Project) -> list[tuple[str, dict[str, _Released]]]:
    """(version, ids) of each release of this framework, oldest first (none for a framework read from no folder:
    its project gives it an empty history)."""
    history = project.history(fw)
    out = []
    for release in history.releases:
        if not history.has_snapshot(release.version):
            continue
        fw_id, version, ids = _released_ids(history.data(release.version))
        if fw_id == fw.id:
            out.append((version, ids))
    return out


def check(fw: Framework, project: Project) -> Iterator[Problem]:
    try:
        history = _history(fw, project)
    except (OSError, ValueError, KeyError, TypeError, UsageError, FrameworkError) as exc:
        yield Problem(Location(str(Path(fw.root) / "framework.yaml"), 1, 1), CODE,
                      f"the release history beside this framework cannot be read: {exc}")
        return
    elements = fw.elements
    manifest = fw.location if fw.location.path else Location(str(Path(fw.root) / "framework.yaml"), 1, 1)
    first_seen: dict[str, tuple[str, type, str]] = {}
    retired_in: dict[str, str] = {}
    for version, ids in history:
        for element_id, (cls, retired, parent) in ids.items():
            first_seen.setdefault(element_id, (version, cls, parent))
            if retired:
                retired_in.setdefault(element_id, version)
    for element_id, (version, cls, parent) in first_seen.items():
        current = elements.get(element_id)
        if current is None:
            holder = elements.get(parent)
            where = holder.where("capabilities") if holder is not None else fw.field_locations.get(parent, manifest)
            yield Problem(where, CODE,
                          f"{cls.LABEL} {element_id} (released in {version}) has disappeared; ids are never "
                          "removed", element_id=element_id,
                          hint="put it back with 'status: retired' and replaced_by naming what replaces it")
        elif type(current) is not cls:
            yield Problem(current.where("id"), CODE,
                          f"{element_id} was a {cls.LABEL} in release {version} but is now a {current.LABEL}; "
                          "an id keeps its kind", element_id=element_id, hint="give the new element a new id")
        elif element_id in retired_in and not current.retired:
            yield Problem(current.where(), CODE,
                          f"{current.LABEL} {element_id} was retired in release {retired_in[element_id]} and is "
                          "active again; retired ids are never reused", element_id=element_id,
                          hint="keep it retired and give the new element a new id")
