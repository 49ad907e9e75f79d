"""The legend: what each colour means and how many parcels have it, "no data" included."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from otb_desktop.ui.map import legibility

SWATCH = 12
PAD = 8
ROW_GAP = 3
MAX_LABEL_PX = 190


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: QColor
    count: int
    hatched: bool = False  # drawn like the map's "no data": hatch over the colour


class Legend(QWidget):
    toggled = Signal(bool)  # collapsed
    folded_by_user = Signal()
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self._entries: list[LegendEntry] = []
        self.hidden = 0  # parcels the list's filters leave out (drawn grey, not counted)
        self.title_font = QFont(self.font())
        self.title_font.setBold(True)
        self.collapsed = False  # only the title (click it): room for the map on small screens
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Click to fold or unfold the legend"))

    def set_entries(self, title: str, entries: list[LegendEntry], hidden: int = 0) -> None:
        self.title = title
        self._entries = list(entries)
        self.hidden = hidden
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def entries(self) -> list[LegendEntry]:
        return list(self._entries)

    def hidden_text(self) -> str:
        if not self.hidden:
            return ""
        return self.tr("%1 hidden by the filters").replace("%1", QLocale().toString(self.hidden))

    def _row_height(self) -> float:
        return max(float(SWATCH), QFontMetricsF(self.font()).height()) + ROW_GAP

    def _count_text(self, count: int) -> str:
        return QLocale().toString(count)

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed != self.collapsed:
            self.collapsed = collapsed
            self.updateGeometry()
            self.adjustSize()
            self.update()
            self.toggled.emit(collapsed)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.set_collapsed(not self.collapsed)
        self.folded_by_user.emit()
        event.accept()

    def _title_text(self) -> str:
        return ("▸ " if self.collapsed else "▾ ") + self.title

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if self.collapsed:
            title = QFontMetricsF(self.title_font)
            return QSize(int(2 * PAD + min(title.horizontalAdvance(self._title_text()), 260)) + 1,
                         int(2 * PAD + title.height()) + 1)
        metrics = QFontMetricsF(self.font())
        title = QFontMetricsF(self.title_font)
        labels = [min(metrics.horizontalAdvance(e.label), MAX_LABEL_PX) for e in self._entries]
        counts = [metrics.horizontalAdvance(self._count_text(e.count)) for e in self._entries]
        rows = SWATCH + 6 + max(labels, default=0) + 10 + max(counts, default=0)
        width = 2 * PAD + max(rows, min(title.horizontalAdvance(self._title_text()), 260))
        height = 2 * PAD + title.height() + 4 + len(self._entries) * self._row_height()
        if self.hidden:
            height += self._row_height()
            width = max(width, 2 * PAD + metrics.horizontalAdvance(self.hidden_text()))
        return QSize(int(width) + 1, int(height) + 1)

    @staticmethod
    def colours() -> tuple[QColor, QColor, QColor]:
        """(panel fill, text, muted text). The map keeps its own light colours in every
        palette (as GIS apps do), so the legend over it does too: a light panel with dark
        text, not the palette's text (white in a dark palette would be white on pale)."""
        return QColor(255, 255, 255, 225), QColor("#1a1a1a"), QColor("#555555")

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        fill, text, muted = self.colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        title = QFontMetricsF(self.title_font)
        painter.setFont(self.title_font)
        painter.setPen(text)
        text_width = self.width() - 2 * PAD
        painter.drawText(QRectF(PAD, PAD, text_width, title.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         title.elidedText(self._title_text(), Qt.TextElideMode.ElideRight,
                                          text_width))
        if self.collapsed:
            return
        painter.setFont(self.font())
        metrics = QFontMetricsF(self.font())
        y = PAD + title.height() + 4
        row = self._row_height()
        for entry in self._entries:
            painter.setPen(QPen(QColor(0, 0, 0, 110), 1))
            swatch = QRectF(PAD + 0.5, y + (row - ROW_GAP - SWATCH) / 2 + 0.5, SWATCH, SWATCH)
            painter.setBrush(entry.colour)
            painter.drawRect(swatch)
            if entry.hatched:
                painter.setBrush(legibility.no_data_brush())
                painter.drawRect(swatch)
            painter.setPen(text)
            count = self._count_text(entry.count)
            count_width = metrics.horizontalAdvance(count)
            label_x = PAD + SWATCH + 6
            label_width = self.width() - PAD - count_width - 10 - label_x
            painter.drawText(QRectF(label_x, y, label_width, row - ROW_GAP),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(entry.label, Qt.TextElideMode.ElideRight,
                                                label_width))
            painter.setPen(muted)
            painter.drawText(QRectF(self.width() - PAD - count_width, y, count_width,
                                    row - ROW_GAP),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, count)
            y += row
        if self.hidden:
            painter.setPen(muted)
            painter.drawText(QRectF(PAD, y, self.width() - 2 * PAD, row - ROW_GAP),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self.hidden_text())
