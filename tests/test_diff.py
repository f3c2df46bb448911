"""`ahpfw diff` and `ahpfw.diff`: element-level changes, outputs, version advice, clean errors."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

import ahpfw
from ahpfw.formatters import change_formatter
from ahpfw.history.canonical import to_json
from ahpfw.history.changes import CHANGE_TYPES, bump, compare, effective_level, word_diff
from ahpfw.model import RelatedWork
from ahpfw.reading.loader import load

from .conftest import MINIMAL, REPO, copy_framework, require_module, run_cli


def _statement_line(path: Path, line: int) -> int:
    """The 0-based index of the line holding a statement's first words (after a folded `>-`)."""
    lines = path.read_text().splitlines()
    rest = lines[line - 1].split(":", 1)[1].strip()
    return line if rest in (">-", ">", "|", "|-") else line - 1


def _reword(path: Path, line: int, word: str = "Always") -> None:
    lines = path.read_text().splitlines(keepends=True)
    n = _statement_line(path, line)
    text = lines[n]
    if n == line - 1:  # statement on the key's own line
        key, value = text.split(":", 1)
        lines[n] = f"{key}: {word} {value.lstrip()}"
    else:
        indent = len(text) - len(text.lstrip())
        lines[n] = text[:indent] + f"{word} " + text[indent:]
    path.write_text("".join(lines))


@pytest.fixture(scope="module")
def minimal_fw():
    return load(MINIMAL)


def _cap(fw, cap_id):
    return fw.capabilities[cap_id]


def _with_caps(fw, caps_by_domain):
    """A copy of ``fw`` whose domains hold the given capabilities (dict domain id -> list)."""
    domains = []
    for d in fw.domains:
        caps = tuple(replace(c, domain=d.id) for c in caps_by_domain.get(d.id, d.capabilities))
        domains.append(replace(d, capabilities=caps))
    return replace(fw, domains=tuple(domains))


# ---------------------------------------------------------------------------
# One statement changed, in whichever file it lives


@pytest.mark.parametrize("cap_id", ["ahpfw:CAP-0002", "ahpfw:CAP-0030"])
def test_rewording_one_statement_reports_exactly_that_field(shipped, cap_id):
    original = load(REPO / "framework")
    cap = original.capabilities[cap_id]
    where = cap.where("statement")
    file = shipped / Path(where.path).relative_to(REPO / "framework")
    _reword(file, where.line)
    cs = ahpfw.diff(REPO / "framework", shipped)
    assert [(c.type, c.id) for c in cs.changes] == [("modified", cap_id)]
    (change,) = cs.changes
    assert [f.field for f in change.fields] == ["statement"]
    assert change.fields[0].new == "Always " + cap.statement
    assert ("+", "Always ") in change.fields[0].words
    assert change.domain == cap.domain
    assert cs.advice.required == "patch" and not cs.advice.ok  # same version number


def test_deleting_an_element_reports_it_removed(minimal):
    domains = minimal / "domains.yaml"
    text = domains.read_text()
    domains.write_text(text[: text.index("      - id: ahpfw:CAP-0002")])
    cs = ahpfw.diff(MINIMAL, minimal)
    assert [(c.type, c.id) for c in cs.changes] == [("removed", "ahpfw:CAP-0002")]
    assert cs.of_type("removed")[0].text == "Gives feedback that helps learners improve."
    assert cs.advice.required == "major"


def test_identical_frameworks_have_no_changes(minimal_fw, minimal):
    cs = ahpfw.diff(minimal_fw, minimal)
    assert cs.identical and cs.changes == () and cs.metadata == ()
    assert cs.advice.ok and cs.advice.required == "none"


# ---------------------------------------------------------------------------
# Each kind of change


def test_added_modified_retired_and_descriptor_changes(minimal_fw):
    cap1, cap2 = _cap(minimal_fw, "ahpfw:CAP-0001"), _cap(minimal_fw, "ahpfw:CAP-0002")
    new_cap = replace(cap2, id="ahpfw:CAP-0003", code="1.3", name="Reflecting with learners",
                      statement="Helps learners to reflect on what they did and why.")
    changed = replace(cap2, descriptors=(cap2.descriptors[0], replace(cap2.descriptors[1], text="Leads feedback.")),
                      sources=("ahpfw:SRC-0001",))
    retired = replace(cap1, status="retired", replaced_by=("ahpfw:CAP-0002",))
    new = _with_caps(minimal_fw, {"ahpfw:DOM-0001": [retired, changed, new_cap]})
    cs = compare(minimal_fw, new)
    assert [(c.type, c.id) for c in cs.changes] == [
        ("added", "ahpfw:CAP-0003"), ("retired", "ahpfw:CAP-0001"), ("modified", "ahpfw:CAP-0002")]
    assert cs.of_type("retired")[0].replaced_by == ("ahpfw:CAP-0002",)
    fields = cs.of_type("modified")[0].fields
    assert [(f.field, f.stage) for f in fields] == [("sources", None), ("descriptors", "ahpfw:STAGE-0002")]
    assert fields[1].old == "Develops how a team gives feedback." and fields[1].new == "Leads feedback."
    assert cs.advice.required == "major"
    assert "capability ahpfw:CAP-0001 retired" in cs.advice.reasons


def test_moved_renumbered_and_reordered(minimal_fw):
    dom = minimal_fw.domains[0]
    second = replace(dom, id="ahpfw:DOM-0002", code="2", name="Assessing", capabilities=())
    fw = replace(minimal_fw, domains=(dom, second))
    cap1, cap2 = dom.capabilities
    cap3 = replace(cap2, id="ahpfw:CAP-0003", code="1.3", name="Third", statement="A third capability here.")
    old = _with_caps(fw, {"ahpfw:DOM-0001": [cap1, cap2, cap3]})
    new = _with_caps(fw, {"ahpfw:DOM-0001": [cap3, cap1], "ahpfw:DOM-0002": [replace(cap2, code="2.1")]})
    cs = compare(old, new)
    assert {(c.type, c.id) for c in cs.changes} == {
        ("moved", "ahpfw:CAP-0002"), ("renumbered", "ahpfw:CAP-0002"), ("reordered", "ahpfw:CAP-0003")}
    moved = cs.of_type("moved")[0]
    assert (moved.before, moved.after) == ("ahpfw:DOM-0001", "ahpfw:DOM-0002")
    assert cs.label(moved.after) == "2 Assessing"
    assert (cs.of_type("renumbered")[0].before, cs.of_type("renumbered")[0].after) == ("1.2", "2.1")
    assert (cs.of_type("reordered")[0].before, cs.of_type("reordered")[0].after) == (2, 1)
    titles = [title for title, _ in cs.grouped()]
    assert titles == ["Domain 1 Facilitating learning", "Domain 2 Assessing"]


def test_an_id_change_is_flagged(minimal_fw):
    cap1, cap2 = minimal_fw.domains[0].capabilities
    new = _with_caps(minimal_fw, {"ahpfw:DOM-0001": [cap1, replace(cap2, id="ahpfw:CAP-0042")]})
    cs = compare(minimal_fw, new)
    assert {(c.type, c.id) for c in cs.changes} == {("removed", "ahpfw:CAP-0002"), ("added", "ahpfw:CAP-0042")}
    (suspect,) = cs.suspected_id_changes
    assert (suspect.old_id, suspect.new_id, suspect.similarity) == ("ahpfw:CAP-0002", "ahpfw:CAP-0042", 1.0)
    near = replace(cap2, id="ahpfw:CAP-0042", statement="Gives feedback that helps every learner improve.")
    cs = compare(minimal_fw, _with_caps(minimal_fw, {"ahpfw:DOM-0001": [cap1, near]}))
    assert [(s.old_id, s.new_id) for s in cs.suspected_id_changes] == [("ahpfw:CAP-0002", "ahpfw:CAP-0042")]
    assert 0.85 <= cs.suspected_id_changes[0].similarity < 1


def test_metadata_changes_are_listed_apart(minimal_fw):
    cs = compare(minimal_fw, replace(minimal_fw, version="1.0.1", title="Another title"))
    assert [(f.field, f.old, f.new) for f in cs.metadata] == [
        ("title", "Minimal test framework", "Another title"), ("version", "1.0.0", "1.0.1")]
    assert not cs.identical and cs.changes == ()


def test_a_new_related_work_reads_as_its_title_and_fields(minimal_fw):
    work = RelatedWork(title="The draft", publisher="A publisher", relation="renders", url="https://example.org/d")
    cs = compare(minimal_fw, replace(minimal_fw, related_works=(work,)))
    md = change_formatter("md")(cs)
    line = next(line for line in md.splitlines() if line.startswith("- related works:"))
    assert "The draft (publisher: A publisher; relation: renders; url: https://example.org/d" in line
    assert "{" not in line and "'title'" not in line


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("Plans learning for one learner.", "Plans learning for each new learner.") == (
        ("=", "Plans learning for "), ("-", "one"), ("+", "each new"), ("=", " learner."))


# ---------------------------------------------------------------------------
# Version advice


@pytest.mark.parametrize(("version", "level", "expected"), [
    ("1.2.3", "major", "2.0.0"), ("1.2.3", "minor", "1.3.0"), ("1.2.3", "patch", "1.2.4"),
    ("0.1.0", "major", "0.2.0"), ("0.1.0", "minor", "0.1.1"), ("0.1.3", "patch", "0.1.4"), ("0.1.0", "none", "0.1.0"),
])
def test_bump_follows_semver_and_the_0x_convention(version, level, expected):
    assert bump(version, level) == expected


def test_effective_level_before_and_after_1_0():
    assert effective_level("0.3.0", "major") == "minor" and effective_level("1.0.0", "major") == "major"


def test_advice_judges_the_new_version(minimal_fw):
    cap1, cap2 = minimal_fw.domains[0].capabilities
    retired = _with_caps(minimal_fw, {"ahpfw:DOM-0001": [replace(cap1, status="retired",
                                                                 replaced_by=("ahpfw:CAP-0002",)), cap2]})
    assert not compare(minimal_fw, replace(retired, version="1.1.0")).advice.ok
    assert compare(minimal_fw, replace(retired, version="2.0.0")).advice.ok
    reworded = _with_caps(minimal_fw, {"ahpfw:DOM-0001": [replace(cap1, name="Planning learning well"), cap2]})
    assert compare(minimal_fw, replace(reworded, version="1.0.1")).advice.ok
    lower = compare(minimal_fw, replace(reworded, version="0.9.0")).advice
    assert not lower.ok and "lower" in lower.reasons[0]


# ---------------------------------------------------------------------------
# Outputs


def _sample(minimal_fw):
    cap1, cap2 = minimal_fw.domains[0].capabilities
    new_cap = replace(cap2, id="ahpfw:CAP-0003", code="1.3", name="Teaching <safely> & well",
                      statement="Uses <script>alert(1)</script> & keeps *everyone* safe.")
    new = _with_caps(minimal_fw, {"ahpfw:DOM-0001": [
        replace(cap1, statement="Plans learning that meets each learner's <own> needs."), cap2, new_cap]})
    return compare(minimal_fw, replace(new, version="1.1.0"), old_source="old", new_source="new")


def test_json_output_is_the_documented_structure(minimal_fw):
    data = json.loads(change_formatter("json")(_sample(minimal_fw)))
    assert list(data) == ["format", "format_version", "old", "new", "identical", "unrelated", "counts", "version",
                          "framework",
                          *CHANGE_TYPES, "suspected_id_changes", "labels"]
    assert data["format"] == "ahpfw-changes" and data["format_version"] == 1
    assert [c["id"] for c in data["added"]] == ["ahpfw:CAP-0003"]
    assert data["modified"][0]["fields"][0]["field"] == "statement"
    assert data["version"] == {"old": "1.0.0", "new": "1.1.0", "required": "minor", "bump": "minor",
                               "suggested": "1.1.0", "ok": True, "reasons": ["capability ahpfw:CAP-0003 added"]}
    docs = (REPO / "docs" / "diff.md").read_text()
    for key in data:
        assert f"`{key}`" in docs, f"docs/diff.md does not document {key}"


def test_html_output_is_self_contained_and_escaped(minimal_fw):
    html = change_formatter("html")(_sample(minimal_fw))
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert "&lt;script&gt;" in html and "&lt;own&gt;" in html and "Teaching &lt;safely&gt; &amp; well" in html
    assert "http" not in html.replace("http-equiv", "")  # no outside resources
    assert "<ins>" in html and "<del>" not in html.split("<h2>")[0]


def test_markdown_output_reads_as_release_notes(minimal_fw):
    md = change_formatter("md")(_sample(minimal_fw))
    assert md.startswith("## Changes from 1.0.0 to 1.1.0")
    assert "### Added" in md and "### Changed" in md
    assert r"**1.3 Teaching \<safely\> & well** (`ahpfw:CAP-0003`" in md
    assert r"\*everyone\*" in md and r"**\<own\>**" in md


def test_text_output_colours_only_when_asked(minimal_fw):
    cs = _sample(minimal_fw)
    plain = change_formatter("text")(cs)
    assert "\033[" not in plain and "{+\\<own>" not in plain
    assert "Domain 1 Facilitating learning" in plain and "+ added" in plain and "{+<own> +}" in plain
    assert "\033[32m" in change_formatter("text")(cs, color=True)


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_two_frameworks_that_share_nothing_are_said_to(fmt, tmp_path):
    """The AHP framework against the support-worker roadmap: no id in common, said at the top of every format."""
    result = run_cli("diff", "ahpfw", "hcsw-roadmap", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["unrelated"] is True and data["counts"]["modified"] == 0
        return
    summary = result.stdout.index("Summary")
    note = result.stdout.find("share nothing")
    assert 0 <= note < summary and "ahpfw:FW-0001 and hcsw:FW-0001 are different frameworks" in result.stdout
    assert "removed" in result.stdout[note:summary] and "added" in result.stdout[note:summary]


def test_versions_of_one_framework_are_not_called_unrelated(minimal_fw):
    cs = ahpfw.diff("0.2.0", "0.3.0")
    assert cs.unrelated is False and cs.to_data()["unrelated"] is False
    assert not any("share nothing" in change_formatter(fmt)(cs) for fmt in ("text", "md", "html"))
    empty = replace(minimal_fw, domains=(), career_stages=(), principles=(), pillars=(), roles=(), professions=(),
                    learning_needs=(), barriers=(), priorities=(), resources=(), mappings=(), sources=())
    assert compare(empty, minimal_fw).unrelated is False  # nothing to share is not "shares nothing"


# ---------------------------------------------------------------------------
# Command line: exit codes, sources, bad input


def test_cli_exit_codes_and_formats(minimal, tmp_path):
    assert run_cli("diff", str(MINIMAL), str(minimal)).returncode == 0
    _reword(minimal / "domains.yaml", load(minimal).capabilities["ahpfw:CAP-0001"].where("statement").line)
    result = run_cli("diff", str(MINIMAL), str(minimal), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["modified"][0]["id"] == "ahpfw:CAP-0001"
    assert "\033[" not in run_cli("diff", str(MINIMAL), str(minimal)).stdout
    out = tmp_path / "changes.html"
    assert run_cli("diff", str(MINIMAL), str(minimal), "--format", "html", "-o", str(out)).returncode == 1
    assert out.read_text().startswith("<!DOCTYPE html>")
    check = run_cli("diff", str(MINIMAL), str(minimal), "--check-version")
    assert check.returncode == 1 and "use 1.0.1 or later" in check.stderr
    fw_yaml = minimal / "framework.yaml"
    fw_yaml.write_text(fw_yaml.read_text().replace("version: 1.0.0", "version: 1.0.1"))
    assert run_cli("diff", str(MINIMAL), str(minimal), "--check-version").returncode == 0


def test_a_snapshot_file_is_a_side(minimal, tmp_path):
    snapshot = tmp_path / "snap.json"
    snapshot.write_text(to_json(load(MINIMAL)))
    same = run_cli("diff", str(snapshot), str(minimal), "--format", "json")
    assert same.returncode == 0, same.stderr
    data = json.loads(same.stdout)
    assert data["identical"] and data["old"]["source"].endswith("snap.json") and data["old"]["id"] == data["new"]["id"]
    _reword(minimal / "domains.yaml", load(minimal).capabilities["ahpfw:CAP-0002"].where("statement").line)
    changed = run_cli("diff", str(snapshot), str(minimal), "--format", "json")
    assert changed.returncode == 1, changed.stderr
    [modified] = json.loads(changed.stdout)["modified"]
    assert modified["id"] == "ahpfw:CAP-0002" and [f["field"] for f in modified["fields"]] == ["statement"]
    assert modified["fields"][0]["new"].startswith("Always ")


def _one_line_error(result, *needles):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_bad_sides_are_clean_errors(tmp_path, minimal):
    _one_line_error(run_cli("diff", "9.9.9", str(minimal), cwd=tmp_path), "no release 9.9.9")
    _one_line_error(run_cli("diff", str(tmp_path / "nowhere"), str(minimal)), "no such")
    not_ours = tmp_path / "other.json"
    not_ours.write_text('{"name": "something else"}')
    _one_line_error(run_cli("diff", str(not_ours), str(minimal)), "not an ahpfw framework")
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2")
    _one_line_error(run_cli("diff", str(broken), str(minimal)), "not valid JSON")


# ---------------------------------------------------------------------------
# Git revisions


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env, timeout=300)


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "README.md").write_text("no framework yet\n")
    _git(root, "add", "README.md")
    _git(root, "commit", "-q", "-m", "first")
    copy_framework(MINIMAL, root / "framework")
    (root / "schema").mkdir()
    _git(root, "add", "framework")
    _git(root, "commit", "-q", "-m", "framework")
    return root


def test_git_revision_against_the_work_tree(repo):
    assert run_cli("diff", "git:HEAD", "framework/", cwd=repo).returncode == 0
    _reword(repo / "framework" / "domains.yaml", load(repo / "framework").capabilities["ahpfw:CAP-0002"]
            .where("statement").line)
    result = run_cli("diff", "git:HEAD", "framework/", "--format", "json", cwd=repo)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["modified"]] == ["ahpfw:CAP-0002"]
    assert data["old"]["source"].startswith("git:HEAD (")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True,
                            timeout=300).stdout
    assert status.strip() == "M framework/domains.yaml"  # the work tree was not touched


def test_git_revision_from_inside_the_framework_folder(repo):
    _git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    same = run_cli("diff", "git:HEAD~1", ".", "--format", "json", cwd=repo / "framework")
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["old"]["source"].startswith("git:HEAD~1")
    _reword(repo / "framework" / "domains.yaml", load(repo / "framework").capabilities["ahpfw:CAP-0001"]
            .where("statement").line)
    result = run_cli("diff", "git:HEAD~1", ".", "--format", "json", cwd=repo / "framework")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["source"].startswith("git:HEAD~1") and data["counts"]["modified"] == 1
    assert [c["id"] for c in data["modified"]] == ["ahpfw:CAP-0001"] and not data["added"] and not data["removed"]


def test_bad_git_revisions_are_clean_errors(repo):
    _one_line_error(run_cli("diff", "git:no-such-branch", "framework", cwd=repo), "no such revision")
    _one_line_error(run_cli("diff", "git:HEAD~1", "framework", cwd=repo), "has no framework/framework.yaml")
    _one_line_error(run_cli("diff", "git:", "framework", cwd=repo), "not a Git revision")
    _one_line_error(run_cli("diff", "git:--output=x", "framework", cwd=repo), "not a Git revision")
    assert not (repo / "x").exists()
    outside = repo.parent / "outside"
    copy_framework(MINIMAL, outside / "framework")
    _one_line_error(run_cli("diff", "git:HEAD", "framework", cwd=outside), "not inside a Git repository")


def test_a_retired_element_is_one_change_with_its_other_field_changes(minimal_fw):
    """Retired and also reworded (or given evidence) as it was retired: listed once, under Retired."""
    cap1 = _cap(minimal_fw, "ahpfw:CAP-0001")
    retired = replace(cap1, status="retired", replaced_by=("ahpfw:CAP-0002",), statement="Plans learning once.",
                      sources=("ahpfw:SRC-0001",))
    cs = compare(minimal_fw, _with_caps(minimal_fw, {"ahpfw:DOM-0001": [retired, _cap(minimal_fw,
                                                                                      "ahpfw:CAP-0002")]}))
    assert [(c.type, c.id) for c in cs.changes] == [("retired", "ahpfw:CAP-0001")]
    assert sorted(f.field for f in cs.changes[0].fields) == ["sources", "statement"]
    data = json.loads(change_formatter("json")(cs))
    assert data["modified"] == [] and len(data["retired"][0]["fields"]) == 2
    md = change_formatter("md")(cs)
    assert md.count("`ahpfw:CAP-0001`") == 1 and "### Changed" not in md
    retired_section = md.split("### Retired", 1)[1]
    assert "  - statement: " in retired_section and "  - sources: " in retired_section
    page = change_formatter("html")(cs)
    assert page.count('<td class="what retired">') == 3 and "<em>statement</em>" in page  # its row, one per field


def test_between_releases_0_2_0_and_0_3_0_p11_is_only_retired_and_its_evidence_a_list():
    """The release notes' case: P11 was retired and given evidence; several quotes added read one per line."""
    MarkdownIt = require_module("markdown_it", "markdown-it-py is in the test extra: pip install '.[test]'").MarkdownIt

    result = run_cli("diff", "0.2.0", "0.3.0", "--format", "md", cwd=REPO)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("`ahpfw:PRIN-0011`") == 1
    retired = result.stdout.split("### Retired", 1)[1].split("\n### ", 1)[0]
    assert "`ahpfw:PRIN-0011`" in retired
    tokens = MarkdownIt("commonmark").enable("strikethrough").parse(retired)
    start = next(n for n, t in enumerate(tokens) if t.type == "inline" and t.content == "evidence:")
    # the evidence item holds a list of its own, one quote per item
    nested = tokens[start:]
    end = next(n for n, t in enumerate(nested) if t.type == "bullet_list_close")
    quotes = [t.content for t in nested[:end] if t.type == "inline" and "“" in t.content]
    assert len(quotes) >= 2 and all(q.startswith("**") and q.endswith("**") for q in quotes), quotes


def test_the_terminal_diff_puts_each_of_several_items_added_on_its_own_line():
    """As in Markdown: PIL4 gained two evidence quotes between 0.2.0 and 0.3.0; each reads on a line of its own."""
    result = run_cli("diff", "0.2.0", "0.3.0", cwd=REPO)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    pil4 = next(n for n, line in enumerate(lines) if "[ahpfw:PIL-0004]" in line)
    evidence = next(n for n in range(pil4, len(lines)) if lines[n].strip().startswith("evidence:"))
    assert lines[evidence].strip() == "evidence:"
    items = []
    for line in lines[evidence + 1:]:
        if not line.startswith("        {+"):
            break
        items.append(line)
    assert len(items) == 2 and all(item.endswith("+}") and item.count("{+") == 1 for item in items), items
