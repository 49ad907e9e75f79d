"""Derived figures per parcel, computed from geometry and the recorded planning rules.

Formulas (also in ARCHITECTURE.md):
- built footprint  = area of the union of (building ∩ parcel)
- coverage %       = built footprint / parcel area × 100
- existing floor   = Σ area(building ∩ parcel) × storeys (storeys unknown: height / 3.5 m,
                     at least 1)
- unused coverage  = max(0, max coverage % × parcel area − built footprint)            [m²]
- floor potential  = max FSI × parcel area when FSI is recorded, otherwise
                     max coverage % × parcel area × floor(max height / 3.5 m); minus the
                     existing floor area, never below 0                                  [m²]
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

STOREY_HEIGHT_M = 3.5


@dataclass(frozen=True)
class BuildingShape:
    geometry: BaseGeometry
    height_m: float | None = None
    storeys: int | None = None

    def floors(self) -> int:
        return floors(self.storeys, self.height_m)


def floors(storeys: int | None, height_m: float | None) -> int:
    """Storeys of a building; unknown storeys are estimated from the height."""
    if storeys:
        return max(1, storeys)
    if height_m:
        return max(1, math.floor(height_m / STOREY_HEIGHT_M))
    return 1


@dataclass(frozen=True)
class ParcelFigures:
    area_m2: float
    built_footprint_m2: float
    coverage_pct: float
    existing_floor_area_m2: float
    unused_coverage_m2: float | None
    unused_floor_area_m2: float | None


def parcel_figures(parcel: BaseGeometry, buildings: Iterable[BuildingShape],
                   planning: Mapping[str, Any] | None) -> ParcelFigures:
    buildings = list(buildings)
    footprints, floor_areas = built_areas(
        np.array([parcel], dtype=object), np.array([b.geometry for b in buildings], dtype=object),
        np.array([b.floors() for b in buildings]))
    area, footprint, floor_area = parcel.area, float(footprints[0]), float(floor_areas[0])
    coverage = 100.0 * footprint / area if area > 0 else 0.0
    unused_cov, unused_floor = unused_capacity(area, footprint, floor_area, planning)
    return ParcelFigures(area, footprint, coverage, floor_area, unused_cov, unused_floor)


def built_areas(parcels: np.ndarray, buildings: np.ndarray, storeys: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Built footprint and existing floor area of many parcels at once (vectorised).

    Footprint is the area of the union of the building pieces on a parcel, so overlapping
    buildings (BAG parts, 3D BAG) count once; floor area sums piece × storeys.
    """
    footprint = np.zeros(len(parcels))
    floor_area = np.zeros(len(parcels))
    if not len(parcels) or not len(buildings):
        return footprint, floor_area
    p_idx, b_idx = shapely.STRtree(buildings).query(parcels, predicate="intersects")
    pieces = shapely.intersection(parcels[p_idx], buildings[b_idx])
    areas = shapely.area(pieces)
    np.add.at(footprint, p_idx, areas)
    np.add.at(floor_area, p_idx, areas * storeys[b_idx])
    order = np.argsort(p_idx, kind="stable")
    starts = np.searchsorted(p_idx[order], np.arange(len(parcels)))
    ends = np.searchsorted(p_idx[order], np.arange(len(parcels)), side="right")
    for parcel in np.flatnonzero(ends - starts > 1).tolist():
        footprint[parcel] = shapely.union_all(pieces[order[starts[parcel]:ends[parcel]]]).area
    return footprint, floor_area


def unused_capacity(area: float, footprint: float, floor_area: float,
                    planning: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    """(unused coverage m², unused floor-area potential m²); None without planning rules."""
    if not planning or planning.get("max_coverage_pct") is None:
        return None, None
    allowed_footprint = planning["max_coverage_pct"] / 100.0 * area
    if planning.get("max_far") is not None:
        allowed_floor = planning["max_far"] * area
    else:
        storeys = math.floor(planning.get("max_height_m", 0) / STOREY_HEIGHT_M)
        allowed_floor = allowed_footprint * max(storeys, 1 if footprint else 0)
    return max(0.0, allowed_footprint - footprint), max(0.0, allowed_floor - floor_area)


def vacancy_figures(values: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Vacancy %, months vacant, above the OTB's 5 % friction vacancy, structural (≥ 3 years)."""
    total = values.get("total_floor_area_m2") or 0
    pct = 100.0 * values.get("vacant_floor_area_m2", 0) / total if total else 0.0
    months = None
    if values.get("vacant_since") and pct > 0:
        since = dt.date.fromisoformat(values["vacant_since"])
        months = (today.year - since.year) * 12 + today.month - since.month
    return {"vacancy_pct": pct, "vacant_months": months, "above_friction": pct > 5.0,
            "structural": months is not None and months >= 36}


def climate_score(values: Mapping[str, Any]) -> float:
    """0 (poorly adapted) … 1 (well adapted).

    score = 0.4 × green share + 0.2 × (1 − paved share) + 0.15 × green roof
          + 0.15 × water storage present + 0.1 × (exposure: laag 1, middel 0.5, hoog 0,
            mean of heat and flooding)
    """
    exposure = {"laag": 1.0, "middel": 0.5, "hoog": 0.0}
    exp = [exposure[values[k]] for k in ("heat_exposure", "flood_exposure") if values.get(k)]
    return round(
        0.4 * values.get("green_pct", 0) / 100
        + 0.2 * (1 - values.get("paved_pct", 100) / 100)
        + 0.15 * bool(values.get("green_roof"))
        + 0.15 * bool(values.get("water_storage_m3"))
        + 0.1 * (sum(exp) / len(exp) if exp else 0.5),
        3,
    )
