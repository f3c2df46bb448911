"""Loading pauses the cyclic garbage collector and restores its state afterwards."""

from __future__ import annotations

import gc

import pytest

import ahpfw
from ahpfw.speed.gcpause import gc_paused

from .conftest import MINIMAL


@pytest.mark.parametrize("enabled", [True, False])
def test_state_is_restored(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), gc_paused():
            raise ValueError("a failure inside the block")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_load_leaves_the_collector_on_even_when_the_framework_is_broken(tmp_path):
    assert gc.isenabled()
    ahpfw.load(MINIMAL)
    assert gc.isenabled()
    (tmp_path / "framework.yaml").write_text("id: [unclosed\n")
    with pytest.raises(ahpfw.FrameworkError):
        ahpfw.load(tmp_path)
    assert gc.isenabled()


def test_what_the_block_made_is_not_left_for_the_next_young_collection():
    """Otherwise the first allocation after the block makes the collector walk all of it (0.4 s at 10k)."""
    assert gc.isenabled()
    with gc_paused():
        kept = [{"id": i, "items": [i]} for i in range(50_000)]
        assert gc.get_count()[0] > 50_000  # counted as young while the collector is off
    assert gc.get_count()[0] < 1_000
    assert gc.get_freeze_count() == 0 and gc.is_tracked(kept[0])  # still collectable, in the oldest generation
    assert any(obj is kept for obj in gc.get_objects(generation=2))


def test_a_programs_own_frozen_objects_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with gc_paused():
            [[i] for i in range(1000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
