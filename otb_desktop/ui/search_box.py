"""The search field: debounced so typing ``b2298`` filters the list once, not five times."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 250


class SearchBox(QLineEdit):
    """Emits ``searchChanged(text)`` after a typing pause, ``accepted`` on Enter.

    Escape clears the text; Down moves on to the result list (``leaveDown``).
    """

    searchChanged = Signal(str)
    accepted = Signal(str)
    leaveDown = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setObjectName("parcelSearch")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._emitted: str | None = None
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._on_return)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Address, parcel (b2298) or business park"))
        self.setToolTip(self.tr("Find a parcel by address, cadastral designation (also "
                                "loosely: b2298) or business park name (Ctrl+F)"))

    def flush(self) -> None:
        """Emit the pending search now (Enter, tests)."""
        self._timer.stop()
        text = self.text().strip()
        if text != self._emitted:
            self._emitted = text
            self.searchChanged.emit(text)

    def _on_return(self) -> None:
        self.flush()
        self.accepted.emit(self.text().strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        if event.key() == Qt.Key.Key_Down:
            self.flush()
            self.leaveDown.emit()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
