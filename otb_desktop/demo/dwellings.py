"""Synthetic dwellings (BAG verblijfsobjecten with woonfunctie) beside some demo parks.

Real parks border on housing; the demo puts a few rows of houses just outside some park
boundaries (never on a parcel), so the derived distance to the nearest dwelling shows on the
map, in the list and in the parcel facts. All invented: ids in the municipality's range with a
serial no real object has, source ``DEMO (synthetisch)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# Municipality 0164 (Hengelo), object type 01 (verblijfsobject), serials from 9 000 000 000.
BAG_VBO_PREFIX = "016401"
FIRST_SERIAL = 9_000_000_000
EVERY_NTH_PARK = 3            # every third park has housing next to it
HOUSES_PER_PARK = (8, 20)
DISTANCE_M = (10.0, 120.0)    # from the park boundary: near the guide distances of 3.x–4.x


@dataclass(frozen=True)
class DemoDwellings:
    bag_ids: list[str]
    points: np.ndarray        # shapely Points, RD New
    floor_area_m2: np.ndarray


def plan_dwellings(boundaries: list[BaseGeometry], parcels: np.ndarray,
                   rng: np.random.Generator) -> DemoDwellings:
    """A street of houses along one side of every EVERY_NTH_PARK-th park, off all parcels."""
    tree = shapely.STRtree(parcels) if len(parcels) else None
    points: list[shapely.Point] = []
    for index, boundary in enumerate(boundaries):
        if index % EVERY_NTH_PARK or boundary is None or boundary.is_empty:
            continue
        ring = shapely.buffer(boundary, rng.uniform(*DISTANCE_M)).exterior
        start = rng.uniform(0, ring.length)
        count = int(rng.integers(*HOUSES_PER_PARK))
        for step in range(count):      # a street: houses 12 m apart along the ring
            candidate = ring.interpolate((start + 12.0 * step) % ring.length)
            if tree is None or not len(tree.query(candidate, predicate="intersects")):
                points.append(candidate)
    serials = range(FIRST_SERIAL, FIRST_SERIAL + len(points))
    return DemoDwellings([f"{BAG_VBO_PREFIX}{n:010d}" for n in serials],
                         np.array(points, dtype=object),
                         np.round(rng.uniform(85, 160, len(points))))
