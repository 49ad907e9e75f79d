"""Survey progress per business park: where an account manager should go next.

Pure computation on the parcel rows the UI already holds (ParcelService.rows()), so the
overview costs no database round trip and always matches the list and the map.

An observation is *stale* when it was made before ``today`` minus ``months`` calendar months
(observed exactly on that day is still current). A parcel is
- *not surveyed* when no survey topic has a value,
- *stale* when at least one of its current observations is stale (it needs a revisit),
- *current* otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from otb_desktop.domain import colouring
from otb_desktop.domain.figures import ParkVacancy, park_vacancy
from otb_desktop.domain.topics import Topic
from otb_desktop.services.parcels import SURVEY_TOPICS, ParcelRow

DEFAULT_STALE_MONTHS = colouring.DEFAULT_STALE_MONTHS
months_before = colouring.months_before


class SurveyStatus(StrEnum):
    NOT_SURVEYED = "not_surveyed"
    STALE = "stale"
    CURRENT = "current"


_STATUS = {colouring.NOT_SURVEYED: SurveyStatus.NOT_SURVEYED,
           colouring.STALE: SurveyStatus.STALE, colouring.CURRENT: SurveyStatus.CURRENT}


def survey_status(row: ParcelRow, today: dt.date,
                  months: int = DEFAULT_STALE_MONTHS) -> SurveyStatus:
    """The same rule the map colours by (domain.colouring.survey_status)."""
    return _STATUS[colouring.survey_status(row, today, months)]


def is_stale(observed_at: dt.datetime, cutoff: dt.date) -> bool:
    """Observed before the cutoff day, in local time like the map's colouring."""
    return observed_at.astimezone().date() < cutoff


@dataclass(frozen=True)
class ParkProgress:
    """Counts for one park (or the total line, ``park_id`` None and ``is_total`` True)."""

    park_id: str | None
    park_name: str | None
    in_scope: bool | None
    parcels: int
    surveyed: dict[str, int]        # topic -> parcels with a current value
    stale: dict[str, int]           # topic -> current observations older than the cutoff
    not_surveyed_parcels: int
    stale_parcels: int
    current_parcels: int
    complete_parcels: int           # every survey topic has a value
    is_total: bool = False
    # Σ vacant / Σ floor area: the 5 % friction vacancy is a property of the park's stock.
    vacancy: ParkVacancy | None = None

    @property
    def stale_observations(self) -> int:
        return sum(self.stale.values())

    def surveyed_share(self, topic: str) -> float:
        return self.surveyed.get(topic, 0) / self.parcels if self.parcels else 0.0


@dataclass(frozen=True)
class SurveyProgress:
    cutoff: dt.date
    months: int
    parks: list[ParkProgress]     # in-scope parks first, then by name; parcels without park last
    total: ParkProgress


def survey_progress(rows: Iterable[ParcelRow], today: dt.date | None = None,
                    months: int = DEFAULT_STALE_MONTHS) -> SurveyProgress:
    if months < 0:
        raise ValueError("months must not be negative")
    today = today or dt.date.today()
    cutoff = months_before(today, months)
    groups: dict[str | None, list[ParcelRow]] = {}
    for row in rows:
        groups.setdefault(row.park_id, []).append(row)
    parks = [_count(group[0].park_id, group[0].park_name, group[0].in_scope, group, today,
                    months) for group in groups.values()]
    parks.sort(key=lambda p: (p.park_id is None, not p.in_scope, (p.park_name or "").lower()))
    everything = [row for group in groups.values() for row in group]
    total = _count(None, None, None, everything, today, months, is_total=True)
    return SurveyProgress(cutoff, months, parks, total)


def _count(park_id: str | None, park_name: str | None, in_scope: bool | None,
           rows: list[ParcelRow], today: dt.date, months: int, is_total: bool = False
           ) -> ParkProgress:
    cutoff = months_before(today, months)
    surveyed = dict.fromkeys(map(str, SURVEY_TOPICS), 0)
    stale = dict.fromkeys(map(str, SURVEY_TOPICS), 0)
    statuses = dict.fromkeys(SurveyStatus, 0)
    complete = 0
    for row in rows:
        for topic in SURVEY_TOPICS:
            when = row.observed_at.get(topic)
            if topic in row.values:
                surveyed[topic] += 1
            if when is not None and is_stale(when, cutoff):
                stale[topic] += 1
        statuses[survey_status(row, today, months)] += 1
        complete += row.surveyed_topics == len(SURVEY_TOPICS)
    return ParkProgress(park_id, park_name, in_scope, len(rows), surveyed, stale,
                        statuses[SurveyStatus.NOT_SURVEYED], statuses[SurveyStatus.STALE],
                        statuses[SurveyStatus.CURRENT], complete, is_total,
                        park_vacancy(row.values.get(Topic.VACANCY) for row in rows))
