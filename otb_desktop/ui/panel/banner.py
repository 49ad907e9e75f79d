"""A coloured strip with a message and optional buttons: restored drafts, conflicts, errors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from otb_desktop.ui import palette

KINDS = ("info", "warning", "error", "success")
BUTTONS_PER_ROW = 2


class Banner(QFrame):
    def __init__(self, kind: str = "info", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.set_kind(kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        # Buttons two to a row: three "Use version n" buttons do not fit a 400 px panel.
        self.buttons = QGridLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.setColumnStretch(0, 1)
        self._button_count = 0
        layout.addLayout(self.buttons)
        self.hide()

    def set_kind(self, kind: str) -> None:
        """Fill and border from the palette tinted with the kind's accent; the text keeps the
        palette's own colour, so it is legible in light, dark and high contrast alike."""
        assert kind in KINDS, kind
        self.kind = kind
        self._apply_colours()

    def _apply_colours(self) -> None:
        pal = palette.palette_of()  # the application's: the widget's own carries our sheet
        background = palette.tinted_background(self.kind, pal).name()
        border = palette.readable_accent(self.kind, pal).name()
        sheet = (f"QFrame#banner {{ background: {background}; "
                 f"border: 1px solid {border}; border-left: 4px solid {border}; "
                 "border-radius: 3px; }")
        if sheet != self.styleSheet():  # setting it sends another PaletteChange
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_colours()

    def add_button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        row, column = divmod(self._button_count, BUTTONS_PER_ROW)
        self.buttons.addWidget(button, row, 1 + column)
        self._button_count += 1
        return button

    def clear_buttons(self) -> None:
        while self.buttons.count():
            widget = self.buttons.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self._button_count = 0

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text()
