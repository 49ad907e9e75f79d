"""Record identity: time-ordered UUIDs made on the device (RFC 9562 version 7).

Records travel between laptops and the central database, so ids are globally unique and never
autoincrement integers; version 7 keeps them roughly in creation order, which indexes like.
"""

from __future__ import annotations

import os
import time
import uuid

import numpy as np
from uuid6 import uuid7

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_COUNTER_SPAN = 4096    # UUIDv7 rand_a: 12 bits
# Where the five groups of hex digits go in the 36 characters of the text form.
_GROUPS = ((0, 8, 0), (8, 12, 1), (12, 16, 2), (16, 20, 3), (20, 32, 4))


def new_id() -> str:
    return str(uuid7())


def new_ids(count: int) -> list[str]:
    """``count`` UUIDv7 strings, ascending, made in one numpy pass (bulk imports).

    Like ``new_id`` but ~50x faster for a batch: the 12-bit ``rand_a`` field is a counter
    within the millisecond (RFC 9562 method 1); past 4096 ids the timestamp steps on.
    """
    if count <= 0:
        return []
    sequence = np.arange(count, dtype=np.uint64)
    millis = np.uint64(time.time_ns() // 1_000_000) + sequence // np.uint64(_COUNTER_SPAN)
    high = ((millis << np.uint64(16)) | np.uint64(0x7000)
            | (sequence % np.uint64(_COUNTER_SPAN)))
    random = np.frombuffer(os.urandom(8 * count), dtype=np.uint64)
    low = (random >> np.uint64(2)) | np.uint64(0x8000_0000_0000_0000)
    raw = np.column_stack([high, low]).astype(">u8").view(np.uint8).reshape(count, 16)
    digits = np.empty((count, 32), dtype=np.uint8)
    digits[:, 0::2] = _HEX[raw >> 4]
    digits[:, 1::2] = _HEX[raw & 15]
    text = np.full((count, 36), ord("-"), dtype=np.uint8)
    for start, stop, offset in _GROUPS:
        text[:, start + offset:stop + offset] = digits[:, start:stop]
    return text.view("S36").ravel().astype("U36").tolist()


# Reference data (parks, parcels, buildings) has one identity everywhere: its id is derived
# from its official identifier, so two laptops, or a laptop and the central database, that
# import the same source agree on every id without talking to each other (RFC 9562 v5).
REFERENCE_NAMESPACE = uuid.UUID("5d0c1f3e-7a0e-4b7e-9f43-0b7d6c1e2a11")


def reference_id(kind: str, key: str) -> str:
    """UUIDv5 of ``kind:key``: ``parcel`` + kadastrale aanduiding ('OTL02 B 2298'),
    ``building`` + 16-digit BAG pand id, ``verblijfsobject`` + its BAG id, ``park`` +
    normalised park name."""
    if not key:
        raise ValueError(f"{kind}: empty official identifier")
    return str(uuid.uuid5(REFERENCE_NAMESPACE, f"{kind}:{key}"))


def reference_ids(kind: str, keys: list[str]) -> list[str]:
    return [reference_id(kind, key) for key in keys]
