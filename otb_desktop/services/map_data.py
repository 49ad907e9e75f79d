"""Everything the map draws, read from the local database in one go.

Geometries are read as raw WKB and decoded by Shapely in one vectorised call, so 20 000
parcels and 30 000 buildings load in well under a second. The map keeps the result for its
lifetime; survey values come separately (``ParcelService.rows``) because they change often.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from sqlalchemy import LargeBinary, select, type_coerce

from otb_desktop.persistence.models import Building, BusinessPark, Parcel
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext


@dataclass(frozen=True)
class ParkShape:
    id: str
    name: str
    in_scope: bool
    profile: str
    geometry: shapely.Geometry | None


@dataclass(frozen=True, eq=False)
class MapLayers:
    """Parcels (parallel arrays, sorted by designation), buildings and parks, in EPSG:28992."""

    parcel_ids: tuple[str, ...] = ()
    designations: tuple[str, ...] = ()
    parcel_park_ids: tuple[str | None, ...] = ()
    parcel_geometries: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    building_geometries: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    parks: tuple[ParkShape, ...] = ()

    @property
    def park_profiles(self) -> dict[str, str]:
        return {p.id: p.profile for p in self.parks}

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) of parcels and park boundaries; None when empty."""
        geoms = [*self.parcel_geometries, *(p.geometry for p in self.parks if p.geometry)]
        if not geoms:
            return None
        return tuple(shapely.total_bounds(np.asarray(geoms, dtype=object)).tolist())


class MapDataService:
    def __init__(self, context: AppContext):
        self.context = context

    def load(self, progress: Progress = no_progress) -> MapLayers:
        progress(0, 3, "Percelen lezen")
        with self.context.database.session() as session:
            parcels = session.execute(
                select(Parcel.id, Parcel.designation, Parcel.park_id,
                       type_coerce(Parcel.geometry, LargeBinary))
                .order_by(Parcel.designation)).all()
            progress(1, 3, "Panden lezen")
            buildings = session.scalars(select(type_coerce(Building.geometry, LargeBinary))
                                        .order_by(Building.id)).all()
            progress(2, 3, "Bedrijventerreinen lezen")
            parks = [ParkShape(p.id, p.name, p.in_scope, p.profile, p.geometry)
                     for p in session.scalars(select(BusinessPark).order_by(BusinessPark.name))]
        layers = MapLayers(
            parcel_ids=tuple(p[0] for p in parcels),
            designations=tuple(p[1] for p in parcels),
            parcel_park_ids=tuple(p[2] for p in parcels),
            parcel_geometries=_decode([p[3] for p in parcels]),
            building_geometries=_decode(list(buildings)),
            parks=tuple(parks))
        progress(3, 3, "Kaart geladen")
        return layers


def _decode(wkb: list[bytes]) -> np.ndarray:
    if not wkb:
        return np.empty(0, dtype=object)
    return shapely.from_wkb(np.asarray(wkb, dtype=object))
