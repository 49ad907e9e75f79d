"""A coloured strip with a message and optional buttons: restored drafts, conflicts, errors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
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
        layout.setContentsMargins(10, 6, 8, 6)
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
        """Fill and border from the palette tinted with the kind's accent, painted each time
        (no style sheet: one would pin the colours of the palette it was made with); the text
        keeps the palette's own colour, so it is legible in light, dark and high contrast."""
        assert kind in KINDS, kind
        self.kind = kind
        self.update()

    def colours(self) -> tuple[QColor, QColor]:
        """(fill, border) for the current application palette."""
        pal = palette.palette_of()
        return palette.tinted_background(self.kind, pal), palette.readable_accent(self.kind, pal)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        fill, border = self.colours()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(border, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(border)
        painter.drawRect(QRectF(rect.left(), rect.top(), 4, rect.height()))
        painter.end()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.update()

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
