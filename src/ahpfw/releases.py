"""Released iterations of the framework: immutable snapshots, their index and the release notes.

A project keeps every released iteration beside its framework folder::

    releases/index.yaml              version, status, date, summary, sha256 of each release, oldest first
    releases/<version>/framework.json   the canonical JSON (ahpfw.canonical.to_json), never changed
    framework/RELEASE-NOTES.md       the changes between consecutive releases, generated

:func:`make_release` checks a framework and writes all three; :func:`release_notes`
regenerates the notes from the snapshots.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import model
from .errata import Erratum, ErratumError, errata_path, errata_text, format_problem, problem, read_errata
from .paths import default_releases_dir, is_packaged, releases_at, resolve_framework_dir
from .plurals import count
from .problems import Error, FrameworkError, UsageError, display_path

INDEX = "index.yaml"
SNAPSHOT = "framework.json"
NOTES = "RELEASE-NOTES.md"
RELEASE_STATUSES = ("consultation", "published")

#: a release's heading in RELEASE-NOTES.md, as render_notes writes it
_NOTES_HEADING = re.compile(r"^## (\d+\.\d+\.\d+) \(", re.MULTILINE)
_POINT_AT_HISTORY = ("give the project's release history with --releases DIR (its releases/ folder), "
                     "or keep this framework folder beside its releases/")

_INDEX_HEADER = ("# Released iterations of the framework, oldest first. Written by `ahpfw release`; do not edit.\n"
                 "# Each snapshot releases/<version>/framework.json is immutable; sha256 is its checksum.\n")


class ReleaseError(Error):
    """A release was refused: the framework is not ready to be released as asked."""


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
    from .yamlfile import read_list_file

    index = Path(folder) / INDEX
    found = read_list_file(index, "releases", "a list of releases")
    if found is None:
        return []
    entries, positions = found
    out = []
    for n, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(k in entry for k in ("version", "status", "date")):
            where = positions.of(entries, n)
            raise UsageError(f"{where.display() if where else index}: a release needs version, status and date")
        out.append(Release(str(entry["version"]), str(entry["status"]), str(entry["date"]),
                           str(entry.get("summary") or ""), str(entry.get("sha256") or "")))
    return out


def index_text(releases: Sequence[Release]) -> str:
    """The text of ``index.yaml`` for these releases."""
    import yaml

    body = yaml.safe_dump({"releases": [r.to_data() for r in releases]}, sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
    return _INDEX_HEADER + body


def snapshot_path(folder: Path, version: str) -> Path:
    """Where the snapshot of ``version`` lives under a releases folder."""
    return Path(folder) / version / SNAPSHOT


def load_release(version: str, folder: Path | None = None) -> model.Framework:
    """The framework as released at ``version`` (from ``folder``, by default the checkout's or the package's)."""
    from .canonical import load_json

    folder = default_releases_dir() if folder is None else Path(folder)
    known = [r.version for r in read_index(folder)]
    path = snapshot_path(folder, version)
    if version not in known or not path.is_file():
        listed = ", ".join(known) if known else "none yet"
        raise UsageError(f"no release {version} in {folder} (releases: {listed})")
    return load_json(path)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _counts_phrase(counts: dict[str, int]) -> str:
    from .changes import CHANGE_TYPES

    parts = [f"{counts[t]} {t}" for t in CHANGE_TYPES if counts[t] and t != "reordered"]
    return ", ".join(parts) if parts else "wording and metadata only"


def _contents(fw: model.Framework) -> str:
    def live(items: Sequence[model.Element]) -> int:
        return sum(not e.retired for e in items)

    return ", ".join([count(live(fw.domains), "domain"), count(live(list(fw.capabilities.values())), "capability"),
                      count(live(fw.career_stages), "career stage"), count(live(fw.principles), "principle")])


def default_summary(previous: model.Framework | None, fw: model.Framework) -> str:
    """A one-line summary of a release: its contents, or its changes since the one before."""
    if previous is None:
        return f"First release ({fw.status}): {_contents(fw)}."
    from .changes import compare

    counts = compare(previous, fw).counts()
    return f"Changes since {previous.version}: {_counts_phrase(counts)}. Now {_contents(fw)}."


def render_notes(releases: Sequence[Release], frameworks: Sequence[model.Framework],
                 errata: Sequence[Erratum] = ()) -> str:
    """The release notes (Markdown): each release, newest first, with its errata (:mod:`ahpfw.errata`) and
    its changes since the one before."""
    from .changes import compare
    from .formatters.changes_md import format_changes

    out = ["# Release notes", "",
           "<!-- generated by `ahpfw release` from releases/; regenerate with `ahpfw release-notes`; do not edit -->",
           "", "Every released iteration of the framework, newest first, with what changed since the one "
           "before, element by element. Identifiers (such as `ahpfw:CAP-0007`) never change; codes may.", ""]
    for n in range(len(releases) - 1, -1, -1):
        release, fw = releases[n], frameworks[n]
        out += [f"## {release.version} ({release.status}, {release.date})", ""]
        if release.summary:
            out += [release.summary, ""]
        corrections = [e for e in errata if e.version == release.version]
        if corrections:
            out += ["### Errata", "", f"Corrections recorded after {release.version} was released (its snapshot "
                    "never changes):", ""]
            out += [f"- {e.date}, {e.where(fw)}{f' (corrected in {e.corrected_in})' if e.corrected_in else ''}: "
                    f"{e.text}" for e in corrections] + [""]
        if n == 0:
            if _contents(fw) not in release.summary:
                out += [f"The first release: {_contents(fw)}.", ""]
            continue
        body = format_changes(compare(frameworks[n - 1], fw), heading_level=2, header=False)
        out += [body.rstrip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _load_snapshots(folder: Path, releases: Sequence[Release]) -> list[model.Framework]:
    from .canonical import load_json

    for r in releases:
        if not snapshot_path(folder, r.version).is_file():
            raise UsageError(f"{folder / INDEX}: release {r.version} is listed but its snapshot "
                             f"{snapshot_path(folder, r.version)} is missing; released snapshots are never removed: "
                             "restore it (for example from Git)")
    return [load_json(snapshot_path(folder, r.version)) for r in releases]


def _refuse_to_lose_history(root: Path, folder: Path, versions: Sequence[str],
                            fw: model.Framework | None = None) -> None:
    """Raise :class:`UsageError` when the history in ``folder`` lacks a release that ``root`` refers to.

    A framework folder copied without its ``releases/`` would otherwise look never
    released: ``ahpfw release`` would call it a first release and rewrite
    ``RELEASE-NOTES.md`` without the notes of the earlier releases. So the version the
    framework ``fw`` supersedes must be in the history (when ``fw`` is given), and
    every release that the existing notes describe must be in ``versions``.
    """
    held = f"it holds {', '.join(versions)}" if versions else f"no {INDEX} there"
    shown = display_path(folder) + "/"
    if fw is not None and fw.supersedes and fw.supersedes not in versions:
        raise UsageError(f"{fw.where('supersedes').display()}: supersedes: {fw.supersedes}, but {shown} has no "
                         f"release {fw.supersedes} ({held}); {_POINT_AT_HISTORY}")
    notes = root / NOTES
    if notes.is_file():
        lost = [v for v in _NOTES_HEADING.findall(notes.read_text(encoding="utf-8", errors="replace"))
                if v not in versions]
        if lost:
            raise UsageError(f"{display_path(notes)} holds the notes of {', '.join(dict.fromkeys(lost))}, but "
                             f"{shown} lacks them ({held}); writing the notes would drop them; {_POINT_AT_HISTORY}")


def release_notes(framework_dir: str | Path | None = None, *, releases: str | Path | None = None) -> str:
    """Regenerate the release notes of a framework from the snapshots in its ``releases/``.

    ``releases`` names the release history when it is not beside the framework folder
    (see :func:`ahpfw.paths.releases_at`). Raises :class:`UsageError` when the notes in
    the folder describe a release that the history lacks (they would be lost).
    """
    root = resolve_framework_dir(framework_dir)
    with releases_at(root, releases) as folder:
        history = read_index(folder)
        _refuse_to_lose_history(root, folder, [r.version for r in history])
        snapshots = _load_snapshots(folder, history)
        return render_notes(history, snapshots, read_errata(folder, dict(zip([r.version for r in history], snapshots,
                                                                             strict=True))))


def write_release_notes(framework_dir: str | Path | None = None, *, releases: str | Path | None = None) -> Path:
    """Regenerate ``RELEASE-NOTES.md`` in the framework folder (see :func:`release_notes`); returns its path.

    Raises :class:`UsageError` for the framework shipped inside the installed package.
    """
    from .atomic import write_text

    root = resolve_framework_dir(framework_dir)
    if is_packaged(root):
        raise UsageError("the release notes shipped inside the package cannot be rewritten; work in a checkout")
    path = root / NOTES
    write_text(path, release_notes(root, releases=releases))
    return path


def make_release(version: str, framework_dir: str | Path | None = None, *, status: str | None = None,
                 summary: str | None = None, releases: str | Path | None = None) -> Release:
    """Release the framework at ``framework_dir`` as ``version``.

    Checks that it validates (raises :class:`FrameworkError` with the problems
    if not), that ``version`` is its version field and is greater than the last
    release, that the step from the last release matches the changes (see
    ``docs/diff.md``), then writes the snapshot, the index entry and the release
    notes, all or nothing. Raises :class:`ReleaseError` when a check fails, and
    :class:`UsageError` when the release history cannot be found: the version the
    framework ``supersedes`` is not in it, or the existing release notes describe
    releases it lacks. ``releases`` names the history (a releases folder, or a
    project folder holding one) when it is not beside the framework folder.
    """
    root = resolve_framework_dir(framework_dir)
    if is_packaged(root):
        raise UsageError("the framework shipped inside the package cannot be released; work in a checkout")
    with releases_at(root, releases) as folder:
        if is_packaged(folder):
            raise UsageError("the releases shipped inside the package cannot be changed; work in a checkout")
        return _release(version, root, folder, status, summary)


def _release(version: str, root: Path, folder: Path, status: str | None, summary: str | None) -> Release:
    from .atomic import replace_dir, write_text
    from .canonical import to_json
    from .changes import compare, parse_version
    from .loader import load
    from .validation import validate

    try:
        parse_version(version)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    fw = load(root)
    releases = read_index(folder)
    _refuse_to_lose_history(root, folder, [r.version for r in releases], fw)
    errors = [p for p in validate(fw) if p.severity == "error"]
    if errors:
        raise FrameworkError(errors)
    if version != fw.version:
        raise ReleaseError(f"asked to release {version} but framework.yaml says version: {fw.version}; "
                           "set the version field first")
    status = status or fw.status
    if status not in RELEASE_STATUSES:
        raise ReleaseError(f"a release has status {' or '.join(RELEASE_STATUSES)}; framework.yaml says "
                           f"status: {fw.status}")
    if status != fw.status:
        raise ReleaseError(f"--status {status} but framework.yaml says status: {fw.status}; make them agree")
    if snapshot_path(folder, version).parent.exists():
        raise ReleaseError(f"release {version} already exists in {folder}; released snapshots never change")
    previous = _load_snapshots(folder, releases)
    if releases:
        last = releases[-1]
        if parse_version(version) <= parse_version(last.version):
            raise ReleaseError(f"version {version} is not greater than the last release, {last.version}")
        if previous[-1].id != fw.id:
            raise ReleaseError(f"the last release is of framework {previous[-1].id}, not {fw.id}")
        advice = compare(previous[-1], fw).advice
        if not advice.ok:
            raise ReleaseError(advice.message())
    snapshot = to_json(fw)
    entry = Release(version, status, fw.date, summary or default_summary(previous[-1] if previous else None, fw),
                    _sha256(snapshot))
    new_releases = [*releases, entry]
    index_path, notes_path = folder / INDEX, root / NOTES
    notes = render_notes(new_releases, [*previous, fw],
                         read_errata(folder, {r.version: s for r, s in zip(releases, previous, strict=True)}))
    old_index = index_path.read_text(encoding="utf-8") if index_path.is_file() else None
    with replace_dir(snapshot_path(folder, version).parent) as staging:
        write_text(staging / SNAPSHOT, snapshot)
    wrote_index = False
    try:
        write_text(index_path, index_text(new_releases))
        wrote_index = True
        write_text(notes_path, notes)
    except BaseException:
        shutil.rmtree(snapshot_path(folder, version).parent, ignore_errors=True)
        if not wrote_index:  # refused (changed meanwhile: ahpfw.locking) or failed: it is as it was
            raise
        if old_index is None:
            index_path.unlink(missing_ok=True)
        else:
            write_text(index_path, old_index)
        raise
    return entry


def check_snapshots(folder: Path) -> list[str]:
    """Snapshots whose checksum no longer matches the index (released snapshots must never change)."""
    bad = []
    for r in read_index(folder):
        path = snapshot_path(folder, r.version)
        if not path.is_file() or _sha256(path.read_text(encoding="utf-8")) != r.sha256:
            bad.append(r.version)
    return bad


def recorded_errata(folder: Path) -> list[Erratum]:
    """The errata recorded in the release history ``folder``, each checked against its snapshot
    (:func:`ahpfw.errata.read_errata`)."""
    history = read_index(folder)
    return read_errata(folder, dict(zip([r.version for r in history], _load_snapshots(folder, history), strict=True)))


def record_erratum(version: str, element: str, text: str, framework_dir: str | Path | None = None, *,
                   field: str | None = None, corrected_in: str | None = None, date: str | None = None,
                   releases: str | Path | None = None) -> Erratum:
    """Record an erratum against release ``version`` of the framework at ``framework_dir``.

    Checks it (:class:`~ahpfw.errata.ErratumError` when it names no release, no element
    or field of that release, or repeats one recorded; :class:`UsageError` for a
    malformed date or version), then writes ``errata.yaml`` beside the release index and
    regenerates the release notes, each file whole or not at all. ``date`` defaults to today.
    """
    import datetime

    from .atomic import write_text

    root = resolve_framework_dir(framework_dir)
    if is_packaged(root):
        raise UsageError("the release history shipped inside the package cannot be changed; work in a checkout")
    erratum = Erratum(version, element, " ".join(text.split()), date or datetime.date.today().isoformat(),
                      field or None, corrected_in or None)
    malformed = format_problem(erratum)
    if malformed is not None:
        raise UsageError(malformed)
    with releases_at(root, releases) as folder:
        history = read_index(folder)
        snapshots = dict(zip([r.version for r in history], _load_snapshots(folder, history), strict=True))
        recorded = read_errata(folder, snapshots)
        reason = problem(erratum, snapshots, list(snapshots))
        if reason is None and erratum in recorded:
            reason = "this erratum is already recorded"
        if reason is not None:
            raise ErratumError(reason)
        path = errata_path(folder)
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        write_text(path, errata_text([*recorded, erratum]))
        try:
            write_text(root / NOTES, release_notes(root, releases=releases))
        except BaseException:
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_text(path, old)
            raise
    return erratum
