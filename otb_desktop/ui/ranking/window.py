"""The ranking window (3D/3E): a top-level window around ``RankingView``."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from otb_desktop.services.context import AppContext
from otb_desktop.ui.ranking.view import RankingView


class RankingWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rankingWindow")
        self.view = RankingView(context)
        self.setCentralWidget(self.view)
        self.resize(1280, 760)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Ranking and redevelopment (3D/3E) — OTB Desktop"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.view.retranslate()
        super().changeEvent(event)
