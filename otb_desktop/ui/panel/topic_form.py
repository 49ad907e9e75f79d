"""The form of one survey topic, generated from its FieldSpecs (otb_desktop.domain.topics).

Labels and validation messages are the domain's Dutch texts; each field has its message right
under it. The form only shows and collects text: saving, drafts and history live in TopicPage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from otb_desktop.domain.errors import ValidationIssue
from otb_desktop.domain.topics import TopicSpec
from otb_desktop.ui.panel import form_hints
from otb_desktop.ui.panel.field_editors import FieldEditor, NoteEditor, make_editor

ERROR_COLOUR = "#d93025"  # legible on light and dark palettes
HINT_COLOUR = "#7a4f00"  # dark amber: a remark, not an error
INVALID_MARK = "⚠\u00a0"
LABEL_MAX_WIDTH = 150


def with_mnemonic(label: str, used: set[str]) -> str:
    """``label`` with an ``&`` before its first letter not yet in ``used`` (which it extends);
    unchanged when every letter is taken."""
    escaped = label.replace("&", "&&")
    for i, char in enumerate(escaped):
        key = char.lower()
        if char.isalpha() and key.isascii() and key not in used and escaped[i - 1:i] != "&":
            used.add(key)
            return escaped[:i] + "&" + escaped[i:]
    return escaped


def mnemonic_of(text: str) -> str:
    """The letter after a single ``&`` in a widget text, lower case; '' when none."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return ""


class TopicForm(QWidget):
    """Fields of one topic; ``edited`` fires on every change the user makes."""

    edited = Signal()

    def __init__(self, spec: TopicSpec, reserved_mnemonics: Sequence[str] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._issue_names: set[str] = set()
        used = {m for m in reserved_mnemonics if m}

        # A grid rather than a QFormLayout: the latter misplaces rows whose field holds a
        # word-wrapped message that appears later (height-for-width), overlapping the next row.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(10)
        layout.setVerticalSpacing(6)
        layout.setColumnStretch(1, 1)
        self.general = self._message_label()
        layout.addWidget(self.general, 0, 0, 1, 2)
        row = 1
        for field in spec.fields:
            editor = make_editor(field, self)
            editor.edited.connect(self.edited)
            text = with_mnemonic(field.label, used) + ("\u00a0*" if field.required else "")
            label = QLabel(text)
            label.setWordWrap(True)
            label.setBuddy(editor.focus_widget)
            label.setToolTip(self.tr("Required") if field.required else "")
            message = self._message_label()
            multi_line = isinstance(editor, NoteEditor)
            if multi_line:
                label.setContentsMargins(0, 4, 0, 0)  # level with the first line of text
            layout.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop if multi_line
                             else Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(editor.widget, row, 1)
            layout.addWidget(message, row + 1, 1)
            row += 2
            editor.focus_widget.setAccessibleName(field.label)
            self.editors[field.name] = editor
            self.messages[field.name] = message
            self.labels[field.name] = label
        # Word-wrapped labels report a tiny width hint; give the column the widest label's
        # width, up to about 40 % of a narrow panel, so short labels stay on one line.
        widest = max(label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
                     for label in self.labels.values())
        for label in self.labels.values():
            label.setMinimumWidth(min(widest, LABEL_MAX_WIDTH))
        if any(f.required for f in spec.fields):
            legend = QLabel(self.tr("* required"))
            legend.setEnabled(False)
            layout.addWidget(legend, row, 0, 1, 2)

    @staticmethod
    def _message_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOUR};")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.hide()
        return label

    def focus_widgets(self) -> list[QWidget]:
        return [e.focus_widget for e in self.editors.values()]

    def texts(self) -> dict[str, str]:
        return {name: editor.text() for name, editor in self.editors.items()}

    def set_texts(self, texts: Mapping[str, str]) -> None:
        for name, editor in self.editors.items():
            editor.set_text(str(texts.get(name, "") or ""))

    def texts_of(self, values: Mapping[str, Any]) -> dict[str, str]:
        """The texts the form shows for saved values."""
        return {name: editor.text_of(values.get(name)) for name, editor in self.editors.items()}

    def raw(self) -> dict[str, Any]:
        """What the domain validator reads: numbers without grouping, dates as ISO."""
        return {name: editor.raw() for name, editor in self.editors.items()}

    def show_issues(self, issues: Sequence[ValidationIssue]) -> None:
        """Each message under its field, and the field itself marked."""
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            key = issue.field if issue.field in self.editors else ""
            spec = self.editors[key].spec if key else None
            by_field.setdefault(key, []).append(form_hints.form_message(spec, issue.message))
        for name, label in [("", self.general), *self.messages.items()]:
            text = "\n".join(by_field.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
            if name:
                self.editors[name].focus_widget.setAccessibleDescription(text)
                self._mark(name, bool(text))
        self._issue_names = {name for name, label in self.messages.items() if label.text()}
        for name in self.messages:
            self.messages[name].setStyleSheet(f"color: {ERROR_COLOUR};")

    def _mark(self, name: str, invalid: bool) -> None:
        """A red frame around the invalid field and a warning sign before its label."""
        widget = self.editors[name].focus_widget
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(f"border: 2px solid {ERROR_COLOUR}; border-radius: 3px;"
                             if invalid else "")
        label = self.labels[name]
        text = label.text().removeprefix(INVALID_MARK)
        label.setText(INVALID_MARK + text if invalid else text)

    def invalid_fields(self) -> list[str]:
        return [name for name, e in self.editors.items() if e.focus_widget.property("invalid")]

    def show_hints(self, hints: Sequence[ValidationIssue]) -> None:
        """Remarks that never refuse a save (e.g. the overall condition differs from the
        element scores), shown under their field where no error is shown."""
        for issue in hints:
            label = self.messages.get(issue.field)
            if label is None or issue.field in self._issue_names:
                continue
            label.setText(issue.message)
            label.setStyleSheet(f"color: {HINT_COLOUR};")
            label.setVisible(True)

    def issue_fields(self) -> list[str]:
        return [name for name in self.messages if name in self._issue_names]

    def focus_field(self, name: str) -> None:
        self.editors[name].focus_widget.setFocus(Qt.FocusReason.OtherFocusReason)
