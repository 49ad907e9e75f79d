"""Step 2 of chapter 5 as a table of the 24 vraagstukken (model + delegates).

One row per vraagstuk of the catalogue. Columns: theme, vraagstuk, the choice (one of the
five options, or not yet weighed), the four relevance criteria as check boxes, whether a
side effect is positive or negative, linked activities (codes such as ``3E``), passive
follow-up and the date to look again, and the motivation. Rows whose rules are not met are
tinted and their tooltip says what is missing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from otb_desktop.domain.catalogue import Catalogue
from otb_desktop.domain.site_record import (
    EFFECTS,
    RELEVANCE_CRITERIA,
    SelectionEntry,
    entry_issues,
)

AnyIndex = QModelIndex | QPersistentModelIndex
THEME, VRAAGSTUK, OPTION = 0, 1, 2
RELEVANCE = {3 + i: key for i, key in enumerate(RELEVANCE_CRITERIA)}
EFFECT, ACTIVITIES, PASSIVE, REVISIT, MOTIVATION = 7, 8, 9, 10, 11
COLUMNS = 12
INVALID = QColor(255, 214, 153, 120)


class SelectionModel(QAbstractTableModel):
    changed = Signal()

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None):
        super().__init__(parent)
        self.catalogue = catalogue
        self.rows = [(t, v) for t in catalogue.themes for v in t.vraagstukken]
        self.entries: dict[str, SelectionEntry] = {}
        self.option_titles = {"": self.tr("not yet weighed")} | {
            o.code: o.title for o in catalogue.issue_selection_options}
        self.read_only = False

    def set_entries(self, entries: dict[str, SelectionEntry]) -> None:
        self.beginResetModel()
        self.entries = dict(entries)
        self.endResetModel()

    def entry(self, row: int) -> SelectionEntry:
        return self.entries.get(self.rows[row][1].code, SelectionEntry())

    def set_entry(self, row: int, entry: SelectionEntry) -> None:
        self.entries[self.rows[row][1].code] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMNS - 1))
        self.changed.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Theme"), self.tr("Issue (vraagstuk)"), self.tr("Choice"),
                    self.tr("Dep."), self.tr("Future"), self.tr("Compet."), self.tr("Multi"),
                    self.tr("Side effect"), self.tr("Activities"), self.tr("Passive"),
                    self.tr("Look again on"), self.tr("Motivation")][section]
        if role == Qt.ItemDataRole.ToolTipRole and section in RELEVANCE:
            return RELEVANCE_CRITERIA[RELEVANCE[section]]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only or index.column() in (THEME, VRAAGSTUK):
            return base
        if index.column() in RELEVANCE or index.column() == PASSIVE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        theme, vraagstuk = self.rows[index.row()]
        entry = self.entry(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == THEME:
                return theme.title
            if column == VRAAGSTUK:
                return f"{vraagstuk.number}. {vraagstuk.title}"
            if column == OPTION:
                return entry.option if role == Qt.ItemDataRole.EditRole else \
                    self.option_titles.get(entry.option, entry.option)
            if column == EFFECT:
                return entry.effect
            if column == ACTIVITIES:
                return ", ".join(a.split(".")[-1] if a.startswith(theme.code + ".") else a
                                 for a in entry.activities)
            if column == REVISIT:
                return entry.revisit_on
            if column == MOTIVATION:
                return entry.motivation
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            if column in RELEVANCE:
                return Qt.CheckState.Checked if RELEVANCE[column] in entry.relevance \
                    else Qt.CheckState.Unchecked
            if column == PASSIVE:
                return Qt.CheckState.Checked if entry.passive_follow_up \
                    else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and self.issues(index.row()):
            return INVALID
        if role == Qt.ItemDataRole.ToolTipRole:
            issues = self.issues(index.row())
            if issues:
                return "\n".join(i.message for i in issues)
            if column == VRAAGSTUK:
                return vraagstuk.description
        return None

    def issues(self, row: int):
        return entry_issues(self.rows[row][1].code, self.entry(row), self.catalogue)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if not index.isValid() or self.read_only:
            return False
        theme, _v = self.rows[index.row()]
        entry = self.entry(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if column in RELEVANCE:
                key = RELEVANCE[column]
                relevance = [r for r in RELEVANCE_CRITERIA if (r in entry.relevance
                                                              and r != key)
                             or (r == key and checked)]
                entry = replace(entry, relevance=tuple(relevance))
            elif column == PASSIVE:
                entry = replace(entry, passive_follow_up=checked)
            else:
                return False
        elif role == Qt.ItemDataRole.EditRole:
            text = str(value or "").strip()
            if column == OPTION:
                entry = replace(entry, option=text)
            elif column == EFFECT:
                entry = replace(entry, effect=text if text in EFFECTS else "")
            elif column == ACTIVITIES:
                codes = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
                entry = replace(entry, activities=tuple(
                    c if "." in c else f"{theme.code}.{c.upper()}" for c in codes))
            elif column == REVISIT:
                entry = replace(entry, revisit_on=text)
            elif column == MOTIVATION:
                entry = replace(entry, motivation=text)
            else:
                return False
        else:
            return False
        self.set_entry(index.row(), entry)
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box with fixed choices (code, title) for one column."""

    def __init__(self, choices: list[tuple[str, str]], parent: QObject | None = None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        for code, title in self.choices:
            combo.addItem(title, code)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
