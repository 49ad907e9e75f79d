"""Park facts of chapters 4.1 and 4.5 (ondernemersvereniging, parkmanagement, KVO, collective
maintenance, ondernemersfonds, ontwikkelkader): view, edit and history per park.

Every save is a new revision with who and when (``park_fact_revision``); nothing is changed in
place. An unanswered fact stays "unknown", never "geen". The write runs on the writer thread
through the operations object (kind ``park_facts``; no parcel row changes, so ids are empty).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.park_facts import PARK_FACTS
from otb_desktop.domain.topics import FieldSpec, Kind, display_value
from otb_desktop.services.park_facts import ParkFacts, ParkFactService
from otb_desktop.ui.operations import PARK_FACTS as PARK_FACTS_KIND
from otb_desktop.ui.operations import Job, operations

WARNING_COLOUR = "#a15c00"
MUTED_COLOUR = "#5f6368"


def save_park_facts(service: ParkFactService, park_id: str, values: dict[str, Any],
                    supersedes: list[str], on_saved: Callable[[ParkFacts], None],
                    on_error: Callable[[Exception], bool], parent: QWidget | None = None
                    ) -> Job:
    """Append the park's facts on the writer thread; callbacks run on the GUI thread."""
    return operations().run(
        PARK_FACTS_KIND, lambda progress: service.record(park_id, values, supersedes), ids=(),
        title=QCoreApplication.translate("ParkFactsDialog", "Saving park facts…"),
        progress=False, on_success=on_saved, on_error=on_error, parent=parent)


def _when(revision: ParkFacts) -> str:
    moment = revision.created_at.astimezone()
    return QLocale().toString(QDateTime(moment.year, moment.month, moment.day, moment.hour,
                                        moment.minute, 0), QLocale.FormatType.ShortFormat)


def facts_summary(values: dict[str, Any], separator: str = "; ") -> str:
    """'Ondernemersvereniging: actief / vastgesteld; KVO: geen' — only what was answered."""
    return separator.join(f"{fs.label}: {display_value(fs, values[fs.name])}"
                     for fs in PARK_FACTS.fields if values.get(fs.name) not in (None, ""))


class ParkFactsDialog(QDialog):
    saved = Signal(str)   # park id

    def __init__(self, service: ParkFactService, park_id: str, park_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("parkFactsDialog")
        self.service = service
        self.park_id = park_id
        self.park_name = park_name
        self.heads: list[ParkFacts] = []
        self.editors: dict[str, QWidget] = {}
        self._saving = False   # a save is on its way (the button waits for it)

        self.heading = QLabel(objectName="factsHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.status = QLabel(objectName="factsStatus", wordWrap=True)
        self.form_box = QGroupBox()
        box_layout = QVBoxLayout(self.form_box)
        form = QFormLayout()
        box_layout.addLayout(form)
        box_layout.addStretch(1)
        for fs in PARK_FACTS.fields:
            editor = self._editor(fs)
            editor.setObjectName(f"fact_{fs.name}")
            self.editors[fs.name] = editor
            label = QLabel(fs.label)
            label.setBuddy(editor)
            form.addRow(label, editor)
        self.history_box = QGroupBox()
        self.history = QTableWidget(objectName="factsHistory")
        self.history.setColumnCount(3)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().hide()
        self.history.setWordWrap(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addWidget(self.history)

        self.save_button = QPushButton(objectName="saveFacts")
        self.save_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)

        columns = QHBoxLayout()
        columns.addWidget(self.form_box, 1)
        columns.addWidget(self.history_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)
        self.retranslate()
        self.load()

    # --- editors -------------------------------------------------------------------------

    def _editor(self, fs: FieldSpec) -> QWidget:
        if fs.kind is Kind.CHOICE:
            combo = QComboBox()
            combo.addItem("", None)          # "unknown": text set in retranslate
            for key, label in fs.choices:
                combo.addItem(label, key)
            combo.currentIndexChanged.connect(self._changed)
            return combo
        if fs.max_length and fs.max_length > 200:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(70)
            text.textChanged.connect(self._changed)
            return text
        line = QLineEdit()
        if fs.max_length:
            line.setMaxLength(fs.max_length)
        line.textChanged.connect(self._changed)
        return line

    def values(self) -> dict[str, Any]:
        """What the form holds; unanswered facts are left out (unknown, not "geen")."""
        result: dict[str, Any] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                value = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                value = editor.toPlainText().strip() or None
            else:
                value = editor.text().strip() or None
            if value is not None:
                result[name] = value
        return result

    def set_values(self, values: dict[str, Any]) -> None:
        for name, editor in self.editors.items():
            value = values.get(name)
            if isinstance(editor, QComboBox):
                index = editor.findData(value) if value is not None else 0
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value or "")
            else:
                editor.setText(value or "")
                editor.setCursorPosition(0)

    # --- data ----------------------------------------------------------------------------

    def load(self) -> None:
        self.heads = self.service.current([self.park_id]).get(self.park_id, [])
        self.set_values(self.heads[0].values if self.heads else {})
        self._fill_history(self.service.history(self.park_id))
        self._show_status()
        self._changed()

    def _fill_history(self, revisions: list[ParkFacts]) -> None:
        self.history.setRowCount(len(revisions))
        for row, revision in enumerate(revisions):
            summary = (facts_summary(revision.values, "\n")
                       or self.tr("(everything unknown)"))
            for column, text in enumerate((_when(revision), revision.author, summary)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(row, column, item)
        self.history.resizeRowsToContents()

    def _show_status(self) -> None:
        if not self.heads:
            text = self.tr("Not recorded yet: every fact is unknown.")
            colour = MUTED_COLOUR
        elif len(self.heads) > 1:
            text = self.tr("Conflict: %n different versions were recorded (on different "
                           "laptops). The form shows the newest; saving resolves the "
                           "conflict.", "", len(self.heads))
            colour = WARNING_COLOUR
        else:
            head = self.heads[0]
            text = self.tr("Last recorded on %1 by %2.").replace("%1", _when(head)).replace(
                "%2", head.author)
            colour = ""
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    def _changed(self) -> None:
        current = self.heads[0].values if self.heads else {}
        dirty = self.values() != current or len(self.heads) > 1
        self.save_button.setEnabled(dirty and not self._saving)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        self.save_button.setEnabled(False)
        self._saving = True   # before the call: a blocking run calls back before it returns
        save_park_facts(self.service, self.park_id, self.values(), [h.id for h in self.heads],
                        self._saved, self._failed, self)

    def _saved(self, revision: ParkFacts) -> None:
        self._saving = False
        self.load()
        self.saved.emit(self.park_id)

    def _failed(self, error: Exception) -> bool:
        self._saving = False
        self._changed()
        QMessageBox.warning(self, self.tr("Park facts not saved"), str(error))
        return True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Park facts: %1").replace("%1", self.park_name))
        self.heading.setText(self.windowTitle())
        self.form_box.setTitle(self.tr("Facts (chapters 4.1 and 4.5)"))
        self.history_box.setTitle(self.tr("History (every save is kept)"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("Recorded on"), self.tr("By"), self.tr("Facts")])
        self.save_button.setText(self.tr("&Save"))
        for editor in self.editors.values():
            if isinstance(editor, QComboBox):
                editor.setItemText(0, self.tr("unknown"))
        if self.heads is not None:
            self._show_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

