"""Geometries made ready for drawing and querying: a path source and a tree, built once."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from otb_desktop.ui.map.coordinates import rd_to_rect, rect_to_rd, to_rd
from otb_desktop.ui.map.geometry_index import GeometryIndex
from otb_desktop.ui.map.paths import PathSource

SIMPLIFY_M = 2.0  # tolerance of the outline used when that is under half a pixel
SIMPLIFIED_MAX_SCALE = 0.5 / SIMPLIFY_M  # pixels per metre


class PreparedGeometries:
    """Paths (exact, and simplified for town scale) and a tree over the same geometries.

    At town scale a 12-vertex parcel is five pixels wide; its simplified four-corner outline
    looks the same and costs the rasteriser a third of the work.
    """

    def __init__(self, geometries: np.ndarray, simplify: bool = False,
                 exact_later: bool = False, simplified: PathSource | None = None):
        """``exact_later`` (with ``simplify``): the exact paths are made when first needed
        (``paths``, ``make_exact_paths``), not now: for a load whose first view draws only
        the simplified outlines (``MapLayers.buildings_pending``: that view is coarser than
        ``SIMPLIFIED_MAX_SCALE`` too), a fifth of a second less at 200 000 parcels.
        ``simplified`` (with ``simplify``): the simplified paths as made before for the same
        geometries (``overview_cache``), so not made again."""
        self.geometries = np.asarray(geometries, dtype=object)
        simplify = simplify and len(self.geometries) > 0
        self._paths = None if simplify and exact_later else PathSource(self.geometries)
        if not simplify:
            self.simplified_paths = self._paths
        elif simplified is not None and simplified.count == len(self.geometries):
            self.simplified_paths = simplified
        else:
            self.simplified_paths = PathSource(
                shapely.simplify(self.geometries, SIMPLIFY_M, preserve_topology=True))
        self.index = GeometryIndex(self.geometries)
        self.rect = (rd_to_rect(tuple(shapely.total_bounds(self.geometries).tolist()))
                     if len(self.geometries) else QRectF())
        # The side of the median geometry's square (m): when outlines and labels help. Here,
        # off the GUI thread, and not by np.median: its NaN check imports numpy.ma (70 ms).
        self.typical_width_m = _median_side(self.index.areas)

    @property
    def paths(self) -> PathSource:
        """The exact paths (made now if ``exact_later`` left them out)."""
        paths = self._paths
        if paths is None:
            paths = self._paths = PathSource(self.geometries)
        return paths

    def make_exact_paths(self) -> None:
        """Make the exact paths now if they are not yet (for a worker: a GUI thread that
        needs them first makes them itself, and either result is the same)."""
        _ = self.paths

    def has_exact_paths(self) -> bool:
        return self._paths is not None

    def __len__(self) -> int:
        return len(self.geometries)

    def visible(self, scene_rect: QRectF) -> np.ndarray:
        return self.index.in_box(*rect_to_rd(scene_rect))

    def at(self, scene_point: QPointF) -> int | None:
        return self.index.at(*to_rd(scene_point))

    def path(self, indices: np.ndarray | None = None, scale: float | None = None
             ) -> QPainterPath:
        """Exact path, or the simplified one when drawn at ``scale`` (px/m) it looks the same."""
        if scale is not None and scale < SIMPLIFIED_MAX_SCALE:
            return self.simplified_paths.path(indices)
        return self.paths.path(indices)

    @staticmethod
    def level_of_detail(scale: float) -> int:
        return 0 if scale < SIMPLIFIED_MAX_SCALE else 1

    def scene_rect(self, indices: np.ndarray) -> QRectF:
        """Scene rectangle around the given geometries (null rect for none)."""
        if len(indices) == 0:
            return QRectF()
        return rd_to_rect(tuple(shapely.total_bounds(self.geometries[indices]).tolist()))


def _median_side(areas: np.ndarray) -> float:
    """sqrt of the median of ``areas`` (as ``np.median``: the mean of the two middle values
    of an even count); 0 for none."""
    count = len(areas)
    if count == 0:
        return 0.0
    middle = count // 2
    part = np.partition(np.asarray(areas, dtype=float), [middle - 1, middle] if count > 1
                        else [middle])
    median = part[middle] if count % 2 else (part[middle - 1] + part[middle]) / 2
    return float(np.sqrt(median))
