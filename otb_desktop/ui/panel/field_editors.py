"""One editor per field kind, all speaking text (what drafts store) and raw values (what the
domain validator reads).

Every editor can be empty, because most survey fields are optional and "unknown" is not the
same as zero: numbers are line edits (a spin box always holds a value), yes/no is a tri-state
combo box, choices start with an empty entry, dates are typed with a calendar to help.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from otb_desktop.domain.topics import FieldSpec, Kind
from otb_desktop.ui.panel import form_hints, locale_text

LONG_TEXT = 200  # longer text fields get a multi-line editor


class FieldEditor(QObject):
    """Base: ``widget`` goes into the form, ``focus_widget`` is the label's buddy."""

    edited = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(parent)
        self.spec = spec
        self.widget: QWidget
        self.focus_widget: QWidget

    def text(self) -> str:
        raise NotImplementedError

    def set_text(self, text: str) -> None:
        """Show ``text`` without emitting ``edited`` (loading is not editing)."""
        raise NotImplementedError

    def raw(self) -> Any:
        return self.text()

    def text_of(self, value: Any) -> str:
        """The text this editor shows for a saved value."""
        return "" if value is None else str(value)


def _with_unit(editor: QWidget, unit: str, extra: QWidget | None = None) -> QWidget:
    if not unit and extra is None:
        return editor
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(editor, 1)
    if extra is not None:
        layout.addWidget(extra)
    if unit:
        label = QLabel(unit)
        label.setMinimumWidth(22)
        layout.addWidget(label)
    return box


class _LineEditor(FieldEditor):
    """An editor built around one QLineEdit (``self.line``)."""

    line: QLineEdit

    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        self.line.setText(text)


class NumberEditor(_LineEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.line.setPlaceholderText(form_hints.placeholder(spec))
        self.line.setToolTip(form_hints.tooltip(spec))
        self.line.textEdited.connect(self.edited)
        self.widget = _with_unit(self.line, spec.unit)
        self.focus_widget = self.line

    def raw(self) -> Any:
        return locale_text.number_for_validation(self.line.text())

    def text_of(self, value: Any) -> str:
        return "" if value is None else locale_text.plain_number(value)


class DateEditor(_LineEditor):
    """A line edit for a day-first date; the calendar opens with F4 (or Alt+Down, unless the
    window uses that key)."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText(form_hints.placeholder(spec))
        self.line.setToolTip(form_hints.tooltip(spec))
        self.line.textEdited.connect(self.edited)
        self.line.installEventFilter(self)
        button = QToolButton()
        button.setText("…")
        button.setToolTip(self.tr("Choose a date (F4)"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: self.open_calendar())
        self.button = button
        self.widget = _with_unit(self.line, spec.unit, button)
        self.focus_widget = self.line
        self.calendar: QCalendarWidget | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.line and event.type() == QEvent.Type.KeyPress and (
                event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier)):
            self.open_calendar()
            return True
        return False

    def open_calendar(self) -> QCalendarWidget:
        """A calendar popup under the field; Enter, a click or a double click picks a day.

        QCalendarWidget takes no window flags in its constructor (passing them raised a
        TypeError, and inside the F4 event filter that took the process down).
        """
        self._close_calendar()
        calendar = QCalendarWidget(self.line)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setObjectName("dateCalendar")
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        current = locale_text.parse_date(self.line.text()) or dt.date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        if self.spec.not_in_future:
            calendar.setMaximumDate(QDate.currentDate())
        calendar.activated.connect(self._picked)
        calendar.clicked.connect(self._picked)
        calendar.destroyed.connect(self._calendar_gone)
        calendar.move(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        calendar.show()
        calendar.setFocus()
        self.calendar = calendar
        return calendar

    def _calendar_gone(self, *_args) -> None:
        self.calendar = None

    def _close_calendar(self) -> None:
        calendar, self.calendar = self.calendar, None
        if calendar is not None:
            calendar.close()

    def _picked(self, date: QDate) -> None:
        if self.calendar is None:  # clicked and activated both report the same pick
            return
        self.line.setText(locale_text.form_date(dt.date(date.year(), date.month(), date.day())))
        self._close_calendar()
        self.line.setFocus()
        self.edited.emit()

    def raw(self) -> Any:
        return locale_text.date_for_validation(self.line.text())

    def text_of(self, value: Any) -> str:
        return "" if value is None else locale_text.form_date(value)


class _NoWheelWhenUnfocused(QObject):
    """Scrolling the panel over a combo box must not change its value."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()
            return True
        return False


class ComboEditor(FieldEditor):
    """Yes/no/unknown (BOOL) or one of the spec's choices (CHOICE); empty means unknown."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._wheel_guard = _NoWheelWhenUnfocused(self)
        self.combo.installEventFilter(self._wheel_guard)
        if spec.kind is Kind.BOOL:
            self.combo.addItem(self.tr("unknown"), "")
            self.combo.addItem(self.tr("yes"), "ja")
            self.combo.addItem(self.tr("no"), "nee")
        else:
            self.combo.addItem("", "")
            for key, label in spec.choices:
                self.combo.addItem(label, key)
        self._loading = False
        self.combo.currentIndexChanged.connect(self._changed)
        self.widget = _with_unit(self.combo, spec.unit)
        self.focus_widget = self.combo

    def _changed(self, _index: int) -> None:
        if not self._loading:
            self.edited.emit()

    def text(self) -> str:
        return self.combo.currentData() or ""

    def set_text(self, text: str) -> None:
        index = self.combo.findData(text)
        if index < 0:  # a value typed elsewhere ("Ja", a label): match like the validator
            wanted = text.strip().lower()
            index = next((i for i in range(self.combo.count()) if wanted in (
                str(self.combo.itemData(i)).lower(), self.combo.itemText(i).lower())), 0)
        self._loading = True
        try:
            self.combo.setCurrentIndex(index)
        finally:
            self._loading = False

    def text_of(self, value: Any) -> str:
        if self.spec.kind is Kind.BOOL:
            return "" if value is None else ("ja" if value else "nee")
        return super().text_of(value)


class ClassEditor(ComboEditor):
    """A scored field as a choice of its named classes ("4 matig"), never a bare number box;
    the tooltip states which end is best. An old value outside the classes is shown as is."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self._loading = True
        try:
            self.combo.clear()
            self.combo.addItem("", "")
            for number, name in spec.classes:
                self.combo.addItem(f"{number} {name}", str(number))
        finally:
            self._loading = False
        self.combo.setToolTip(spec.direction)

    def text_of(self, value: Any) -> str:
        return "" if value is None else str(int(value))


class ChoiceEditor(ComboEditor):
    """One of the choices; a value saved under an older rule (e.g. milieucategorie 3 before
    the VNG subcategories) is shown by its documented reading, so re-saving asks for a choice
    instead of guessing."""

    def set_text(self, text: str) -> None:
        if text and self.spec.legacy is not None and self.combo.findData(text) < 0:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                number = None
            reading = self.spec.legacy(number) if number is not None else None
            if reading is not None and reading != text:
                self.combo.addItem(reading, text)
        super().set_text(text)


class MultiEditor(FieldEditor):
    """Zero or more of the choices, as check boxes; text is the keys joined by "; "."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.widget = QWidget()
        layout = QGridLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for index, (key, label) in enumerate(spec.choices):
            box = QCheckBox(label)
            box.toggled.connect(self._changed)
            layout.addWidget(box, index, 0)  # one a line: the panel is narrow
            self.boxes[key] = box
        self._loading = False
        self.focus_widget = next(iter(self.boxes.values()))

    def _changed(self, _checked: bool) -> None:
        if not self._loading:
            self.edited.emit()

    def text(self) -> str:
        return "; ".join(key for key, box in self.boxes.items() if box.isChecked())

    def raw(self) -> Any:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def set_text(self, text: str) -> None:
        wanted = {part.strip() for part in text.split(";") if part.strip()}
        self._loading = True
        try:
            for key, box in self.boxes.items():
                box.setChecked(key in wanted)
        finally:
            self._loading = False

    def text_of(self, value: Any) -> str:
        return "; ".join(value) if value else ""


class LineTextEditor(_LineEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.line = QLineEdit()
        self.line.textEdited.connect(self.edited)
        self.widget = _with_unit(self.line, spec.unit)
        self.focus_widget = self.line


class NoteEditor(FieldEditor):
    """Multi-line text; Tab leaves the field (keyboard survey), Enter makes a new line."""

    def __init__(self, spec: FieldSpec, parent: QWidget):
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 6 + 12)
        self.edit.textChanged.connect(self._changed)
        self._loading = False
        self.widget = self.edit
        self.focus_widget = self.edit

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(text)
        finally:
            self._loading = False


def make_editor(spec: FieldSpec, parent: QWidget) -> FieldEditor:
    if spec.classes:
        return ClassEditor(spec, parent)
    match spec.kind:
        case Kind.MULTI:
            return MultiEditor(spec, parent)
        case Kind.CHOICE if spec.legacy is not None:
            return ChoiceEditor(spec, parent)
        case Kind.INT | Kind.FLOAT:
            return NumberEditor(spec, parent)
        case Kind.DATE:
            return DateEditor(spec, parent)
        case Kind.BOOL | Kind.CHOICE:
            return ComboEditor(spec, parent)
        case Kind.TEXT if spec.max_length > LONG_TEXT:
            return NoteEditor(spec, parent)
        case Kind.TEXT:
            return LineTextEditor(spec, parent)
    raise AssertionError(f"unhandled kind {spec.kind}")
