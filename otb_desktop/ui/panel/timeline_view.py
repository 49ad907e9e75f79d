"""The parcel's timeline in one window: topics, notes and photos, newest first.

Read-only: a mistake is undone with "Restore this value" in a topic's history, which writes a
new observation (the timeline then shows both).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.topics import topic_spec
from otb_desktop.services.timeline import TimelineEntry
from otb_desktop.ui.panel.locale_text import format_datetime, values_summary

WHEN, WHO, WHAT, DETAILS = range(4)
_Index = QModelIndex | QPersistentModelIndex


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[TimelineEntry] = []

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def what(self, entry: TimelineEntry) -> str:
        photo = {
            "photo_added": self.tr("Photo added"),
            "photo_caption": self.tr("Photo caption changed"),
            "photo_withdrawn": self.tr("Photo withdrawn"),
            "photo_moved_in": self.tr("Photo moved here"),
            "photo_moved_out": self.tr("Photo moved to another parcel"),
        }
        if entry.kind in photo:
            return photo[entry.kind]
        label = topic_spec(entry.topic).label
        return label if entry.current or entry.kind == "note" else self.tr(
            "%1 (replaced later)").replace("%1", label)

    def details(self, entry: TimelineEntry) -> str:
        if entry.kind.startswith("photo_"):
            return entry.caption
        return values_summary(topic_spec(entry.topic), entry.values, limit=160)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Details"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (format_datetime(entry.when), entry.author, self.what(entry),
                    self.details(entry))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        replaced = entry.kind == "observation" and not entry.current
        if role == Qt.ItemDataRole.FontRole and (replaced or column == WHAT):
            font = QFont()
            font.setItalic(replaced)
            font.setBold(column == WHAT and not replaced)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and replaced:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


class TimelineDialog(QDialog):
    """Non-modal: it can stay open beside the panel while surveying."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelineDialog")
        self.model = TimelineModel(self)
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.view.horizontalHeader()
        for column in (WHEN, WHO, WHAT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Nothing has been recorded for this parcel yet."))
        self.empty.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(860, int(screen.width() * 0.9)), min(560, int(screen.height() * 0.85)))

    def set_timeline(self, title: str, entries: Sequence[TimelineEntry]) -> None:
        self.setWindowTitle(self.tr("Timeline of %1").replace("%1", title))
        self.heading.setText(self.tr("Timeline of %1").replace("%1", title))
        self.model.set_entries(entries)
        self.empty.setVisible(not entries)
        self.view.resizeRowsToContents()
