"""Pausing Python's cyclic garbage collector while large amounts of acyclic data are made.

Loading a framework creates millions of small dicts, lists and dataclasses, all
kept alive and none of them in reference cycles; the rules and the exporters
make millions of short-lived strings and tuples. The cyclic collector cannot
free any of them, yet every burst of allocation makes it walk the whole loaded
framework again: loading 100,000 capabilities was a third slower, some
exporters a third slower on 10,000. Pausing it for the duration and restoring
its previous state afterwards changes nothing else: memory is still freed by
reference counting as usual.

Re-enabling the collector is not enough on its own: every object made in the
block still counts as young, so the first allocation after it would make the
collector walk them all (0.4 s of a 4 s validation at 10,000 capabilities, and
finding nothing to free). So on leaving the block they are moved straight to the
oldest generation, which the collector walks only rarely (``gc.freeze()`` then
``gc.unfreeze()``: two list splices, whatever their length). That is skipped when
the program has frozen objects of its own, which it would thaw.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block, then restore its state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()  # everything tracked to the permanent generation, the young count reset to 0...
                gc.unfreeze()  # ...and back into the oldest generation, unscanned
            gc.enable()
