"""Cyclic garbage collection paused around bulk work, for every thread at once (the
collector is one per process): a count of the blocks inside, collection on again when the
last one leaves.

Bulk work makes many container objects (rows as tuples); every 700 of them start a
collection of the youngest objects and every hundredth or so a full one, which walks every
object the process holds while keeping the GIL (tens of milliseconds in a sync's process,
0.1–0.4 s with 200 000 parcels loaded). Rows hold no cycles, so reference counting frees
them without the collector; cyclic garbage made meanwhile is collected after the block.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_freeze = False


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (nor in other threads meanwhile). ``freeze``:
    what is alive when the last block leaves is frozen (``gc.freeze``: later collections do
    not walk it again), for loads whose rows stay."""
    global _depth, _freeze
    with _lock:
        _depth += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            _freeze = _freeze or freeze
            if _depth == 0:
                if _freeze:
                    gc.freeze()
                _freeze = False
                gc.enable()
