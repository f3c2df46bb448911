"""The project lock, and the check that what a writer read is unchanged when it puts its result in place.

**The lock.** Every command that writes a project (``apply``, ``new``, ``release``,
``release-notes``, ``build``, ``site``, ``export``, ``consult new``, ``consult
ingest``, ``consult apply``, ``cache clean``) runs inside :func:`held`: an
exclusive ``flock`` on the project folder itself (the folder holding
``framework/`` or ``schema/``; for a folder written outside any project, the
folder holding it). The operating system lets go of it when the process ends,
however it ends, and no file is made: nothing is left to clean after a kill.
Where a folder cannot be locked (some network file systems, Windows), a file
``.ahpfw.lock`` in it is locked instead; it holds nothing and may stay. A second
writer waits up to ``AHPFW_LOCK_WAIT`` seconds (default :data:`DEFAULT_WAIT`),
then stops with :class:`Busy` (exit 2); commands that only read take no lock.
The library functions that write a framework or its release history
(``make_release``, ``write_release_notes``, ``record_erratum``, ``new_capability``)
hold it too, through :func:`writing`.

**What was read.** An editor takes no lock, and a writer that waited for another
must not write over what that one did. So a writer records, before it waits
for the lock and before it reads anything, a fingerprint of what it will
rewrite (:func:`held`'s ``watch``): the type of every file and folder under it,
and each file's SHA-256, size, modification and change times and inode. Just
before a rename puts a result in place, :mod:`ahpfw.atomic` calls
:func:`before_swap`: when the target is watched, everything watched is compared
with the disk (a file whose size, times and inode are unchanged, and were not
changed within two seconds of being recorded, is not read again; any other is
read and compared by its SHA-256), and a file added, removed or whose bytes
differ stops the command with :class:`Changed` (exit 2), naming it; the rename
is not made. After the rename,
:func:`after_swap` records what the writer itself put there.

**Test-only pause.** ``AHPFW_TEST_PAUSE_AT=NAME`` with ``AHPFW_TEST_PAUSE_DIR=FOLDER``
makes the first rename onto a target called NAME wait, just before the check,
until FOLDER/resume exists, after writing FOLDER/paused. The tests use it to
let another process run, or to edit a file, at that moment; it is not for use.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .paths import SCHEMA_YAML
from .problems import UsageError, display_path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: Seconds a writer waits for another to finish before it refuses (``AHPFW_LOCK_WAIT`` overrides it).
DEFAULT_WAIT = 10.0
#: Made (empty) where a folder itself cannot be locked.
LOCK_FILE = ".ahpfw.lock"
#: Files changed this recently (nanoseconds) when recorded are read again by :func:`before_swap`.
RACY_NS = 2_000_000_000
#: The names of the temporary files and folders :mod:`ahpfw.atomic` makes beside a target called ``name``:
#: ``.name.ahpfw-XXXXXXXX.tmp`` (being written) and ``.name.ahpfw-XXXXXXXX.old`` (replaced, being removed).
#: They are no part of what a writer read.
TEMPORARY = re.compile(r"\.(?P<name>.+)\.ahpfw-[a-z0-9_]{8}\.(?P<kind>tmp|old)\Z", re.DOTALL)

_held: dict[Path, int] = {}  # locked folder -> descriptor
#: what is recorded of a file or folder: its signature, its SHA-256 (a file), whether it had just been changed
Entry = tuple[tuple, bytes | None, bool]
_watched: dict[Path, dict[Path, Entry]] = {}  # watched path -> what is recorded of it and of everything under it
_state = {"paused": False}
_visited: set[Path] = set()  # folders tidied while the locks now held are held (see first_visit)
_inherited: set[int] = set()  # descriptors holding a lock, closed in a forked copy of this process


class Busy(UsageError):
    """Another process holds the lock of the project this command writes."""


class Changed(UsageError):
    """Something a writer read was changed by another program before the writer put its result in place."""

    def __init__(self, changes: list[tuple[Path, str]]):
        shown = [f"{display_path(p)} was {how}" for p, how in changes[:3]]
        if len(changes) > 3:
            what = ", ".join(shown) + f" and {len(changes) - 3} more"
        else:
            what = " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
        super().__init__(f"while this command ran, {what} (by another command, or saved from an editor); ahpfw "
                         "stopped before writing over it, so nothing is lost: check it, then run the command again")
        self.changes = changes


# --- locks on files and folders ---------------------------------------------------------------------------------

def try_lock(fd: int) -> bool:
    """Take an exclusive lock on the open file or folder ``fd`` without waiting; False if another holds it.

    The lock belongs to the open file, so it lasts until every copy of ``fd`` is
    closed (or the process ends). Raises OSError when the file system cannot lock it.
    """
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover - Windows
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError as exc:  # pragma: no cover - Windows
        if exc.errno in (errno.EACCES, errno.EDEADLK):
            return False
        raise
    return True  # pragma: no cover - Windows


def keep(fd: int) -> None:
    """Note that ``fd`` holds a lock: a forked copy of this process closes its copy, so that the lock ends
    with this process, not with the copy."""
    _inherited.add(fd)


def release(fd: int) -> None:
    """Close ``fd``, ending the lock it holds (see :func:`keep`)."""
    _inherited.discard(fd)
    with contextlib.suppress(OSError):
        os.close(fd)


def is_held(path: Path) -> bool:
    """True when a live process holds a lock on the file ``path`` (False when it is gone or no one does)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return not try_lock(fd)
    except OSError:
        return True  # cannot tell: treat it as held
    finally:
        os.close(fd)


def _forget_in_child() -> None:
    for fd in list(_inherited):
        with contextlib.suppress(OSError):
            os.close(fd)
    _inherited.clear()
    _held.clear()
    _watched.clear()
    _visited.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def _lock_folder(folder: Path) -> int | None:
    """An open descriptor locking ``folder`` (itself, else its lock file), or None if another process has it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        fd = None  # Windows cannot open a folder
    if fd is not None:
        try:
            if try_lock(fd):
                return fd
            os.close(fd)
            return None
        except OSError:  # a file system that cannot lock a folder: lock a file in it instead
            os.close(fd)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if try_lock(fd):
            return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return None


def wait_seconds() -> float:
    """How long a writer waits for the lock: ``AHPFW_LOCK_WAIT`` seconds, else :data:`DEFAULT_WAIT`."""
    value = os.environ.get("AHPFW_LOCK_WAIT", "").strip()
    if not value:
        return DEFAULT_WAIT
    try:
        seconds = float(value)
    except ValueError:
        raise UsageError(f"AHPFW_LOCK_WAIT={value!r} is not a number of seconds") from None
    if not seconds >= 0:
        raise UsageError(f"AHPFW_LOCK_WAIT={value!r} is not a number of seconds") from None
    return seconds


@contextlib.contextmanager
def held(folders: Iterable[Path], watch: Iterable[Path] = (),
         waiting: Callable[[Path, float], None] | None = None) -> Iterator[None]:
    """Record what ``watch`` holds, then hold the lock of each of ``folders`` while in the block.

    Each path of ``watch`` (a file or folder, which may not exist) is
    fingerprinted first, before waiting for a lock: so a writer that waits for
    another is stopped (:func:`before_swap`) rather than writing over what the
    other changed meanwhile. Folders this process already holds are not locked
    again; for each other it waits up to :func:`wait_seconds` (calling
    ``waiting(folder, seconds)`` once when it has to wait), then raises
    :class:`Busy`. On leaving the block the locks end and the fingerprints are dropped.
    """
    taken: list[Path] = []
    watched: list[Path] = []
    try:
        for path in watch:
            path = Path(path).resolve()
            if path not in _watched:
                _watched[path] = _fingerprint(path)
                watched.append(path)
        for folder in sorted({Path(f).resolve() for f in folders}):  # always in the same order: no deadlock
            if folder in _held:
                continue
            _held[folder] = _acquire(folder, waiting)
            keep(_held[folder])
            taken.append(folder)
        yield
    finally:
        for path in watched:
            del _watched[path]
        for folder in taken:
            release(_held.pop(folder))
        if not _held:
            _visited.clear()


def _acquire(folder: Path, waiting: Callable[[Path, float], None] | None) -> int:
    seconds = wait_seconds()
    deadline = time.monotonic() + seconds
    told = False
    while True:
        fd = _lock_folder(folder)
        if fd is not None:
            return fd
        if time.monotonic() >= deadline:
            waited = f"waited {seconds:g} s; " if seconds else ""
            shown = display_path(folder)
            raise Busy(f"another ahpfw command is writing in {'this folder' if shown == '.' else shown}; {waited}"
                       "nothing was written: "
                       "run this again when it has finished (AHPFW_LOCK_WAIT sets how many seconds to wait)")
        if not told and waiting is not None:
            waiting(folder, seconds)
            told = True
        time.sleep(0.05)


@contextlib.contextmanager
def writing(*paths: Path) -> Iterator[None]:
    """What a library function that rewrites ``paths`` holds while it reads and writes them: the lock of each
    one's project, with each watched (:func:`held`), as the commands hold them. So a call from Python waits for
    a command writing the same project, and stops before writing over a file changed meanwhile. Inside a
    command, which holds them already, it adds nothing."""
    with held({project_of(path) for path in paths}, paths):
        yield


def project_of(path: str | Path) -> Path:
    """The folder whose lock covers writing ``path`` (a framework folder, an --out folder, a consultation):
    the nearest folder above it holding ``framework/framework.yaml`` or ``schema/ahpfw.yaml``, else the
    nearest existing folder above it."""
    above = Path(path).resolve().parents
    for folder in above:
        if (folder / "framework" / "framework.yaml").is_file() or (folder / SCHEMA_YAML).is_file():
            return folder
    return next(folder for folder in above if folder.is_dir())


def covers(folder: Path) -> bool:
    """True when this process holds the lock of ``folder`` or of a folder holding it."""
    if not _held:
        return False
    folder = Path(folder).resolve()
    return any(f == folder or f in folder.parents for f in _held)


def first_visit(folder: Path) -> bool:
    """True the first time ``folder`` is asked about while this process holds the lock covering it
    (:func:`covers`): then no live ahpfw writer can be writing there but this one, and
    :func:`ahpfw.atomic.sweep` may tidy it."""
    if not _held:
        return False
    folder = Path(folder).resolve()
    if folder in _visited or not covers(folder):
        return False
    _visited.add(folder)
    return True


# --- fingerprints -------------------------------------------------------------------------------------------------

_FOLDER = (stat.S_IFDIR,)  # the signature of every folder


def _signature(path: Path, st: os.stat_result) -> tuple:
    """What can be seen of ``path`` without reading it: its type, and size, times and inode (a file) or target (a
    symbolic link)."""
    kind = stat.S_IFMT(st.st_mode)
    if stat.S_ISDIR(st.st_mode):
        return (kind,)
    if stat.S_ISLNK(st.st_mode):
        return (kind, os.readlink(path))
    return (kind, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _digest(path: Path) -> bytes | None:
    """The SHA-256 of a regular file's bytes (None for anything else, or when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").digest()
    except OSError:
        return None


def _entries(path: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """``path`` and everything under it (symbolic links not followed), with what ``lstat`` says; nothing when
    it does not exist. ahpfw's own temporary files and folders (:data:`TEMPORARY`) are left out."""
    try:
        yield path, os.lstat(path)
    except OSError:
        return
    folders = [path]
    while folders:
        try:
            with os.scandir(folders.pop()) as found:
                listed = list(found)
        except OSError:  # not a folder, or gone
            continue
        for entry in listed:
            if TEMPORARY.match(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield Path(entry.path), st
            if stat.S_ISDIR(st.st_mode):
                folders.append(Path(entry.path))


def _fingerprint(path: Path) -> dict[Path, Entry]:
    """What is recorded of ``path`` and everything under it: each one's signature, a file's digest, and whether
    it was changed so recently that an equal signature does not prove equal bytes."""
    recent = time.time_ns() - RACY_NS
    return {p: (_signature(p, st), _digest(p) if stat.S_ISREG(st.st_mode) else None,
                stat.S_ISREG(st.st_mode) and st.st_mtime_ns >= recent) for p, st in _entries(path)}


def _within(path: Path, region: Path) -> bool:
    return path == region or region in path.parents


def _overlap(watched: Path, target: Path) -> Path | None:
    """The part of ``watched`` that writing ``target`` touches: the deeper of the two when one holds the other."""
    if _within(target, watched):
        return target
    if _within(watched, target):
        return watched
    return None


def _differences() -> list[tuple[Path, str]]:
    """What differs between everything watched and the disk now, as (path, how) pairs. A file differs when its
    bytes do: one copied over itself, or saved unchanged, does not."""
    out: list[tuple[Path, str]] = []
    for path, was in _watched.items():
        now = {p: _signature(p, st) for p, st in _entries(path)}
        for p in sorted(was.keys() | now.keys()):
            if p not in now:
                if was[p][0] != _FOLDER:  # an empty folder holds nothing to lose (a full one: its files differ)
                    out.append((p, "removed"))
            elif p not in was:
                if now[p] != _FOLDER:  # (a writer makes the folders its target goes in)
                    out.append((p, "added"))
            else:
                signature, digest, racy = was[p]
                if now[p] == signature and not racy:
                    continue
                if now[p] != signature if digest is None else now[p][0] != signature[0] or _digest(p) != digest:
                    out.append((p, "changed"))
    return out


def _staged(path: Path) -> bool:
    """True for a path inside one of ahpfw's temporary folders: written there, it is not yet in place."""
    return any(TEMPORARY.match(folder.name) for folder in path.parents)


def _pause(target: Path) -> None:
    """The test-only pause (module docstring): at the first rename onto a target named ``AHPFW_TEST_PAUSE_AT``."""
    name = os.environ.get("AHPFW_TEST_PAUSE_AT")
    folder = os.environ.get("AHPFW_TEST_PAUSE_DIR")
    if not name or not folder or target.name != name or _state["paused"]:
        return
    _state["paused"] = True
    signal_file = Path(folder, "paused")
    signal_file.with_name("paused.tmp").write_text(str(target), encoding="utf-8")
    os.replace(signal_file.with_name("paused.tmp"), signal_file)
    deadline = time.monotonic() + 120  # a test that died never resumes: do not hang for ever
    while not Path(folder, "resume").exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def before_swap(target: Path) -> None:
    """Called by :mod:`ahpfw.atomic` just before a rename puts ``target`` in place: when ``target`` is
    watched, raise :class:`Changed` if anything watched differs from its fingerprint."""
    if not _watched and "AHPFW_TEST_PAUSE_AT" not in os.environ:
        return
    target = Path(target).resolve()
    _pause(target)
    if _staged(target) or not any(_overlap(path, target) for path in _watched):
        return
    changes = _differences()
    if changes:
        raise Changed(changes)


def after_swap(target: Path) -> None:
    """Called by :mod:`ahpfw.atomic` once ``target`` is in place: record what this process wrote there."""
    if not _watched:
        return
    target = Path(target).resolve()
    if _staged(target):
        return
    for path, entries in _watched.items():
        region = _overlap(path, target)
        if region is not None:
            for p in [p for p in entries if _within(p, region)]:
                del entries[p]
            entries.update(_fingerprint(region))
