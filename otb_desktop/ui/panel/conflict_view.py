"""A conflict's versions side by side: one row per field, one column per version, the rows
where the versions differ marked, so a person resolves the conflict on purpose.

A conflict is two or more current observations of one topic (edited on two laptops before a
sync). Saving resolves it; the page enables Save only after a version was chosen or a value
edited, never by merely opening the topic.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from otb_desktop.domain.topics import TopicSpec
from otb_desktop.services.survey import ObservationView
from otb_desktop.ui.panel.locale_text import format_datetime, value_text

# Translucent orange: marks a row on a light and on a dark palette alike.
DIFFERENT_BACKGROUND = QColor(232, 113, 10, 70)
DIFFERENT_MARK = "≠ "


def differing_fields(spec: TopicSpec, heads: Sequence[ObservationView]) -> list[str]:
    """Names of the fields whose values are not the same in every version."""
    return [f.name for f in spec.fields
            if len({repr(h.values.get(f.name)) for h in heads}) > 1]


class ConflictView(QTableWidget):
    """Read-only comparison of the heads of one topic."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conflictView")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        self.setShowGrid(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Versions in conflict"))
        self.differences: list[str] = []
        # Never wider than the panel: the columns share its width and the texts wrap.
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustIgnored)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(0)
        self.horizontalHeader().setMinimumSectionSize(40)
        self.hide()

    def set_versions(self, spec: TopicSpec, heads: Sequence[ObservationView]) -> None:
        self.clear()
        if len(heads) < 2:
            self.differences = []
            self.hide()
            return
        self.differences = differing_fields(spec, heads)
        self.setColumnCount(1 + len(heads))
        self.setRowCount(len(spec.fields))
        self.setHorizontalHeaderLabels(
            [self.tr("Field")] + [f"{n}. {h.author}\n{format_datetime(h.observed_at)}"
                                  for n, h in enumerate(heads, start=1)])
        for column, head in enumerate(heads, start=1):
            self.horizontalHeaderItem(column).setToolTip(
                f"{head.author}, {format_datetime(head.observed_at)}")
        bold = QFont(self.font())
        bold.setBold(True)
        for row, field in enumerate(spec.fields):
            different = field.name in self.differences
            label = QTableWidgetItem((DIFFERENT_MARK if different else "") + field.label)
            cells = [label] + [QTableWidgetItem(value_text(field, h.values.get(field.name))
                                                or "—") for h in heads]
            for column, item in enumerate(cells):
                if different:
                    item.setFont(bold)
                    item.setBackground(QBrush(DIFFERENT_BACKGROUND))
                    item.setToolTip(self.tr("The versions differ here"))
                self.setItem(row, column, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.show()
        self._fit_height()

    def _fit_height(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + rows
                            + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_height()
