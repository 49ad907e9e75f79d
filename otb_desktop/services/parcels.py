"""The parcel table: every parcel with its park, current survey values and derived figures.

One query per table (parcels with their stored figures, parks, current observations): no
geometry is read or computed, the figures are stored (persistence/figure_store.py). The UI's
list, the exports and the survey progress overview read the same rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from otb_desktop.domain.figures import vacancy_figures
from otb_desktop.domain.topics import Topic
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.models import BusinessPark, Observation, Parcel, ParcelFigures
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import head_filter

SURVEY_TOPICS = tuple(t for t in Topic if t is not Topic.NOTE)


@dataclass(frozen=True)
class ParcelRow:
    id: str
    designation: str
    park_id: str | None
    park_name: str | None
    in_scope: bool | None
    addresses: tuple[str, ...]
    area_m2: float
    registered_area_m2: float | None
    built_footprint_m2: float
    coverage_pct: float
    existing_floor_area_m2: float
    unused_coverage_m2: float | None
    unused_floor_area_m2: float | None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    observed_at: dict[str, dt.datetime] = field(default_factory=dict)
    conflicts: frozenset[str] = frozenset()
    # Every stored figure by name (domain.figures.STORED_FIGURES), as stored.
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def surveyed_topics(self) -> int:
        return sum(1 for t in SURVEY_TOPICS if t in self.values)

    @property
    def completeness(self) -> float:
        return self.surveyed_topics / len(SURVEY_TOPICS)

    def value(self, topic: str, name: str) -> Any:
        return self.values.get(topic, {}).get(name)


class ParcelService:
    def __init__(self, context: AppContext):
        self.context = context

    def rows(self, parcel_ids: list[str] | None = None) -> list[ParcelRow]:
        """All parcels (or the given ones), sorted by designation.

        The derived figures are read as stored (persistence/figure_store.py), not recomputed;
        a parcel without stored figures (a read-only database from before they were stored)
        gets them computed here, in memory.
        """
        with self.context.database.session() as session:
            query = select(Parcel.id, Parcel.designation, Parcel.park_id, Parcel.addresses,
                           Parcel.area_m2, Parcel.registered_area_m2, ParcelFigures.figures
                           ).outerjoin(ParcelFigures, ParcelFigures.parcel_id == Parcel.id
                                       ).order_by(Parcel.designation)
            if parcel_ids is not None:
                query = query.where(Parcel.id.in_(parcel_ids))
            parcels = session.execute(query).all()
            parks = {p.id: (p.name, p.in_scope) for p in session.execute(
                select(BusinessPark.id, BusinessPark.name, BusinessPark.in_scope))}
            obs_query = select(Observation.parcel_id, Observation.topic, Observation.values,
                               Observation.observed_at).where(head_filter()).order_by(
                Observation.observed_at, Observation.id)
            if parcel_ids is not None:
                obs_query = obs_query.where(Observation.parcel_id.in_(parcel_ids))
            current: dict[str, dict[str, Any]] = {}
            when: dict[str, dict[str, dt.datetime]] = {}
            conflicts: dict[str, set[str]] = {}
            for pid, topic, values, observed_at in session.execute(obs_query):
                # Heads with identical values are one value, not a conflict.
                if topic in current.setdefault(pid, {}) and current[pid][topic] != values:
                    conflicts.setdefault(pid, set()).add(topic)
                current[pid][topic] = values  # newest head wins for display
                when.setdefault(pid, {})[topic] = observed_at
            missing = [p.id for p in parcels if p.figures is None]
            computed = figure_store.compute(session, parcel_ids=missing) if missing else {}
        rows = []
        for p in parcels:
            figures = p.figures if p.figures is not None else computed[p.id]
            park = parks.get(p.park_id) if p.park_id else None
            rows.append(ParcelRow(
                p.id, p.designation, p.park_id, park[0] if park else None,
                park[1] if park else None, tuple(p.addresses or ()), p.area_m2,
                p.registered_area_m2, figures["built_footprint_m2"], figures["coverage_pct"],
                figures["existing_floor_area_m2"], figures["unused_coverage_m2"],
                figures["unused_floor_area_m2"], current.get(p.id, {}), when.get(p.id, {}),
                frozenset(conflicts.get(p.id, ())), figures))
        return rows


def vacancy(row: ParcelRow, today: dt.date | None = None) -> dict[str, Any] | None:
    values = row.values.get(Topic.VACANCY)
    return vacancy_figures(values, today or dt.date.today()) if values else None
