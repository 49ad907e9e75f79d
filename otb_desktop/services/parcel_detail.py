"""What the parcel panel shows beyond the parcel table: its buildings, park profile, neighbours.

ParcelRow (services/parcels.py) carries the figures every list needs; the panel shows one parcel
at a time and can afford a closer look: which buildings stand on it, built when, and how many
parcels touch it (a redevelopment site is often made of neighbours).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import shapely

from otb_desktop.domain.spatial import neighbours
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import UnknownParcelError

if TYPE_CHECKING:
    pass

NEIGHBOUR_DISTANCE_M = 0.5


@dataclass(frozen=True)
class BuildingFact:
    bag_id: str
    year_built: int | None
    storeys: int | None
    height_m: float | None
    area_on_parcel_m2: float


@dataclass(frozen=True)
class ParcelDetail:
    parcel_id: str
    park_profile: str | None
    buildings: tuple[BuildingFact, ...]
    neighbour_count: int

    @property
    def years_built(self) -> tuple[int, ...]:
        return tuple(sorted({b.year_built for b in self.buildings if b.year_built}))


def parcel_detail(context: AppContext, parcel_id: str) -> ParcelDetail:
    """Buildings overlapping the parcel (largest first) and the number of touching parcels."""
    from sqlalchemy import select

    from otb_desktop.persistence.models import Building, BusinessPark, Parcel
    from otb_desktop.persistence.spatial_index import in_bbox

    with context.database.session() as session:
        parcel = session.get(Parcel, parcel_id)
        if parcel is None:
            raise UnknownParcelError(f"Perceel {parcel_id} bestaat niet (meer) in deze database.")
        geometry = parcel.geometry
        profile = None
        if parcel.park_id:
            profile = session.scalar(select(BusinessPark.profile).where(
                BusinessPark.id == parcel.park_id))
        candidates = session.execute(
            select(Building.bag_id, Building.year_built, Building.storeys, Building.height_m,
                   Building.geometry).where(in_bbox(
                Building, parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y))).all()
        d = NEIGHBOUR_DISTANCE_M
        nearby = session.execute(
            select(Parcel.geometry).where(
                Parcel.id != parcel_id,
                in_bbox(Parcel, parcel.min_x - d, parcel.min_y - d, parcel.max_x + d,
                        parcel.max_y + d))).scalars().all()
    buildings = []
    for bag_id, year, storeys, height, shape in candidates:
        area = shapely.intersection(geometry, shape).area
        if area > 0:
            buildings.append(BuildingFact(bag_id, year, storeys, height, area))
    buildings.sort(key=lambda b: (-b.area_on_parcel_m2, b.bag_id))
    touching = neighbours([geometry, *nearby], 0, distance=NEIGHBOUR_DISTANCE_M)
    return ParcelDetail(parcel_id, profile, tuple(buildings), len(touching))
