"""Unit tests of the helpers the rules share."""

from __future__ import annotations

import pytest

import ahpfw
from ahpfw.model import Capability, Domain, Source, iter_references, reference_fields
from ahpfw.rules.ahp017_placeholder_text import is_placeholder

from .conftest import MINIMAL


@pytest.mark.parametrize("text", ["TBC", "...", "", "   ", "todo: write this", "Total TBC", "xxxx", "???",
                                  "Lorem ipsum dolor sit amet", "- -"])
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
