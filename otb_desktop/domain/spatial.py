"""Spatial relations between parcels, buildings and parks (Shapely STRtree)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


def assign_to_parks(parcels: Sequence[BaseGeometry], parks: Sequence[BaseGeometry]
                    ) -> list[int | None]:
    """Index of the park holding each parcel (largest overlap wins), None outside all parks."""
    result: list[int | None] = [None] * len(parcels)
    if not parks or not parcels:
        return result
    tree = shapely.STRtree(list(parks))
    parcel_idx, park_idx = tree.query(list(parcels), predicate="intersects")
    best: dict[int, tuple[float, int]] = {}
    for p, k in zip(parcel_idx.tolist(), park_idx.tolist(), strict=True):
        overlap = shapely.intersection(parcels[p], parks[k]).area
        # A parcel belongs to a park when most of it lies inside; a sliver touching the
        # boundary does not count.
        if overlap >= 0.5 * parcels[p].area and overlap > best.get(p, (-1.0, -1))[0]:
            best[p] = (overlap, k)
    for p, (_, k) in best.items():
        result[p] = k
    return result


def buildings_per_parcel(parcels: Sequence[BaseGeometry], buildings: Sequence[BaseGeometry]
                         ) -> list[list[int]]:
    """Indices of the buildings that overlap each parcel with a positive area."""
    result: list[list[int]] = [[] for _ in parcels]
    if not parcels or not buildings:
        return result
    tree = shapely.STRtree(list(buildings))
    parcel_idx, building_idx = tree.query(list(parcels), predicate="intersects")
    if len(parcel_idx):
        areas = shapely.area(shapely.intersection(
            np.asarray(parcels, dtype=object)[parcel_idx],
            np.asarray(buildings, dtype=object)[building_idx]))
        for p, b, a in zip(parcel_idx.tolist(), building_idx.tolist(), areas.tolist(),
                           strict=True):
            if a > 0:
                result[p].append(b)
    return result


def neighbours(parcels: Sequence[BaseGeometry], index: int, distance: float = 0.5
               ) -> list[int]:
    """Parcels within ``distance`` metres of parcel ``index`` (touching ones included)."""
    tree = shapely.STRtree(list(parcels))
    hits = tree.query(parcels[index], predicate="dwithin", distance=distance)
    return sorted(int(h) for h in hits if h != index)
