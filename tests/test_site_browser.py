"""The framework site in a real browser: headless Chromium opens it from file://, searches, follows a
link, and axe-core checks every kind of page for accessibility problems.

Needs Debian's ``chromium`` (``apt-get install -y chromium``), Playwright for Python
(``pip install '.[test]'``; no ``playwright install``: the system Chromium is used) and
the npm package axe-core (``npm install -g axe-core``, or set ``AXE_CORE_JS`` to its
``axe.min.js``). Skips, saying which is missing, where they cannot be had; fails instead under
AHPFW_REQUIRE_TOOLS=1 (.ci/run), through tests/conftest.py's ``missing``.
Screenshots go to tests/artifacts/site/ for a reviewer to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, missing, require_module, require_tool, run_cli

pytestmark = pytest.mark.slow  # a real browser: some seconds

ARTIFACTS = REPO / "tests" / "artifacts" / "site"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def axe_js() -> Path:
    """axe.min.js: from AXE_CORE_JS, the checkout's node_modules, or npm's global folder (else ``missing``)."""
    candidates = []
    if os.environ.get("AXE_CORE_JS"):
        candidates.append(Path(os.environ["AXE_CORE_JS"]))
    candidates.append(REPO / "node_modules" / "axe-core" / "axe.min.js")
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root:
            candidates.append(Path(root) / "axe-core" / "axe.min.js")
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        missing("axe-core not found: npm install -g axe-core (or set AXE_CORE_JS to axe.min.js)")
    return found


@pytest.fixture(scope="module")
def browser():
    playwright_api = require_module("playwright.sync_api", "Playwright for Python: pip install '.[test]'")
    executable = require_tool("chromium", "chromium-browser", install="Debian: apt-get install chromium")
    with playwright_api.sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except playwright_api.Error as exc:
            missing(f"Chromium at {executable} does not start under Playwright: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    """The site of the shipped framework, with its release history, built by the command a user runs."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_cli("site", str(REPO / "framework"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.messages = []  # console errors and uncaught exceptions, as text
    pg.on("console", lambda m: m.type == "error" and pg.messages.append(f"console: {m.text}"))
    pg.on("pageerror", lambda exc: pg.messages.append(f"page error: {exc}"))
    pg.on("requestfailed", lambda r: pg.messages.append(f"failed to load: {r.url}"))
    yield pg
    context.close()


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _pick_capability(site_dir: Path) -> tuple[str, str, str]:
    """A capability of the shipped framework and a word of its statement found in no other statement
    and not in its name (so the search must have looked past the titles)."""
    from ahpfw import load

    fw = load(REPO / "framework")
    caps = [c for c in fw.capabilities.values() if not c.retired]
    texts = [c.statement.lower() for c in caps]
    for cap in caps:
        for word in sorted(set(cap.statement.lower().replace(",", " ").replace(".", " ").split()), key=len,
                           reverse=True):
            if word.isalpha() and word not in cap.name.lower() and sum(word in t for t in texts) == 1:
                return cap.id, cap.name, word
    raise AssertionError("no capability has a word of its own in its statement")


def test_search_finds_a_capability_and_its_page_opens(page, site_dir):
    cap_id, cap_name, word = _pick_capability(site_dir)
    page.goto((site_dir / "index.html").as_uri())
    assert page.title().startswith("Home")
    _shot(page, "home")

    page.get_by_label("Search the framework").fill(word)
    page.get_by_label("Search the framework").press("Enter")
    page.wait_for_selector("#search-results li")
    results = page.locator("#search-results li a")
    assert any(cap_name in text for text in results.all_inner_texts()), \
        f"searching for {word!r}: {results.all_inner_texts()}"
    assert "result" in page.locator("#search-status").inner_text()
    marked = page.locator("#search-results li").filter(has_text=cap_name).first.locator("mark").all_inner_texts()
    assert word in [m.lower() for m in marked], marked
    _shot(page, "search")

    results.filter(has_text=cap_name).first.click()
    page.wait_for_load_state("load")
    slug = cap_id.split(":")[1].lower()
    assert page.url.endswith(f"capabilities/{slug}.html")
    assert cap_name in page.locator("h1").inner_text()
    _shot(page, "capability")
    assert page.messages == []


def _search(page, site_dir: Path, query: str) -> list[str]:
    """The titles of the results the search page lists for ``query``, in order."""
    from urllib.parse import quote

    page.goto((site_dir / "search.html").as_uri() + "?q=" + quote(query))
    page.wait_for_function("document.getElementById('search-status').textContent.includes('result')")
    return page.locator("#search-results li > a").all_inner_texts()


def _name(site_dir: Path, name_part: str, kind: str = "CAP") -> str:
    """The label of the one element of a kind whose name contains ``name_part``."""
    from ahpfw import load

    fw = load(REPO / "framework")
    (label,) = [e.label for e in fw.elements.values() if e.KIND == kind and name_part in e.name and not e.retired]
    return label


def test_search_forgives_a_typo(page, site_dir):
    mentoring = _name(site_dir, "Mentoring")
    titles = _search(page, site_dir, "mentorng")
    assert mentoring in titles, titles
    marks = page.locator("#search-results li").filter(has_text=mentoring).first.locator("mark").all_inner_texts()
    assert any(m.lower().startswith("mentor") for m in marks), marks
    assert page.messages == []


def test_search_matches_the_start_of_a_word(page, site_dir):
    supervising = _name(site_dir, "Supervising")
    titles = _search(page, site_dir, "supervi")
    assert supervising in titles and _name(site_dir, "Supervision", "DOM") in titles, titles
    assert page.messages == []


def test_search_ignores_accents_and_capitals(page, site_dir):
    assert _search(page, site_dir, "SUPERVÍSION") == _search(page, site_dir, "supervision") != []


def test_search_ranks_names_above_text(page, site_dir):
    titles = _search(page, site_dir, "mentoring")
    named = [("mentoring" in t.lower()) for t in titles]
    assert named[0] and False in named, titles
    assert named == sorted(named, reverse=True), titles  # every name with the word comes before the rest


def test_search_for_an_identifier_or_a_code_goes_to_the_element(page, site_dir):
    """From the search box of any page, an id (with or without its prefix) or a code lands on that element's page."""
    from ahpfw import load

    fw = load(REPO / "framework")
    coded = next(c for c in fw.capabilities.values() if not c.retired and c.id != "ahpfw:CAP-0007")
    for query, cap in (("ahpfw:CAP-0007", fw.capabilities["ahpfw:CAP-0007"]), ("CAP-0007", fw.capabilities[
            "ahpfw:CAP-0007"]), (coded.code, coded)):
        page.goto((site_dir / "index.html").as_uri())
        page.get_by_label("Search the framework").fill(query)
        page.get_by_label("Search the framework").press("Enter")
        page.wait_for_url(f"**/capabilities/{cap.id.split(':')[1].lower()}.html")
        assert cap.name in page.locator("h1").inner_text(), query
    assert page.messages == []


def test_search_results_show_text_as_text(page, tmp_path):
    """Framework text that looks like HTML is shown as text in the results, never parsed."""
    from .test_site import HOSTILE, hostile_framework

    folder = hostile_framework(shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / "fw"))
    out = tmp_path / "site"
    assert run_cli("site", str(folder), "--out", str(out)).returncode == 0
    dialogs = []  # the hostile text calls alert() if it ever runs
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    titles = _search(page, out, "onerror")
    assert any(HOSTILE in t for t in titles), titles
    assert any("onerror" in m for m in page.locator("#search-results mark").all_inner_texts())
    assert page.locator("#search-results img, #search-results script").count() == 0
    assert dialogs == [] and page.messages == []


def test_keyboard_skip_link_reaches_main(page, site_dir):
    page.goto((site_dir / "index.html").as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def _pages(site_dir: Path) -> list[Path]:
    """One page of each kind."""
    first = {folder: sorted((site_dir / folder).glob("*.html"))[0] for folder in ("capabilities", "domains", "stages")}
    changes = sorted(p for p in (site_dir / "changes").glob("*.html") if p.name != "index.html")
    return [site_dir / "index.html", site_dir / "route.html", site_dir / "search.html", site_dir / "evidence.html",
            site_dir / "about.html", site_dir / "changes" / "index.html", *first.values(), *changes[-1:],
            sorted((site_dir / "sources").glob("*.html"))[0]]


def axe_violations(page, axe: Path) -> list[str]:
    """What axe-core (WCAG 2.1 A and AA, best practice) finds wrong with the page as it is now, one line each."""
    page.add_script_tag(path=str(axe))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.length} nodes: ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') + ']');
    }""")


def test_no_accessibility_violations(page, site_dir):
    axe = axe_js()
    report = []
    for path in _pages(site_dir):
        page.goto(path.as_uri() + ("?q=feedback" if path.name == "search.html" else ""))
        report += [f"{path.relative_to(site_dir)}: {message}" for message in page.messages]
        report += [f"{path.relative_to(site_dir)}: {line}" for line in axe_violations(page, axe)]
        page.messages.clear()  # axe-core itself tries to read the style sheets, which file:// refuses
        _shot(page, "page-" + path.relative_to(site_dir).as_posix().replace("/", "-").removesuffix(".html"))
    (ARTIFACTS / "axe-report.txt").write_text("\n".join(report) + "\n" if report else "no violations\n",
                                              encoding="utf-8")
    assert report == [], "\n".join(report)


def test_a_quote_links_to_its_words_in_the_archived_source(page, tmp_path):
    """On a site whose framework records provenance: the quote's link lands on the marked words in the
    archived text, and both pages are free of accessibility violations."""
    from .test_site import provenance_framework

    folder = provenance_framework(shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / "framework"))
    out = tmp_path / "site"
    assert run_cli("site", str(folder), "--out", str(out)).returncode == 0
    page.goto((out / "capabilities" / "cap-0001.html").as_uri())
    assert "Quoted from" in page.locator(".provenance").first.inner_text()
    report = [f"capability: {line}" for line in axe_violations(page, axe_js())]
    page.get_by_role("link", name="where it stands in the archived text").click()
    page.wait_for_load_state("load")
    assert "/sources/src-0001.html#at-" in page.url
    target = page.locator(":target")
    assert target.evaluate("node => node.tagName") == "MARK"
    assert " ".join(target.inner_text().split()) == "planning learning for each learner\u2019s needs"
    assert target.is_visible()
    _shot(page, "source-archive")
    report += [f"source: {line}" for line in axe_violations(page, axe_js())]
    page.messages.clear()  # axe-core itself tries to read the style sheets, which file:// refuses
    assert report == [], "\n".join(report)


def test_prints_without_the_navigation(page, site_dir):
    stage = sorted((site_dir / "stages").glob("*.html"))[0]
    page.goto(stage.as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("main h1").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "stage-print.pdf"))
    assert (ARTIFACTS / "stage-print.pdf").stat().st_size > 1000
