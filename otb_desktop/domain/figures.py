"""Derived figures per parcel, computed from geometry and the recorded planning rules.

Formulas (also in ARCHITECTURE.md):
- built footprint  = area of the union of (building ∩ parcel)
- coverage %       = built footprint / parcel area × 100
- existing floor   = Σ over the union of (building ∩ parcel) of area × storeys, where
                     pieces overlap the piece with the most storeys counts once (storeys
                     unknown: height above ground / 3.5 m, at least 1); BAG verblijfsobject
                     floor areas replace it where they are imported
- height           = 3D BAG roof elevation − ground elevation (b3_h_* are NAP elevations)
- unused coverage  = max(0, max coverage % × parcel area − built footprint)            [m²]
- floor potential  = max FSI × parcel area when FSI is recorded, otherwise
                     max coverage % × parcel area × max(1, floor(max height / 3.5 m)); minus
                     the existing floor area, never below 0    [m², indicatief: 3.5 m/storey]
- vacancy class    = PBL: frictie (< 12 months), langdurig (12–36), structureel (> 36),
                     whole months counted by the day
- climate score    = weighted mean over the answered parts only, with its completeness
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from otb_desktop.domain.parks import profile_fits

STOREY_HEIGHT_M = 3.5
# BAG gebruiksdoel of the objects the VNG guide distances protect (gevoelige objecten).
SENSITIVE_USE = "woonfunctie"


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
    piece_storeys = storeys[b_idx]
    np.add.at(footprint, p_idx, areas)
    np.add.at(floor_area, p_idx, areas * piece_storeys)
    order = np.argsort(p_idx, kind="stable")
    starts = np.searchsorted(p_idx[order], np.arange(len(parcels)))
    ends = np.searchsorted(p_idx[order], np.arange(len(parcels)), side="right")
    for parcel in np.flatnonzero(ends - starts > 1).tolist():
        mine = order[starts[parcel]:ends[parcel]]
        footprint[parcel] = shapely.union_all(pieces[mine]).area
        floor_area[parcel] = _floor_area_once(pieces[mine], piece_storeys[mine])
    return footprint, floor_area


def _floor_area_once(pieces: np.ndarray, storeys: np.ndarray) -> float:
    """Floor area of overlapping pieces: every m² counts once, with its highest storey count."""
    total, taken = 0.0, None
    for index in np.argsort(-storeys, kind="stable").tolist():
        piece = pieces[index]
        new = piece if taken is None else shapely.difference(piece, taken)
        total += shapely.area(new) * float(storeys[index])
        taken = piece if taken is None else shapely.union(taken, piece)
    return total


def unused_capacity(area: float, footprint: float, floor_area: float,
                    planning: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    """(unused coverage m², unused floor-area potential m²); None without planning rules."""
    if not planning or planning.get("max_coverage_pct") is None:
        return None, None
    allowed_footprint = planning["max_coverage_pct"] / 100.0 * area
    if planning.get("max_far") is not None:
        allowed_floor = planning["max_far"] * area
    else:
        # At least one storey whatever the height rule: an empty and a built parcel under
        # the same rules have the same allowed floor area (no jump at footprint 0).
        storeys = math.floor((planning.get("max_height_m") or 0) / STOREY_HEIGHT_M)
        allowed_floor = allowed_footprint * max(storeys, 1)
    return max(0.0, allowed_footprint - footprint), max(0.0, allowed_floor - floor_area)


# Frictieleegstand is about 5 %, and "rond de 5 %" is two-sided: below 3 % the stock has too
# little room to move (te weinig), above 7 % too much stands empty (te veel). One band for
# the progress view, the map and the export; ±2 points because a park's figure rests on the
# parcels surveyed so far.
FRICTION_BAND_PCT = (3.0, 7.0)


class VacancyClass(StrEnum):
    """PBL classes of vacancy duration (per parcel)."""

    FRICTIE = "frictie"
    LANGDURIG = "langdurig"
    STRUCTUREEL = "structureel"


VACANCY_CLASS_LABELS = {
    VacancyClass.FRICTIE: "frictieleegstand (korter dan 1 jaar)",
    VacancyClass.LANGDURIG: "langdurige leegstand (1 tot 3 jaar)",
    VacancyClass.STRUCTUREEL: "structurele leegstand (langer dan 3 jaar)",
}


def whole_months(since: dt.date, today: dt.date) -> int:
    """Whole months from since to today, counted by the day (01-02 → next 01-01 is 11)."""
    months = (today.year - since.year) * 12 + today.month - since.month
    if today.day < since.day:
        months -= 1
    return max(0, months)


def vacancy_class(vacant_since: str | dt.date | None, today: dt.date) -> VacancyClass | None:
    """PBL class: frictie (< 12 months), langdurig (12–36), structureel (> 36)."""
    if not vacant_since:
        return None
    since = (vacant_since if isinstance(vacant_since, dt.date)
             else dt.date.fromisoformat(vacant_since))
    months = whole_months(since, today)
    if months < 12:
        return VacancyClass.FRICTIE
    if months <= 36:
        return VacancyClass.LANGDURIG
    return VacancyClass.STRUCTUREEL


def vacancy_figures(values: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """Vacancy % of one parcel, whole months vacant and the PBL class.

    The 5 % friction vacancy is a property of a park's stock (``park_vacancy``), so a single
    parcel is never called "above friction vacancy". A missing vacant area is missing data.
    """
    total = values.get("total_floor_area_m2") or 0
    vacant = values.get("vacant_floor_area_m2")
    pct = 100.0 * vacant / total if total and vacant is not None else None
    months = klass = None
    if values.get("vacant_since") and vacant:
        since = dt.date.fromisoformat(values["vacant_since"])
        months = whole_months(since, today)
        klass = vacancy_class(since, today)
    return {"vacancy_pct": pct, "vacant_months": months, "vacancy_class": klass,
            "structural": klass is VacancyClass.STRUCTUREEL}


@dataclass(frozen=True)
class ParkVacancy:
    """Σ vacant / Σ floor area over the parcels of a park with a vacancy observation."""

    vacant_m2: float
    floor_area_m2: float
    parcels: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.vacant_m2 / self.floor_area_m2 if self.floor_area_m2 else None

    @property
    def against_friction(self) -> str | None:
        """'onder', 'rond' or 'boven' the ≈ 5 % friction vacancy (two-sided: 3–7 % is rond)."""
        return friction_side(self.pct)


FRICTION_SIDE_LABELS = {"onder": "te weinig (< 3 %)", "rond": "rond frictie (3–7 %)",
                        "boven": "te veel (> 7 %)"}


def friction_side(pct: float | None) -> str | None:
    """'onder' (< 3 %), 'rond' (3–7 %) or 'boven' (> 7 %) the friction vacancy; None unknown."""
    if pct is None:
        return None
    low, high = FRICTION_BAND_PCT
    if pct < low:
        return "onder"
    if pct > high:
        return "boven"
    return "rond"


def park_vacancy(vacancies: Iterable[Mapping[str, Any] | None]) -> ParkVacancy:
    vacant = total = 0.0
    count = 0
    for values in vacancies:
        if not values or values.get("total_floor_area_m2") is None \
                or values.get("vacant_floor_area_m2") is None:
            continue
        vacant += values["vacant_floor_area_m2"]
        total += values["total_floor_area_m2"]
        count += 1
    return ParkVacancy(vacant, total, count)


_EXPOSURE = {"laag": 1.0, "middel": 0.5, "hoog": 0.0}
CLIMATE_PARTS = ("green_pct", "paved_pct", "green_roof", "water_storage_m3", "exposure")
_CLIMATE_WEIGHTS = {"green_pct": 0.4, "paved_pct": 0.2, "green_roof": 0.15,
                    "water_storage_m3": 0.15, "exposure": 0.1}


def _climate_parts(values: Mapping[str, Any]) -> dict[str, float]:
    parts: dict[str, float] = {}
    if values.get("green_pct") is not None:
        parts["green_pct"] = values["green_pct"] / 100
    if values.get("paved_pct") is not None:
        parts["paved_pct"] = 1 - values["paved_pct"] / 100
    if values.get("green_roof") is not None:
        parts["green_roof"] = float(bool(values["green_roof"]))
    if values.get("water_storage_m3") is not None:
        parts["water_storage_m3"] = float(values["water_storage_m3"] > 0)
    exp = [_EXPOSURE[values[k]] for k in ("heat_exposure", "flood_exposure", "drought_exposure")
           if values.get(k) in _EXPOSURE]
    if exp:
        parts["exposure"] = sum(exp) / len(exp)
    return parts


def climate_score(values: Mapping[str, Any]) -> float | None:
    """0 (poorly adapted) … 1 (well adapted), over the answered parts only; None if none.

    parts and weights: green share 0.4, 1 − paved share 0.2, green roof 0.15, water storage
    present 0.15, exposure 0.1 (laag 1, middel 0.5, hoog 0; mean of heat, flooding, drought).
    A missing answer is left out (weights renormalised), never read as "no".
    """
    return climate_figures(values)[0]


def climate_completeness(values: Mapping[str, Any]) -> float:
    """Share of the score's weight that rests on answered parts (0 … 1)."""
    return climate_figures(values)[1]


def climate_figures(values: Mapping[str, Any]) -> tuple[float | None, float]:
    """(``climate_score``, ``climate_completeness``) of the same answers, which share their
    parts and weight: the stored figures hold both for every parcel."""
    parts = _climate_parts(values)
    weight = sum(_CLIMATE_WEIGHTS[k] for k in parts)
    if not parts:
        return None, round(weight, 3)
    return (round(sum(_CLIMATE_WEIGHTS[k] * v for k, v in parts.items()) / weight, 3),
            round(weight, 3))


def verblijfsobject_floor_areas(parcels: np.ndarray, points: np.ndarray,
                                floor_areas: np.ndarray) -> np.ndarray:
    """Per parcel the summed BAG floor area (oppervlakte) of the verblijfsobjecten whose point
    lies on it; NaN where none with a known floor area lies on it (then the storeys-based
    estimate stands). A point on the border of two parcels counts once."""
    result = np.full(len(parcels), np.nan)
    known = ~np.isnan(floor_areas)
    if not len(parcels) or not known.any():
        return result
    points, floor_areas = points[known], floor_areas[known]
    point_idx, parcel_idx = shapely.STRtree(parcels).query(points, predicate="intersects")
    point_idx, first = np.unique(point_idx, return_index=True)
    parcel_idx = parcel_idx[first]
    sums = np.zeros(len(parcels))
    np.add.at(sums, parcel_idx, floor_areas[point_idx])
    found = np.zeros(len(parcels), dtype=bool)
    found[parcel_idx] = True
    result[found] = sums[found]
    return result


def guide_distance_met(distance_m: float | None, guide_m: float | None) -> bool | None:
    """Whether the nearest dwelling lies at least the VNG guide distance away; None when the
    distance or the category is unknown (never read as "yes")."""
    if distance_m is None or guide_m is None or math.isnan(distance_m):
        return None
    return distance_m >= guide_m


def distance_to_sensitive_m(parcels: np.ndarray, sensitive: np.ndarray) -> np.ndarray:
    """Per parcel the distance (m) to the nearest sensitive building (BAG verblijfsobject
    with gebruiksdoel woonfunctie); NaN when none is known, so it is never read as 0.

    Compared with the VNG guide distance of the milieucategorie (topics.VNG_GUIDE_DISTANCE_M)
    it says whether a business has milieuruimte. Derived, never typed.
    """
    result = np.full(len(parcels), np.nan)
    if not len(parcels) or not len(sensitive):
        return result
    p_idx, s_idx = shapely.STRtree(sensitive).query_nearest(parcels, all_matches=False)
    result[p_idx] = shapely.distance(parcels[p_idx], sensitive[s_idx])
    return result


# Stored figures -------------------------------------------------------------------------
# Every parcel's figures are stored (table parcel_figures, persistence/figure_store.py) and
# recomputed, in the same write unit, for the parcels whose inputs changed. A figure is one
# line in STORED_FIGURES: a function of the parcel's inputs. Adding or removing one changes
# FIGURES_SIGNATURE, and the next open recomputes every parcel once.


@dataclass(frozen=True)
class FigureInputs:
    """What a parcel's stored figures depend on: geometry-derived areas, the current survey
    values per topic (newest head) and the park's profile."""

    area_m2: float
    built_footprint_m2: float
    existing_floor_area_m2: float
    values: Mapping[str, Mapping[str, Any]]
    park_profile: str | None = None
    floor_area_from_bag: bool = False  # existing floor area summed from BAG verblijfsobjecten
    distance_to_sensitive_m: float | None = None  # nearest woonfunctie; None: none imported

    # Results that two stored figures share, computed once per parcel (a refresh computes
    # the figures of thousands of parcels in a write unit).
    @functools.cached_property
    def unused(self) -> tuple[float | None, float | None]:
        """(unused coverage m², unused floor-area potential m²), see ``unused_capacity``."""
        return unused_capacity(self.area_m2, self.built_footprint_m2,
                               self.existing_floor_area_m2, self.values.get("planning_capacity"))

    @functools.cached_property
    def climate(self) -> tuple[float | None, float | None]:
        """(climate score, completeness); both None without a climate observation."""
        values = self.values.get("climate_adaptation")
        return climate_figures(values) if values else (None, None)


def _vacancy_pct(f: FigureInputs) -> float | None:
    values = f.values.get("vacancy")
    return vacancy_figures(values, dt.date(2000, 1, 1))["vacancy_pct"] if values else None


def _profile_fit(f: FigureInputs) -> bool | None:
    category = (f.values.get("profile_fit") or {}).get("environmental_category")
    if category is None or not f.park_profile:
        return None
    return profile_fits(f.park_profile, category)


# The vacancy class is not stored: it depends on today (whole months since vacant_since).
STORED_FIGURES: dict[str, Callable[[FigureInputs], Any]] = {
    "built_footprint_m2": lambda f: f.built_footprint_m2,
    "coverage_pct": lambda f: 100.0 * f.built_footprint_m2 / f.area_m2 if f.area_m2 else 0.0,
    "existing_floor_area_m2": lambda f: f.existing_floor_area_m2,
    "unused_coverage_m2": lambda f: f.unused[0],
    "unused_floor_area_m2": lambda f: f.unused[1],
    "vacancy_pct": _vacancy_pct,
    "climate_score": lambda f: f.climate[0],
    "climate_completeness": lambda f: f.climate[1],
    "profile_fit": _profile_fit,
    "floor_area_from_bag": lambda f: f.floor_area_from_bag,
    "distance_to_sensitive_m": lambda f: f.distance_to_sensitive_m,
}
FIGURES_SIGNATURE = ",".join(STORED_FIGURES)


def stored_figures(inputs: FigureInputs) -> dict[str, Any]:
    """Every stored figure of one parcel (JSON-ready: floats, bools, None)."""
    return {name: figure(inputs) for name, figure in STORED_FIGURES.items()}
