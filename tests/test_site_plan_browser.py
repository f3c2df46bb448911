""""My development plan" (plan.html) used as an educator would, in headless Chromium from file://.

By keyboard only: choose a stage, rate three capabilities, write a note; reload and find them
kept; download the CSV and read its rows; load it back in a fresh browser profile; load a plan
saved against an older release and see what changed; clear everything. No request leaves
file:// (downloads are blob: URLs made in the page); axe-core finds no violations; a phone-width
screenshot has no sideways scrolling. Skips like tests/test_site_browser.py when Chromium,
Playwright or axe-core is missing.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import ahpfw

from .conftest import REPO
from .test_site_browser import ARTIFACTS, axe_js, axe_violations, browser, site_dir  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

NOTE = "=Ask for a mentor, \"soon\""  # a formula-like note with a comma and quotes: the CSV must keep it whole


@pytest.fixture(scope="module")
def fw() -> ahpfw.Framework:
    return ahpfw.load(REPO / "framework")


def _live_caps(fw: ahpfw.Framework) -> list:
    return [c for d in fw.domains if not d.retired for c in d.capabilities if not c.retired]


def _context(chromium, **options):
    context = chromium.new_context(accept_downloads=True, **options)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page


def _tab_to(page, test: str, limit: int = 400) -> None:
    """Press Tab until ``test`` (JavaScript, given the focused element as ``el``) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return Boolean({test}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def _group(cap_id: str) -> str:
    return "plan-" + cap_id.split(":")[1].lower()


def _checked(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.plan-rating input:checked')]
        .map(i => [i.name.replace(/-rating$/, ''), i.value]))""")


def _only_local(requests: list[str]) -> list[str]:
    return [url for url in requests if not url.startswith(("file:", "blob:", "data:"))]


@pytest.fixture(scope="module")
def rated_csv(browser, site_dir, fw, tmp_path_factory) -> Path:  # noqa: F811 (fixtures from test_site_browser)
    """Rates three capabilities by keyboard, checks they survive a reload, and downloads the plan as CSV."""
    caps = _live_caps(fw)[:3]
    stage = fw.stages_in_order[1]
    context, page = _context(browser, viewport={"width": 1280, "height": 900})
    page.goto((site_dir / "plan.html").as_uri())
    _tab_to(page, "el.id === 'plan-stage'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#plan-stage", "s => s.value") == stage.id
    _tab_to(page, f"el.name === '{_group(caps[0].id)}-rating'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # not yet -> developing -> confident
    _tab_to(page, f"el.name === '{_group(caps[1].id)}-rating'")
    page.keyboard.press("Space")  # not yet
    _tab_to(page, f"el.name === '{_group(caps[2].id)}-rating'")
    page.keyboard.press("ArrowRight")  # developing
    _tab_to(page, f"el.id === '{_group(caps[2].id)}-note'")
    page.keyboard.type(NOTE)
    expected = {_group(caps[0].id): "confident", _group(caps[1].id): "not_yet", _group(caps[2].id): "developing"}
    assert _checked(page) == expected

    page.reload()
    assert _checked(page) == expected
    assert page.eval_on_selector("#plan-stage", "s => s.value") == stage.id
    assert page.input_value(f"#{_group(caps[2].id)}-note") == NOTE
    summary = page.locator("#plan-summary").inner_text()
    assert "You have rated 3 of" in summary and caps[0].label in summary and f"My note: {NOTE}" in summary
    page.screenshot(path=str(_artifact("plan-rated.png")), full_page=False)

    with page.expect_download() as download:
        _tab_to(page, "el.id === 'plan-download-csv'")
        page.keyboard.press("Enter")
    path = tmp_path_factory.mktemp("plan") / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith(f"development-plan-{fw.version}-") and path.suffix == ".csv"
    assert _only_local(page.requests) == [] and page.errors == []
    context.close()
    return path


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def test_downloaded_csv_holds_every_capability_with_the_ratings(rated_csv, fw):
    rows = list(csv.DictReader(io.StringIO(rated_csv.read_text(encoding="utf-8"))))
    caps = _live_caps(fw)
    assert [r["capability_id"] for r in rows] == [c.id for c in caps]
    assert {r["framework_version"] for r in rows} == {fw.version}
    assert {r["stage_id"] for r in rows} == {fw.stages_in_order[1].id}
    ratings = {r["capability_id"]: r["rating"] for r in rows if r["rating"]}
    assert ratings == {caps[0].id: "confident", caps[1].id: "not_yet", caps[2].id: "developing"}
    assert rows[2]["note"] == "'" + NOTE  # shown as text, never run as a formula, by a spreadsheet


def test_a_downloaded_plan_loads_in_a_fresh_profile(browser, site_dir, rated_csv, fw):  # noqa: F811
    context, page = _context(browser)
    page.goto((site_dir / "plan.html").as_uri())
    assert _checked(page) == {}
    page.set_input_files("#plan-load", str(rated_csv))
    page.wait_for_selector("#plan-notice:not([hidden])")
    caps = _live_caps(fw)[:3]
    assert _checked(page) == {_group(caps[0].id): "confident", _group(caps[1].id): "not_yet",
                              _group(caps[2].id): "developing"}
    assert page.input_value(f"#{_group(caps[2].id)}-note") == NOTE
    page.reload()
    assert len(_checked(page)) == 3  # loaded into this profile's storage
    assert _only_local(page.requests) == [] and page.errors == []
    context.close()


def test_a_plan_from_an_older_release_lists_what_changed(browser, site_dir, fw, tmp_path):  # noqa: F811
    from ahpfw.site import read_history
    from ahpfw.site.pages import Site
    from ahpfw.site.plan import changed_since

    since = changed_since(Site(fw, read_history(fw)))
    old = sorted(since)[0]
    changed = [c for c in _live_caps(fw) if c.id in since[old]][0]
    saved = tmp_path / "old-plan.json"
    saved.write_text(json.dumps({"format": "ahpfw-plan", "framework": fw.id, "version": old, "saved_on": "2024-01-01",
                                 "stage": fw.stages_in_order[0].id, "profession": "",
                                 "ratings": {changed.id: {"rating": "developing", "note": ""}}}), encoding="utf-8")
    context, page = _context(browser)
    page.goto((site_dir / "plan.html").as_uri())
    page.set_input_files("#plan-load", str(saved))
    page.wait_for_selector("#plan-notice:not([hidden])")
    notice = page.locator("#plan-notice").inner_text()
    assert f"version {old}" in notice and f"{changed.label} has changed." in notice
    assert _checked(page) == {_group(changed.id): "developing"}
    context.close()


def test_clear_everything_forgets_the_plan(browser, site_dir, rated_csv):  # noqa: F811
    context, page = _context(browser)
    page.goto((site_dir / "plan.html").as_uri())
    page.set_input_files("#plan-load", str(rated_csv))
    page.wait_for_selector("#plan-notice:not([hidden])")
    assert _checked(page)
    page.once("dialog", lambda dialog: dialog.accept())
    _tab_to(page, "el.id === 'plan-clear'")
    page.keyboard.press("Enter")
    assert _checked(page) == {} and page.eval_on_selector("#plan-stage", "s => s.value") == ""
    page.reload()
    assert _checked(page) == {}
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('ahpfw-plan'))") == []
    context.close()


def test_plan_page_is_accessible_and_readable_on_a_phone(browser, site_dir, rated_csv):  # noqa: F811
    axe = axe_js()
    context, page = _context(browser, viewport={"width": 375, "height": 800}, is_mobile=True)
    page.goto((site_dir / "plan.html").as_uri())
    page.set_input_files("#plan-load", str(rated_csv))
    page.wait_for_selector("#plan-notice:not([hidden])")
    assert axe_violations(page, axe) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(_artifact("plan-mobile.png")), full_page=False)
    page.emulate_media(media="print")
    assert page.locator("#plan-summary").is_visible() and not page.locator("#plan-form").is_visible()
    context.close()


def test_every_page_links_to_the_plan(site_dir):  # noqa: F811
    pages = [site_dir / "index.html", *sorted((site_dir / "capabilities").glob("*.html"))[:1]]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert 'plan.html">My development plan</a>' in text, path


def test_plan_data_holds_live_capabilities_stages_and_what_changed(fw):
    from ahpfw.site import read_history
    from ahpfw.site.pages import Site
    from ahpfw.site.plan import plan_data, plan_data_script

    site = Site(fw, read_history(fw))
    data = plan_data(site)
    assert [c["id"] for d in data["domains"] for c in d["capabilities"]] == [c.id for c in _live_caps(fw)]
    assert [s["id"] for s in data["stages"]] == [s.id for s in fw.stages_in_order]
    retired = [c.id for c in fw.capabilities.values() if c.retired]
    first = site.history.releases[0].version
    assert set(retired) <= set(data["changed_since"][first])  # retiring is a change an old plan must hear of
    script = plan_data_script(site)
    assert script.startswith("window.AHPFW_PLAN_DATA = {") and "<" not in script and script.isascii()
