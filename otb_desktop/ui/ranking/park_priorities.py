"""Record a park's priorities of themes and vraagstukken (its ontwikkelkader, activity 1A).

A theme's priority weighs the criteria of that theme for the park's units when the active
profile uses park priorities; the vraagstukken's priorities are recorded as context for the
chapter-5 selection. An explicit form: choose a park, set the priorities, save.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.catalogue import Catalogue
from otb_desktop.domain.ranking.weights import PRIORITY_FACTORS, ParkPriorities

LEVELS = tuple(PRIORITY_FACTORS)  # hoog, normaal, laag


class ParkPrioritiesDialog(QDialog):
    saveRequested = Signal(object)  # ParkPriorities

    def __init__(self, catalogue: Catalogue, parks: Mapping[str, str],
                 current: Mapping[str, ParkPriorities], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("parkPrioritiesDialog")
        self.current = dict(current)
        self.park = QComboBox(objectName="priorityPark")
        for park_id, name in sorted(parks.items(), key=lambda item: item[1]):
            self.park.addItem(name, park_id)
        self.source = QLineEdit(objectName="prioritySource")
        self.table = QTableWidget(objectName="priorityTable")
        self.table.setColumnCount(2)
        self.rows: list[tuple[str, str, QComboBox]] = []  # (kind, code, combo)
        bold = QFont()
        bold.setBold(True)
        for theme in catalogue.themes:
            self._add_row("theme", theme.code, f"{theme.section} {theme.title}", bold)
            for v in theme.vraagstukken:
                self._add_row("vraagstuk", v.code, f"    {v.number}. {v.title}", None)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Business park:"), self.park)
        form.addRow(self.tr("Source:"), self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Park priorities (ontwikkelkader)"))
        self.table.setHorizontalHeaderLabels([self.tr("Theme / issue"), self.tr("Priority")])
        self.park.currentIndexChanged.connect(self._load)
        self.resize(640, 640)
        self._load()

    def _add_row(self, kind: str, code: str, title: str, font: QFont | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(title)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if font is not None:
            item.setFont(font)
        self.table.setItem(row, 0, item)
        combo = QComboBox()
        for level in LEVELS:
            combo.addItem(level, level)
        self.table.setCellWidget(row, 1, combo)
        self.rows.append((kind, code, combo))

    def _load(self, *_args) -> None:
        prio = self.current.get(self.park.currentData() or "")
        self.source.setText(prio.source if prio else "")
        for kind, code, combo in self.rows:
            values = (prio.themes if kind == "theme" else prio.vraagstukken) if prio else {}
            combo.setCurrentIndex(LEVELS.index(values.get(code, "normaal")))

    def priorities(self) -> ParkPriorities:
        themes = {code: combo.currentData() for kind, code, combo in self.rows
                  if kind == "theme" and combo.currentData() != "normaal"}
        vraagstukken = {code: combo.currentData() for kind, code, combo in self.rows
                        if kind == "vraagstuk" and combo.currentData() != "normaal"}
        return ParkPriorities(self.park.currentData(), themes, vraagstukken,
                              self.source.text().strip())

    def set_level(self, code: str, level: str) -> None:
        for _kind, row_code, combo in self.rows:
            if row_code == code:
                combo.setCurrentIndex(LEVELS.index(level))

    def _save(self) -> None:
        priorities = self.priorities()
        self.current[priorities.park_id] = priorities
        self.saveRequested.emit(priorities)
        self.accept()
