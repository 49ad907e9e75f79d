"""Which business park each parcel lies in, for imports of parcels and of park boundaries.

The rule is ``domain.spatial.assign_to_parks`` (most of the parcel inside a park; largest
overlap wins). Most parcels of a large import lie wholly inside one park or far from all of
them; those are settled with one vectorised STRtree query, and only the parcels that cross a
park boundary go through the exact overlap rule.
"""

from __future__ import annotations

import numpy as np
import shapely
from sqlalchemy import LargeBinary, select, type_coerce
from sqlalchemy.orm import Session

from otb_desktop.domain.spatial import assign_to_parks
from otb_desktop.persistence import bulk
from otb_desktop.persistence.models import BusinessPark, Parcel


def assign(parcels: np.ndarray, parks: np.ndarray) -> np.ndarray:
    """Index into ``parks`` for each parcel, -1 outside every park."""
    result = np.full(len(parcels), -1, dtype=np.int64)
    if not len(parks) or not len(parcels):
        return result
    parks = shapely.from_wkb(shapely.to_wkb(parks))   # private copies: prepare() changes them
    shapely.prepare(parks)
    hit_parcel, hit_park = shapely.STRtree(parks).query(parcels)   # bounding boxes only
    if not len(hit_parcel):
        return result
    inside = shapely.contains(parks[hit_park], parcels[hit_parcel])
    hits_per_parcel = np.bincount(hit_parcel, minlength=len(parcels))
    # Inside exactly one park's box and wholly in that park: that park, whatever the rule.
    simple = inside & (hits_per_parcel[hit_parcel] == 1)
    result[hit_parcel[simple]] = hit_park[simple]
    crossing = np.unique(hit_parcel[~simple])
    if len(crossing):
        exact = assign_to_parks(list(parcels[crossing]), list(parks))
        result[crossing] = [-1 if k is None else k for k in exact]
    return result


def park_geometries(session: Session) -> tuple[list[str], np.ndarray]:
    rows = session.execute(select(BusinessPark.id, BusinessPark.geometry)
                           .where(BusinessPark.geometry.is_not(None))
                           .order_by(BusinessPark.name)).all()
    return [r.id for r in rows], np.array([r.geometry for r in rows], dtype=object)


def reassign_all(session: Session) -> tuple[int, int]:
    """Put every parcel in the database in its park again (after new park boundaries).

    Returns (parcels inside a park, parcels whose park changed).
    """
    park_ids, parks = park_geometries(session)
    table = Parcel.__table__
    rows = session.execute(select(table.c.id, table.c.park_id,
                                  type_coerce(table.c.geometry, LargeBinary))).all()
    if not rows:
        return 0, 0
    geometries = shapely.from_wkb(np.array([r[2] for r in rows], dtype=object))
    found = assign(geometries, parks)
    new = [None if k < 0 else park_ids[k] for k in found.tolist()]
    changed = [(r.id, park) for r, park in zip(rows, new, strict=True) if park != r.park_id]
    if changed:
        bulk.update_columns(session, table, [row_id for row_id, _ in changed],
                            {"park_id": [park for _, park in changed]})
        session.expire_all()
    return int((found >= 0).sum()), len(changed)

