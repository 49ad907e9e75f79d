"""Every observation of one topic, newest first; read-only, because history is never edited.

A mistake is corrected by saving a new observation, which then shows "replaces 1" here, and
the old one stays visible (greyed) with who recorded it and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from otb_desktop.domain.topics import topic_spec
from otb_desktop.services.survey import ObservationView
from otb_desktop.ui.panel.locale_text import format_datetime, values_summary

WHEN, VALUES = range(2)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """Rows are ObservationViews loaded once per refresh; data() does no I/O."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[ObservationView] = []
        self._texts: list[tuple[str, str]] = []
        self._heads: set[str] = set()

    def set_observations(self, rows: Sequence[ObservationView]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        superseded = {sid for row in self._rows for sid in row.supersedes}
        self._heads = {row.id for row in self._rows if row.id not in superseded}
        self._texts = [self._row_texts(row) for row in self._rows]
        self.endResetModel()

    def observation(self, row: int) -> ObservationView:
        return self._rows[row]

    def is_current(self, row: int) -> bool:
        return self._rows[row].id in self._heads

    def _row_texts(self, row: ObservationView) -> tuple[str, str]:
        """(when, who and "replaces n" on separate lines; the values)."""
        lines = [format_datetime(row.observed_at), row.author]
        if row.supersedes:
            lines.append(self.tr("replaces %n", "", len(row.supersedes)))
        return "\n".join(lines), values_summary(topic_spec(row.topic), row.values, limit=120)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When, who"), self.tr("Values"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        obs = self._rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            full = values_summary(topic_spec(obs.topic), obs.values).replace(" · ", "\n")
            state = self.tr("current value") if obs.id in self._heads else self.tr(
                "replaced by a later observation")
            return f"{self._texts[row][WHEN]}\n\n{full}\n({state})"
        if role == SORT_ROLE:
            return (obs.observed_at, obs.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.FontRole and obs.id not in self._heads:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and obs.id not in self._heads:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable


class HistoryView(QTableView):
    """Two columns that fit a narrow panel: when/who/"replaces n" stacked, and the values
    wrapped; the table grows with its rows up to ``MAX_HEIGHT`` and then scrolls."""

    MAX_HEIGHT = 280

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.history = HistoryModel(self)
        self.setModel(self.history)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VALUES, QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("History"))
        self.history.modelReset.connect(self._fit_height)
        self._fit_height()

    def set_observations(self, rows: Sequence[ObservationView]) -> None:
        self.history.set_observations(rows)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _fit_height(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.history.rowCount()))
        rows = max(rows, self.fontMetrics().height() + 8)
        self.setFixedHeight(min(self.MAX_HEIGHT, self.horizontalHeader().sizeHint().height()
                                + rows + 2 * self.frameWidth()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_height()  # wrapped values take more lines when the panel is narrower
