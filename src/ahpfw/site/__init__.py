"""A static, self-contained website for reading the framework (``ahpfw site``).

One page per domain, career stage and capability, a career-route view (each
capability at your stage and the next), the history of every element across
releases, a "what changed" page per release, and a search box that works from
``file://`` (the index is a script, not a file fetched at run time). No outside
resources; every piece of framework text is HTML-escaped; the output is a
pure function of the framework and its release history, so reruns are
byte-identical. ``docs/developers.md`` shows it in use.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Framework
from .history import History, read_history

__all__ = ["History", "read_history", "render_site", "write_pages", "write_site"]


def render_site(fw: Framework, history: History | None = None) -> dict[str, str]:
    """Every file of the site, ``{relative path: text}``, for ``fw`` and its release history.

    ``history`` defaults to the releases beside the framework's folder (none for
    a framework without a folder, such as one loaded from JSON).
    """
    from .pages import render

    return render(fw, read_history(fw) if history is None else history)


def write_pages(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Write rendered pages under ``out_dir`` (not atomically: for a folder already staged); return the paths."""
    out = Path(out_dir)
    written = []
    folders: set[str] = set()
    for name in sorted(pages):
        folder = name.rpartition("/")[0]
        if folder not in folders:  # a large site has many pages in few folders
            (out / folder).mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        path = out / name
        with open(path, "wb") as fh:  # UTF-8 with the \n line ends the pages are written with
            fh.write(pages[name].encode("utf-8"))
        written.append(path)
    return written


def write_site(fw: Framework, out_dir: str | Path, history: History | None = None) -> list[Path]:
    """Build the site for ``fw`` into ``out_dir``, replacing that folder whole and all at once.

    Returns the paths written (inside ``out_dir``).
    """
    from ..atomic import replace_dir

    out = Path(out_dir)
    pages = render_site(fw, history)
    with replace_dir(out) as staging:
        write_pages(pages, staging)
    return [out / name for name in sorted(pages)]
