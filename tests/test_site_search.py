"""The site's search, run without a browser: Node runs the built site's own scripts (tests/js/site_search.js).

tests/test_site_browser.py drives the same search through the page in Chromium; these tests check what
it finds and in which order, which needs no browser.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, require_tool

SITE = REPO / "exports" / "site"
HARNESS = Path(__file__).parent / "js" / "site_search.js"


def search(*queries: str, site: Path = SITE) -> dict[str, list[dict]]:
    """For each query, the results of the site's search in order: {title, url, id, exact, marks}."""
    node = require_tool("node", "nodejs", install="Debian: apt-get install nodejs")
    result = subprocess.run([node, str(HARNESS), str(site), *queries], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fw():
    import ahpfw

    return ahpfw.load(REPO / "framework")


def test_an_identifier_or_a_code_finds_that_element_first(fw):
    cap = fw.capabilities["ahpfw:CAP-0007"]
    assert cap.code and cap.code != "1.2"
    queries = ("ahpfw:CAP-0007", "CAP-0007", "cap-0007", " ahpfw:cap-0007 ", cap.code, "1.2")
    found = search(*queries)
    url = f"capabilities/{cap.id.split(':')[1].lower()}.html"
    for query in queries[:-1]:
        first, *rest = found[query]
        assert (first["id"], first["url"], first["exact"]) == (cap.id, url, True), query
        assert not any(r["exact"] for r in rest), query
    first = found["1.2"][0]
    assert first["exact"] and first["title"].startswith("1.2 ") and first["id"] == next(
        c.id for c in fw.capabilities.values() if c.code == "1.2")


def test_words_are_not_taken_for_codes():
    """An ordinary word matches no element exactly, so the search ranks by its words alone."""
    assert not any(r["exact"] for r in search("feedback")["feedback"])


def _label(fw, name_part: str, kind: str = "CAP") -> str:
    """The label of the one element of a kind whose name contains ``name_part``."""
    (label,) = [e.label for e in fw.elements.values() if e.KIND == kind and name_part in e.name and not e.retired]
    return label


def test_a_typo_is_forgiven_and_the_word_marked(fw):
    (results,) = search("mentorng").values()
    mentoring = next(r for r in results if r["title"] == _label(fw, "Mentoring"))
    assert any(m.lower().startswith("mentor") for m in mentoring["marks"]), mentoring


def test_the_start_of_a_word_matches(fw):
    titles = [r["title"] for r in search("supervi")["supervi"]]
    assert _label(fw, "Supervising") in titles and _label(fw, "Supervision", "DOM") in titles


def test_accents_and_capitals_do_not_matter():
    found = search("SUPERVÍSION", "supervision")
    assert found["SUPERVÍSION"] == found["supervision"] != []


def test_a_name_ranks_above_the_text():
    titles = [r["title"] for r in search("mentoring")["mentoring"]]
    named = ["mentoring" in t.lower() for t in titles]
    assert named[0] and False in named, titles
    assert named == sorted(named, reverse=True), titles  # every name with the word comes before the rest


def test_every_word_must_match():
    both = {r["url"] for r in search("feedback placement")["feedback placement"]}
    each = [{r["url"] for r in results} for results in search("feedback", "placement").values()]
    assert both and both <= each[0] & each[1]
