"""A static, self-contained website for reading the framework (``ahpfw site``).

One page per domain, career stage and capability, a career-route view (each
capability at your stage and the next), the history of every element across
releases, a "what changed" page per release, and a search box that works from
``file://`` (the index is a script, not a file fetched at run time). No outside
resources; the pages are rendered from the Jinja2 templates in
``ahpfw/templates/site/`` with autoescaping on, so every piece of framework
text is HTML-escaped; the output is a pure function of the framework and its
release history, so reruns are byte-identical. ``docs/developers.md`` shows it
in use and describes the templates.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..extras import needs
from ..model import Framework
from .history import History, read_history

if TYPE_CHECKING:
    from ..provenance.evidence import ArchivedText

__all__ = ["History", "read_archives", "read_history", "render_site", "write_pages", "write_site"]


@needs("jinja2", "markupsafe")
def render_site(fw: Framework, history: History | None = None) -> dict[str, str]:
    """Every file of the site, ``{relative path: text}``, for ``fw`` and its release history.

    ``history`` defaults to the releases beside the framework's folder (none for
    a framework without a folder, such as one loaded from JSON). The history, the
    crosswalks and the archived sources come from the framework's project
    (:meth:`ahpfw.project.Project.of`).
    """
    from importlib import resources

    from . import plan, search
    from .pages import NAV, Site, banner, pages
    from .templating import html_environment

    archives = read_archives(fw)
    site = Site(fw, read_history(fw) if history is None else history, archives)
    env = html_environment()
    page_list = pages(site)
    nav = [(href, text) for href, text in NAV if href in site.pages]
    layout = env.get_template("site/layout.html").module
    footer = layout.footer(fw)
    headers: dict[tuple[str, str], Any] = {}  # the header differs only by page depth and current page
    templates = {name: env.get_template(name) for name in sorted({page.template for page in page_list})}
    out = {}
    try:
        for page in page_list:
            root = page.root
            current = page.path if page.path in site.pages else ""
            header = headers.get((root, current))
            if header is None:
                header = headers[root, current] = layout.header(fw, nav, root, current, banner(fw))
            out[page.path] = templates[page.template].render(fw=fw, page=page, root=root, header=header,
                                                             footer=footer, **page.data)
    finally:
        env.filters["link"].cache_clear()  # each distinct link of this site, rendered once (ahpfw.site.templating)
    out["assets/site.css"] = resources.files(__package__).joinpath("static", "site.css").read_text(encoding="utf-8")
    out.update(search.assets(site))
    if "plan.html" in out:
        out.update(plan.assets(site))
    for source_id, archived in archives.items():  # the archived text itself, as it is
        out[f"{site.url(source_id).removesuffix('.html')}.txt"] = archived.text
    return out


def read_archives(fw: Framework) -> dict[str, ArchivedText]:
    """The archived text of each source that has one (``archive``: a file inside the framework's
    folder), by source id, from the framework's project. One that cannot be used is left out:
    ``ahpfw validate`` reports it."""
    from ..project import Project
    from ..provenance.evidence import ArchivedText

    return {source_id: archived for source_id, archived in Project.of(fw).archives(fw).items()
            if isinstance(archived, ArchivedText)}


def write_pages(pages: dict[str, str], out_dir: Path) -> list[Path]:
    """Write rendered pages under ``out_dir`` (not atomically: for a folder already staged); return the paths."""
    out = Path(out_dir)
    written = []
    folders: set[str] = set()
    # os.open, not open(): a buffered file object costs three more system calls and some microseconds
    # a file, and a large site is 100,000 files
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    for name in sorted(pages):
        folder = name.rpartition("/")[0]
        if folder not in folders:  # a large site has many pages in few folders
            (out / folder).mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        path = out / name
        data = memoryview(pages[name].encode("utf-8"))  # UTF-8 with the \n line ends the pages are written with
        fd = os.open(path, flags, 0o666)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
        written.append(path)
    return written


@needs("jinja2", "markupsafe")
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
