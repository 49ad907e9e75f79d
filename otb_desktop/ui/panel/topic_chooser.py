"""The survey topics as a compact grid with a status dot each, in place of a tab bar.

Seven Dutch topic names do not fit one tab row in a 420 px panel; a wrapping list shows all of
them at once, is one stop in the tab order, and moves with the arrow keys. The dot says
whether a topic is surveyed (green), in conflict (orange) or not yet surveyed (grey ring);
a blue pencil beside it (never elided, unlike text) marks unsaved input.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from otb_desktop.domain.topics import TopicSpec

TOPIC_ROLE = Qt.ItemDataRole.UserRole + 1
UNSAVED_ROLE = Qt.ItemDataRole.UserRole + 2
UNSAVED_COLOUR = "#1a56c4"
ICON_SIZE = QSize(26, 12)


class TopicStatus(Enum):
    EMPTY = "empty"
    RECORDED = "recorded"
    STALE = "stale"  # recorded, but older than the cutoff (the map's orange, half filled)
    CONFLICT = "conflict"


_COLOURS = {TopicStatus.EMPTY: "#9aa0a6", TopicStatus.RECORDED: "#1e8e3e",
            TopicStatus.STALE: "#e6861a", TopicStatus.CONFLICT: "#d93025"}


def status_icon(status: TopicStatus, unsaved: bool) -> QIcon:
    """The status dot, and a pencil after it when the topic has unsaved input."""
    width, height = ICON_SIZE.width(), ICON_SIZE.height()
    pixmap = QPixmap(width * 2, height * 2)  # drawn at 2x so it stays crisp on HiDPI
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(2)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(_COLOURS[status])
    dot = QRectF(1.5, 1.5, height - 3, height - 3)
    if status is TopicStatus.EMPTY:
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    elif status is TopicStatus.STALE:  # a ring with its lower half filled: "aged"
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(dot)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawChord(dot, 180 * 16, 180 * 16)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
    if status is not TopicStatus.STALE:
        painter.drawEllipse(dot)
    if unsaved:  # white halo under the blue pencil: visible on a selected (blue) row too
        left = height + 4
        for colour, width in (("#ffffff", 3.6), (UNSAVED_COLOUR, 1.8)):
            pen = QPen(QColor(colour), width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(left + 1.5, height - 2.5), QPointF(left + 8, 2.5))
            painter.drawPoint(QPointF(left + 0.5, height - 1.5))
    painter.end()
    return QIcon(pixmap)


class TopicChooser(QListWidget):
    """Emits ``currentRowChanged(int)`` like a tab bar's ``currentChanged``."""

    ROW_PADDING = 10

    def __init__(self, specs: list[TopicSpec], parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(ICON_SIZE)
        self.setAccessibleName(self.tr("Survey topics"))
        self._icons = {(status, unsaved): status_icon(status, unsaved)
                       for status in TopicStatus for unsaved in (False, True)}
        for number, spec in enumerate(specs, start=1):
            item = QListWidgetItem(self._icons[TopicStatus.EMPTY, False], spec.label)
            item.setData(TOPIC_ROLE, str(spec.topic))
            item.setToolTip(f"{spec.label} (Alt+{number})")
            self.addItem(item)
        self.setCurrentRow(0)
        self._fit()

    def topic_at(self, row: int) -> str:
        return self.item(row).data(TOPIC_ROLE)

    def row_of(self, topic: str) -> int:
        return next(i for i in range(self.count()) if self.topic_at(i) == topic)

    def set_status(self, topic: str, status: TopicStatus, unsaved: bool, tooltip: str) -> None:
        item = self.item(self.row_of(topic))
        item.setIcon(self._icons[status, unsaved])
        item.setData(UNSAVED_ROLE, unsaved)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, tooltip)
        item.setToolTip(tooltip)
        font = item.font()
        font.setItalic(unsaved)
        item.setFont(font)

    def shows_unsaved(self, topic: str) -> bool:
        return bool(self.item(self.row_of(topic)).data(UNSAVED_ROLE))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _columns(self) -> int:
        width = self.viewport().width()
        return 1 if width < 260 else 2 if width < 560 else 3

    def _fit(self) -> None:
        columns = self._columns()
        row_height = self.fontMetrics().height() + self.ROW_PADDING
        width = max(1, (self.viewport().width() - 1) // columns)
        if self.gridSize() != QSize(width, row_height):
            self.setGridSize(QSize(width, row_height))
            for row in range(self.count()):
                self.item(row).setSizeHint(QSize(width - 2, row_height))
        rows = -(-self.count() // columns)
        self.setFixedHeight(rows * row_height + 2 * self.frameWidth() + 2)
