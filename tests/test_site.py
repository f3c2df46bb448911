"""The framework site (``ahpfw site``): its pages, escaping, determinism, history and safe writing.

The browser checks (search, links, console errors, accessibility) are in test_site_browser.py.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ahpfw.editing.releases import make_release
from ahpfw.reading.loader import load
from ahpfw.site import read_history, render_site, write_site

from .conftest import SHIPPED, run_cli

HOSTILE = '<script>alert("x")</script> "quoted" & \'single\' </script><img src=x onerror=alert(1)>'


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, and the text of each h1."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = self._in_h1 or tag == "h1"
        if tag == "h1":
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def parse(text: str) -> Tags:
    parser = Tags()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def shipped_pages() -> dict[str, str]:
    return render_site(load(SHIPPED))


def html_pages(pages: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in pages.items() if name.endswith(".html")}


def test_a_page_for_every_domain_stage_and_capability(shipped_pages):
    fw = load(SHIPPED)
    for element in (*fw.domains, *fw.career_stages, *fw.capabilities.values()):
        local = element.id.split(":")[1].lower()
        folder = {"DOM": "domains", "STAGE": "stages", "CAP": "capabilities"}[element.KIND]
        page = shipped_pages[f"{folder}/{local}.html"]
        assert parse(page).h1 == [f"{element.code} {element.name}" if element.code else element.name]
    for name in ("index.html", "route.html", "search.html", "evidence.html", "about.html", "changes/index.html",
                 "domains/index.html", "assets/site.css", "assets/search.js", "assets/search-index.js"):
        assert name in shipped_pages


def test_every_page_is_accessible_in_structure_and_self_contained(shipped_pages):
    for name, text in html_pages(shipped_pages).items():
        assert text.startswith('<!DOCTYPE html>\n<html lang="en-GB">'), name
        tags = parse(text)
        assert len(tags.h1) == 1, name
        assert tags.tags[next(i for i, (t, _) in enumerate(tags.tags) if t == "body") + 1] == \
            ("a", {"class": "skip-link", "href": "#main"}), name
        assert [a for t, a in tags.tags if t == "main"] == [{"id": "main", "class": "wrap", "tabindex": "-1"}]
        ids = [a["id"] for _, a in tags.tags if a.get("id")]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        for tag, attrs in tags.tags:
            for attr in ("href", "src"):
                value = attrs.get(attr) or ""
                assert not re.match(r"[a-z]+:|//", value), f"{name}: <{tag} {attr}={value!r}> leaves the site"
            if tag == "input":
                assert f'<label for="{attrs["id"]}">' in text, f"{name}: input {attrs['id']} has no label"


def test_links_between_pages_resolve(shipped_pages):
    for name, text in html_pages(shipped_pages).items():
        for tag, attrs in parse(text).tags:
            target = attrs.get("href") or attrs.get("src") if tag in ("a", "link", "script") else None
            if not target or target.startswith("#"):
                continue
            path = (Path(name).parent / target.split("#")[0].split("?")[0]).as_posix()
            resolved = re.sub(r"[^/]+/\.\./", "", path)
            assert resolved in shipped_pages, f"{name}: broken link {target}"


def test_stage_page_shows_each_capability_at_this_stage_and_the_next(shipped_pages):
    fw = load(SHIPPED)
    first, second = fw.stages_in_order[:2]
    page = shipped_pages[f"stages/{first.id.split(':')[1].lower()}.html"]
    for cap in fw.capabilities.values():
        if cap.retired:
            continue
        row = page[page.index(f"capabilities/{cap.id.split(':')[1].lower()}.html"):]
        row = row[:row.index("</tr>")]
        assert parse(cap.descriptor(first.id).text).tags == []
        assert cap.descriptor(first.id).text in unescape(row)
        assert cap.descriptor(second.id).text in unescape(row)


def test_stage_pages_and_route_show_what_rises_at_each_stage(shipped_pages):
    fw = load(SHIPPED)
    stages = fw.stages_in_order
    assert all(stage.progression for stage in stages[1:]), "every stage after the first says what rises"
    for n, stage in enumerate(stages):
        text = unescape(shipped_pages[f"stages/{stage.id.split(':')[1].lower()}.html"])
        for item in stage.progression:
            assert item in text[text.index("What rises at this stage"):text.index("Each capability at")]
        following = stages[n + 1] if n + 1 < len(stages) else None
        for item in following.progression if following else ():
            assert item in text[text.index("What rises at the next stage"):text.index("Each capability at")]
        assert ("What rises at this stage" in text) == bool(stage.progression)
    route = unescape(shipped_pages["route.html"])
    assert all(item in route for stage in stages for item in stage.progression)


def test_search_index_holds_every_capability_statement(shipped_pages):
    script = shipped_pages["assets/search-index.js"]
    assert script.startswith("window.AHPFW_SEARCH_INDEX = [")
    import json

    entries = json.loads(script.removeprefix("window.AHPFW_SEARCH_INDEX = ").removesuffix(";\n"))
    by_url = {entry["url"]: entry for entry in entries}
    for cap in load(SHIPPED).capabilities.values():
        entry = by_url[f"capabilities/{cap.id.split(':')[1].lower()}.html"]
        assert cap.statement in entry["text"]
        assert entry["title"] == cap.label


def test_vendored_search_library_matches_its_recorded_checksums(shipped_pages):
    """MiniSearch is vendored unchanged: VENDORED.md records its version and each file's sha256."""
    import hashlib

    import ahpfw

    folder = Path(ahpfw.__file__).parent / "site" / "static" / "vendor" / "minisearch"
    record = (folder / "VENDORED.md").read_text(encoding="utf-8")
    assert re.search(r"^\| version \| \d+\.\d+\.\d+ \|$", record, flags=re.M)
    sums = dict(re.findall(r"^\| `([^`]+)` \| .* \| `([0-9a-f]{64})` \|$", record, flags=re.M))
    assert set(sums) == {"minisearch.js", "LICENSE.txt"}
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert shipped_pages["assets/minisearch.js"] == (folder / "minisearch.js").read_text(encoding="utf-8")
    assert shipped_pages["assets/minisearch-LICENSE.txt"] == (folder / "LICENSE.txt").read_text(encoding="utf-8")
    scripts = [a["src"] for t, a in parse(shipped_pages["search.html"]).tags if t == "script"]
    assert scripts == ["assets/search-index.js", "assets/minisearch.js", "assets/search.js"]


def hostile_framework(folder: Path) -> Path:
    """The minimal framework with hostile text in names, statements, descriptors and the framework title."""
    for file in folder.glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        text = text.replace("title: Minimal test framework", f"title: {_yaml(HOSTILE)}")
        text = text.replace("name: Planning learning", f"name: {_yaml('Plan ' + HOSTILE)}")
        text = text.replace("statement: Plans learning that meets each learner's needs.",
                            f"statement: {_yaml('Plans ' + HOSTILE)}")
        text = text.replace("text: Plans learning for one learner.", f"text: {_yaml('One ' + HOSTILE)}")
        text = text.replace("name: Pedagogy", f"name: {_yaml('Need ' + HOSTILE)}")
        file.write_text(text, encoding="utf-8")
    return folder


def _yaml(text: str) -> str:
    import json

    return json.dumps(text)


def test_hostile_text_is_escaped_everywhere(minimal):
    fw = load(hostile_framework(minimal))
    assert HOSTILE in fw.title
    pages = render_site(fw)
    for name, text in html_pages(pages).items():
        tags = parse(text)
        assert "img" not in {t for t, _ in tags.tags}, name
        scripts = [a for t, a in tags.tags if t == "script"]
        assert all(set(a) == {"src"} and a["src"].endswith(("search-index.js", "minisearch.js", "search.js",
                                                                 "plan-data.js", "plan.js"))
                   for a in scripts), name
        assert "<script>alert" not in text and "onerror=alert(1)>" not in text, name
    assert parse(pages["capabilities/cap-0001.html"]).h1 == ["1.1 Plan " + HOSTILE]  # shown as text, whole
    index = pages["assets/search-index.js"]
    assert "<" not in index and ">" not in index
    assert "\\u003cscript\\u003e" in index
    plan = pages["assets/plan-data.js"]  # the plan page's data: the same escaping
    assert "<" not in plan and ">" not in plan and "\\u003cscript\\u003e" in plan


def test_markup_is_in_the_templates_not_in_the_python():
    """The site's and the document's Python prepares data; every tag is in ahpfw/templates/."""
    import ahpfw

    package = Path(ahpfw.__file__).parent
    names = ("a|p|br|li|ul|ol|dl|dt|dd|div|span|table|caption|thead|tbody|tr|td|th|h[1-6]|code|strong|em|del|ins|"
             "mark|nav|main|header|footer|section|html|head|body|meta|link|script|style|title|form|label|input|button")
    tag = re.compile(rf"<(?:/?(?:{names})[\s>/]|!DOCTYPE)")
    for path in [*(package / "site").glob("*.py"), package / "exporters" / "docs.py"]:  # site/ holds templating.py
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not tag.search(line), f"{path.name}:{number}: markup in Python: {line.strip()}"
    templates = {p.relative_to(package / "templates").as_posix() for p in (package / "templates").rglob("*.*")}
    assert {"site/base.html", "site/macros.html", "site/capability.html", "docs/framework.html",
            "docs/framework.md"} <= templates


def test_printed_values_are_escaped_exactly_as_markupsafe_escapes_them():
    """The HTML templates print values through a faster escaper (ahpfw.site.templating.output_escape): the same
    text as markupsafe.escape for text, numbers, Markup and objects with __html__; Undefined is still an error."""
    import jinja2
    from markupsafe import Markup, escape

    from ahpfw.site.templating import html_environment, output_escape

    class Html:
        def __html__(self):
            return "<b>safe</b>"

    values = ["plain", "", "a < b & c > d", "\"quoted\" and 'single'", "&amp; already", "café – “curly” ✓",
              "<script>alert(1)</script>", 7, 2.5, None, Markup("<i>kept</i>"), Html()]
    template = html_environment().from_string("{% for v in values %}[{{ v }}]{% endfor %}")
    assert template.render(values=values) == "".join(f"[{escape(v)}]" for v in values)
    assert [str(output_escape()(v)) for v in values] == [str(escape(v)) for v in values]
    with pytest.raises(jinja2.UndefinedError):
        html_environment().from_string("{{ missing }}").render()


def test_the_link_cache_holds_one_site_at_a_time(minimal):
    """|link renders each distinct link once per site (an unbounded cache), and keeps none once the site is done."""
    from ahpfw.site.templating import html_environment

    link = html_environment().filters["link"]
    assert link.cache_parameters()["maxsize"] is None  # a bounded one thrashes on a large site's stage pages
    fw = load(minimal)
    pages = render_site(fw)
    assert link.cache_info().currsize == 0
    assert render_site(fw) == pages


def test_output_is_deterministic(minimal, tmp_path):
    fw = load(minimal)
    assert render_site(fw) == render_site(load(minimal))
    first = write_site(fw, tmp_path / "one")
    write_site(fw, tmp_path / "two")
    for path in first:
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def test_a_failed_build_leaves_the_old_site(minimal, tmp_path, monkeypatch):
    out = tmp_path / "site"
    write_site(load(minimal), out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    import ahpfw.site as site

    def broken(pages, folder):
        (Path(folder) / "index.html").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(site, "write_pages", broken)
    with pytest.raises(OSError):
        write_site(load(minimal), out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.name != ".ahpfw_cache"] == []


def released(minimal: Path) -> Path:
    """The minimal framework released as 1.0.0 and 1.0.1 (CAP-0001's statement reworded), then edited again."""
    manifest = minimal / "framework.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("status: draft", "status: consultation"),
                        encoding="utf-8")
    make_release("1.0.0", minimal)
    domains = minimal / "domains.yaml"
    domains.write_text(domains.read_text(encoding="utf-8").replace(
        "Plans learning that meets each learner's needs.", "Plans learning that meets every learner's needs."),
        encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1"),
                        encoding="utf-8")
    make_release("1.0.1", minimal)
    domains.write_text(domains.read_text(encoding="utf-8").replace(
        "Gives feedback that helps learners improve.", "Gives feedback that helps every learner improve."),
        encoding="utf-8")
    return minimal


def test_history_across_releases(minimal):
    fw = load(released(minimal))
    history = read_history(fw)
    assert [(s.version, s.draft) for s in history.steps] == [("1.0.0", False), ("1.0.1", False), ("1.0.1", True)]
    pages = render_site(fw, history)
    cap1 = pages["capabilities/cap-0001.html"]
    assert "First published in 1.0.0 (consultation, 2024-01-01)" in cap1
    assert '<a href="../changes/1-0-1.html#cap-0001">Release 1.0.1</a>' in cap1
    assert "<del>each</del>" in cap1 and "<ins>every</ins>" in cap1
    cap2 = pages["capabilities/cap-0002.html"]
    assert "changes/draft.html#cap-0002" in cap2
    assert "changes/1-0-1.html" in pages and "changes/draft.html" in pages
    assert "Release 1.0.1" in pages["changes/index.html"]
    assert "Working draft 1.0.1: changes since 1.0.1" in pages["changes/draft.html"]


def test_no_release_history(minimal):
    pages = render_site(load(minimal))
    assert "Not yet released" in pages["capabilities/cap-0001.html"]
    assert "has not been released yet" in pages["changes/index.html"]


def test_command_builds_and_replaces_only_its_own_folders(minimal, tmp_path):
    out = tmp_path / "out"
    result = run_cli("site", str(minimal), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()
    assert "wrote" in result.stderr
    again = run_cli("site", str(minimal), "--out", str(out), "-q")
    assert again.returncode == 0 and again.stderr == ""
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = run_cli("site", str(minimal), "--out", str(precious))
    assert refused.returncode == 2
    assert refused.stderr.startswith("error:") and "not empty" in refused.stderr
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


# ---------------------------------------------------------------------------
# Provenance: where each element's words come from, and the archived sources

ARCHIVE = ("Title: A test source\nArchived: 2026-11-29\n\n"
           "Educators said that \u201cplanning learning  for each\nlearner\u2019s needs\u201d takes time.\n"
           "They also said <b>feedback</b> & praise matter.\n")


def provenance_framework(folder: Path) -> Path:
    """The minimal framework with an archived source, a quoted capability, a drafted one with a descriptor
    adapted from the source, and a second source whose archive points outside the folder."""
    (folder / "sources").mkdir()
    (folder / "sources" / "test.txt").write_text(ARCHIVE, encoding="utf-8")
    (folder.parent / "secret.txt").write_text("not for the site", encoding="utf-8")
    elements = folder / "elements.yaml"
    elements.write_text(elements.read_text(encoding="utf-8").replace(
        "    publisher: ahpfw tests\n",
        "    publisher: ahpfw tests\n    archive: sources/test.txt\n"
        "  - id: ahpfw:SRC-0002\n    code: SRC2\n    name: Outside source\n    title: Outside\n"
        "    publisher: ahpfw tests\n    archive: ../secret.txt\n", 1), encoding="utf-8")
    domains = folder / "domains.yaml"
    text = domains.read_text(encoding="utf-8")
    text = text.replace("        meets_needs: [ahpfw:NEED-0001]\n", (
        "        meets_needs: [ahpfw:NEED-0001]\n        origin: quoted\n        evidence:\n"
        "          - source: ahpfw:SRC-0001\n            quote: \"planning learning for each learner's needs\"\n"), 1)
    text = text.replace("        supports_priorities: [ahpfw:PRI-0001]\n", (
        "        supports_priorities: [ahpfw:PRI-0001]\n        origin: drafted\n"), 1)
    text = text.replace("            text: Gives timely feedback to a learner.\n", (
        "            text: Gives timely feedback to a learner.\n            origin: adapted\n            evidence:\n"
        "              - source: ahpfw:SRC-0001\n                quote: <b>feedback</b> & praise matter\n"), 1)
    domains.write_text(text, encoding="utf-8")
    manifest = folder / "framework.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "description: A small framework that passes every rule.",
        "description: An open, unofficial test rendering. It passes every rule."), encoding="utf-8")
    return folder


def _text(page: str) -> str:
    """A page's text, as a reader sees it (tags dropped, entities read, white space as single spaces)."""
    inline = re.sub(r"</?(?:a|strong|code|span|mark|em|ins|del)\b[^>]*>", "", page)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_each_element_says_where_its_words_come_from(minimal):
    fw = load(provenance_framework(minimal))
    pages = render_site(fw)
    quoted = pages["capabilities/cap-0001.html"]
    assert "Quoted from SRC1 Test source." in _text(quoted)
    assert "\u201cplanning learning for each learner's needs\u201d" in _text(quoted)
    (anchor,) = re.findall(r'href="\.\./sources/src-0001\.html#(at-\d+)"', quoted)
    drafted = _text(pages["capabilities/cap-0002.html"])
    assert "Drafted by the editors of this rendering." in drafted
    assert "Its descriptor at S1 Supporting learning Adapted from SRC1 Test source." in drafted
    assert "<b>" not in pages["capabilities/cap-0002.html"]  # the quote's markup is text
    assert "\u201c<b>feedback</b> & praise matter\u201d" in drafted
    source = pages["sources/src-0001.html"]
    marked = dict(re.findall(r'<mark id="(at-\d+)">(.*?)</mark>', source, flags=re.S))
    assert set(marked) == {anchor, *re.findall(r'src-0001\.html#(at-\d+)"', pages["capabilities/cap-0002.html"])}
    assert " ".join(unescape(marked[anchor]).split()) == "planning learning for each learner\u2019s needs"
    assert pages["sources/src-0001.txt"] == ARCHIVE  # the archived text itself, word for word
    assert _text(pages["sources/src-0001.html"]).count("feedback") >= 2  # quoted, and marked in the text


def test_an_archive_outside_the_framework_folder_is_not_copied(minimal):
    pages = render_site(load(provenance_framework(minimal)))
    assert "sources/src-0002.txt" not in pages
    assert "not for the site" not in "".join(pages.values())
    assert "This source is not archived with the framework." in pages["sources/src-0002.html"]


def test_every_page_says_it_is_an_open_unofficial_rendering_in_the_frameworks_words(minimal):
    fw = load(provenance_framework(minimal))
    for name, page in html_pages(render_site(fw)).items():
        banner = _text(re.search(r'<div class="banner".*?</div>', page, flags=re.S).group(0))
        assert banner.startswith("An open, unofficial test rendering. Published by ahpfw tests."), name


def test_a_publisher_named_the_something_reads_right_mid_sentence(shipped_pages):
    """framework.yaml says 'The ahpfw project'; after 'Published by' it is 'the ahpfw project'."""
    assert load(SHIPPED).publisher.startswith("The ")
    for name, page in html_pages(shipped_pages).items():
        text = _text(page)
        assert "Published by The " not in text, name
        if 'class="banner"' in page:
            assert "Published by the ahpfw project." in text, name
