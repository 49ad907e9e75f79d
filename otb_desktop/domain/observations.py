"""Append-only observations: heads, current values and conflicts.

An observation names the observations it supersedes. The *heads* of a parcel's topic are the
observations nothing supersedes; one head is the current value, two or more are a conflict
(two laptops edited the same thing), resolved by a new observation superseding every head.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ObservationRecord:
    id: str
    parcel_id: str
    topic: str
    values: dict[str, Any]
    observed_at: dt.datetime
    author: str
    device_id: str
    supersedes: tuple[str, ...] = field(default=())


def heads(observations: Iterable[ObservationRecord]) -> list[ObservationRecord]:
    """Heads, newest first (ties on id, which is time-ordered, so the order is stable)."""
    items = list(observations)
    superseded = {sid for obs in items for sid in obs.supersedes}
    return sorted((o for o in items if o.id not in superseded),
                  key=lambda o: (o.observed_at, o.id), reverse=True)


def is_conflict(observations: Iterable[ObservationRecord]) -> bool:
    return len(heads(observations)) > 1
