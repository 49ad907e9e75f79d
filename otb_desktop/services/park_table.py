"""The business-park table of the exports: per park its vacancy against ≈ 5 % and its facts.

Frictieleegstand is a property of a park's stock, so the export gives it per park (the XLSX
sheet "Bedrijventerreinen", ``otb-desktop export csv UIT.csv --per-terrein``): Σ vacant /
Σ floor area over the parcels with a vacancy survey, its side of the 3–7 % band, and the
current park facts of chapter 4.1/4.5. Gathered batch by batch from the parcel rows, so the
export reads the parcels once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from otb_desktop.domain.figures import FRICTION_SIDE_LABELS, ParkVacancy, park_vacancy
from otb_desktop.domain.park_facts import PARK_FACTS
from otb_desktop.domain.topics import Topic, display_value
from otb_desktop.persistence.models import BusinessPark
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import Column, ColumnType
from otb_desktop.services.parcels import ParcelRow
from otb_desktop.services.park_facts import ParkFactService


@dataclass(frozen=True)
class ParkRow:
    park_id: str
    name: str
    in_scope: bool
    parcels: int
    vacancy: ParkVacancy
    facts: dict[str, Any] = field(default_factory=dict)
    facts_conflict: bool = False
    facts_at: dt.datetime | None = None


@dataclass
class ParkTally:
    """Per park the parcels seen and their current vacancy values."""

    parcels: dict[str, int] = field(default_factory=dict)
    vacancies: dict[str, list] = field(default_factory=dict)

    def add(self, rows: Iterable[ParcelRow]) -> None:
        for row in rows:
            if row.park_id:
                self.parcels[row.park_id] = self.parcels.get(row.park_id, 0) + 1
                self.vacancies.setdefault(row.park_id, []).append(
                    row.values.get(Topic.VACANCY))

    def rows(self, context: AppContext) -> list[ParkRow]:
        """Every park (in-scope first, then by name), also those without parcels."""
        with context.database.session() as session:
            parks = session.execute(select(BusinessPark.id, BusinessPark.name,
                                           BusinessPark.in_scope)).all()
        facts = ParkFactService(context).current()
        result = []
        for park_id, name, in_scope in parks:
            heads = facts.get(park_id, [])
            newest = heads[0] if heads else None
            result.append(ParkRow(
                park_id, name, bool(in_scope), self.parcels.get(park_id, 0),
                park_vacancy(self.vacancies.get(park_id, [])),
                dict(newest.values) if newest else {}, len(heads) > 1,
                newest.created_at if newest else None))
        result.sort(key=lambda r: (not r.in_scope, r.name.lower()))
        return result


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _fact_column(name: str) -> Column:
    spec = PARK_FACTS.field(name)
    return Column(f"fact.{name}", spec.label, ColumnType.TEXT,
                  lambda r: display_value(spec, r.facts.get(name)) or None)


def park_columns() -> tuple[Column, ...]:
    """Columns of the park table (``get`` takes a ParkRow)."""
    return (
        Column("id", "Id", ColumnType.TEXT, lambda r: r.park_id),
        Column("park_name", "Bedrijventerrein", ColumnType.TEXT, lambda r: r.name),
        Column("in_scope", "Binnen OTB", ColumnType.BOOL, lambda r: r.in_scope),
        Column("parcels", "Percelen", ColumnType.INT, lambda r: r.parcels),
        Column("vacancy_parcels", "Percelen met leegstandsopname", ColumnType.INT,
               lambda r: r.vacancy.parcels),
        Column("vacant_floor_area_m2", "Leeg vloeroppervlak (m²)", ColumnType.FLOAT,
               lambda r: float(round(r.vacancy.vacant_m2)) if r.vacancy.parcels else None),
        Column("surveyed_floor_area_m2", "Opgenomen vloeroppervlak (m²)", ColumnType.FLOAT,
               lambda r: float(round(r.vacancy.floor_area_m2)) if r.vacancy.parcels else None),
        Column("park_vacancy_pct", "Leegstand terrein (%, Σ leeg / Σ vloeroppervlak)",
               ColumnType.FLOAT, lambda r: _pct(r.vacancy.pct)),
        Column("against_friction", "Tegenover frictieleegstand ≈ 5 % (band 3–7 %)",
               ColumnType.TEXT,
               lambda r: FRICTION_SIDE_LABELS.get(r.vacancy.against_friction or "",
                                                  "geen gegevens")),
        *(_fact_column(fs.name) for fs in PARK_FACTS.fields),
        Column("facts_conflict", "Parkgegevens in conflict", ColumnType.BOOL,
               lambda r: r.facts_conflict if r.facts else None),
        # The date, not the name of who recorded them: no personal data in an export.
        Column("facts_at", "Parkgegevens vastgelegd op", ColumnType.DATE,
               lambda r: r.facts_at.astimezone().date() if r.facts_at else None),
    )
