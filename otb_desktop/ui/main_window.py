"""The main window: parcel list, map and parcel panel side by side (1366×768 field laptop).

The window composes; it owns no survey logic. It keeps the three views on the same parcel
(list ⇄ map ⇄ panel), runs long work (loading, import, export) through run_task with a
progress dialog, and remembers its layout and the last parcel in Settings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.progress import Progress, no_progress
from otb_desktop.services import start_snapshot
from otb_desktop.services.context import AppContext
from otb_desktop.services.map_data import MapDataService, MapLayers, parcels_from_rows
from otb_desktop.services.parcels import ParcelRow, ParcelService
from otb_desktop.ui import i18n, workers
from otb_desktop.ui.actions import (
    NEXT_PARCEL_KEYS,
    PREVIOUS_PARCEL_KEYS,
    WindowActions,
    icon,
    save_keys,
)
from otb_desktop.ui.commands import WindowCommands
from otb_desktop.ui.filter_bar import FilterBar
from otb_desktop.ui.intake_actions import IntakeActions, intake_menu_title
from otb_desktop.ui.list_columns import (
    follow_window_width,
    install_column_chooser,
    splitter_sizes,
)
from otb_desktop.ui.map import overview_cache
from otb_desktop.ui.map.canvas import MapCanvas
from otb_desktop.ui.map.loading import MapLoad, buildings_unseen_at_first, prepare_load
from otb_desktop.ui.map.overview_cache import Overview
from otb_desktop.ui.map.prepared import PreparedGeometries
from otb_desktop.ui.operations import DRAFTS, EXPORTS, PARCELS, Job, operations, show_error
from otb_desktop.ui.panel.parcel_panel import ParcelPanel
from otb_desktop.ui.panel.topic_form import mnemonic_of
from otb_desktop.ui.parcel_table_model import (
    ID_ROLE,
    Column,
    ParcelFilterProxy,
    ParcelTableModel,
    PreparedRows,
    prepare_rows,
)
from otb_desktop.ui.search import search_has_match
from otb_desktop.ui.search_box import SearchBox
from otb_desktop.ui.settings import Settings
from otb_desktop.ui.sync_controller import SyncController

if TYPE_CHECKING:  # opened on demand: not part of the window's start-up
    from otb_desktop.ui.survey_progress_dialog import SurveyProgressDialog

log = logging.getLogger(__name__)

# Sizes for 1366 px: list, map, panel.
DEFAULT_SPLITTER_SIZES = [410, 546, 410]
__all__ = ["DEFAULT_SPLITTER_SIZES", "NEXT_PARCEL_KEYS", "PREVIOUS_PARCEL_KEYS", "MainWindow",
           "icon", "save_keys"]


class Loaded(NamedTuple):
    """A load of every parcel, prepared off the GUI thread for ``MainWindow.apply_loaded``."""

    rows: list[ParcelRow]
    list_rows: PreparedRows
    map: MapLoad
    parks: list[tuple[str, str, bool | None]]
    # The start snapshot of these rows to write once the window has settled
    # (services/start_snapshot.py); None: nothing to write.
    snapshot: start_snapshot.Pending | None = None


def prepare_loaded(rows: list[ParcelRow], layers: MapLayers, colouring: str,
                   stale_months: int, overview: Overview | None = None,
                   snapshot: start_snapshot.Pending | None = None) -> Loaded:
    """The per-parcel work of showing a load (list order, map geometry, the classes of the
    colouring the map shows, the filter's parks), for the loading thread; ``overview``:
    the parcels' overview paths as cached (``overview_cache.find``)."""
    parks = sorted({  # the distinct triples first, in C: a few parks, 200 000 parcels
        (park_id, name or "", in_scope) for park_id, name, in_scope in set(map(
            attrgetter("park_id", "park_name", "in_scope"), rows)) if park_id})
    return Loaded(rows, prepare_rows(rows), prepare_load(
        layers, rows, colouring, stale_months, overview=overview), parks, snapshot)


def read_loaded(context: AppContext, colouring: str, stale_months: int,
                progress: Progress = no_progress,
                screen_px: tuple[int, int] | None = None) -> Loaded:
    """For a loading thread (a start, a reload): the rows (from the start snapshot where it
    may be used), the map layers and the per-parcel work of showing them.

    ``screen_px``: the largest the window can be; when the first view (all parcels) of such
    a window draws no building, the buildings are left for after the fill
    (``MapLayers.buildings_pending``, ``MainWindow`` reads them on the thread pool)."""
    progress(0, 0, QCoreApplication.translate("App", "Reading parcels…"))
    start = ParcelService(context).start_rows(start_snapshot.file_for(context.database.path))
    progress(0, 0, QCoreApplication.translate("App", "Reading the map…"))
    service = MapDataService(context)
    layers = service.load(parcels=parcels_from_rows(start.rows, start.geometry),
                          buildings=False)
    if screen_px is None or not buildings_unseen_at_first(layers, *screen_px):
        layers = replace(layers, building_geometries=service.buildings(),
                         buildings_pending=False)
    overview = overview_cache.find(context.database.path, start.geometry)
    return prepare_loaded(start.rows, layers, colouring, stale_months, overview,
                          start.snapshot)


class MainWindow(QMainWindow):
    """Parcel list + map + parcel panel. ``rowsLoaded(count)`` after each (re)load."""

    rowsLoaded = Signal(int)
    filtersApplied = Signal()  # the list's filters or search changed (the map follows)

    def __init__(self, context: AppContext, settings: Settings,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self._syncing = False          # True while the window itself moves a selection
        self._loading = False
        self._reload_pending = False
        self._first_load = True
        self._shown_once = False
        self._progress_dialog: SurveyProgressDialog | None = None
        self._last_folder = str(Path.home())

        self.model = ParcelTableModel(self)
        self.proxy = ParcelFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_stale_months(settings.stale_months)

        self.search = SearchBox()
        self.filters = FilterBar(self.proxy)
        self.filters.set_stale_months(settings.stale_months)
        self.list = self._make_list()
        self.list_count = QLabel(objectName="listCount")
        self.search_message = QLabel(objectName="searchMessage")
        self.search_message.setWordWrap(True)
        self.search_message.hide()
        self.canvas = MapCanvas()
        self.canvas.setObjectName("mapCanvas")
        self.panel = ParcelPanel(context, reserved_mnemonics=self._menu_mnemonics())
        self.panel.setObjectName("parcelPanel")
        self.panel.facts.stale_months = settings.stale_months

        left = QWidget(objectName="listPane")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 2, 4)
        left_layout.setSpacing(4)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.search_message)
        left_layout.addWidget(self.filters)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.list_count)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.canvas)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        left.setMinimumWidth(220)
        self.canvas.setMinimumWidth(160)
        self.setCentralWidget(self.splitter)

        for pane in (left, self.canvas):
            save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), pane)
            save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            save.activated.connect(self.save_current)
        self.commands = WindowCommands(self)
        self.actions_ = WindowActions(self)
        self.intake_actions = IntakeActions(self)  # Sites menu: intake sheet, register (3F)
        self._make_status_bar()
        self._connect()
        self._set_tab_order()
        from otb_desktop.ui.ranking.hook import install as install_ranking

        self.ranking = install_ranking(self)  # 3D/3E: View menu, colouring, linked selection
        self.retranslate()
        self._restore_layout()
        self.sync_controller = SyncController(self)   # central sync: menu action, timer, status

    # Construction

    def _make_list(self) -> QTableView:
        view = QTableView(objectName="parcelList")
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(Column.DESIGNATION, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setShowGrid(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {Column.DESIGNATION: 104, Column.PARK: 112, Column.ADDRESS: 150,
                  Column.AREA: 76, Column.COVERAGE: 66, Column.COMPLETENESS: 62,
                  Column.LAST_OBSERVED: 86}
        for column, width in widths.items():
            view.setColumnWidth(column, width)
        self.column_chooser = install_column_chooser(view)
        # The distance to dwellings needs imported BAG verblijfsobjecten: shown in the facts,
        # the export and the map; in the list only when chosen (keeps 1920 px scroll-free).
        view.horizontalHeader().setSectionHidden(Column.TO_DWELLING, True)
        return view

    def _make_status_bar(self) -> None:
        status = self.statusBar()
        self.database_label = QLabel(objectName="databaseLabel")
        self.count_label = QLabel(objectName="parcelCountLabel")
        self.sync_label = QLabel(objectName="syncLabel")
        for label in (self.database_label, self.count_label, self.sync_label):
            label.setContentsMargins(6, 0, 6, 0)
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        self.search.searchChanged.connect(self._search_changed)
        self.search.accepted.connect(self._search_accepted)
        self.search.leaveDown.connect(self.focus_list)
        self.filters.changed.connect(self._update_counts)
        self.filters.changed.connect(self._show_filters_on_map)
        self.filtersApplied.connect(self._show_filters_on_map)
        self.list.selectionModel().selectionChanged.connect(self._list_selection_changed)
        self.proxy.rowsInserted.connect(self._update_counts)
        self.proxy.rowsRemoved.connect(self._update_counts)
        self.proxy.modelReset.connect(self._update_counts)
        self.proxy.layoutChanged.connect(self._update_counts)
        self.canvas.selectionChanged.connect(self._map_selection_changed)
        self.canvas.parcelActivated.connect(self._map_parcel_activated)
        operations().dataChanged.connect(self._data_changed)
        self.canvas.colouringChanged.connect(self._colouring_changed)
        self.canvas.buildingsAwaited.connect(self._buildings_awaited)
        self.colouring_combo.activated.connect(
            lambda index: self.set_colouring(self.colouring_combo.itemData(index)))
        self.filters.parkChosen.connect(self._park_chosen)

    def _set_tab_order(self) -> None:
        # The map and the panel follow the list in creation order; each orders its own fields.
        chain = [self.search, self.filters.park, self.filters.completeness,
                 self.filters.field, self.filters.op, self.filters.value, self.filters.reset,
                 self.list]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # Text (retranslated on a language switch)

    def retranslate(self) -> None:
        self.actions_.retranslate()  # menus, actions, toolbar (ui/actions.py owns their texts)
        self.setWindowTitle(self.tr("OTB Desktop — %1").replace(
            "%1", self.context.database.path.name))
        self.sync_label.setText(self.tr("Sync: not set up"))
        self.sync_label.setToolTip(self.tr(
            "Synchronisation with the central database has not been set up on this laptop"))
        if hasattr(self, "sync_controller"):
            self.sync_controller.refresh()
        self.database_label.setText(self.tr("Database: %1").replace(
            "%1", self._short_path(self.context.database.path)))
        self.database_label.setToolTip(str(self.context.database.path))
        self.model.retranslate()
        self._fill_colourings()
        self._update_counts()

    @staticmethod
    def _short_path(path: Path, limit: int = 48) -> str:
        text = str(path)
        return text if len(text) <= limit else f"…{text[-(limit - 1):]}"

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Loading

    def reload(self) -> None:
        """Read every parcel row and the map layers off the GUI thread."""
        if self._loading:
            self._reload_pending = True
            return
        self._loading = True
        self.statusBar().showMessage(self.tr("Loading parcels…"))
        context, key, months = self.context, self.settings.colouring, self.settings.stale_months

        def load(progress) -> Loaded:
            with workers.bulk_load():
                return read_loaded(context, key, months, progress)

        workers.run_task(load, on_result=self.apply_loaded, on_error=self._load_failed)

    def apply_loaded(self, loaded: Loaded) -> None:
        """Show rows and map layers read and prepared elsewhere (``prepare_loaded``: a
        reload, or the two-phase start): no per-parcel work on the GUI thread.

        In two event-loop turns, list then map (each a few tenths of a second at 200 000
        parcels: Qt's proxy maps every row, the map item takes its arrays), so the window
        paints and answers between them; ``rowsLoaded`` comes after the second."""
        self.statusBar().showMessage(self.tr("Loading parcels…"))  # until the last step
        selected = self.selected_ids() or ([self.settings.last_parcel_id]
                                           if self._first_load else [])
        self.model.set_rows(loaded.rows, loaded.list_rows)
        self.filters.set_parks(loaded.parks)
        self._update_counts()
        workers.later(self, lambda: self._apply_loaded_map(loaded, selected))

    def _apply_loaded_map(self, loaded: Loaded, selected: list[str]) -> None:
        self.canvas.load(loaded.map)
        self._show_filters_on_map()
        if self.model.revealing():  # a large list is still being shown, a step per turn
            def finish() -> None:
                self.model.revealed.disconnect(finish)
                self._loaded(loaded, selected)

            self.model.revealed.connect(finish)
        else:
            self._loaded(loaded, selected)

    def _loaded(self, loaded: Loaded, selected: list[str]) -> None:
        self._loading = False
        rows = loaded.rows
        self._show_filters_on_map()  # the list's filters over every row, now all are shown
        self.act_demo.setEnabled(not rows)
        self.statusBar().showMessage(self.tr("%Ln parcel(s) loaded", None, len(rows)), 4000)
        self._update_counts()
        if self._progress_dialog is not None:
            self._progress_dialog.refresh()
        selected = [pid for pid in selected if pid and self.model.position_of(pid) is not None]
        if selected:
            self.select_parcels(selected, centre=True)
        self._first_load = False
        self.model.fill_search_entries()  # in small steps between events
        if loaded.map.layers.buildings_pending:
            layers = loaded.map.layers
            self.after_settled(lambda: self._load_buildings(layers))
        overview = loaded.map.overview
        if overview is not None and overview.found is None:
            paths = loaded.map.prepared.parcels.simplified_paths
            self.after_settled(lambda: workers.run_task(
                lambda _progress: overview_cache.store(overview, paths)))
        snapshot = loaded.snapshot
        if snapshot is not None:
            self.after_settled(lambda: workers.run_task(
                lambda _progress: start_snapshot.store(snapshot)))
        self.rowsLoaded.emit(len(rows))
        if self._reload_pending:
            self._reload_pending = False
            self.reload()

    def _load_buildings(self, layers: MapLayers) -> None:
        """The buildings a load left out (none is drawn at its first view): read and made
        ready for drawing on the thread pool once the window has settled (the GIL that work
        holds made the filled map's first repaints twice as slow), then handed to the map."""
        context = self.context
        parcels = self.canvas.scene.parcels  # their exact paths were left for now as well

        def read(_progress) -> PreparedGeometries:
            with workers.bulk_load():
                parcels.make_exact_paths()
                return PreparedGeometries(MapDataService(context).buildings())

        def failed(error: Exception) -> None:
            self.canvas.buildings_not_coming(layers)
            self.show_error(self.tr("The buildings could not be loaded."), error)

        workers.run_task(read, on_result=lambda buildings: self.canvas.set_buildings(
            layers, buildings), on_error=failed)

    def _buildings_awaited(self, awaited: bool) -> None:
        """Zoomed in before the buildings a start left out have arrived: say so, rather
        than show a map without buildings (the message goes when they are drawn)."""
        message = self.tr("Loading buildings…")
        if awaited:
            self.statusBar().showMessage(message)
        elif self.statusBar().currentMessage() == message:
            self.statusBar().clearMessage()

    def after_settled(self, fn: Callable[[], None]) -> None:
        """``fn`` once the window's own work after a load (the search entries, made between
        events) is done, or now. For background work that can wait (the drafts, the sync
        counts, and with them the first import of SQLAlchemy after the two-phase start): it
        would otherwise take CPU from the GUI thread just when the filled window first
        paints and answers."""
        if workers.synchronous() or not self.model.filling_search():
            fn()
            return

        def filled() -> None:
            self.model.searchFilled.disconnect(filled)
            fn()

        self.model.searchFilled.connect(filled)

    def _load_failed(self, error: Exception) -> None:
        self._loading = False
        self.statusBar().clearMessage()
        self.show_error(self.tr("The parcels could not be loaded."), error)

    def _data_changed(self, kind: str, ids: frozenset[str] | None) -> None:
        """The one place the views learn about writes (operations' ``dataChanged``).

        A few parcels: their rows are read again and list, map, panel and progress view
        follow; anything else (an import, demo data): everything is read again.
        """
        if kind in (DRAFTS, EXPORTS):
            return
        if ids is None or kind == PARCELS or len(ids) > 500:
            self.reload()
            return
        rows = ParcelService(self.context).rows(sorted(ids))
        self.model.update_rows(rows)
        self.canvas.set_rows(self.model.rows())
        self._show_filters_on_map()
        self._update_counts()
        if self._progress_dialog is not None:
            self._progress_dialog.refresh()

    # Selection: list ⇄ map ⇄ panel

    def selected_ids(self) -> list[str]:
        """Selected parcel ids in list order, the current one first."""
        rows = sorted(index.row() for index in self.list.selectionModel().selectedRows())
        ids = [self.proxy.parcel_id(r) for r in rows]
        current = self.current_parcel_id()
        if current in ids:
            ids.remove(current)
            ids.insert(0, current)
        return ids

    def current_parcel_id(self) -> str | None:
        index = self.list.currentIndex()
        if index.isValid() and self.list.selectionModel().isRowSelected(index.row(),
                                                                        QModelIndex()):
            return self.proxy.data(index.siblingAtColumn(0), ID_ROLE)
        return None

    def select_parcels(self, ids: list[str], centre: bool = True,
                       scroll_hint: QAbstractItemView.ScrollHint =
                       QAbstractItemView.ScrollHint.PositionAtCenter) -> bool:
        """Select these parcels in the list and on the map and show the first in the panel.

        Parcels hidden by the current filters are still shown on the map and in the panel.
        Returns False when none of them is visible in the list.
        """
        selection = QItemSelection()
        first_row: int | None = None
        for pid in ids:
            row = self.proxy.proxy_row_of(pid)
            if row is None:
                continue
            first_row = row if first_row is None else first_row
            selection.select(self.proxy.index(row, 0),
                             self.proxy.index(row, self.proxy.columnCount() - 1))
        self._syncing = True
        try:
            model = self.list.selectionModel()
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
            model.select(selection, flags)
            if first_row is not None:
                model.setCurrentIndex(self.proxy.index(first_row, 0),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
                self.list.scrollTo(self.proxy.index(first_row, 0), scroll_hint)
        finally:
            self._syncing = False
        self._show(ids, centre)
        if ids and first_row is None:
            self.statusBar().showMessage(
                self.tr("The selected parcel is hidden by the search or filters."), 5000)
        return first_row is not None

    def _show(self, ids: list[str], centre: bool, from_map: bool = False) -> None:
        if not from_map:
            self.canvas.select_parcels(ids, centre=centre)
        self.panel.show_parcel(ids[0] if ids else None)
        if ids:
            self.settings.last_parcel_id = ids[0]

    def _list_selection_changed(self, *_args) -> None:
        if self._syncing:
            return
        self._show(self.selected_ids(), centre=True)

    def _map_selection_changed(self, ids: list[str]) -> None:
        ids = list(ids)
        selection = QItemSelection()
        rows = [r for r in (self.proxy.proxy_row_of(pid) for pid in ids) if r is not None]
        for row in rows:
            selection.select(self.proxy.index(row, 0),
                             self.proxy.index(row, self.proxy.columnCount() - 1))
        self._syncing = True
        try:
            self.list.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if rows:
                self.list.selectionModel().setCurrentIndex(
                    self.proxy.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
                self.list.scrollTo(self.proxy.index(rows[0], 0),
                                   QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._syncing = False
        self._show(ids, centre=False, from_map=True)

    def _map_parcel_activated(self, parcel_id: str) -> None:
        if self.panel.current_parcel_id() != parcel_id:
            self.select_parcels([parcel_id], centre=False)
        self.focus_panel()

    def step(self, delta: int) -> None:
        """Select the next (+1) or previous (−1) parcel in the list's current order.

        Stepping walks the whole filtered list, not only the search hits: a search that found
        the parcel to start from is cleared first (the parcel stays selected).
        """
        if self.proxy.search_text:
            keep = self.panel.current_parcel_id()
            self.search.blockSignals(True)
            self.search.clear()
            self.search.flush()
            self.search.blockSignals(False)
            self._apply_search("")
            if keep:
                self.select_parcels([keep], centre=False)
        count = self.proxy.rowCount()
        if count == 0:
            return
        current = self.list.currentIndex()
        if not current.isValid() or not self.current_parcel_id():
            row = 0 if delta > 0 else count - 1
        else:
            row = current.row() + delta
        if not 0 <= row < count:
            self.statusBar().showMessage(
                self.tr("This is the last parcel in the list.") if delta > 0
                else self.tr("This is the first parcel in the list."), 3000)
            return
        self.select_parcels([self.proxy.parcel_id(row)], centre=True,
                            scroll_hint=QAbstractItemView.ScrollHint.EnsureVisible)

    # Search and filters

    def _search_changed(self, text: str) -> None:
        self._apply_search(text)

    def _apply_search(self, text: str) -> None:
        """Filter the list by the search; the best hit opens and the map zooms to it. A
        search without a hit keeps the list and the parcel that were shown, and says so."""
        self.search_message.hide()
        if text and not search_has_match(self.proxy, text):
            self.search_message.setText(self.tr(
                "No parcel matches “%1”; the parcel shown stays open.").replace("%1", text))
            self.search_message.show()
            self.statusBar().showMessage(
                self.tr("No parcel matches “%1”.").replace("%1", text), 4000)
            return
        current = self.panel.current_parcel_id()
        self._syncing = True  # rows vanishing from the list do not close the panel's parcel
        try:
            self.proxy.set_search(text)
        finally:
            self._syncing = False
        self._update_counts()
        self.filtersApplied.emit()
        if text:
            best = self.proxy.best_search_match()
            if best is not None:
                found = self.proxy.parcel_id(best)
                self.select_parcels([found], centre=False)
                self.canvas.show_parcels_readably([found])
        elif current:
            self.select_parcels([current], centre=False)

    def _search_accepted(self, _text: str) -> None:
        if self.proxy.rowCount():
            self.focus_list()

    def _update_counts(self, *_args) -> None:
        total = self.model.total()  # also while a large load is still being revealed
        shown = self.proxy.rowCount()
        # The list says how many it shows only while the search or a filter hides some.
        self.list_count.setVisible(shown != total)
        self.list_count.setText(self.tr("%1 of %Ln parcel(s) shown", None, total).replace(
            "%1", QLocale().toString(shown)))
        self.count_label.setText(self.tr("%Ln parcel(s)", None, total))

    def set_sync_state(self, text: str, tooltip: str = "") -> None:
        """For the synchronisation, once it exists: its state in the status bar."""
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tooltip)

    # Focus and keyboard

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.select_parcels([self.proxy.parcel_id(0)], centre=True)

    def focus_map(self) -> None:
        _focus_into(self.canvas)

    def focus_panel(self) -> None:
        _focus_into(self.panel)

    def save_current(self) -> None:
        if self.panel.current_parcel_id() is None:
            self.statusBar().showMessage(self.tr("Select a parcel first."), 3000)
            return
        if self.panel.save_current():
            self.statusBar().showMessage(self.tr("Saved."), 3000)

    # Map

    def _fill_colourings(self) -> None:
        """The toolbar's choice box and the View menu offer the map's colourings."""
        self.colouring_combo.clear()
        self.menu_colouring.clear()
        for action in self.colouring_group.actions():
            self.colouring_group.removeAction(action)
            action.deleteLater()
        for key, label in self.canvas.colourings():
            action = QAction(label, self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, k=key: self.set_colouring(k))
            self.colouring_group.addAction(action)
            self.menu_colouring.addAction(action)
            self.colouring_combo.addItem(label, key)
        self.set_colouring(self.settings.colouring)

    def set_colouring(self, key: str) -> None:
        keys = [k for k, _label in self.canvas.colourings()]
        if not keys:
            return
        self.canvas.set_colouring(key if key in keys else keys[0])
        self._colouring_changed(self.canvas.colouring().key)

    def _colouring_changed(self, key: str) -> None:
        self.settings.colouring = key
        self.colouring_combo.setCurrentIndex(self.colouring_combo.findData(key))
        for action in self.colouring_group.actions():
            action.setChecked(action.data() == key)

    def _park_chosen(self, park_id: str | None) -> None:
        """Choosing a park in the filter also shows it on the map; clearing the filter keeps
        the view where the user is."""
        if park_id:
            self.canvas.zoom_to_park(park_id)

    def _show_filters_on_map(self) -> None:
        """The map greys what the list's filters and search leave out."""
        self.canvas.set_shown(self.proxy.visible_ids())

    def zoom_to_selection(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.canvas.zoom_to_parcels(ids)

    def zoom_to_park(self) -> None:
        pid = self.panel.current_parcel_id() or (self.selected_ids() or [None])[0]
        row = self.model.row_by_id(pid) if pid else None
        if row is not None and row.park_id:
            self.canvas.zoom_to_park(row.park_id)
        else:
            self.statusBar().showMessage(
                self.tr("Select a parcel in a business park first."), 3000)

    # Survey progress

    def show_survey_progress(self) -> SurveyProgressDialog:
        if self._progress_dialog is None:
            from otb_desktop.ui.survey_progress_dialog import SurveyProgressDialog

            dialog = SurveyProgressDialog(self.model.rows, self.settings.stale_months, self)
            dialog.parkActivated.connect(self.show_park)
            dialog.monthsChanged.connect(self.set_stale_months)
            self._progress_dialog = dialog
        self._progress_dialog.refresh()
        self._progress_dialog.show()
        self._progress_dialog.raise_()
        self._progress_dialog.activateWindow()
        return self._progress_dialog

    def show_park(self, park_id: str) -> None:
        """Show one park's parcels, coloured by survey status (from the progress overview)."""
        self.search.clear()
        self.search.flush()
        self.filters.select_park(park_id)  # also zooms the map to the park
        self.set_colouring("survey_status")

    def set_stale_months(self, months: int) -> None:
        self.settings.stale_months = months
        self.filters.set_stale_months(months)
        self.panel.set_stale_months(months)
        self.canvas.set_stale_months(months)

    # Language

    def set_language(self, language: str) -> None:
        """Switch at run time: translators change and every widget retranslates itself."""
        if language == i18n.current_language():
            return
        self.settings.language = language
        i18n.set_language(language)
        for code, action in self.language_actions.items():
            action.setChecked(code == language)
        self._rebuild_panel()

    def _menu_mnemonics(self) -> list[str]:
        """Alt-letters of the menu bar in the current language; the panel's fields avoid them
        (two widgets on one Alt-letter make Qt cycle instead of act)."""
        titles = (self.tr("&File"), self.tr("&Parcel"), self.tr("&View"), self.tr("&Help"),
                  intake_menu_title())
        return [mnemonic_of(t) for t in titles if mnemonic_of(t)]

    def _rebuild_panel(self) -> None:
        """A fresh parcel panel in the new language (it builds its texts once).

        Unsaved input survives: the old panel writes its drafts, the new one restores them.
        """
        old = self.panel
        current = old.current_parcel_id()
        old.flush_drafts()
        panel = ParcelPanel(self.context, reserved_mnemonics=self._menu_mnemonics())
        panel.setObjectName("parcelPanel")
        panel.facts.stale_months = self.settings.stale_months
        self.splitter.replaceWidget(self.splitter.indexOf(old), panel)
        old.deleteLater()
        self.panel = panel
        panel.show_parcel(current)

    # Import, export, demo data (ui/commands.py; writes run through ui/operations.py)

    def import_gis(self, kind: str) -> None:
        self.commands.import_gis(kind)

    def run_import_gis(self, kind: str, path: Path) -> None:
        self.commands.run_import_gis(kind, path)

    def import_observations(self) -> None:
        self.commands.import_observations()

    def run_import_observations(self, path: Path, skip_bad_rows: bool = False) -> None:
        self.commands.run_import_observations(path, skip_bad_rows)

    def export(self, fmt: str) -> None:
        self.commands.export(fmt)

    def load_demo_data(self) -> None:
        self.commands.load_demo_data()

    def run_job(self, title: str, fn: Callable[..., Any], reload_after: bool,
                writes: bool = True,
                handle_error: Callable[[Exception], bool] | None = None) -> Job:
        return self.commands.run_job(title, fn, reload_after, writes, handle_error)

    def show_error(self, what: str, error: Exception) -> None:
        show_error(self, what, error)

    # Help (ui/actions.py)

    def shortcut_rows(self) -> list[tuple[str, str]]:
        return self.actions_.shortcut_rows()

    def show_shortcuts(self) -> None:
        self.actions_.show_shortcuts()

    def show_about(self) -> None:
        self.actions_.show_about()

    # Layout persistence and closing

    def _restore_layout(self) -> None:
        geometry = self.settings.window_geometry
        if geometry is None or not self.restoreGeometry(geometry):
            screen = self.screen().availableGeometry()
            self.resize(min(1366, screen.width()), min(768, screen.height()))
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        self._restore_splitter()
        state = self.settings.list_header_state
        header = self.list.horizontalHeader()
        if state is not None and header.restoreState(state):
            self.list.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _restore_splitter(self) -> None:
        sizes = self.settings.splitter_sizes
        saved = bool(sizes and len(sizes) == self.splitter.count() and sum(sizes) > 0)
        if saved:
            self.splitter.setSizes(sizes)
        else:  # wide screens give the list room for its figures (issue 8)
            self.splitter.setSizes(splitter_sizes(self.splitter.width())
                                   if self.splitter.width() > 1400 else DEFAULT_SPLITTER_SIZES)
        if not self.splitter.property("widthFollower"):
            follow_window_width(self.splitter, user_sized=saved)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # Only now has the splitter its real width, so the saved sizes land exactly.
            self._shown_once = True
            self._restore_splitter()

    def save_layout(self) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.splitter_sizes = self.splitter.sizes()
        self.settings.list_header_state = self.list.horizontalHeader().saveState()
        current = self.panel.current_parcel_id()
        if current:
            self.settings.last_parcel_id = current
        self.settings.sync()

    def ask_unsaved_on_close(self) -> str:
        """"save", "keep" (the draft, and quit) or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"), self.tr(
            "The parcel panel has changes that were not saved. They are kept as a "
            "draft and offered again at the next start."), parent=self)
        save = box.addButton(self.tr("&Save now"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("&Keep draft and quit"),
                             QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "keep" if clicked is keep else "cancel"

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel.has_unsaved_changes():
            answer = self.ask_unsaved_on_close()
            if answer == "cancel" or (answer == "save" and not self.panel.save_all()):
                event.ignore()
                return
        self.panel.flush_drafts()
        self.save_layout()
        if self._progress_dialog is not None:
            self._progress_dialog.close()
        workers.wait_for_all()
        event.accept()


def _focus_into(widget: QWidget) -> None:
    """Give focus to ``widget`` or, when it takes none itself, its first child in tab order."""
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus or widget.focusProxy() is not None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if widget.isAncestorOf(candidate) and candidate.isVisible() and \
                candidate.isEnabled() and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
            candidate.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        candidate = candidate.nextInFocusChain()
