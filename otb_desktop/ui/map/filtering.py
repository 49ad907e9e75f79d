"""What the map shows of the list's filters, and where "zoom to all" goes.

The list and the map must tell the same story: parcels the filters or the search leave out
are drawn in a neutral grey (still there for orientation, clearly not part of the answer) and
the legend counts only what is shown. "Zoom to all" fits the business parks, not every
outlying parcel a real BRK extract brings along.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from otb_desktop.services.map_data import MapLayers
from otb_desktop.ui.map import legibility
from otb_desktop.ui.map.coordinates import rd_to_rect


def shown_mask(index: Mapping[str, int], count: int, shown: Iterable[str] | None) -> np.ndarray:
    """True for every parcel to draw in its class colour (all when ``shown`` is None)."""
    if shown is None:
        return np.ones(count, dtype=bool)
    mask = np.zeros(count, dtype=bool)
    positions = [index[pid] for pid in shown if pid in index]
    mask[np.asarray(positions, dtype=np.int64)] = True
    return mask


def display_classes(classes: np.ndarray, mask: np.ndarray, filtered_class: int) -> np.ndarray:
    """Classes to paint: the filtered-out parcels get the extra grey class."""
    return np.where(mask, classes, filtered_class).astype(np.int16)


def filtered_colour() -> QColor:
    """A shade of the map background: there for orientation, clearly not an answer."""
    return legibility.filtered_out()


def home_rect(layers: MapLayers) -> QRectF:
    """The business parks (their boundaries and the parcels in them); all parcels when no
    park is known."""
    geoms = np.asarray([p.geometry for p in layers.parks if p.in_scope and
                        p.geometry is not None and not p.geometry.is_empty], dtype=object)
    parcels = np.asarray(layers.parcel_geometries, dtype=object)
    park_ids = layers.parcel_park_ids
    if len(park_ids) != len(parcels):
        raise ValueError("a park id per parcel geometry expected")
    # Arrays, not lists of 200 000 geometries (a start: tens of ms less).
    chosen = np.concatenate((geoms, parcels[np.fromiter(map(bool, park_ids), bool,
                                                        len(park_ids))]))
    if not len(chosen):
        chosen = parcels
    if not len(chosen):
        return QRectF()
    return rd_to_rect(tuple(shapely.total_bounds(chosen).tolist()))
