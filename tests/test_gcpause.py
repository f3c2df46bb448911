"""Loading pauses the cyclic garbage collector and restores its state afterwards."""

from __future__ import annotations

import gc

import pytest

import ahpfw
from ahpfw.gcpause import gc_paused

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
