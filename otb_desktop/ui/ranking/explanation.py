"""The explanation of one unit's score as a horizontal bar chart, one bar per criterion.

Each bar is the criterion's contribution to the score (weight × sub-score / weight with
data); the bars add up to the score, which is printed above them. A criterion without data
shows "no data" in grey (it counts as absent, not as 0), one in conflict says so, and an
indicatief input is marked with "*". Urgentie bars are orange, kansrijkheid bars blue.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from otb_desktop.domain.ranking.criteria import CRITERIA, URGENTIE
from otb_desktop.services.ranking import RankedUnit

AXIS_COLOURS = {URGENTIE: QColor("#e66101"), "kansrijkheid": QColor("#2c7bb6")}
NO_DATA = QColor("#bdbdbd")


def _dec(value: float, digits: int) -> str:
    """Decimal comma, as the table and the Dutch users write numbers."""
    return f"{value:.{digits}f}".replace(".", ",")


class ExplanationChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rankingExplanation")
        self.setMinimumSize(300, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._unit: RankedUnit | None = None

    def sizeHint(self) -> QSize:
        return QSize(460, 360)

    def set_unit(self, unit: RankedUnit | None) -> None:
        self._unit = unit
        self.update()

    def unit(self) -> RankedUnit | None:
        return self._unit

    def bar_texts(self) -> list[str]:
        """What each row says (for tests and screen readers)."""
        unit = self._unit
        if unit is None:
            return []
        texts = []
        sub_score = self.tr("sub-score")
        for i, c in enumerate(CRITERIA):
            if c.key in unit.conflicts:
                texts.append(f"{c.label}: " + self.tr("conflict, not used"))
            elif unit.subscores[i] is None:
                texts.append(f"{c.label}: " + self.tr("no data"))
            else:
                star = "*" if c.key in unit.indicative_criteria else ""
                texts.append(f"{c.label}: {unit.contributions[i]:+.3f} "
                             f"({sub_score} {unit.subscores[i]:.2f}{star})")
        return texts

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        text = palette.text().color()
        painter.setPen(text)
        fm = self.fontMetrics()
        unit = self._unit
        if unit is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("Select a site or parcel to see how its score is made."))
            painter.end()
            return
        score = "–" if unit.score is None else _dec(unit.score, 2)
        title = self.tr("%1: score %2 (completeness %3)").replace("%1", unit.name).replace(
            "%2", score + ("*" if unit.indicative else "")).replace(
            "%3", f"{unit.completeness:.0%}")
        painter.drawText(QRectF(6, 4, self.width() - 12, fm.height() + 4),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        label_width = max(fm.horizontalAdvance(c.label) for c in CRITERIA) + 12
        top = fm.height() + 14
        row_h = max(fm.height() + 6, (self.height() - top - fm.height() - 8) / len(CRITERIA))
        chart_left = label_width
        chart_width = max(40.0, self.width() - label_width - 120)
        largest = max([c for c in unit.contributions] + [1e-9])
        scale = chart_width / max(largest, 0.25)
        for i, c in enumerate(CRITERIA):
            y = top + i * row_h
            painter.setPen(text)
            painter.drawText(QRectF(4, y, label_width - 8, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             c.label)
            bar_h = min(row_h - 6, fm.height() + 2)
            bar = QRectF(chart_left, y + (row_h - bar_h) / 2, 0, bar_h)
            if c.key in unit.conflicts or unit.subscores[i] is None:
                painter.setPen(NO_DATA.darker(150))
                note = self.tr("conflict, not used") if c.key in unit.conflicts \
                    else self.tr("no data")
                painter.drawText(QRectF(chart_left + 4, y, chart_width + 110, row_h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 note)
                continue
            bar.setWidth(max(1.0, unit.contributions[i] * scale))
            painter.fillRect(bar, AXIS_COLOURS[c.axis])
            star = "*" if c.key in unit.indicative_criteria else ""
            painter.setPen(text)
            painter.drawText(QRectF(bar.right() + 4, y, 116, row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{_dec(unit.contributions[i], 3)}  "
                             f"({_dec(unit.subscores[i], 2)}{star})")
        legend_y = top + len(CRITERIA) * row_h + 2
        x = 6.0
        for colour, label in ((AXIS_COLOURS[URGENTIE], self.tr("urgency")),
                              (AXIS_COLOURS["kansrijkheid"], self.tr("promise")),
                              (NO_DATA, self.tr("no data: left out, not 0")),
                              (None, self.tr("* indicative"))):
            if colour is not None:
                painter.fillRect(QRectF(x, legend_y + 3, 12, fm.height() - 4), colour)
                x += 16
            painter.setPen(text)
            painter.drawText(QRectF(x, legend_y, 400, fm.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            x += fm.horizontalAdvance(label) + 14
        painter.end()
