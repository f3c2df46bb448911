"""Unit tests of the helpers the rules share."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ahpfw
from ahpfw.evidence import QUOTES
from ahpfw.model import Capability, Domain, Source, iter_references, reference_fields
from ahpfw.rules import ahp022_code_kinds as code_kinds
from ahpfw.rules import ahp046_near_duplicates as near_duplicates
from ahpfw.rules.ahp017_placeholder_text import is_placeholder

from .conftest import MINIMAL


@pytest.mark.parametrize("text", ["TBC", "...", "", "   ", "todo: write this", "Total TBC", "xxxx", "???",
                                  "Lorem ipsum dolor sit amet", "- -", "FIXME later", "Dates TBD."])
def test_placeholders_are_caught(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Plans learning.", "Methodology matters", "Tbcx is not a marker",
                                  "Photography and todos", "Texture"])
def test_real_text_is_not_a_placeholder(text):
    assert not is_placeholder(text)


def test_reference_fields_follow_the_class_hierarchy():
    assert ("sources", Source) in reference_fields(Capability)
    assert ("meets_needs", ahpfw.model.LearningNeed) in reference_fields(Capability)
    assert ("replaced_by", Domain) in reference_fields(Domain)
    assert ("meets_needs", ahpfw.model.LearningNeed) not in reference_fields(Domain)


def test_iter_references_lists_every_reference_with_its_place():
    fw = ahpfw.load(MINIMAL)
    refs = [(r.owner.id, r.field, r.target) for r in iter_references(fw)]
    assert ("ahpfw:CAP-0001", "stage", "ahpfw:STAGE-0002") in refs
    assert ("ahpfw:CAP-0001", "meets_needs", "ahpfw:NEED-0001") in refs
    assert ("ahpfw:PRIN-0001", "pillars", "ahpfw:PIL-0001") in refs
    where = next(r.location for r in iter_references(fw) if r.field == "meets_needs")
    assert where.path.endswith("domains.yaml") and where.line == 12


def _with_source_code(code: str, status: str = "active") -> ahpfw.model.Framework:
    fw = ahpfw.load(MINIMAL)
    source = dataclasses.replace(fw.sources[0], code=code, status=status)
    return dataclasses.replace(fw, sources=(source, *fw.sources[1:]))


@pytest.mark.parametrize("code", ["S1", "s1", " S 1", "S2"])
def test_code_kinds_compares_codes_as_a_reader_does(code):
    problems = list(code_kinds.check(_with_source_code(code)))
    assert [(p.code, p.element_id) for p in problems] == [("AHP022", "ahpfw:STAGE-000" + code.strip()[-1])]


@pytest.mark.parametrize("code", ["SRC1", "S12", "1.1.1"])
def test_code_kinds_passes_distinct_codes(code):
    assert list(code_kinds.check(_with_source_code(code))) == []


def test_code_kinds_leaves_same_kind_clashes_to_ahp015():
    fw = ahpfw.load(MINIMAL)
    twin = dataclasses.replace(fw.career_stages[1], code=fw.career_stages[0].code)
    assert list(code_kinds.check(dataclasses.replace(fw, career_stages=(fw.career_stages[0], twin)))) == []


def test_code_kinds_leaves_out_retired_elements():
    assert list(code_kinds.check(_with_source_code("S1", status="retired"))) == []


ITEM_LISTS = {
    "flow": "        addresses_barriers: [ahpfw:BAR-0001, ahpfw:BAR-0099]\n",
    "flow over lines": "        addresses_barriers: [ahpfw:BAR-0001,\n            ahpfw:BAR-0099]\n",
    "block": "        addresses_barriers:\n          - ahpfw:BAR-0001\n          - ahpfw:BAR-0099\n",
    "block, not indented": "        addresses_barriers:\n        - ahpfw:BAR-0001\n        - ahpfw:BAR-0099  # note\n",
    "quoted": '        addresses_barriers: ["ahpfw:BAR-0001", "ahpfw:BAR-0099"]\n',
}


@pytest.mark.parametrize("written", ITEM_LISTS.values(), ids=ITEM_LISTS.keys())
def test_a_problem_about_one_list_item_points_at_that_item(minimal, written):
    """Issue 13: a dangling id in a list was reported at the list's key, not at the id."""
    domains = minimal / "domains.yaml"
    text = domains.read_text()
    domains.write_text(text.replace("        addresses_barriers: [ahpfw:BAR-0001]\n", written, 1))
    (problem,) = [p for p in ahpfw.validate(minimal) if p.code == "AHP011"]
    line = domains.read_text().splitlines()[problem.location.line - 1]
    assert line[problem.location.col - 1:].lstrip('"').startswith("ahpfw:BAR-0099"), (problem, line)


def test_a_reference_to_a_retired_element_points_at_the_item(minimal):
    domains = minimal / "domains.yaml"
    domains.write_text(domains.read_text().replace(
        "        addresses_barriers: [ahpfw:BAR-0001]\n",
        "        addresses_barriers: [ahpfw:BAR-0001]\n        replaced_by: [ahpfw:CAP-0002, ahpfw:CAP-0002]\n"
        "        status: retired\n", 1).replace("code: \"1.2\"", "code: \"1.2\"\n        status: retired", 1))
    located = {(p.code, p.location.line, p.location.col) for p in ahpfw.validate(minimal)}
    assert ("AHP019", 14, 39) in located, located


_TEXT = st.text(st.sampled_from("aZ09_' `‘’‚‛′“”-.,;:\tÉéİßﬁ٣\u00a0\n")) | st.text()


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=_TEXT)
def test_near_duplicates_words_are_the_patterns_words(text):
    """AHP046 splits plain ASCII text with a byte table: the words (as UTF-8) are those its pattern finds."""
    found = near_duplicates._WORD.findall(text.translate(QUOTES).lower())
    assert near_duplicates._words(text) == [word.encode() for word in found]
    assert near_duplicates._words(text.encode("ascii", "ignore").decode()) == [
        word.encode() for word in near_duplicates._WORD.findall(
            text.encode("ascii", "ignore").decode().translate(QUOTES).lower())]


@given(words=st.lists(st.text(min_size=1)))
@settings(deadline=None, derandomize=True)
def test_utf8_words_sort_as_the_words_do(words):
    """AHP046 ranks words as UTF-8 bytes; they must sort as the text does, or the rarest words would differ."""
    assert sorted(word.encode("utf-8", "surrogatepass") for word in words) == [
        word.encode("utf-8", "surrogatepass") for word in sorted(words)]
