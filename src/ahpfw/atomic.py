"""All-or-nothing writes: a file or a whole folder appears complete, or not at all.

Writers put their output in a temporary file or folder beside the target and
rename it into place only when everything succeeded, so a failure halfway
leaves what was there before untouched and no temporary files behind. Just
before each rename, :func:`ahpfw.locking.before_swap` refuses to write over
what another program changed since the command read it.

**What a killed writer leaves, and who removes it.** A process killed halfway
cannot remove its temporary files, so each is made recognisable as ahpfw's:
a file is named ``.NAME.ahpfw-XXXXXXXX.tmp`` (:data:`ahpfw.locking.TEMPORARY`)
and locked by its writer while written; a folder (staging, or the replaced
folder on its way out, ``.NAME.ahpfw-XXXXXXXX.old``) holds a marker file,
:data:`MARKER`, made first and locked by its writer until the folder is gone
or in place. A writer holding the project's lock (:func:`ahpfw.locking.covers`)
removes, in each folder it writes into, those whose writer is gone: a
temporary file no one locks, a folder whose marker no one locks. A folder
named so but with no marker (a user's, or one made by an earlier ahpfw) is
left alone. A ``.old`` folder without a marker whose ``NAME`` is missing is what
a run killed between the two renames of a swap left: it is put back.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import locking

#: The file inside every folder ahpfw stages or discards; locked while its writer lives.
MARKER = ".ahpfw-staging"
_MARKER_TEXT = b"Made by ahpfw while it writes this folder; removed by the next ahpfw command if left here.\n"


def _default_mode(kind: int) -> int:
    """Permissions a new file (0o666) or folder (0o777) gets under the current umask.

    ``tempfile`` makes private (0o600/0o700) files and folders; what is renamed
    into place should get the usual permissions instead.
    """
    umask = os.umask(0)
    os.umask(umask)
    return kind & ~umask


def _temporary_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` (``.NAME.ahpfw-XXXXXXXX.tmp``), locked; its descriptor and name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.ahpfw-", suffix=".tmp", dir=path.parent)
    with contextlib.suppress(OSError):  # a file system that cannot lock: then it is never taken for a leftover
        locking.try_lock(fd)  # a new file: no one else can hold it
    return fd, tmp


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, flushed to disk, then rename).

    The file keeps the permissions of the file it replaces, or gets the usual ones for a new file.
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode(0o666)
    fd, tmp = _temporary_file(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        locking.before_swap(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    locking.after_swap(path)


def create_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file ``path`` atomically; raise FileExistsError if it exists.

    The complete file is linked into place, so a reader never sees it half
    written and an existing file is never overwritten, even by a concurrent writer.
    """
    path = Path(path)
    fd, tmp = _temporary_file(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with ``\\n`` line endings atomically."""
    write_bytes(path, text.encode("utf-8"))


def remove(path: Path) -> None:
    """Remove a file or folder this process wrote, putting things back as they were after a failure, and record
    that it did (:func:`ahpfw.locking.after_swap`): the next write in a watched folder must not take the removal
    for another program's change, and refuse to put the rest back."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    locking.after_swap(path)


def _mark(folder: Path) -> int:
    """Put the locked :data:`MARKER` in ``folder``; return its descriptor (the lock lasts while it is open)."""
    fd = os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with contextlib.suppress(OSError):  # as for a temporary file
            locking.try_lock(fd)
        locking.keep(fd)
        os.write(fd, _MARKER_TEXT)
    except BaseException:
        locking.release(fd)
        raise
    return fd


def _remove_marked(folder: Path) -> None:
    """Remove a marked folder, its marker last: a removal cut short leaves it marked, to be finished later."""
    with os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    os.unlink(folder / MARKER)
    os.rmdir(folder)


def _discard(folder: Path) -> None:
    """Mark ``folder`` (the folder a swap replaced) and remove it; a kill halfway leaves it marked."""
    with contextlib.suppress(OSError):
        fd = _mark(folder)
        try:
            _remove_marked(folder)
        finally:
            locking.release(fd)


def _abandoned(marker: Path) -> bool:
    """True when ``marker`` exists and no live process holds it."""
    return marker.is_file() and not marker.is_symlink() and not locking.is_held(marker)


def _leftover(folder: Path, entry: os.DirEntry) -> str | None:
    """What :func:`sweep` does with an entry of ``folder``: ``remove`` what a killed ahpfw writer left,
    ``restore`` a folder an interrupted swap took away, or None: leave it (not provably ahpfw's, or alive)."""
    match = locking.TEMPORARY.match(entry.name)
    if match is None or entry.is_symlink():
        return None
    path = Path(entry.path)
    if entry.is_file():
        return "remove" if match["kind"] == "tmp" and not locking.is_held(path) else None
    if not entry.is_dir():
        return None
    marker = path / MARKER
    if os.path.lexists(marker):
        return "remove" if marker.is_file() and not marker.is_symlink() and not locking.is_held(marker) else None
    if match["kind"] == "old" and not os.path.lexists(folder / match["name"]):
        return "restore"
    return None


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def sweep(folder: Path) -> None:
    """Tidy ``folder`` as the module's docstring says: remove what killed ahpfw writers left there, and put
    back a folder an interrupted swap took away. Only while this process holds the lock of ``folder``'s
    project, once per folder (:func:`ahpfw.locking.first_visit`); errors are ignored (tidying is not the
    command's work)."""
    folder = Path(folder)
    if not locking.first_visit(folder):
        return
    for entry in _entries(folder):
        with contextlib.suppress(OSError):
            action = _leftover(folder, entry)
            if action == "remove":
                if entry.is_dir():
                    _remove_marked(Path(entry.path))
                else:
                    os.unlink(entry.path)
            elif action == "restore":
                os.replace(entry.path, folder / locking.TEMPORARY.match(entry.name)["name"])


def leftovers(folder: str, names: list[str]) -> set[str]:
    """For ``shutil.copytree(ignore=...)``: the names in ``folder`` that :func:`sweep` would remove (none when
    this process holds no lock covering it), so that a copy does not carry them on."""
    if not locking.covers(Path(folder)) or not any(locking.TEMPORARY.match(name) for name in names):
        return set()
    return {entry.name for entry in _entries(Path(folder)) if _leftover(Path(folder), entry) == "remove"}


@contextlib.contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it replaces ``target`` whole.

    On any error the temporary folder is removed and ``target`` is left as it was.
    The folder ``target`` is replaced by is renamed aside (``.NAME.ahpfw-XXXXXXXX.old``)
    and then removed; if an earlier run was killed between the two renames
    (``target`` gone, that folder still there), it is put back first.
    """
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    _put_back(target)
    sweep(parent)
    if target.is_dir() and not target.is_symlink():
        sweep(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.ahpfw-", suffix=".tmp", dir=parent))
    marker = _mark(staging)
    try:
        try:
            os.chmod(staging, _default_mode(0o777))
            yield staging
        except BaseException:
            with contextlib.suppress(OSError):
                _remove_marked(staging)
            raise
        old = None
        try:
            locking.before_swap(target)
            if os.path.lexists(target):
                old = parent / f".{target.name}.ahpfw-{secrets.token_hex(4)}.old"
                os.replace(target, old)
            os.unlink(staging / MARKER)  # what goes in place holds no marker
            os.replace(staging, target)
        except BaseException:
            if old is not None and not os.path.lexists(target):
                os.replace(old, target)
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        locking.release(marker)
    locking.after_swap(target)
    if old is not None:
        _discard(old)


def _put_back(target: Path) -> None:
    """Put back the folder a swap of ``target`` took away when a run was killed between its two renames
    (``target`` missing, one unmarked ``.NAME.ahpfw-XXXXXXXX.old`` beside it), lock or no lock."""
    if os.path.lexists(target):
        return
    aside = [entry for entry in _entries(target.parent) if _leftover(target.parent, entry) == "restore"
             and locking.TEMPORARY.match(entry.name)["name"] == target.name]
    if len(aside) == 1:
        os.replace(aside[0].path, target)
