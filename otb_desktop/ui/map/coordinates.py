"""Scene coordinates of the map: RD New metres (EPSG:28992) with y negated.

Screen y grows downwards and RD y grows northwards; negating y once, when paths are built,
keeps the view's transform a plain scale, so text and pixel-sized symbols need no un-flipping.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

Bounds = tuple[float, float, float, float]  # min x, min y, max x, max y in RD metres


def to_rd(point: QPointF) -> tuple[float, float]:
    return point.x(), -point.y()


def to_scene(x: float, y: float) -> QPointF:
    return QPointF(x, -y)


def rect_to_rd(rect: QRectF) -> Bounds:
    return rect.left(), -rect.bottom(), rect.right(), -rect.top()


def rd_to_rect(bounds: Bounds) -> QRectF:
    min_x, min_y, max_x, max_y = bounds
    return QRectF(min_x, -max_y, max_x - min_x, max_y - min_y)
