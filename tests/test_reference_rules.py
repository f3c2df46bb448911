"""The reference rules (AHP011, AHP019) check each distinct target once and locate only the ones they report.

Hypothesis damages the shipped framework in memory - ids that do not exist, ids of
the wrong kind and retired elements, in list and single-id fields, on elements,
descriptors and evidence - and checks that:

- ``reference_targets`` is exactly the set of (target, expected) pairs of every reference;
- ``iter_references(fw, only)`` is exactly the full walk filtered to those targets, in order;
- AHP011 and AHP019 report exactly what a plain walk over every reference reports
  (the oracle below is the rules' previous, one-reference-at-a-time code).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ahpfw
from ahpfw.model import (
    COLLECTIONS,
    Capability,
    Domain,
    Element,
    Framework,
    iter_references,
    reference_fields,
    reference_targets,
)
from ahpfw.problems import Problem
from ahpfw.rules import ahp011_dangling_reference as dangling
from ahpfw.rules import ahp019_retirement as retirement

from .conftest import SHIPPED

PROPERTY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
MISSING = ("ahpfw:SRC-9999", "ahpfw:NEED-9999", "ahpfw:STAGE-9999", "ahpfw:CAP-9999", "nonsense")


@cache
def shipped() -> Framework:
    return ahpfw.load(SHIPPED)


def damaged(seed: int, rate: float) -> Framework:
    """The shipped framework with about ``rate`` of its reference fields and statuses changed at random."""
    fw = shipped()
    rng = random.Random(seed)
    pool = [*sorted(fw.elements), *MISSING]

    def touch(obj):
        changes: dict[str, object] = {}
        for name, _ in reference_fields(type(obj)):
            if rng.random() < rate:
                value = getattr(obj, name)
                if isinstance(value, tuple) or rng.random() < 0.1:
                    changes[name] = tuple(rng.choice(pool) for _ in range(rng.randrange(4)))
                else:
                    changes[name] = rng.choice(pool) if rng.random() < 0.9 else None
        if isinstance(obj, Element) and rng.random() < rate:
            changes["status"] = "retired" if obj.status == "active" else "active"
        return dataclasses.replace(obj, **changes) if changes else obj

    def with_evidence(obj):
        obj = touch(obj)
        return dataclasses.replace(obj, evidence=tuple(map(touch, obj.evidence))) if obj.evidence else obj

    def element(obj):
        obj = with_evidence(obj)
        if isinstance(obj, Domain):
            obj = dataclasses.replace(obj, capabilities=tuple(map(element, obj.capabilities)))
        if isinstance(obj, Capability):
            obj = dataclasses.replace(obj, descriptors=tuple(map(with_evidence, obj.descriptors)))
        return obj

    return dataclasses.replace(fw, **{name: tuple(map(element, getattr(fw, name))) for name in COLLECTIONS})


def oracle_dangling(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    for ref in iter_references(fw):
        target = elements.get(ref.target)
        if target is None:
            yield Problem(ref.location, "AHP011",
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names {ref.target}, which does not exist",
                          element_id=ref.owner.id, hint="correct the id or add the missing element")
        elif ref.expected is not Element and not isinstance(target, ref.expected):
            yield Problem(ref.location, "AHP011",
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names {ref.target}, which is a "
                          f"{target.LABEL}, not a {ref.expected.LABEL}", element_id=ref.owner.id)


def oracle_retirement(fw: Framework) -> Iterator[Problem]:
    elements = fw.elements
    for element in fw.iter_elements():
        if element.replaced_by and not element.retired:
            yield Problem(element.where("replaced_by"), "AHP019",
                          f"{element.LABEL} {element.id} has replaced_by but is not retired",
                          element_id=element.id, hint="add 'status: retired' or remove replaced_by")
    for ref in iter_references(fw):
        target = elements.get(ref.target)
        if target is None or not target.retired or ref.owner.retired and ref.field != "replaced_by":
            continue
        if ref.field == "replaced_by":
            yield Problem(ref.location, "AHP019",
                          f"{ref.owner.LABEL} {ref.owner.id} is replaced by {ref.target}, which is itself retired",
                          element_id=ref.owner.id, hint="point replaced_by at the live element")
        else:
            yield Problem(ref.location, "AHP019",
                          f"{ref.owner.LABEL} {ref.owner.id}: '{ref.field}' names the retired "
                          f"{target.LABEL} {ref.target}", element_id=ref.owner.id,
                          hint=f"use its replacement ({', '.join(target.replaced_by) or 'none given'})")


rates = st.sampled_from([0.0, 0.01, 0.05, 0.3])


@PROPERTY
@given(seed=st.integers(0, 2**32), rate=rates)
def test_reference_targets_are_the_distinct_pairs_of_every_reference(seed, rate):
    fw = damaged(seed, rate)
    assert reference_targets(fw) == {(r.target, r.expected) for r in iter_references(fw)}


@PROPERTY
@given(seed=st.integers(0, 2**32), rate=rates, data=st.data())
def test_iter_references_only_is_the_full_walk_filtered(seed, rate, data):
    fw = damaged(seed, rate)
    everything = list(iter_references(fw))
    only = data.draw(st.sets(st.sampled_from([*sorted(fw.elements), *MISSING])))
    assert list(iter_references(fw, only)) == [r for r in everything if r.target in only]


@PROPERTY
@given(seed=st.integers(0, 2**32), rate=rates)
def test_reference_rules_report_what_a_walk_over_every_reference_does(seed, rate):
    fw = damaged(seed, rate)
    assert list(dangling.check(fw)) == list(oracle_dangling(fw))
    assert list(retirement.check(fw)) == list(oracle_retirement(fw))


def test_damage_reaches_every_kind_of_fault():
    """The generator above makes every case the rules report, so the properties are not vacuous."""
    found: set[str] = set()
    for seed in range(20):
        fw = damaged(seed, 0.05)
        for p in oracle_dangling(fw):
            found.add("missing" if p.hint else "wrong kind")
        for p in oracle_retirement(fw):
            found.add("replaced by retired" if "is replaced by" in p.message else
                      "names retired" if "names the retired" in p.message else "active replaced")
        for ref in iter_references(fw):
            target = fw.elements.get(ref.target)
            if target is not None and target.retired:
                found.add(f"retired {type(ref.holder).__name__}.{ref.field}")
    assert {"missing", "wrong kind", "replaced by retired", "names retired", "active replaced"} <= found
    assert {"retired LevelDescriptor.stage", "retired Evidence.source", "retired Capability.meets_needs"} <= found


def test_reference_targets_answers_for_the_framework_asked_about():
    one, other = damaged(1, 0.3), damaged(2, 0.3)
    assert reference_targets(one) != reference_targets(other)
    assert reference_targets(one) == {(r.target, r.expected) for r in iter_references(one)}


def test_a_kept_answer_goes_with_its_framework():
    """The shared passes keep their answer only while the framework lives (capabilities are not held on to)."""
    import gc
    import inspect

    from ahpfw.rules._stage_lists import stage_lists

    fw = damaged(3, 0.0)
    assert stage_lists(fw) is stage_lists(fw) and reference_targets(fw) is reference_targets(fw)
    assert inspect.getclosurevars(stage_lists).nonlocals["last"] is not None
    del fw
    gc.collect()
    assert inspect.getclosurevars(stage_lists).nonlocals["last"] is None
    assert inspect.getclosurevars(reference_targets).nonlocals["last"] is None
