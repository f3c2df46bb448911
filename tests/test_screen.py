"""Screens (ahpfw.speed.screen, ahpfw.speed.textscan) flag every object their rule's exact check would report.

A screen may flag more, never fewer: these tests check that on generated texts
(Hypothesis, with the edge cases: empty, white space only, NUL, non-ASCII letters
whose case maps oddly, markers at the start and end) and that every rule using one
reports exactly what it reports with no screen, on every rule case and the shipped framework.
"""

from __future__ import annotations

import dataclasses
import gc
import re
import weakref
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ahpfw
from ahpfw.model import Evidence, per_framework
from ahpfw.project import Project
from ahpfw.provenance import evidence
from ahpfw.provenance.evidence import Provenance, giving_evidence, may_lack_origin, origin_problems, with_evidence
from ahpfw.rules import ahp017_placeholder_text as ahp017
from ahpfw.rules import ahp048_state_of_mind as ahp048
from ahpfw.rules import get_rule
from ahpfw.speed import screen, textscan
from ahpfw.speed.textscan import FIGURE_SEARCH, is_placeholder, may_be_placeholders

from .conftest import MINIMAL, SHIPPED, TESTS, copy_framework

# Characters that matter: the markers' letters in both cases, '?', white space, NUL (the separator),
# letters whose lower case is longer or odd (İ, K, ſ, ı), non-word and non-ASCII characters, digits.
_ALPHABET = st.sampled_from(list("tTodODbBcCfFiIxXmMeElLrRpPsSuU? \t\n\x00.-_'’…é9İKſıΣ—a"))
_TEXT = st.one_of(st.text(_ALPHABET, max_size=14), st.text(max_size=8),
                  st.sampled_from(["", " ", "\x00", "TODO", "tbc", "TBD.", "FIXME", "xxxx", "???", "lorem ipsum",
                                   "Lorem Ipsum", "fİxme", "suffixme FıXME", "a TODO", "done TODO", "x", "42"]))
_TEXTS = st.lists(_TEXT, max_size=12)


@pytest.fixture
def small_chunks(monkeypatch):
    """Few texts a chunk, so that the searches cross chunk boundaries in small examples."""
    monkeypatch.setattr(screen, "_CHUNK", 3)


@given(_TEXTS)
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(["", "   ", "\x00", "ok", "a\x00b", "TODO", "end TBC", "TBD start", "\x00TODO\x00", "İ", "fİxme"])
def test_placeholder_screen_flags_every_placeholder(small_chunks, texts):
    flagged = may_be_placeholders(texts)
    assert {i for i, text in enumerate(texts) if is_placeholder(text)} <= flagged
    assert flagged <= set(range(len(texts)))


@given(_TEXTS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_figure_screen_flags_exactly_the_texts_with_a_digit(small_chunks, texts):
    (flagged,) = screen.texts_holding(texts, (FIGURE_SEARCH,), lower=True, fold=textscan._FOLD)
    assert flagged == {i for i, text in enumerate(texts) if re.search("[0-9]", text)}


@given(_TEXTS, st.lists(st.text(st.sampled_from("abtoC?x "), min_size=1, max_size=3), min_size=1, max_size=3))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_texts_holding_finds_each_needle_in_the_text_it_is_in(small_chunks, texts, needles):
    """With no gate, the flagged texts are exactly those holding a needle: a find maps to its own text."""
    wanted = [needle.encode() for needle in needles]
    (flagged,) = screen.texts_holding(texts, ((tuple((n, b"") for n in wanted), None),), lower=True)
    assert flagged == {i for i, text in enumerate(texts)
                       if any(n in text.lower().encode("utf-8", "surrogatepass") for n in wanted)}


_STATE_TEXT = st.one_of(
    st.text(st.sampled_from(list("KnowsUnderstandIsAwareSeAs ,;.\t\n\x0b\x00éİK")), max_size=24),
    st.lists(st.sampled_from(["knows", "Knows", "KNOWS", "understands", "is", "aware", "sees", "education", "as",
                              "and", "or", ",", ";", "values", "NHS", "recognises", "\u00a0", "\n", "İ", "x"]),
             max_size=8).map(" ".join))


@given(st.lists(_STATE_TEXT, max_size=12))
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(["Knows the standards", "Plans and KNOWS", "Sees\u00a0education as", "x, is aware", "NHS values",
          "Values learning", "İs curious", "checks the learner knows"])
def test_state_of_mind_screen_flags_every_text_the_rule_reports(small_chunks, texts):
    flagged = set().union(*screen.texts_holding(texts, ahp048.SEARCHES, lower=True, fold=ahp048._FOLD))
    assert {i for i, text in enumerate(texts) if ahp048.state_of_mind(text)} <= flagged


def test_state_of_mind_finds_main_verbs_only():
    assert ahp048.state_of_mind("Sees education as part of their identity.") == "sees education as"
    assert ahp048.state_of_mind("Notices distress, responds and knows where to go.") == "knows"
    assert ahp048.state_of_mind("Values learning.") == "values"
    assert ahp048.state_of_mind("Models the NHS values and behaviours.") is None
    assert ahp048.state_of_mind("Checks that the learner understands the plan.") is None
    assert ahp048.state_of_mind("Shares knowledge with carers.") is None


def test_a_value_that_is_not_text_is_flagged_for_every_search():
    searches = (textscan.PLACEHOLDER_SEARCH, FIGURE_SEARCH)
    found = screen.texts_holding(["Plain words", 7, ("12",), "More words"], searches, lower=True, fold=textscan._FOLD)
    assert found == [{1, 2}, {1, 2}]


def test_texts_of_counts_each_item_of_a_list_and_leaves_out_none():
    fw = ahpfw.load(MINIMAL)
    capability = next(iter(fw.capabilities.values()))
    objects = [dataclasses.replace(capability, examples=("no figure", "16 of 34"), rationale=None), capability]
    texts, owners = screen.texts_of(objects, lambda cls: ("examples", "rationale"))
    assert [(text, owners[i]) for i, text in enumerate(texts)][:2] == [("no figure", 0), ("16 of 34", 0)]
    assert None not in texts
    (figures,) = screen.texts_holding(texts, (FIGURE_SEARCH,), lower=True, fold=textscan._FOLD)
    assert screen.owners_of(figures, owners) == [0]


def test_an_answer_kept_per_framework_is_let_go_with_the_framework():
    """groups() keeps lists of the framework's objects: they must not outlive it."""

    class Answer:
        pass

    answer = per_framework(lambda fw: Answer())
    fw = ahpfw.load(MINIMAL)
    held = weakref.ref(answer(fw))
    assert answer(fw) is held()
    del fw
    gc.collect()
    assert held() is None


def test_every_marker_has_a_needle_and_each_gate_is_in_its_markers():
    folded = {marker: marker.encode().translate(textscan._FOLD) for marker in textscan._MARKERS}
    needles, _pattern = textscan.PLACEHOLDER_SEARCH
    for marker, word in folded.items():
        assert any(needle in word and (not gate or gate.decode() in marker) for needle, gate in needles), marker


def _frameworks(tmp_path: Path):
    """The shipped and minimal frameworks, and every rule case (failing and passing) that loads."""
    yield ahpfw.load(SHIPPED)
    yield ahpfw.load(MINIMAL)
    for case in sorted((TESTS / "rules").glob("AHP*/*")):
        try:
            yield ahpfw.load(copy_framework(MINIMAL, tmp_path / case.parent.name / case.name / "framework", case))
        except ahpfw.FrameworkError:
            continue  # a case about reading or the schema: no model to check


@pytest.mark.parametrize("code", ["AHP017", "AHP040", "AHP041", "AHP043", "AHP047", "AHP048"])
def test_rules_report_the_same_with_and_without_their_screen(code, tmp_path: Path, monkeypatch):
    rule = get_rule(code)
    walk, provenance = screen.walk, evidence.iter_provenance
    walking = {"AHP017": ahp017, "AHP048": ahp048}
    module = walking.get(code) or rule.check.__globals__
    reported = 0
    for fw in _frameworks(tmp_path):
        project = Project.of(fw)
        with_screen = list(rule.run(fw, project))
        with monkeypatch.context() as patch:  # every object looked at: the exact checks alone decide
            if code in walking:
                patch.setattr(module, "walk", lambda fw, _screen: walk(fw, screen.everything))
            else:
                patch.setitem(module, "iter_provenance", lambda fw, keep, _screen=None: provenance(fw, keep))
            without = list(rule.run(fw, project))
        assert with_screen == without, (code, fw.root)
        reported += bool(without)
    assert reported, f"no framework gave {code} anything to report"


def test_walk_keeps_document_order(tmp_path: Path):
    for fw in _frameworks(tmp_path):
        walked = [id(obj) for obj, _capability in screen.walk(fw, screen.everything)]
        expected = []
        for element in fw.iter_elements():
            expected.append(id(element))
            expected += map(id, getattr(element, "descriptors", ()))
        assert walked == expected
        flagged = [id(obj) for obj, _capability in screen.walk(fw, lambda group, objects: range(0, len(objects), 2))]
        assert flagged == [obj for obj in expected if obj in set(flagged)]  # a subsequence, in the same order


_ORIGINS = st.sampled_from([None, "quoted", "adapted", "drafted"])


@given(st.lists(st.tuples(_ORIGINS, st.booleans(), st.lists(st.tuples(_ORIGINS, st.booleans()), max_size=3)),
                min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_provenance_screens_flag_every_object_their_check_reports(shape):
    """Capabilities and descriptors with any origin and evidence: giving_evidence is with_evidence, and
    may_lack_origin flags every object origin_problems reports (required or not)."""
    base = ahpfw.load(MINIMAL)
    template = next(iter(base.capabilities.values()))
    quote = Evidence(source="ahpfw:SRC-0001", quote="words")
    capabilities = []
    for n, (origin, cited, descriptors) in enumerate(shape):
        made = [dataclasses.replace(template.descriptors[0], origin=o, evidence=(quote,) if e else ())
                for o, e in descriptors]
        capabilities.append(dataclasses.replace(template, id=f"ahpfw:CAP-{n:04d}", origin=origin,
                                                evidence=(quote,) if cited else (), descriptors=tuple(made)))
    domain = dataclasses.replace(base.domains[0], capabilities=tuple(capabilities))
    fw = dataclasses.replace(base, domains=(domain,))
    for group, objects in screen.groups(fw).items():
        if not objects:
            continue
        assert list(giving_evidence(group, objects)) == [i for i, o in enumerate(objects) if with_evidence(o, None)]
        flagged = set(may_lack_origin(group, objects))
        for i, obj in enumerate(objects):
            items = _provenance_of(fw, obj, group)
            if any(True for _ in origin_problems(items, required=True)):
                assert i in flagged, (group, obj)


def _provenance_of(fw, obj, group: str) -> list[Provenance]:
    """What iter_provenance(fw, with_origin) yields for one object."""
    return [item for item in evidence.iter_provenance(fw, evidence.with_origin) if item.holder is obj]
