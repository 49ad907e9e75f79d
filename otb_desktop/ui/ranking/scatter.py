"""Scatter of urgentie (vertical) against kansrijkheid (horizontal), linked to the table.

The programme prioritises kansrijke locations: the right half is where redevelopment can
start; the top is where it is needed. Each axis shows its named classes (laag / midden /
hoog) and the quadrants are named. Points are coloured by score; a click selects the
nearest point (Ctrl adds), emitting ``selectionChanged`` with the unit ids; a selection set
from outside is drawn without being emitted back. Units without one of the two axes cannot
be placed: the count of those is shown beneath.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from otb_desktop.services.ranking import RankedUnit

SCORE_COLOURS = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")  # RdYlBu
HIT_RADIUS = 8
PAD = 9  # px between the frame and a point at 0 or 1


def score_colour(score: float | None) -> QColor:
    if score is None:
        return QColor("#d9d9d9")
    return QColor(SCORE_COLOURS[min(int(score * 5), 4)])


class ScatterPlot(QWidget):
    selectionChanged = Signal(list)  # unit ids, only for clicks in the plot

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rankingScatter")
        self.setMinimumSize(260, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._units: list[RankedUnit] = []
        self._selected: set[str] = set()

    def sizeHint(self) -> QSize:
        return QSize(420, 360)

    def set_units(self, units: Sequence[RankedUnit]) -> None:
        self._units = list(units)
        self._selected &= {u.id for u in self._units}
        self.update()

    def set_selected(self, ids: Sequence[str]) -> None:
        self._selected = set(ids)
        self.update()

    def selected(self) -> list[str]:
        return [u.id for u in self._units if u.id in self._selected]

    def placed(self) -> list[RankedUnit]:
        return [u for u in self._units if u.urgentie is not None and u.kansrijkheid is not None]

    # --- geometry ----------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance(self.tr("Urgency")) + 18
        bottom = 2 * fm.height() + 14
        return QRectF(left, 10, max(10, self.width() - left - 12),
                      max(10, self.height() - bottom - 10))

    def point_of(self, unit: RankedUnit) -> QPointF:
        """Inside the frame with a small margin, so points at 0 or 1 are whole."""
        rect = self.plot_rect().adjusted(PAD, PAD, -PAD, -PAD)
        return QPointF(rect.left() + unit.kansrijkheid * rect.width(),
                       rect.bottom() - unit.urgentie * rect.height())

    def unit_at(self, pos: QPointF) -> RankedUnit | None:
        best, best_d = None, HIT_RADIUS ** 2
        for unit in self.placed():
            p = self.point_of(unit)
            d = (p.x() - pos.x()) ** 2 + (p.y() - pos.y()) ** 2
            if d <= best_d:
                best, best_d = unit, d
        return best

    # --- events ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position())
        add = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if unit is None:
            if not add:
                self._selected = set()
        elif add:
            self._selected ^= {unit.id}
        else:
            self._selected = {unit.id}
        self.update()
        self.selectionChanged.emit(self.selected())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position())
        self.setToolTip("" if unit is None else self.tr(
            "%1\nurgency %2 · promise %3 · score %4").replace("%1", unit.name).replace(
            "%2", f"{unit.urgentie:.2f}").replace("%3", f"{unit.kansrijkheid:.2f}").replace(
            "%4", "–" if unit.score is None else f"{unit.score:.2f}"))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        rect = self.plot_rect()
        text = palette.text().color()
        grid = QColor(text)
        grid.setAlpha(60)
        # quadrants: the right half (kansrijk) is tinted, the programme's priority
        painter.fillRect(QRectF(rect.center().x(), rect.top(), rect.width() / 2,
                                rect.height()), QColor(44, 123, 182, 22))
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DashLine))
        for f in (1 / 3, 2 / 3):
            painter.drawLine(QPointF(rect.left() + f * rect.width(), rect.top()),
                             QPointF(rect.left() + f * rect.width(), rect.bottom()))
            painter.drawLine(QPointF(rect.left(), rect.top() + f * rect.height()),
                             QPointF(rect.right(), rect.top() + f * rect.height()))
        painter.setPen(QPen(text, 1))
        painter.drawRect(rect)
        fm = self.fontMetrics()
        muted = QColor(text)
        muted.setAlpha(150)
        painter.setPen(muted)
        quadrants = ((0, 0, self.tr("urgent, not yet promising")),
                     (1, 0, self.tr("urgent and promising")),
                     (0, 1, self.tr("neither")), (1, 1, self.tr("promising, not urgent")))
        for qx, qy, label in quadrants:
            area = QRectF(rect.left() + qx * rect.width() / 2 + 4,
                          rect.top() + qy * rect.height() / 2 + 2, rect.width() / 2 - 8,
                          fm.height() + 2)
            if qy:
                area.moveBottom(rect.bottom() - 2)
            align = Qt.AlignmentFlag.AlignRight if qx else Qt.AlignmentFlag.AlignLeft
            painter.drawText(area, align | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(text)
        classes = (self.tr("low"), self.tr("medium"), self.tr("high"))
        for i, label in enumerate(classes):
            x = rect.left() + (i + 0.5) * rect.width() / 3
            painter.drawText(QRectF(x - 40, rect.bottom() + 2, 80, fm.height()),
                             Qt.AlignmentFlag.AlignCenter, label)
            y = rect.bottom() - (i + 0.5) * rect.height() / 3
            painter.drawText(QRectF(0, y - fm.height() / 2, rect.left() - 4, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label)
        unplaced = len(self._units) - len(self.placed())
        axis = self.tr("Promise (kansrijkheid) →")
        if unplaced:
            axis += "   " + self.tr("(%1 without data on an axis not shown)").replace(
                "%1", str(unplaced))
        painter.drawText(QRectF(rect.left(), rect.bottom() + fm.height() + 4, rect.width(),
                                fm.height() + 4), Qt.AlignmentFlag.AlignCenter, axis)
        painter.save()
        painter.translate(fm.height() * 0.2, rect.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-rect.height() / 2, 0, rect.height(), fm.height() + 2),
                         Qt.AlignmentFlag.AlignCenter, self.tr("Urgency (urgentie) →"))
        painter.restore()
        selected = []
        for unit in self.placed():
            if unit.id in self._selected:
                selected.append(unit)
                continue
            self._dot(painter, unit, 4, QPen(QColor("#404040"), 0.8))
        for unit in selected:
            self._dot(painter, unit, 7, QPen(palette.highlight().color(), 2.5))
        painter.end()

    def _dot(self, painter: QPainter, unit: RankedUnit, radius: float, pen: QPen) -> None:
        painter.setPen(pen)
        painter.setBrush(score_colour(unit.score))
        painter.drawEllipse(self.point_of(unit), radius, radius)
