"""The map's part of a load, prepared off the GUI thread.

At 200 000 parcels every per-parcel Python loop costs a noticeable fraction of a second:
the geometry work (``scene.prepare``), the id → position index, the "zoom to all" box, the
conflicts and the classes of the colouring the map opens with are all made on the loading
thread, so ``MapCanvas.load`` on the GUI thread only hands over finished arrays, and the
fill layer's whole-layer paths of those classes at overview detail (what the first paint
at full extent rasterises: a third of a second at 200 000 parcels) come made as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from otb_desktop.domain.colouring import Colouring, SurveyedParcel, standard_colourings
from otb_desktop.services.map_data import MapLayers
from otb_desktop.ui.map import filtering
from otb_desktop.ui.map.conflicts import conflict_indices
from otb_desktop.ui.map.items import BUILDINGS_MIN_SCALE
from otb_desktop.ui.map.overview_cache import Overview
from otb_desktop.ui.map.scene import PreparedLayers, prepare


@dataclass(frozen=True, eq=False)
class MapLoad:
    layers: MapLayers
    prepared: PreparedLayers
    rows: dict[str, SurveyedParcel]
    index: dict[str, int]
    home: QRectF
    conflicts: np.ndarray
    # The classes of colouring ``key`` as it stood on ``today`` with ``stale_months``; None
    # when that colouring is not a standard one (the canvas classifies it itself).
    key: str
    stale_months: int
    today: dt.date
    colouring: Colouring | None
    classes: np.ndarray | None
    # Per class of ``classes`` (then "no data", then the filter's grey: none at a load) the
    # fill's path of all its parcels at level of detail OVERVIEW_LEVEL; None with classes.
    fill_paths: list[QPainterPath] | None = None
    # Where the parcels' overview paths are cached (``overview_cache``), and whether they
    # were found there; None when not looked for.
    overview: Overview | None = None


OVERVIEW_LEVEL = 0  # PreparedGeometries.level_of_detail at town and province scale


def buildings_unseen_at_first(layers: MapLayers, width_px: int, height_px: int) -> bool:
    """Whether a first load of ``layers`` (zoomed to all of it) draws no building in a
    view of at most ``width_px`` × ``height_px`` (its screen): then the buildings can come
    after the window is filled without the first view missing anything."""
    bounds = layers.bounds()
    if bounds is None:
        return False
    width_m, height_m = bounds[2] - bounds[0], bounds[3] - bounds[1]
    if width_m <= 0 or height_m <= 0:
        return False
    return min(width_px / width_m, height_px / height_m) < BUILDINGS_MIN_SCALE


def fill_paths(prepared: PreparedLayers, classes: np.ndarray, count: int) -> list[QPainterPath]:
    """The whole-layer path of each of ``count`` classes, simplified (overview scales)."""
    parcels = prepared.parcels
    return [parcels.simplified_paths.path(np.flatnonzero(classes == k)) for k in range(count)]


def classify(
    colouring: Colouring,
    parcel_ids: Sequence[str],
    rows: Mapping[str, SurveyedParcel],
    today: dt.date,
    in_order: Sequence[SurveyedParcel] | None = None,
) -> tuple[Colouring, np.ndarray]:
    """The colouring made ready for these rows and every parcel's class (``len(classes)``
    of the colouring for "no data"); ``in_order``: the rows of ``parcel_ids`` in their
    order, when the caller has them (no look-up per parcel: a fifth of a second at 200 000)."""
    ready = colouring.for_rows(rows.values(), today)
    if not len(parcel_ids):
        return ready, np.empty(0, dtype=np.int16)
    if in_order is None:
        get = rows.get
        in_order = [get(pid) for pid in parcel_ids]
    return ready, ready.classes_of(ready.measures(in_order, today))


def prepare_load(
    layers: MapLayers,
    rows: Sequence[SurveyedParcel],
    key: str,
    stale_months: int,
    today: dt.date | None = None,
    overview: Overview | None = None,
) -> MapLoad:
    """Everything ``MapCanvas.load`` needs, for the loading thread (no widgets touched);
    ``overview``: the parcels' overview paths as cached (``overview_cache.find``)."""
    today = today or dt.date.today()
    ids = tuple(map(attrgetter("id"), rows))
    by_id = dict(zip(ids, rows, strict=True))
    # The map's parcels are usually the rows in the same order (``parcels_from_rows``):
    # then the rows are the classes' input as they are.
    in_order = rows if ids == layers.parcel_ids and len(by_id) == len(ids) else None
    index = dict(zip(layers.parcel_ids, range(len(layers.parcel_ids)), strict=True))
    colouring = next(
        (c for c in standard_colourings(layers.park_profiles, stale_months) if c.key == key), None
    )
    ready, classes = (
        classify(colouring, layers.parcel_ids, by_id, today, in_order)
        if colouring is not None
        else (None, None)
    )
    prepared = prepare(layers, None if overview is None else overview.found)
    return MapLoad(
        layers,
        prepared,
        by_id,
        index,
        filtering.home_rect(layers),
        conflict_indices(index, rows),
        key,
        stale_months,
        today,
        ready,
        classes,
        None if classes is None else fill_paths(prepared, classes, len(ready.classes) + 2),
        overview,
    )
