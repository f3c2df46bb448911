"""The diff as people read it: changed words marked where they are, references with their names.

Markdown is checked by rendering it with a CommonMark parser (markdown-it-py, with
GitHub's strikethrough) and reading the old and new text back from what a reader
sees; the text format is read back from its ``[-...-]`` and ``{+...+}`` marks.
Both must give back exactly the two texts that were compared.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ahpfw.formatters import change_formatter
from ahpfw.history.changes import compare
from ahpfw.model import Source
from ahpfw.reading.loader import load

from .conftest import MINIMAL

_MD = MarkdownIt("commonmark").enable("strikethrough")
_BASE = "Plans learning that meets each learner's needs, with the learner and the team"


@pytest.fixture(scope="module")
def minimal_fw():
    return load(MINIMAL)


def _statement_changed(fw, old: str, new: str):
    """The change set of two copies of ``fw`` whose first capability has the two statements."""
    def with_statement(text: str):
        domain = fw.domains[0]
        caps = (replace(domain.capabilities[0], statement=text), *domain.capabilities[1:])
        return replace(fw, domains=(replace(domain, capabilities=caps), *fw.domains[1:]))
    return compare(with_statement(old), with_statement(new))


def _field_line(output: str, prefix: str) -> str:
    (line,) = [ln for ln in output.splitlines() if ln.strip().startswith(prefix)]
    return line.strip()[len(prefix):]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _read_markdown(marked: str) -> tuple[str, str]:
    """The old and new text a reader sees in rendered Markdown (struck out: old only; bold: new only)."""
    rendered = _MD.renderInline(marked)
    assert "**" not in rendered and "~~" not in rendered, f"markers left unrendered: {rendered}"
    old = re.sub(r"<strong>.*?</strong>", "", rendered).replace("<s>", "").replace("</s>", "")
    new = re.sub(r"<s>.*?</s>", "", rendered).replace("<strong>", "").replace("</strong>", "")
    return _squeeze(html.unescape(old)), _squeeze(html.unescape(new))


def _read_text(marked: str) -> tuple[str, str]:
    old = re.sub(r"\{\+.*?\+\}", "", marked).replace("[-", "").replace("-]", "")
    new = re.sub(r"\[-.*?-\]", "", marked).replace("{+", "").replace("+}", "")
    return old, new


#: (what, old text, new text): punctuation before, after and inside a change; insertion, deletion, replacement.
EDGES = [
    ("issue 13: a struck-out phrase ending in a comma",
     "Supervising learners, coaching and mentoring, holding conversations about careers, and wellbeing.",
     "Supervising learners, coaching and mentoring, and wellbeing."),
    ("insertion starting with a comma after a word", _BASE, _BASE.replace("learning that", "learning, safely, that")),
    ("insertion ending in a bracket before a word", _BASE, _BASE.replace("each learner's", "each (learner's")),
    ("insertion of a clause ending the sentence", _BASE + ".", _BASE + ", and keeps improving it."),
    ("deletion starting with a comma after a word", _BASE.replace("needs,", "needs, every day,"), _BASE),
    ("deletion ending in punctuation before a word", _BASE.replace("each", "each:"), _BASE),
    ("deletion of the last words and full stop", _BASE + ", always.", _BASE),
    ("replacement inside brackets", _BASE + " (in practice).", _BASE + " (on placement)."),
    ("replacement of punctuation only", _BASE.replace("needs,", "needs;"), _BASE),
    ("replacement starting with different punctuation", _BASE.replace("needs,", "needs, always"),
     _BASE.replace("needs,", "needs; often")),
    ("replacement at the very start", "(Draft) " + _BASE, "“Final” " + _BASE),
    ("curly quotes around a changed word", _BASE + " “in practice”.", _BASE + " “on placement”."),
    ("issue 21: a struck word before an inserted comma", _BASE + " and tries small changes.",
     _BASE + " and tries a small, planned change, checking afterwards."),
    ("a deleted word before the full stop", _BASE + " today.", _BASE + "."),
    ("a deleted word before a comma", _BASE + " today, now.", _BASE + ", now."),
    ("an inserted word before a comma", _BASE + ", now.", _BASE + " today, now."),
    ("an inserted word before the full stop", _BASE + ".", _BASE + " today."),
]


@pytest.mark.parametrize(("old", "new"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES])
def test_markdown_and_text_show_punctuation_where_it_changed(minimal_fw, old, new):
    cs = _statement_changed(minimal_fw, old, new)
    text = _field_line(change_formatter("text")(cs), "statement: ")
    md = _field_line(change_formatter("md")(cs), "- statement: ")
    assert _read_text(text) == (old, new), text
    assert _read_markdown(md) == (_squeeze(old), _squeeze(new)), md


def test_issue_13_struck_comma_stays_inside_the_strike(minimal_fw):
    cs = _statement_changed(minimal_fw, *EDGES[0][1:])
    md = _field_line(change_formatter("md")(cs), "- statement: ")
    assert "~~holding conversations about careers,~~ and" in md, md


_WORDS = st.sampled_from(["learners", "team", "care", "plans", "a", "it’s", "well-being", "2024",
                          ",", ".", ";", ":", "(", ")", "“", "”", "-", "'", "/", "!", "?"])


_SPACED = st.lists(st.tuples(_WORDS, st.sampled_from([" ", ""])), min_size=6, max_size=18)


@settings(deadline=None, max_examples=150, derandomize=True)
@given(_SPACED, _SPACED)
def test_any_markdown_diff_reads_back_as_the_two_texts(minimal_fw, old_words, new_words):
    """Words and punctuation, each followed by a space or not, so a space may belong to one text only."""
    old = _BASE + " " + "".join(w + g for w, g in old_words).strip()  # long: a word diff
    new = _BASE + " " + "".join(w + g for w, g in new_words).strip()
    if old == new:
        return
    cs = _statement_changed(minimal_fw, old, new)
    md = _field_line(change_formatter("md")(cs), "- statement: ")
    assert _read_markdown(md) == (_squeeze(old), _squeeze(new)), md


@pytest.mark.parametrize(("old", "new"), [("0.1.0", "0.2.0"), ("0.2.0", "0.3.0")])
def test_the_release_notes_read_back_as_both_releases(old, new):
    """Every word diff in the Markdown between two releases, rendered, reads as the old and the new text."""
    import ahpfw
    from ahpfw.formatters.changes_md import _field_lines

    cs = ahpfw.diff(old, new)
    checked = 0
    for change in cs.of_type("modified"):
        for fc in change.fields:
            if fc.words is None:
                continue
            (line,) = _field_lines(cs, fc)
            marked = line.split(": ", 1)[1]
            assert _read_markdown(marked) == (_squeeze(fc.old), _squeeze(fc.new)), line
            checked += 1
    assert checked >= 10


# ---------------------------------------------------------------------------
# References shown with the names of the elements they name


def _references_changed(fw):
    """Old: the role is at stage 1 and cites an old survey; new: stage 2, a new strategy, the survey renamed."""
    survey = Source(id="ahpfw:SRC-0009", code="SRC9", name="Old survey", title="A survey", publisher="x")
    strategy = Source(id="ahpfw:SRC-0002", code="SRC2", name="New strategy", title="A strategy", publisher="x")
    role = fw.roles[0]
    old = replace(fw, sources=(*fw.sources, survey),
                  roles=(replace(role, sources=("ahpfw:SRC-0001", "ahpfw:SRC-0009")), *fw.roles[1:]))
    new = replace(fw, sources=(*fw.sources, strategy, replace(survey, name="Renamed survey")),
                  roles=(replace(role, stage="ahpfw:STAGE-0002", sources=("ahpfw:SRC-0001", "ahpfw:SRC-0002")),
                         *fw.roles[1:]))
    return compare(old, new)


def test_references_show_names_in_text(minimal_fw):
    text = change_formatter("text")(_references_changed(minimal_fw))
    assert ("sources: [-SRC9 Old survey (ahpfw:SRC-0009)-] {+SRC2 New strategy (ahpfw:SRC-0002)+}"
            in text), text
    assert ("stage: [-S1 Supporting learning (ahpfw:STAGE-0001)-] → "
            "{+S2 Leading education (ahpfw:STAGE-0002)+}") in text, text


def test_references_show_names_in_markdown(minimal_fw):
    md = change_formatter("md")(_references_changed(minimal_fw))
    assert "sources: ~~SRC9 Old survey (ahpfw:SRC-0009)~~ **SRC2 New strategy (ahpfw:SRC-0002)**" in md, md
    assert "stage: ~~S1 Supporting learning (ahpfw:STAGE-0001)~~ → **S2 Leading education (ahpfw:STAGE-0002)**" in md


def test_references_show_names_in_html(minimal_fw):
    page = change_formatter("html")(_references_changed(minimal_fw))
    assert "<del>SRC9 Old survey (ahpfw:SRC-0009)</del>" in page
    assert "<ins>SRC2 New strategy (ahpfw:SRC-0002)</ins>" in page
    assert "SRC1 Test source (ahpfw:SRC-0001), <ins>" in page  # an unchanged item keeps its name too


def test_references_carry_names_in_json(minimal_fw):
    data = json.loads(change_formatter("json")(_references_changed(minimal_fw)))
    (role,) = [c for c in data["modified"] if c["id"] == "ahpfw:ROLE-0001"]
    by_field = {f["field"]: f for f in role["fields"]}
    assert by_field["sources"]["names"] == {"ahpfw:SRC-0001": "SRC1 Test source",
                                            "ahpfw:SRC-0002": "SRC2 New strategy",
                                            "ahpfw:SRC-0009": "SRC9 Old survey"}  # taken out: its old name
    assert by_field["stage"]["names"] == {"ahpfw:STAGE-0001": "S1 Supporting learning",
                                          "ahpfw:STAGE-0002": "S2 Leading education"}


def test_text_fields_carry_no_names(minimal_fw):
    cs = _statement_changed(minimal_fw, _BASE, _BASE + " again")
    (field,) = json.loads(change_formatter("json")(cs))["modified"][0]["fields"]
    assert "names" not in field
