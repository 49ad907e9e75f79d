"""Record ids: single UUIDv7 and the numpy batch used by bulk imports."""

from __future__ import annotations

import time
import uuid

from otb_desktop.domain.ids import new_id, new_ids


def test_new_id_is_a_valid_uuid7():
    value = new_id()
    assert uuid.UUID(value).version == 7


def test_new_ids_are_unique_ascending_uuid7():
    before_ms = time.time_ns() // 1_000_000
    ids = new_ids(10_000)
    after_ms = time.time_ns() // 1_000_000
    parsed = [uuid.UUID(i) for i in ids]
    assert len(set(ids)) == 10_000 and ids == sorted(ids)
    assert {u.version for u in parsed} == {7}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert all(str(u) == i for u, i in zip(parsed, ids, strict=True))
    # The first 48 bits are the Unix time in milliseconds; past 4096 ids a batch steps on.
    stamps = [u.int >> 80 for u in parsed]
    assert before_ms <= stamps[0] <= after_ms
    assert stamps[-1] - stamps[0] == (10_000 - 1) // 4096


def test_new_ids_of_two_batches_differ_and_empty_batch():
    assert new_ids(0) == []
    first, second = new_ids(100), new_ids(100)
    assert not set(first) & set(second)
