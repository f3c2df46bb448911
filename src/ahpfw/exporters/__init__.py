"""Exporters: one module per format, each ``export(fw, out_dir) -> list[Path]``.

Every exporter is a pure function of the loaded framework: the same framework
gives byte-identical files. Each module declares ``FILES`` (the paths it
writes, relative to the exports folder; a glob pattern such as
``sssom/*.sssom.tsv`` where the names depend on the data) and ``ABOUT`` (for
each entry of ``FILES``: its format, who it is for and how to check it;
``exports/README.md`` is built from these). :data:`FORMATS` is the one registry of formats, used by
``ahpfw build``, ``ahpfw export`` and :func:`ahpfw.export`.
"""

from __future__ import annotations

import filecmp
import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from ..model import Framework
from ..problems import UsageError

#: format name -> module under ahpfw.exporters, in build order
FORMATS: dict[str, str] = {
    "json-schema": "json_schema",
    "json-schema-file": "json_schema_file",
    "json": "json",
    "rdf": "rdf",
    "spreadsheet": "spreadsheet",
    "crosswalks": "crosswalks",
    "case": "case",
    "docs": "docs",
    "site": "site",
    "readme": "readme",
}


def exporter(name: str) -> ModuleType:
    """The exporter module for a format name; :class:`UsageError` for an unknown one."""
    try:
        module = FORMATS[name]
    except KeyError:
        raise UsageError(f"no export format {name!r}; choose one of: {', '.join(FORMATS)}") from None
    return import_module(f"{__name__}.{module}")


def all_files() -> list[str]:
    """Every file (or glob pattern) ``ahpfw build`` may write, relative to the exports folder, in build order."""
    return [file for name in FORMATS for file in exporter(name).FILES]


def export(fw: Framework, fmt: str, out_dir: str | Path, **options: Any) -> list[Path]:
    """Write one format's files for ``fw`` under ``out_dir``; return the paths written.

    ``options`` go to the exporter (for example ``base_iri`` for ``rdf`` and ``case``).
    """
    module = exporter(fmt)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with _gc_paused():
        return module.export(fw, out, **options)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an exporter runs.

    Exporters make millions of short-lived strings, tuples and dicts and no
    reference cycles to speak of (reference counting frees them), but every
    allocation burst makes the collector walk the whole loaded framework again:
    on 10,000 capabilities that was a third of the time of some exporters.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_all(fw: Framework, out_dir: Path,
               progress: Callable[[str, list[Path]], None] | None = None) -> list[Path]:
    """Write every format under ``out_dir`` (which should be empty); return every path written."""
    written: list[Path] = []
    for name in FORMATS:
        paths = export(fw, name, out_dir)
        written.extend(paths)
        if progress is not None:
            progress(name, paths)
    return written


@dataclass(frozen=True)
class Differences:
    """How an exports folder differs from what would be generated (paths relative to it)."""

    stale: list[str]
    missing: list[str]
    extra: list[str]

    def __bool__(self) -> bool:
        return bool(self.stale or self.missing or self.extra)


def _files(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {Path(dirpath, name).relative_to(root).as_posix()
            for dirpath, _, names in os.walk(root) for name in names}


def compare(expected: Path, actual: Path) -> Differences:
    """Compare freshly generated files (``expected``) with an exports folder (``actual``), byte for byte."""
    want, have = _files(expected), _files(actual)
    stale = sorted(p for p in want & have if not filecmp.cmp(expected / p, actual / p, shallow=False))
    return Differences(stale, sorted(want - have), sorted(have - want))


def iter_about() -> Iterator[tuple[str, str, str, str]]:
    """``(file, format, audience, how to check)`` for every exported file, in build order."""
    for name in FORMATS:
        module = exporter(name)
        for file in module.FILES:
            fmt, audience, check = module.ABOUT[file]
            yield file, fmt, audience, check
