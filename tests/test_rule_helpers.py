"""Unit tests of the helpers the rules share."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ahpfw
from ahpfw import model
from ahpfw.model import Capability, Domain, Source, iter_references, reference_fields
from ahpfw.provenance.evidence import QUOTES
from ahpfw.rules import ahp013_stage_coverage as stage_coverage
from ahpfw.rules import ahp022_code_kinds as code_kinds
from ahpfw.rules import ahp023_listing_order as listing_order
from ahpfw.rules import ahp045_scope_only_stages as scope_only
from ahpfw.rules import ahp046_near_duplicates as near_duplicates
from ahpfw.rules.ahp017_placeholder_text import is_placeholder

from .conftest import MINIMAL, SHIPPED


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


_OPENERS = ["Leads", "Lead", "leads", "LEADS", "Le", "Leadss", "Plans", "Pl", " Leads", "Leads\t", "Do", "İnspires",
            "i̇nspires", "ΣΑΣ", "σας", "Éclaire", "éclaire", "", "1 in 3", "A"]
_WORDS = ["innovation", "across", "a", "service", "system", "team", "region", "judgement", ",", ";", "services"]


@cache
def _shipped() -> ahpfw.model.Framework:
    return ahpfw.load(SHIPPED)


def _ahp045_oracle(fw: ahpfw.model.Framework):
    """AHP045 as it was first written: every capability's descriptors sorted, every opening computed."""
    order = {stage.id: n for n, stage in enumerate(fw.stages_in_order)}
    labels = {stage.id: stage.code or stage.name for stage in fw.career_stages}
    for cap in fw.capabilities.values():
        if cap.retired or len(cap.descriptors) < 2:
            continue
        ranked = sorted((d for d in cap.descriptors if d.stage in order), key=lambda d: order[d.stage])
        openings = [scope_only._opening(d.text) for d in ranked]
        for n, (lower, higher) in enumerate(zip(ranked, ranked[1:], strict=False)):
            if order[higher.stage] != order[lower.stage] + 1 or not openings[n] or openings[n] != openings[n + 1]:
                continue
            yield from scope_only._compare(cap, lower, higher, labels)


def _ahp013_oracle(fw: ahpfw.model.Framework):
    """AHP013 as first written: every capability visited."""
    stages = [s.id for s in fw.stages_in_order]
    for cap in fw.capabilities.values():
        if cap.retired:
            continue
        seen: dict[str, object] = {}
        for descriptor in cap.descriptors:
            if descriptor.stage in seen:
                yield (descriptor.where("stage"), "two", cap.id, descriptor.stage)
            seen[descriptor.stage] = descriptor
        yield from ((cap.where("descriptors"), "no", cap.id, stage) for stage in stages if stage not in seen)


def _ahp023_oracle(fw: ahpfw.model.Framework):
    """AHP023 (descriptor order, once part of AHP014) as first written: every capability visited."""
    rank_of = {s.id: s.rank for s in fw.career_stages}
    for cap in fw.capabilities.values():
        listed = [rank_of[d.stage] for d in cap.descriptors if d.stage in rank_of]
        if listed != sorted(listed):
            yield cap.where("descriptors"), cap.id


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data())
def test_descriptor_stage_rules_report_what_visiting_every_capability_does(data):
    """AHP045 splits only descriptors whose first two characters do not already tell them apart;
    AHP013, AHP014 and AHP045 work out each distinct list of descriptors' stages once."""
    fw = _shipped()
    stages = [s.id for s in fw.career_stages] + ["ahpfw:STAGE-0099"]
    core = st.lists(st.sampled_from(["innovation", "in", "education", "for", "learners", "and", "practice"]),
                    min_size=2, max_size=6, unique=True)
    opener = st.sampled_from(_OPENERS[:2]) | st.sampled_from(_OPENERS)  # often the same verb, or nearly
    scope = st.sampled_from(["across a service", "across a system", "within a team", "nationally", ""])
    text = st.builds(lambda opener, words, scope, tail: " ".join([opener, *words, scope, *tail]),
                     opener, core, scope, st.lists(st.sampled_from(_WORDS), max_size=4))
    descriptor = st.builds(lambda stage, text: model.LevelDescriptor(stage=stage, text=text),
                           st.sampled_from(stages), text)
    capability = st.builds(lambda n, descriptors, status: model.Capability(
        id=f"ahpfw:CAP-{n:04}", name="c", statement="s", descriptors=tuple(descriptors), status=status),
        st.integers(1, 9999), st.lists(descriptor, max_size=6), st.sampled_from(["active", "active", "retired"]))
    caps = data.draw(st.lists(capability, max_size=6, unique_by=lambda c: c.id))
    fw = dataclasses.replace(fw, domains=(dataclasses.replace(fw.domains[0], capabilities=tuple(caps)),))
    expected = list(_ahp045_oracle(fw))
    event(f"{len(expected)} problems")
    assert list(scope_only.check(fw)) == expected
    coverage = [(p.location, p.message.split()[3], p.element_id, p.message.split()[-1])
                for p in stage_coverage.check(fw)]
    assert coverage == list(_ahp013_oracle(fw))
    event(f"{len(coverage)} coverage problems")
    assert [(p.location, p.element_id) for p in listing_order.check(fw)
            if p.element_id.startswith("ahpfw:CAP")] == list(_ahp023_oracle(fw))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(a=st.sampled_from(_OPENERS) | st.text(max_size=6), b=st.sampled_from(_OPENERS) | st.text(max_size=6),
       rest=st.sampled_from(["", " x", "s y", "\tz"]))
def test_open_alike_is_comparing_openings(a, b, rest):
    texts = [a + rest, b + rest, b, a]
    pairs = [(0, 1), (1, 0), (2, 3), (0, 3), (1, 2), (0, 0)]
    openings = list(map(scope_only._opening, texts))
    expected = [(i, j) for i, j in pairs if openings[i] and openings[i] == openings[j]]
    assert scope_only._open_alike(texts, pairs) == expected
