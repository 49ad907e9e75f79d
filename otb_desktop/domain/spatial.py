"""Spatial relations between parcels, buildings and parks (Shapely STRtree)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


def assign_to_parks(parcels: Sequence[BaseGeometry], parks: Sequence[BaseGeometry]
                    ) -> list[int | None]:
    """Index of the park holding each parcel, None outside all parks.

    A parcel belongs to the park with the largest overlap, provided that overlap is at least
    half the parcel (a sliver touching the boundary does not count); on equal overlaps the
    park listed first wins.
    """
    result: list[int | None] = [None] * len(parcels)
    if not len(parks) or not len(parcels):
        return result
    parcel_array = np.asarray(parcels, dtype=object)
    park_array = np.asarray(parks, dtype=object)
    parcel_idx, park_idx = shapely.STRtree(park_array).query(parcel_array,
                                                             predicate="intersects")
    overlap = shapely.area(shapely.intersection(parcel_array[parcel_idx], park_array[park_idx]))
    majority = overlap >= 0.5 * shapely.area(parcel_array)[parcel_idx]
    parcel_idx, park_idx, overlap = parcel_idx[majority], park_idx[majority], overlap[majority]
    # Per parcel, largest overlap first, then lowest park index; keep each parcel's first.
    order = np.lexsort((park_idx, -overlap, parcel_idx))
    parcel_idx, park_idx = parcel_idx[order], park_idx[order]
    first = np.ones(len(parcel_idx), dtype=bool)
    first[1:] = parcel_idx[1:] != parcel_idx[:-1]
    for parcel, park in zip(parcel_idx[first].tolist(), park_idx[first].tolist(), strict=True):
        result[parcel] = park
    return result


def neighbours(parcels: Sequence[BaseGeometry], index: int, distance: float = 0.5
               ) -> list[int]:
    """Parcels within ``distance`` metres of parcel ``index`` (touching ones included)."""
    tree = shapely.STRtree(list(parcels))
    hits = tree.query(parcels[index], predicate="dwithin", distance=distance)
    return sorted(int(h) for h in hits if h != index)
