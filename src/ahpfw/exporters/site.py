"""``exports/site/``: the framework's static website (the same as ``ahpfw site --out exports/site``).

See :mod:`ahpfw.site`: a page per domain, career stage and capability, the
career-route view, history across the releases beside the framework folder,
a "what changed" page per release and an offline search box.
"""

from __future__ import annotations

from pathlib import Path

from ..project import Project

FILES = ("site/*",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ("jinja2", "markupsafe")

ABOUT = {
    "site/*": (
        "HTML5 website, self-contained (no outside resources), works opened from disk",
        "AHPs and educators reading the framework: open `site/index.html`, find your career stage, search",
        "`tests/test_site_browser.py` opens it in headless Chromium and runs axe-core; any link checker",
    ),
}


def export(project: Project, out_dir: Path) -> list[Path]:
    """Write the site under ``out_dir/site``; return the paths written."""
    fw = project.framework
    from ..site import render_site, write_pages

    return write_pages(render_site(fw), Path(out_dir) / "site")
