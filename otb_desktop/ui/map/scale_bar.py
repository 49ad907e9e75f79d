"""A scale bar in metres or kilometres with a round length (1, 2 or 5 times a power of ten)."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

MAX_BAR_PX = 120.0


def nice_length(metres_per_pixel: float, max_px: float = MAX_BAR_PX) -> float:
    """The longest round length (metres) whose bar is at most ``max_px`` pixels."""
    limit = metres_per_pixel * max_px
    power = 10.0 ** math.floor(math.log10(limit))
    for step in (5.0, 2.0, 1.0):
        if step * power <= limit:
            return step * power
    return power  # not reached: power <= limit by construction


class ScaleBar(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.metres = 0.0
        self.bar_px = 0.0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_scale(self, pixels_per_metre: float) -> None:
        if pixels_per_metre <= 0:
            return
        self.metres = nice_length(1.0 / pixels_per_metre)
        self.bar_px = self.metres * pixels_per_metre
        self.update()

    def text(self) -> str:
        locale = QLocale()
        if self.metres >= 1000:
            return self.tr("%1 km").replace("%1", locale.toString(self.metres / 1000, "g", 6))
        return self.tr("%1 m").replace("%1", locale.toString(self.metres, "g", 6))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = QFontMetricsF(self.font())
        return QSize(int(MAX_BAR_PX + 16), int(metrics.height() + 18))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.bar_px <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        width = max(self.bar_px, metrics.horizontalAdvance(self.text())) + 16
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 215))
        painter.drawRoundedRect(QRectF(0, 0, width, self.height()), 4, 4)
        left, base = 8.0, self.height() - 7.0
        painter.setBrush(QColor("#1a1a1a"))
        painter.drawRect(QRectF(left, base - 4, self.bar_px / 2, 4))
        painter.setBrush(QColor("white"))
        painter.setPen(QPen(QColor("#1a1a1a"), 1))
        painter.drawRect(QRectF(left + self.bar_px / 2, base - 4, self.bar_px / 2, 4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, base - 4, self.bar_px, 4))
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(left, 2, width - 2 * left, metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text())
