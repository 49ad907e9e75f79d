"""Everything the map draws, read from the local database in one go.

Geometries are read as raw WKB through the driver's cursor (no ORM rows: at 200 000 parcels
their construction alone took seconds) and decoded by Shapely in vectorised calls of
``DECODE_CHUNK`` geometries: Shapely holds the GIL while it decodes, and one call over
200 000 geometries froze the GUI thread for a third of a second. The map keeps the result for its
lifetime; survey values come separately (``ParcelService.rows``) because they change often.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

import numpy as np
import shapely

from otb_desktop.progress import Progress, no_progress

if TYPE_CHECKING:
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
    # True: read without its buildings (MapDataService.load(buildings=False)); they come
    # later (MapCanvas.set_buildings). Only where no building is drawn at the first view.
    buildings_pending: bool = False

    @property
    def park_profiles(self) -> dict[str, str]:
        return {p.id: p.profile for p in self.parks}

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) of parcels and park boundaries; None when empty."""
        # The parcels' array as it is (not a list of 200 000 first: 40 ms at a start).
        geoms = np.concatenate((np.asarray(self.parcel_geometries, dtype=object), np.asarray(
            [p.geometry for p in self.parks if p.geometry], dtype=object)))
        if not len(geoms):
            return None
        return tuple(shapely.total_bounds(geoms).tolist())


class MapDataService:
    def __init__(self, context: AppContext):
        self.context = context

    def load(self, progress: Progress = no_progress,
             parcels: Sequence[tuple[str, str, str | None, bytes]] | None = None,
             buildings: bool = True) -> MapLayers:
        """``parcels``: (id, designation, park id, WKB) of every parcel sorted by
        designation, when the caller read them already (``ParcelService.rows_and_geometry``).
        ``buildings`` False: no building geometries (``buildings_pending``); the caller reads
        them later with ``buildings()``."""
        progress(0, 3, "Percelen lezen")
        # Plain sqlite3 (Database.reading): the window's first load needs no SQLAlchemy.
        with self.context.database.reading() as cursor:
            if parcels is None:
                parcels = cursor.execute(
                    "SELECT id, designation, park_id, geometry FROM parcel ORDER BY designation"
                ).fetchall()
            progress(1, 3, "Panden lezen")
            building_wkb = _building_wkb(cursor) if buildings else []
            progress(2, 3, "Bedrijventerreinen lezen")
            # As the ORM reads them (persistence.types.Geometry: WKB through from_wkb).
            parks = [
                ParkShape(pid, name, None if in_scope is None else bool(in_scope), profile,
                          None if wkb is None else shapely.from_wkb(wkb))
                for pid, name, in_scope, profile, wkb in cursor.execute(
                    "SELECT id, name, in_scope, profile, geometry FROM business_park "
                    "ORDER BY name")
            ]
        ids, designations, park_ids, wkb = (
            zip(*parcels, strict=True) if parcels else ((), (), (), ())
        )
        layers = MapLayers(
            parcel_ids=ids,
            designations=designations,
            parcel_park_ids=park_ids,
            parcel_geometries=_decode(list(wkb)),
            building_geometries=_decode(building_wkb),
            parks=tuple(parks),
            buildings_pending=not buildings,
        )
        progress(3, 3, "Kaart geladen")
        return layers

    def buildings(self) -> np.ndarray:
        """Every building's geometry, in the order ``load`` gives them."""
        with self.context.database.reading() as cursor:
            return _decode(_building_wkb(cursor))


def _building_wkb(cursor) -> list[bytes]:
    # In table order, sorted here: ORDER BY id walks the id index and fetches every row from
    # elsewhere in the file (200 000 parcels: 0.8 s against 0.3).
    found = cursor.execute("SELECT id, geometry FROM building").fetchall()
    found.sort(key=itemgetter(0))
    return [g for _id, g in found]


def parcels_from_rows(rows: Sequence, geometry: Sequence[bytes]
                      ) -> list[tuple[str, str, str | None, bytes]]:
    """``load``'s ``parcels`` from ``ParcelService.rows_and_geometry`` (the same order)."""
    return list(zip(map(attrgetter("id"), rows), map(attrgetter("designation"), rows),
                    map(attrgetter("park_id"), rows), geometry, strict=True))


DECODE_CHUNK = 20_000  # geometries per from_wkb call: a few tens of ms of held GIL


def _decode(wkb: list[bytes]) -> np.ndarray:
    if not wkb:
        return np.empty(0, dtype=object)
    raw = np.asarray(wkb, dtype=object)
    return np.concatenate(
        [shapely.from_wkb(raw[i : i + DECODE_CHUNK]) for i in range(0, len(raw), DECODE_CHUNK)]
    )
