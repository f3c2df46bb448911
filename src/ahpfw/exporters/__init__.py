"""Exporters: one module per format, each ``export(project, out_dir) -> list[Path]``.

Every exporter is a pure function of the loaded project (its framework,
:attr:`ahpfw.project.Project.framework`, and what else of the project it needs:
crosswalks, release history, archived sources); it opens no file of the project.
The same project gives byte-identical files. Each module declares ``FILES`` (the paths it
writes, relative to the exports folder; a glob pattern such as
``sssom/*.sssom.tsv`` where the names depend on the data) and ``ABOUT`` (for
each entry of ``FILES``: its format, who it is for and how to check it;
``exports/README.md`` is built from these) and ``NEEDS`` (the optional
libraries it imports, all of them: see :mod:`ahpfw.extras`). :data:`FORMATS` is the one registry of formats, used by
``ahpfw build``, ``ahpfw export`` and :func:`ahpfw.export`.
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from ..model import Framework
from ..problems import UsageError
from ..project import Project
from ..speed.gcpause import gc_paused

#: format name -> module under ahpfw.exporters, in build order
FORMATS: dict[str, str] = {
    "json-schema": "json_schema",
    "json-schema-file": "json_schema_file",
    "json": "json",
    "rdf": "rdf",
    "spreadsheet": "spreadsheet",
    "crosswalks": "crosswalks",
    "case": "case",
    "moodle": "moodle",
    "dls": "dls",
    "docs": "docs",
    "site": "site",
    "readme": "readme",
}

#: Formats that ``ahpfw export`` writes when asked but ``ahpfw build`` does not (name -> module): the
#: static tree of CASE answers would be millions of files for a large framework.
OPT_IN: dict[str, str] = {"case-api": "case_api"}


def exporter(name: str) -> ModuleType:
    """The exporter module for a format name (built by default or :data:`OPT_IN`); :class:`UsageError` for
    an unknown one."""
    module = FORMATS.get(name) or OPT_IN.get(name)
    if module is None:
        raise UsageError(f"no export format {name!r}; choose one of: {', '.join([*FORMATS, *OPT_IN])}")
    return import_module(f"{__name__}.{module}")


def all_files() -> list[str]:
    """Every file (or glob pattern) ``ahpfw build`` may write, relative to the exports folder, in build order."""
    return [file for name in FORMATS for file in exporter(name).FILES]


def export(source: Framework | Project, fmt: str, out_dir: str | Path, **options: Any) -> list[Path]:
    """Write one format's files for a framework (in its project: :meth:`Project.of`) or a project
    under ``out_dir``; return the paths written.

    ``options`` go to the exporter (for example ``base_iri`` for ``rdf`` and ``case``, ``base_url`` for
    ``case-api``). Raises :class:`ahpfw.extras.MissingDependency` before writing anything when a library
    the format needs is not installed.
    """
    module = exporter(fmt)
    require_for(fmt)
    project = source if isinstance(source, Project) else Project.of(source)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with gc_paused():  # exporters make millions of short-lived objects and no cycles
        return module.export(project, out, **options)


def require_for(*formats: str) -> None:
    """Check that the libraries each format needs (its ``NEEDS``) are installed, or raise
    :class:`ahpfw.extras.MissingDependency` naming the first missing one and the extra that installs it."""
    from ..extras import require

    for fmt in formats:
        require(exporter(fmt).NEEDS, f"the {fmt} export")


#: The formats that :func:`export_all` writes in a second process, where it can: on a large framework they
#: take about as long together as the others (for 100,000 capabilities, about 39 and 43 CPU seconds:
#: json 4, rdf 18, spreadsheet 7, case 11; site 26, docs 16, json-schema 1; then dls, about 25, joined
#: the second and moodle, about 12, the first).
SECOND_PROCESS = ("json", "rdf", "spreadsheet", "case", "dls")


def export_all(source: Framework | Project, out_dir: Path,
               progress: Callable[[str, list[Path]], None] | None = None,
               processes: int | None = None) -> list[Path]:
    """Write every format of a framework (in its project) or a project under ``out_dir`` (which should be
    empty); return every path written, in build order.

    On Linux with more than one CPU (macOS's system libraries are not safe to
    fork), the formats in :data:`SECOND_PROCESS` are written by a forked copy of this
    process while this one writes the rest: each exporter is a pure function of
    the project and writes its own files, so the result is the same (every part of
    the project is read first, so that neither process reads a file again). An error
    in either process stops the whole export with that error. ``processes=1``
    writes everything here. ``progress`` is called in this process for each
    format as it is done (the second process's formats when it has finished).
    """
    from ..speed import forked

    project = source if isinstance(source, Project) else Project.of(source)
    if processes is None:
        processes = 2 if (os.cpu_count() or 1) > 1 else 1
    second = [name for name in FORMATS if name in SECOND_PROCESS] if processes > 1 and forked.CAN_FORK else []
    if second:
        project.read_all()
    helper = forked.Forked(lambda: {name: export(project, name, out_dir) for name in second}) if second else None
    written: dict[str, list[Path]] = {}
    try:
        for name in FORMATS:
            if name not in second:
                written[name] = export(project, name, out_dir)
                if progress is not None:
                    progress(name, written[name])
        if helper is not None:
            for name, paths in helper.result().items():
                written[name] = paths
                if progress is not None:
                    progress(name, paths)
    finally:
        if helper is not None:
            helper.stop()
    return [path for name in FORMATS for path in written[name]]


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
