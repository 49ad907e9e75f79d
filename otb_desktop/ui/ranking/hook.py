"""How the ranking plugs into the main window: a few lines there call ``install(window)``.

It adds "Ranking and redevelopment (3D/3E)…" to the View menu, "Make site of selection" to
the Parcel menu, the map colouring by score, and links the selections: a unit chosen in the
ranking selects its parcels on the map and in the list; parcels chosen on the map select
their units in the ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence

from otb_desktop.domain.ranking.colouring import KEY, ranking_colouring

if TYPE_CHECKING:  # imported when first opened: not part of the window's start-up
    from otb_desktop.ui.ranking.window import RankingWindow


class RankingHook(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("rankingHook")
        self.main = window
        self.scores: dict[str, float | None] = {}
        self.ranking: RankingWindow | None = None
        self.act_open = QAction(window, objectName="openRanking")
        self.act_open.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.act_open.triggered.connect(lambda _c=False: self.open())
        self.act_make_site = QAction(window, objectName="makeSiteFromSelection")
        self.act_make_site.triggered.connect(lambda _c=False: self.make_site())
        window.addAction(self.act_open)
        window.menu_view.addAction(self.act_open)
        window.menu_parcel.addAction(self.act_make_site)
        window.canvas.add_colouring(ranking_colouring(self.scores))
        window.canvas.colouringChanged.connect(self._colouring_changed)
        window.canvas.selectionChanged.connect(self._map_selection)
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.act_open.setText(self.tr("&Ranking and redevelopment (3D/3E)…"))
        self.act_make_site.setText(self.tr("Make &site of the selected parcels"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def ranking_window(self) -> RankingWindow:
        if self.ranking is None:
            from otb_desktop.ui.ranking.window import RankingWindow

            self.ranking = RankingWindow(self.main.context)
            view = self.ranking.view
            view.parcel_selection = self.main.selected_ids
            view.parcelsSelected.connect(self._ranking_selection)
            view.scoresChanged.connect(self._scores)
            view.load()
            self.main.intake_actions.add_to_ranking(self.ranking)  # Intakeblad (3F)
        return self.ranking

    def open(self) -> RankingWindow:
        window = self.ranking_window()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def make_site(self) -> None:
        ids = self.main.selected_ids()
        self.open().view.make_site_from_selection(ids)

    def _ranking_selection(self, parcel_ids: list) -> None:
        if parcel_ids:
            self.main.select_parcels(parcel_ids, centre=True)

    def _map_selection(self, parcel_ids: list) -> None:
        if self.ranking is not None and self.ranking.isVisible():
            self.ranking.view.select_parcels(parcel_ids)

    def _scores(self, scores: dict) -> None:
        self.scores.clear()
        self.scores.update(scores)
        self.main.canvas.add_colouring(ranking_colouring(self.scores))  # recolours if shown

    def _colouring_changed(self, key: str) -> None:
        if key == KEY and self.ranking is None:
            self.ranking_window()  # loads and ranks in the background, then colours


def install(window) -> RankingHook:
    return RankingHook(window)
