"""All-or-nothing writes: a file or a whole folder appears complete, or not at all.

Writers put their output in a temporary file or folder beside the target and
rename it into place only when everything succeeded, so a failure halfway
leaves what was there before untouched and no temporary files behind. Just
before each rename, :func:`ahpfw.locking.before_swap` refuses to write over
what another program changed since the command read it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import locking


def _default_mode(kind: int) -> int:
    """Permissions a new file (0o666) or folder (0o777) gets under the current umask.

    ``tempfile`` makes private (0o600/0o700) files and folders; what is renamed
    into place should get the usual permissions instead.
    """
    umask = os.umask(0)
    os.umask(umask)
    return kind & ~umask


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, flushed to disk, then rename).

    The file keeps the permissions of the file it replaces, or gets the usual ones for a new file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = _default_mode(0o666)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.ahpfw-", suffix=".tmp", dir=path.parent)
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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.ahpfw-", suffix=".tmp", dir=path.parent)
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


@contextlib.contextmanager
def replace_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder; on success it replaces ``target`` whole.

    On any error the temporary folder is removed and ``target`` is left as it was.
    If an earlier run was killed between its two renames (``target`` gone, its
    ``.<name>.old`` copy still there), that copy is put back first.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists() and not target.exists():
        os.replace(old, target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.ahpfw-", suffix=".tmp", dir=target.parent))
    try:
        os.chmod(staging, _default_mode(0o777))
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    try:
        locking.before_swap(target)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    locking.after_swap(target)
    shutil.rmtree(old, ignore_errors=True)
