"""A coloured strip with a message and optional buttons: restored drafts, conflicts, errors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

STYLES = {
    "info": ("#e8f0fe", "#1a56c4"),
    "warning": ("#fff4e0", "#b26a00"),
    "error": ("#fdecea", "#b3261e"),
    "success": ("#e6f4ea", "#1e7d34"),
}


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
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)
        self.hide()

    def set_kind(self, kind: str) -> None:
        background, border = STYLES[kind]
        self.setStyleSheet(f"QFrame#banner {{ background: {background}; "
                           f"border: 1px solid {border}; border-left: 4px solid {border}; "
                           "border-radius: 3px; }")

    def add_button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        self.buttons.addWidget(button)
        return button

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text()
