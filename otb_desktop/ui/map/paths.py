"""QPainterPaths for any subset of many polygons, built in milliseconds.

Creating tens of thousands of QPointF objects from Python is slow. Instead, every ring's
coordinates are flattened once into the layout of Qt's QPainterPath serialisation (big-endian
element type, x, y); a path of any subset is then a numpy gather and one ``QDataStream`` read.
Scene coordinates are RD metres with y negated, because screen y grows downwards.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream
from PySide6.QtGui import QPainterPath

MOVE_TO, LINE_TO = 0, 1
ODD_EVEN_FILL = 0
_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])


class PathSource:
    """Flattened rings of ``geometries`` (polygons or multipolygons), grouped per geometry."""

    def __init__(self, geometries: np.ndarray):
        geometries = np.asarray(geometries, dtype=object)
        self.count = len(geometries)
        coords, point_owner = shapely.get_coordinates(geometries, return_index=True)
        # Points are ordered by owner: owner i owns the slice [first[i], first[i + 1]).
        self._first = np.searchsorted(point_owner, np.arange(self.count + 1))
        starts = np.zeros(len(coords), dtype=bool)
        # A polygon without holes (nearly every parcel and building) is one ring: it starts
        # at its owner's first point. Only the others are taken apart into rings (get_parts
        # and get_rings over every geometry cost four times the whole rest).
        simple = (shapely.get_type_id(geometries) == shapely.GeometryType.POLYGON) & (
            shapely.get_num_interior_rings(geometries) == 0
        )
        has_points = self._first[1:] > self._first[:-1]
        starts[self._first[:-1][simple & has_points]] = True
        complex_ = np.flatnonzero(~simple & has_points)
        if len(complex_):
            rings = shapely.get_rings(shapely.get_parts(geometries[complex_]))
            counts = shapely.get_num_coordinates(rings)
            # Their points, in order, are the rings' points in order.
            positions = np.flatnonzero(np.isin(point_owner, complex_))
            starts[positions[np.cumsum(counts) - counts]] = True
        elements = np.empty(len(coords), dtype=_ELEMENT)
        elements["x"] = coords[:, 0]
        elements["y"] = -coords[:, 1]
        elements["type"] = np.where(starts, MOVE_TO, LINE_TO)
        self._elements = elements

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """What ``from_arrays`` takes back: the flattened elements and each geometry's first
        element (one more than there are geometries)."""
        return self._elements, self._first

    @classmethod
    def from_arrays(cls, elements: np.ndarray, first: np.ndarray, count: int) -> PathSource:
        """A source from ``arrays()`` of ``count`` geometries (``overview_cache``); a
        ValueError when they cannot be that."""
        first = np.asarray(first)
        if elements.dtype != _ELEMENT or elements.ndim != 1 or first.dtype.kind not in "iu" \
                or first.shape != (count + 1,) or (count + 1 and first[0] != 0) \
                or first[-1] != len(elements) or np.any(np.diff(first) < 0):
            raise ValueError("not the arrays of a path source of that many geometries")
        source = cls.__new__(cls)
        source.count = count
        source._first = first
        source._elements = elements
        return source

    def path(self, owners: np.ndarray | None = None) -> QPainterPath:
        """One path (odd-even fill, so holes stay holes) of the given geometry indices."""
        if owners is None:
            elements = self._elements
        else:
            owners = np.asarray(owners, dtype=np.int64)
            begin, end = self._first[owners], self._first[owners + 1]
            lengths = end - begin
            total = int(lengths.sum())
            if total == 0:
                return QPainterPath()
            offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
            elements = self._elements[offsets + np.arange(total)]
        return _deserialise(elements)


def _deserialise(elements: np.ndarray) -> QPainterPath:
    path = QPainterPath()
    if len(elements) == 0:
        return path
    current_start = int(np.flatnonzero(elements["type"] == MOVE_TO)[-1])
    data = (
        np.array([len(elements)], ">i4").tobytes()
        + elements.tobytes()
        + np.array([current_start, ODD_EVEN_FILL], ">i4").tobytes()
    )
    stream = QDataStream(QByteArray(data))
    stream >> path
    return path
