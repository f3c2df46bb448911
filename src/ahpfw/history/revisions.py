"""Find a version of the framework from what a user typed: a folder, a release, a snapshot or a Git revision.

``open_framework(spec)`` understands:

- a framework folder (or a project folder holding ``framework/``, or a ``framework.yaml``);
- a snapshot or JSON export file (``releases/0.1.0/framework.json``);
- a release version (``0.1.0``), looked up in ``releases/`` of the checkout or,
  outside one, of the installed package;
- the name of a shipped framework (``ahpfw``, ``hcsw-roadmap``);
- a Git revision (``git:HEAD~3``, ``git:v0.1.0``): ``framework/`` as it was in that
  commit of the repository holding the working directory, read with ``git archive``
  into a temporary folder; the work tree is never touched.

:func:`diff` opens two such versions and compares them (``ahpfw.diff``); the
comparison itself is :func:`ahpfw.history.changes.compare`, which knows nothing of where
the versions came from.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .. import model
from ..problems import FrameworkError, UsageError

if TYPE_CHECKING:
    from .changes import ChangeSet

GIT_PREFIX = "git:"
_VERSION = re.compile(r"^v?\d+\.\d+\.\d+$")


def open_framework(spec: str | Path, *, releases: Path | None = None) -> tuple[model.Framework, str]:
    """Load the framework ``spec`` names; returns it and a label saying where it came from.

    Raises :class:`UsageError` (one line, for people) when ``spec`` names nothing
    usable or the framework in it cannot be read.
    """
    text = str(spec)
    try:
        if text.startswith(GIT_PREFIX):
            return from_git(text[len(GIT_PREFIX):])
        path = Path(text)
        if path.is_file() and path.suffix == ".json":
            from .canonical import load_json

            return load_json(path), text
        if path.exists():
            from ..reading.loader import load

            return load(path), text
        if _VERSION.match(text):
            from .releaseindex import load_release

            version = text.removeprefix("v")
            return load_release(version, releases), f"release {version}"
        from ..paths import shipped_frameworks
        from ..reading.loader import load

        if text in shipped_frameworks():
            return load(text), text
    except FrameworkError as exc:
        first = exc.problems[0] if exc.problems else None
        more = f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
        raise UsageError(f"{text}: not a usable ahpfw framework: {first}{more}") from None
    raise UsageError(f"{text}: no such framework folder, snapshot file, release version or shipped framework")


def diff(old: model.Framework | str | Path, new: model.Framework | str | Path) -> ChangeSet:
    """Compare two versions of a framework, element by element.

    Each side is a loaded :class:`~ahpfw.Framework` or anything ``ahpfw diff``
    accepts: a framework folder, a snapshot file, a release version (``"0.1.0"``)
    or a Git revision (``"git:HEAD~1"``).
    """
    from .changes import compare

    sides = []
    for side in (old, new):
        if isinstance(side, model.Framework):
            sides.append((side, side.root))
        else:
            sides.append(open_framework(side))
    (a, a_src), (b, b_src) = sides
    return compare(a, b, old_source=a_src, new_source=b_src)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed, so git: revisions cannot be read") from None


def from_git(revision: str, cwd: Path | None = None) -> tuple[model.Framework, str]:
    """``framework/`` as it was at ``revision`` in the Git repository holding ``cwd``.

    ``framework/`` is looked for beside the working directory, then in each
    folder above it up to the top of the repository (so the command works from
    inside ``framework/`` and for a project in a sub-folder). A revision starting with ``-`` is refused so
    that it can never be taken as a Git option.
    """
    from ..reading.loader import load

    here = (cwd or Path.cwd()).resolve()
    if not revision or revision.startswith("-") or any(c.isspace() or c == "\0" for c in revision):
        raise UsageError(f"git:{revision}: not a Git revision")
    top = _git(["rev-parse", "--show-toplevel"], here)
    if top.returncode != 0:
        raise UsageError(f"git:{revision}: {here} is not inside a Git repository")
    prefix = _git(["rev-parse", "--show-prefix"], here).stdout.decode().strip()
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], here)
    if commit.returncode != 0:
        raise UsageError(f"git:{revision}: no such revision in this repository")
    sha = commit.stdout.decode().strip()
    parts = prefix.strip("/").split("/") if prefix.strip("/") else []
    candidates = ["/".join(parts[:n] + ["framework"]) for n in range(len(parts), -1, -1)]
    inside = next((c for c in candidates
                   if _git(["cat-file", "-e", f"{sha}:{c}/framework.yaml"], here).returncode == 0), None)
    if inside is None:
        raise UsageError(f"git:{revision}: that revision has no {candidates[0]}/framework.yaml")
    toplevel = Path(top.stdout.decode().strip())
    archive = _git(["archive", "--format=tar", sha, "--", inside], toplevel)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"git:{revision}: git archive failed: {message[0] if message else 'no reason given'}")
    workdir = Path(tempfile.mkdtemp(prefix="ahpfw-git-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(workdir, filter="data")
        fw = load(workdir / inside)
    except FrameworkError as exc:
        first = exc.problems[0] if exc.problems else "cannot be loaded"
        raise UsageError(f"git:{revision}: the framework at that revision cannot be loaded: {first}") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return fw, f"git:{revision} ({sha[:12]})"
