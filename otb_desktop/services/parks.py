"""The business parks: the 14 of chapter 2.2 are always present (boundaries may come later)."""

from __future__ import annotations

from dataclasses import dataclass

from shapely.geometry.base import BaseGeometry
from sqlalchemy import select
from sqlalchemy.orm import Session

from otb_desktop.domain.parks import load_park_definitions
from otb_desktop.paths import resources_dir
from otb_desktop.persistence.models import BusinessPark
from otb_desktop.services.context import AppContext


@dataclass(frozen=True)
class ParkView:
    id: str
    name: str
    in_scope: bool
    profile: str
    geometry: BaseGeometry | None


def ensure_parks(session: Session, context: AppContext) -> dict[str, BusinessPark]:
    """Create the parks of chapter 2.2 that are missing; return all parks by name."""
    existing = {p.name: p for p in session.scalars(select(BusinessPark))}
    for definition in load_park_definitions(resources_dir() / "parks.json"):
        if definition.name not in existing:
            park = BusinessPark(id=definition.id, name=definition.name,
                                in_scope=definition.in_scope,
                                profile=str(definition.profile or ""),
                                created_by=context.author,
                                device_id=context.device_id)
            session.add(park)
            existing[park.name] = park
    session.flush()
    return existing


def list_parks(context: AppContext) -> list[ParkView]:
    with context.database.session() as session:
        ensure_parks(session, context)
        return [ParkView(p.id, p.name, p.in_scope, p.profile, p.geometry)
                for p in session.scalars(select(BusinessPark).order_by(BusinessPark.name))]
