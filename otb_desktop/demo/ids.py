"""Record ids for the demo data, drawn from the seed instead of the clock.

They are shaped as RFC 9562 version 7 UUIDs like every other id (``domain.ids``), so nothing
downstream can tell them apart, but two runs with the same seed give the same ids: tests can
compare databases and two laptops that load the same demo set hold the same records. The time
field counts up from a fixed moment in the past, one millisecond per id, so ids keep the order
in which the generator made the records and never collide with ids made on a device today.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

DEMO_ID_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_VARIANT = 0x8000_0000_0000_0000  # RFC 9562 variant bits "10" in the top of the low half


class DemoIds:
    """A deterministic stream of UUIDv7-shaped text ids."""

    def __init__(self, seed: int):
        self._rng = np.random.default_rng([seed, 0x1D5])
        self._ms = int(DEMO_ID_EPOCH.timestamp() * 1000)

    def take(self, count: int) -> list[str]:
        ms = range(self._ms, self._ms + count)
        self._ms += count
        rand_a = self._rng.integers(0, 1 << 12, count).tolist()
        rand_b = self._rng.integers(0, 1 << 62, count, dtype=np.uint64).tolist()
        ids = []
        for t, a, b in zip(ms, rand_a, rand_b, strict=True):
            h = f"{t:012x}7{a:03x}{b | _VARIANT:016x}"
            ids.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
        return ids

    def one(self) -> str:
        return self.take(1)[0]
