"""Append-only observations.

An observation names the observations it supersedes. The *heads* of a parcel's topic are the
observations nothing supersedes; one head is the current value, two or more are a conflict
(two laptops edited the same thing), resolved by a new observation superseding every head.
The heads are found in SQL (``services.survey.head_filter``), where the graph lives.
"""

from __future__ import annotations

import datetime as dt
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

