"""Parcels with a conflict (two versions of a topic after a sync) outlined on the map in every
colouring, so a field worker sees where a decision is waiting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from otb_desktop.ui.map.items import LayerItem
from otb_desktop.ui.map.prepared import PreparedGeometries

CONFLICT_COLOUR = "#d93025"  # the topic chooser's conflict dot; apart from every class


def conflict_indices(index: Mapping[str, int], rows: Sequence[object]) -> np.ndarray:
    """Positions of the parcels whose row reports a conflict."""
    return np.array(sorted(index[r.id] for r in rows  # type: ignore[attr-defined]
                           if getattr(r, "conflicts", None) and r.id in index),  # type: ignore[attr-defined]
                    dtype=np.int64)


class ConflictItem(LayerItem):
    """An orange dashed outline around each conflicting parcel, over the fills."""

    def __init__(self, parcels: PreparedGeometries):
        super().__init__(QRectF())
        self.parcels = parcels
        self.indices = np.empty(0, dtype=np.int64)
        self._path = QPainterPath()
        self.halo = QPen(QColor("white"), 5.0)
        self.halo.setCosmetic(True)
        self.pen = QPen(QColor(CONFLICT_COLOUR), 3.0, Qt.PenStyle.DashLine)
        self.pen.setCosmetic(True)

    def set_conflicts(self, indices: np.ndarray) -> None:
        self.prepareGeometryChange()
        self.indices = np.asarray(indices, dtype=np.int64)
        self._path = self.parcels.path(self.indices) if len(self.indices) else QPainterPath()
        self._rect = self._path.boundingRect().adjusted(-50, -50, 50, 50) if len(
            self.indices) else QRectF()
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._path.isEmpty():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self.halo)
        painter.drawPath(self._path)
        painter.setPen(self.pen)
        painter.drawPath(self._path)
        painter.restore()
