"""Errata: corrections recorded against released iterations of the framework, which never change.

A release's snapshot (``releases/<version>/framework.json``) is immutable, so a
mistake found in it later is recorded beside the release index, in
``releases/errata.yaml``, by ``ahpfw erratum``::

    errata:
      - version: 0.2.0             # the release the erratum is against
        element: ahpfw:FW-0001     # the element (its id) in that release; the framework's own id for its metadata
        field: description         # optional: the field that is wrong
        date: '2026-12-07'         # when the erratum was recorded
        corrected_in: 0.3.0        # optional: the later version that corrects it
        text: What is wrong in the release, and what is right.

The release notes list each release's errata under it, and the site shows them on
that release's "what changed" page. Every erratum is checked against the release
index and the snapshot it names whenever the file is read: a bad entry is an
error naming ``file:line:col``. :func:`ahpfw.editing.releases.record_erratum` records one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .. import model
from ..problems import Error, UsageError

ERRATA = "errata.yaml"
_HEADER = ("# Errata: corrections to released iterations, whose snapshots never change. Written by\n"
           "# `ahpfw erratum`; each entry is checked against releases/index.yaml and the snapshot it names.\n")
_KEYS = ("version", "element", "field", "date", "corrected_in", "text")


class ErratumError(Error):
    """An erratum was refused: it names no release, no element of that release, or repeats one recorded."""


@dataclass(frozen=True)
class Erratum:
    """One correction to a released iteration."""

    version: str
    element: str
    text: str
    date: str
    field: str | None = None
    corrected_in: str | None = None

    def to_data(self) -> dict[str, str]:
        data = {"version": self.version, "element": self.element, "field": self.field, "date": self.date,
                "corrected_in": self.corrected_in, "text": self.text}
        return {k: v for k, v in data.items() if v is not None}

    def where(self, snapshot: model.Framework) -> str:
        """What the erratum is about, in words: ``the framework's description`` or
        ``3.1 Name (ahpfw:CAP-0013), rationale``."""
        if self.element == snapshot.id:
            return f"the framework's {self.field}" if self.field else "the framework"
        else:
            element = snapshot.elements.get(self.element)
            what = f"{element.label} ({self.element})" if element is not None else self.element
        return f"{what}, {self.field}" if self.field else what


def errata_path(folder: Path) -> Path:
    """Where the errata of a release history (a ``releases/`` folder) are kept."""
    return Path(folder) / ERRATA


def problem(erratum: Erratum, snapshots: dict[str, model.Framework], versions: Sequence[str]) -> str | None:
    """Why ``erratum`` cannot stand against the history (``snapshots`` by version, ``versions`` oldest first),
    or None when it can."""
    reason = format_problem(erratum)
    if reason is not None:
        return reason
    if erratum.version not in snapshots:
        listed = ", ".join(versions) or "none yet"
        return f"no release {erratum.version} to correct (releases: {listed})"
    snapshot = snapshots[erratum.version]
    if erratum.element != snapshot.id and erratum.element not in snapshot.elements:
        return f"release {erratum.version} has no element {erratum.element}"
    if erratum.field is not None:
        holder = snapshot if erratum.element == snapshot.id else snapshot.elements[erratum.element]
        if erratum.field not in {f.name for f in fields(holder)} or erratum.field in ("location", "field_locations"):
            return f"{erratum.element} in release {erratum.version} has no field '{erratum.field}'"
    return None


def format_problem(erratum: Erratum) -> str | None:
    """What is malformed in ``erratum`` on its own (its text, date and versions), or None."""
    from .changes import parse_version

    if not erratum.text.strip():
        return "the text of an erratum says what is wrong and what is right; it is empty"
    try:
        datetime.date.fromisoformat(erratum.date)
    except ValueError:
        return f"date '{erratum.date}' is not a calendar date written YYYY-MM-DD"
    try:
        later = erratum.corrected_in is None or parse_version(erratum.corrected_in) > parse_version(erratum.version)
    except ValueError as exc:
        return str(exc)
    if not later:
        return f"corrected_in {erratum.corrected_in} is not later than the release it corrects, {erratum.version}"
    return None


def read_errata(folder: Path, snapshots: dict[str, model.Framework]) -> list[Erratum]:
    """The errata recorded in a release history (``folder`` holds ``index.yaml``), in the order recorded.

    Each is checked against the snapshot it names (``snapshots``: every release's, by
    version, oldest first; :func:`ahpfw.editing.releases.recorded_errata` reads them). Raises
    :class:`UsageError` naming ``file:line:col`` for an entry that is malformed or cannot
    stand. None when there is no file.
    """
    from ..reading.yamlfile import YamlError, read_source

    path = errata_path(folder)
    if not path.is_file():
        return []
    try:
        return parse_errata(path, read_source(path), snapshots)
    except YamlError as exc:
        raise UsageError(str(exc.problem)) from None


def parse_errata(path: Path, raw: bytes, snapshots: dict[str, model.Framework]) -> list[Erratum]:
    """:func:`read_errata` of the bytes ``raw`` of the errata file ``path``, already read (a project reads
    it once: :meth:`ahpfw.history.releaseindex.ReleaseHistory.errata`)."""
    from ..reading.yamlfile import parse_list

    entries, positions = parse_list(path, raw, "errata", "a list of errata; record them with 'ahpfw erratum'")
    versions = list(snapshots)
    out: list[Erratum] = []
    for n, entry in enumerate(entries):
        where = positions.of(entries, n)
        shown = where.display() if where else str(path)
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("version", "element",
                                                                                             "date", "text")):
            raise UsageError(f"{shown}: an erratum needs version, element, date and text, each written as text")
        unknown = sorted(set(map(str, entry)) - set(_KEYS))
        if unknown:
            raise UsageError(f"{shown}: unknown field '{unknown[0]}' in an erratum (known: {', '.join(_KEYS)})")
        erratum = Erratum(entry["version"], entry["element"], " ".join(entry["text"].split()), entry["date"],
                          _optional(entry, "field"), _optional(entry, "corrected_in"))
        reason = problem(erratum, snapshots, versions)
        if reason is None and erratum in out:
            reason = "this erratum is recorded twice"
        if reason is not None:
            raise UsageError(f"{shown}: {reason}")
        out.append(erratum)
    return out


def _optional(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def errata_text(errata: Sequence[Erratum]) -> str:
    """The text of ``errata.yaml`` for these errata."""
    import yaml

    body = yaml.safe_dump({"errata": [e.to_data() for e in errata]}, sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
    return _HEADER + body


def of_release(errata: Sequence[Erratum], version: str) -> list[Erratum]:
    """The errata against one release, in the order recorded."""
    return [e for e in errata if e.version == version]
