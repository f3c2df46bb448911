"""The release index and snapshots: reading what a ``releases/`` folder holds (:mod:`ahpfw.editing.releases` writes it).

::

    releases/index.yaml                 version, status, date, summary, sha256 of each release, oldest first
    releases/<version>/framework.json   the canonical JSON of the release (ahpfw.history.canonical), never changed
    releases/errata.yaml                corrections recorded against released iterations (ahpfw.history.errata)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import model
from ..paths import default_releases_dir
from ..problems import FrameworkError, UsageError
from .errata import Erratum

INDEX = "index.yaml"
SNAPSHOT = "framework.json"


@dataclass(frozen=True)
class Release:
    """One entry of ``releases/index.yaml``."""

    version: str
    status: str
    date: str
    summary: str
    sha256: str

    def to_data(self) -> dict[str, str]:
        return {"version": self.version, "status": self.status, "date": self.date, "summary": self.summary,
                "sha256": self.sha256}


def read_index(folder: Path) -> list[Release]:
    """The releases listed in ``folder/index.yaml``, oldest first (none when there is no index)."""
    from ..reading.yamlfile import YamlError, read_source

    index = Path(folder) / INDEX
    if not index.is_file():
        return []
    try:
        return parse_index(index, read_source(index))
    except YamlError as exc:
        raise UsageError(str(exc.problem)) from None


def parse_index(index: Path, raw: bytes) -> list[Release]:
    """The releases listed in the bytes ``raw`` of the index file ``index``. Raises :class:`UsageError`
    when they are not a list of releases, and :class:`~ahpfw.reading.yamlfile.YamlError` when not YAML."""
    from ..reading.yamlfile import parse_list

    entries, positions = parse_list(index, raw, "releases", "a list of releases")
    out = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(k in entry for k in ("version", "status", "date")):
            where = positions.of(entries, n)
            raise UsageError(f"{where.display() if where else index}: a release needs version, status and date")
        out.append(Release(str(entry["version"]), str(entry["status"]), str(entry["date"]),
                           str(entry.get("summary") or ""), str(entry.get("sha256") or "")))
    return out


def snapshot_path(folder: Path, version: str) -> Path:
    """Where the snapshot of ``version`` lives under a releases folder."""
    return Path(folder) / version / SNAPSHOT


class ReleaseHistory:
    """The releases in one ``releases/`` folder: the index when first asked for, each snapshot when asked."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._data: dict[str, Any] = {}
        self._snapshots: dict[str, model.Framework] = {}

    @cached_property
    def _index(self) -> tuple[tuple[Release, ...], str | None, UsageError | None]:
        from ..reading.yamlfile import YamlError, read_source

        path = self.folder / INDEX if self.folder is not None else None
        if path is None or not path.is_file():
            return (), None, None
        try:
            raw = read_source(path)
            return tuple(parse_index(path, raw)), raw.decode("utf-8"), None
        except YamlError as exc:
            return (), None, UsageError(str(exc.problem))
        except UsageError as exc:
            return (), None, exc

    @property
    def releases(self) -> tuple[Release, ...]:
        """The releases listed in ``index.yaml``, oldest first (none without one). Raises
        :class:`UsageError` when it cannot be read."""
        releases, _, error = self._index
        if error is not None:
            raise error
        return releases

    @property
    def index_text(self) -> str | None:
        """The text of ``index.yaml`` (None without one)."""
        return self._index[1]

    @cached_property
    def _errata_source(self) -> bytes | None:
        from ..reading.yamlfile import YamlError, read_source
        from .errata import errata_path

        path = errata_path(self.folder) if self.folder is not None else None
        if path is None or not path.is_file():
            return None
        try:
            return read_source(path)
        except YamlError as exc:
            raise UsageError(str(exc.problem)) from None

    def errata(self, snapshots: dict[str, model.Framework]) -> list[Any]:
        """The errata recorded beside the index (:func:`ahpfw.history.errata.parse_errata`), each checked against
        ``snapshots`` (the releases' snapshots by version); [] without an errata file."""
        from .errata import errata_path, parse_errata

        raw = self._errata_source
        return [] if raw is None or self.folder is None else parse_errata(errata_path(self.folder), raw, snapshots)

    @property
    def index_path(self) -> Path | None:
        return self.folder / INDEX if self.folder is not None else None

    def snapshot_path(self, version: str) -> Path:
        assert self.folder is not None
        return snapshot_path(self.folder, version)

    def has_snapshot(self, version: str) -> bool:
        return version in self._data or (self.folder is not None and self.snapshot_path(version).is_file())

    def data(self, version: str) -> Any:
        """The snapshot of ``version`` as plain JSON data, read once. Raises :class:`FrameworkError`
        when it cannot be read as JSON."""
        if version not in self._data:
            from .canonical import read_json

            try:
                self._data[version] = read_json(self.snapshot_path(version))
            except FrameworkError as exc:
                self._data[version] = exc
        found = self._data[version]
        if isinstance(found, FrameworkError):
            raise found
        return found

    def snapshot(self, version: str) -> model.Framework:
        """The framework as released at ``version``, built once from its snapshot."""
        if version not in self._snapshots:
            from .canonical import from_data

            self._snapshots[version] = from_data(self.data(version), str(self.snapshot_path(version)))
        return self._snapshots[version]

    def snapshots(self, framework_id: str) -> Iterator[tuple[Release, model.Framework]]:
        """Each release with a snapshot whose framework is ``framework_id``, oldest first."""
        for release in self.releases:
            if self.has_snapshot(release.version):
                snapshot = self.snapshot(release.version)
                if snapshot.id == framework_id:
                    yield release, snapshot

    def released(self) -> list[model.Framework]:
        """The snapshot of every release the index lists, oldest first. Raises :class:`UsageError` naming the
        first release whose snapshot is missing (released snapshots are never removed)."""
        for r in self.releases:
            if not self.has_snapshot(r.version):
                raise UsageError(f"{self.index_path}: release {r.version} is listed but its snapshot "
                                 f"{self.snapshot_path(r.version)} is missing; released snapshots are never "
                                 "removed: restore it (for example from Git)")
        return [self.snapshot(r.version) for r in self.releases]

    def recorded_errata(self) -> list[Erratum]:
        """The errata recorded beside the index, each checked against the snapshot it names
        (:func:`ahpfw.history.errata.parse_errata`)."""
        return self.errata({r.version: s for r, s in zip(self.releases, self.released(), strict=True)})

    def read_all(self) -> None:
        """Read the index and every snapshot it lists (what cannot be read is kept, to be raised when asked)."""
        try:
            releases = self.releases
        except UsageError:
            return
        for release in releases:
            if self.has_snapshot(release.version):
                try:
                    self.data(release.version)
                except FrameworkError:
                    pass
        try:
            _ = self._errata_source
        except UsageError:
            pass


def load_release(version: str, folder: Path | None = None) -> model.Framework:
    """The framework as released at ``version`` (from ``folder``, by default the checkout's or the package's)."""
    history = ReleaseHistory(default_releases_dir() if folder is None else Path(folder))
    known = [r.version for r in history.releases]
    if version not in known or not history.has_snapshot(version):
        listed = ", ".join(known) if known else "none yet"
        raise UsageError(f"no release {version} in {history.folder} (releases: {listed})")
    return history.snapshot(version)


def sha256_text(text: str) -> str:
    """The SHA-256 of a text's UTF-8 bytes, in hex: a snapshot's checksum in the index."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_snapshots(folder: Path) -> list[str]:
    """Snapshots whose checksum no longer matches the index (released snapshots must never change)."""
    bad = []
    for r in read_index(folder):
        path = snapshot_path(folder, r.version)
        if not path.is_file() or sha256_text(path.read_text(encoding="utf-8")) != r.sha256:
            bad.append(r.version)
    return bad


def recorded_errata(folder: Path) -> list[Erratum]:
    """The errata recorded in the release history ``folder``, each checked against its snapshot
    (:meth:`ReleaseHistory.recorded_errata`)."""
    return ReleaseHistory(folder).recorded_errata()
