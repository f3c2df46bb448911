"""Pausing Python's cyclic garbage collector while large amounts of acyclic data are made.

Loading a framework creates millions of small dicts, lists and dataclasses, all
kept alive and none of them in reference cycles; the rules and the exporters
make millions of short-lived strings and tuples. The cyclic collector cannot
free any of them, yet every burst of allocation makes it walk the whole loaded
framework again: loading 100,000 capabilities was a third slower, some
exporters a third slower on 10,000. Pausing it for the duration and restoring
its previous state afterwards changes nothing else: memory is still freed by
reference counting as usual.
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
            gc.enable()
