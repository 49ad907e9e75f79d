"""The parcel table: every parcel with its park, current survey values and derived figures.

One query per table (parcels with their stored figures, parks, current observations): no
geometry is read or computed, the figures are stored (persistence/figure_store.py). The UI's
list, the exports and the survey progress overview read the same rows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from otb_desktop.domain.figures import vacancy_figures
from otb_desktop.domain.topics import Topic
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.models import BusinessPark, Parcel
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import is_log_topic

SURVEY_TOPICS = tuple(t for t in Topic if t is not Topic.NOTE)
# Dwellings read around the parcels asked for: beyond the largest VNG guide distance (1 500 m).
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
    def floor_area_from_bag(self) -> bool:
        """True: existing floor area is the sum of the BAG verblijfsobjecten on the parcel;
        False: estimated from footprint × storeys (indicatief)."""
        return bool(self.figures.get("floor_area_from_bag"))

    @property
    def distance_to_sensitive_m(self) -> float | None:
        """Nearest BAG verblijfsobject with woonfunctie; None when none is imported."""
        return self.figures.get("distance_to_sensitive_m")

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
        wanted = "" if parcel_ids is None else "WHERE p.id IN (SELECT value FROM json_each(?))"
        params = () if parcel_ids is None else (json.dumps(list(parcel_ids)),)
        with self.context.database.session() as session:
            connection = session.connection()
            # One JSON document per query, decoded by one json.loads: decoding 100 000 small
            # JSON values one by one (SQLAlchemy's JSON type) took most of the load time.
            parcels = _json_rows(connection, (
                "SELECT json_group_array(json_array(id, designation, park_id, "
                "json(addresses), area_m2, registered_area_m2, json(figures))) FROM (SELECT "
                "p.id, p.designation, p.park_id, p.addresses, p.area_m2, p.registered_area_m2, "
                "f.figures FROM parcel AS p LEFT JOIN parcel_figures AS f "
                f"ON f.parcel_id = p.id {wanted} ORDER BY p.designation)"), params)
            parks = {p.id: (p.name, p.in_scope) for p in session.execute(
                select(BusinessPark.id, BusinessPark.name, BusinessPark.in_scope))}
            observations = _json_rows(connection, (
                "SELECT json_group_array(json_array(parcel_id, topic, json(vals), "
                "observed_at)) FROM (SELECT o.parcel_id, o.topic, o.\"values\" AS vals, "
                "o.observed_at FROM observation AS o "
                f"{wanted.replace('p.id', 'o.parcel_id')}"
                f"{' AND' if wanted else 'WHERE'} NOT EXISTS (SELECT 1 FROM "
                "observation_supersedes AS s WHERE s.superseded_id = o.id) "
                "ORDER BY o.observed_at, o.id)"), params)
            current: dict[str, dict[str, Any]] = {}
            when: dict[str, dict[str, dt.datetime]] = {}
            conflicts: dict[str, set[str]] = {}
            for pid, topic, values, observed_at in observations:
                # Heads with identical values are one value, not a conflict; a log topic
                # (notes) has many heads by design.
                if topic in current.setdefault(pid, {}) and current[pid][topic] != values \
                        and not is_log_topic(topic):
                    conflicts.setdefault(pid, set()).add(topic)
                current[pid][topic] = values  # newest head wins for display
                when.setdefault(pid, {})[topic] = dt.datetime.fromisoformat(observed_at)
            missing = [p[0] for p in parcels if p[6] is None]
            computed = figure_store.compute(session, parcel_ids=missing) if missing else {}
        rows = []
        for pid, designation, park_id, addresses, area, registered, figures in parcels:
            if figures is None:
                figures = computed[pid]
            park = parks.get(park_id) if park_id else None
            rows.append(ParcelRow(
                pid, designation, park_id, park[0] if park else None,
                park[1] if park else None, tuple(addresses or ()), area, registered,
                figures["built_footprint_m2"], figures["coverage_pct"],
                figures["existing_floor_area_m2"], figures["unused_coverage_m2"],
                figures["unused_floor_area_m2"], current.get(pid, {}), when.get(pid, {}),
                frozenset(conflicts.get(pid, ())), figures))
        return rows

    def labels(self) -> list[tuple[str, str]]:
        """(id, "designation — first address") of every parcel, for choosing one by name."""
        with self.context.database.session() as session:
            rows = session.execute(select(Parcel.id, Parcel.designation, Parcel.addresses)
                                   .order_by(Parcel.designation)).all()
        return [(pid, f"{name} — {addresses[0]}" if addresses else name)
                for pid, name, addresses in rows]


def _json_rows(connection, sql: str, params: tuple) -> list[list[Any]]:
    document = connection.exec_driver_sql(sql, params).scalar()
    return json.loads(document) if document else []


def vacancy(row: ParcelRow, today: dt.date | None = None) -> dict[str, Any] | None:
    values = row.values.get(Topic.VACANCY)
    return vacancy_figures(values, today or dt.date.today()) if values else None
