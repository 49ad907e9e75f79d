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
    area = parcel.area
    pieces, floor_area = [], 0.0
    for building in buildings:
        piece = shapely.intersection(parcel, building.geometry)
        if piece.is_empty or piece.area <= 0:
            continue
        pieces.append(piece)
        floor_area += piece.area * building.floors()
    footprint = shapely.union_all(pieces).area if pieces else 0.0
    coverage = 100.0 * footprint / area if area > 0 else 0.0
    unused_cov, unused_floor = unused_capacity(area, footprint, floor_area, planning)
    return ParcelFigures(area, footprint, coverage, floor_area, unused_cov, unused_floor)


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
