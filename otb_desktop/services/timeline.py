"""A parcel's timeline: every observation of every topic, every note and what happened to its
photos, in one chronological list (newest first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from otb_desktop.services.context import AppContext
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import is_log_topic

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    author: str
    kind: str  # observation | note | photo_added | photo_caption | photo_withdrawn | …
    topic: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    current: bool = True  # observations: not superseded by a later one
    observation_id: str | None = None
    caption: str = ""


def parcel_timeline(context: AppContext, parcel_id: str) -> list[TimelineEntry]:
    from sqlalchemy import select

    from otb_desktop.persistence.models import Observation, ObservationSupersedes

    with context.database.session() as session:
        rows = session.scalars(select(Observation).where(
            Observation.parcel_id == parcel_id)).all()
        ids = [o.id for o in rows]
        superseded = set(session.scalars(select(ObservationSupersedes.superseded_id).where(
            ObservationSupersedes.superseded_id.in_(ids)))) if ids else set()
        entries = [TimelineEntry(o.observed_at, o.created_by,
                                 "note" if is_log_topic(o.topic) else "observation", o.topic,
                                 dict(o.values), o.id not in superseded, o.id)
                   for o in rows]
    entries += [TimelineEntry(e.when, e.author, f"photo_{e.kind}", caption=e.caption)
                for e in PhotoService(context).events(parcel_id)]
    return sorted(entries, key=lambda e: e.when, reverse=True)
