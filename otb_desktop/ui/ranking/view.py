"""The ranking view: filters, the ranked table, and beside it scatter, explanation, weights
and the 3E form of the selected site.

Loading and the sensitivity analysis run in the background (``tasks.run_in_background``);
re-ranking after a weight change is vectorised and runs at once. The selection is linked:
table ↔ scatter ↔ map (``parcelsSelected`` out, ``select_parcels`` in). After every
re-rank ``scoresChanged`` carries the score per parcel (a site's score for each of its
parcels) for the map's colouring.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.catalogue import load_catalogue
from otb_desktop.domain.errors import OtbError, ValidationError
from otb_desktop.domain.ranking.criteria import FLAGS
from otb_desktop.domain.ranking.weights import WeightProfile
from otb_desktop.domain.sites import STAGE_LABELS, Stage
from otb_desktop.services.context import AppContext
from otb_desktop.services.ranking import (
    PARCELS,
    SITES,
    RankedUnit,
    RankingData,
    RankingService,
    rank_units,
    ranked_rows,
    sensitivity_of,
)
from otb_desktop.services.sites import SiteService
from otb_desktop.services.weight_profiles import WeightProfileService
from otb_desktop.ui.operations import OBSERVATIONS, operations
from otb_desktop.ui.operations import PARCELS as PARCELS_KIND
from otb_desktop.ui.ranking.explanation import ExplanationChart
from otb_desktop.ui.ranking.model import (
    FIRST_CRITERION,
    ID_ROLE,
    NAME,
    RankingFilterProxy,
    RankingTableModel,
)
from otb_desktop.ui.ranking.scatter import ScatterPlot
from otb_desktop.ui.ranking.site_form import SiteForm
from otb_desktop.ui.ranking.tasks import WEIGHTS, run_in_background
from otb_desktop.ui.ranking.weight_editor import WeightEditor

log = logging.getLogger(__name__)
TRIALS = 1000
SCATTER_TAB, EXPLANATION_TAB, WEIGHTS_TAB, FORM_TAB = range(4)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area
SEED = 2026


class RankingView(QWidget):
    parcelsSelected = Signal(list)  # parcel ids of the units selected here
    scoresChanged = Signal(dict)  # parcel id → score (None: not scored)
    loaded = Signal()
    reranked = Signal()
    stabilityReady = Signal()
    siteSaved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rankingView")
        self.context = context
        self.catalogue = load_catalogue()
        self.data: RankingData | None = None
        self.kind = SITES
        self._profile: WeightProfile | None = None
        self._priorities: dict = {}
        self._ranking = None
        self._stability = None
        self._stability_for: tuple | None = None
        self._syncing = False
        self._pending_site: str | None = None
        self.parcel_selection = None  # callable → parcel ids selected on the map (the hook)

        self.units = QComboBox(objectName="rankUnits")
        self.park_filter = QComboBox(objectName="parkFilter")
        self.stage_filter = QComboBox(objectName="stageFilter")
        self.flag_filter = QComboBox(objectName="flagFilter")
        self.only_ranked = QCheckBox(objectName="onlyRanked")
        self.top_n = QSpinBox(objectName="topN")
        self.top_n.setRange(1, 500)
        self.top_n.setValue(10)
        self.make_site = QPushButton(objectName="makeSite")
        self.export_button = QPushButton(objectName="exportRanking")
        self.help_button = QPushButton(objectName="rankingHelp")
        self.status = QLabel(objectName="rankingStatus", wordWrap=True)
        self.top_label = QLabel()
        self.top_label.setBuddy(self.top_n)

        self.model = RankingTableModel(self)
        self.proxy = RankingFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(objectName="rankingTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((44, 170, 150, 150, 56, 70, 92, 92, 80, 150)):
            self.table.setColumnWidth(column, width)
        for column in range(FIRST_CRITERION, self.model.columnCount()):
            self.table.setColumnWidth(column, 74)

        self.scatter = ScatterPlot()
        self.explanation = ExplanationChart()
        self.weights = WeightEditor()
        self.form = SiteForm(self.catalogue)
        self.side = QTabWidget(objectName="rankingTabs")
        self.side.addTab(self.scatter, "")
        self.side.addTab(self.explanation, "")
        self.side.addTab(_scrolled(self.weights), "")
        self.side.addTab(_scrolled(self.form), "")
        self.flag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.flag_filter.setMinimumContentsLength(16)
        self.park_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.park_filter.setMinimumContentsLength(14)

        filters = QHBoxLayout()
        for widget in (self.units, self.park_filter, self.stage_filter, self.flag_filter,
                       self.only_ranked, self.top_label, self.top_n):
            filters.addWidget(widget)
        filters.addStretch(1)
        for widget in (self.make_site, self.export_button, self.help_button):
            filters.addWidget(widget)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="rankingSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        left.setMinimumWidth(320)
        self.splitter.setSizes([720, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self._stability_timer = QTimer(self, singleShot=True, interval=400)
        self._stability_timer.timeout.connect(self.compute_stability)
        self.units.currentIndexChanged.connect(self._units_changed)
        for combo in (self.park_filter, self.stage_filter, self.flag_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.only_ranked.toggled.connect(self._filter_changed)
        self.top_n.valueChanged.connect(lambda _v: self._stability_timer.start())
        self.table.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.scatter.selectionChanged.connect(self._scatter_selection_changed)
        self.weights.profileEdited.connect(self.set_profile)
        self.weights.activeChanged.connect(self._active_changed)
        self.weights.saveRequested.connect(self._save_profile)
        self.weights.prioritiesRequested.connect(self.edit_park_priorities)
        self.form.saveRequested.connect(self._save_site)
        self.form.membersRequested.connect(self._members_from_map)
        self.make_site.clicked.connect(self.make_site_from_selection)
        self.export_button.clicked.connect(self.export)
        self.help_button.clicked.connect(self.show_help)
        self.side.currentChanged.connect(self._tab_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(self.load)
        operations().dataChanged.connect(self._data_changed)
        self.retranslate()

    # --- text ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        current = self.units.currentIndex()
        self.units.blockSignals(True)
        self.units.clear()
        self.units.addItem(self.tr("Sites"), SITES)
        self.units.addItem(self.tr("Parcels"), PARCELS)
        self.units.setCurrentIndex(max(current, 0))
        self.units.blockSignals(False)
        self._fill_combo(self.stage_filter, self.tr("All stages"),
                         [(STAGE_LABELS[s], s.value) for s in Stage])
        self._fill_combo(self.flag_filter, self.tr("All flags"),
                         [(label, key) for key, label in FLAGS.items()]
                         + [(self.tr("Conflict (not used)"), "conflict")])
        self.only_ranked.setText(self.tr("Only ranked"))
        self.top_label.setText(self.tr("&Top:"))
        self.make_site.setText(self.tr("&Make site"))
        self.make_site.setToolTip(self.tr("Make a site of the selected adjacent parcels"))
        self.export_button.setText(self.tr("E&xport…"))
        self.help_button.setText(self.tr("How is it calculated?"))
        for i, text in enumerate((self.tr("Scatter"), self.tr("Explanation"),
                                  self.tr("Weights"), self.tr("3E approach"))):
            self.side.setTabText(i, text)
        if self.park_filter.count():
            self.park_filter.setItemText(0, self.tr("All parks"))
        else:
            self.park_filter.addItem(self.tr("All parks"), "")
        self.model.retranslate()
        self.weights.retranslate()
        self.form.retranslate()
        self._update_status()

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: Sequence[tuple[str, str]]
                    ) -> None:
        data = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(data)))
        combo.blockSignals(False)

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        """Read parcels, sites and profiles in the background, then rank."""
        context = self.context
        self.status.setText(self.tr("Loading…"))

        def work(progress):
            profiles = WeightProfileService(context)
            return (RankingService(context).load(progress), profiles.profiles(),
                    profiles.active().id, profiles.park_priorities())

        run_in_background(work, self._loaded, self._failed)

    def _loaded(self, result) -> None:
        self.data, views, active, self._priorities = result
        parks = sorted({p for p in self.data.parcels.park_names if p})
        self._fill_combo(self.park_filter, self.tr("All parks"), [(p, p) for p in parks])
        self.weights.set_profiles(views, active)  # emits profileEdited → rerank
        if self._profile is None:
            self.set_profile(self.weights.profile())
        self.loaded.emit()
        if self._pending_site:
            self.select_units([self._pending_site])
            self._pending_site = None

    def _failed(self, error: Exception) -> None:
        if isinstance(error, OtbError):
            self.status.setText(str(error))
            return
        log.error("ranking task failed: %r", error)
        self.status.setText(self.tr("Something went wrong; see the log file."))
        raise error

    def _data_changed(self, kind: str, _ids) -> None:
        """Survey or parcels changed elsewhere in the app: read the ranking again (this
        view's own writes reload it themselves)."""
        if kind in (OBSERVATIONS, PARCELS_KIND) and self.data is not None \
                and self.isVisible():
            self._reload_timer.start()

    # --- ranking -------------------------------------------------------------------------

    def set_profile(self, profile: WeightProfile) -> None:
        self._profile = profile
        self.rerank()

    def rerank(self) -> None:
        if self.data is None or self._profile is None:
            return
        units = self.data.units(self.kind)
        selected = self.selected_units()
        self._ranking = rank_units(units, self._profile, self._priorities)
        key = (self.kind, self._profile, self.top_n.value())
        stability = self._stability if self._stability_for == key else None
        rows = ranked_rows(units, self._ranking, stability)
        self.model.set_rows(rows)
        self.scatter.set_units(rows)
        self.select_units(selected, emit=False)
        self._emit_scores(rows)
        self._update_status()
        self.reranked.emit()
        if stability is None:
            self._stability_timer.start()

    def compute_stability(self) -> None:
        """The sensitivity analysis (1 000 trials) in the background."""
        if self.data is None or self._ranking is None or self._profile is None:
            return
        units, profile, ranking = self.data.units(self.kind), self._profile, self._ranking
        key = (self.kind, profile, self.top_n.value())
        top, priorities = self.top_n.value(), self._priorities

        def work(progress):
            return key, sensitivity_of(units, profile, ranking, top_n=top, trials=TRIALS,
                                       seed=SEED, priorities=priorities)

        run_in_background(work, self._stability_done, self._failed)

    def _stability_done(self, result) -> None:
        key, stability = result
        if key != (self.kind, self._profile, self.top_n.value()):
            return  # the weights changed meanwhile; a new run is on its way
        self._stability, self._stability_for = stability, key
        units = self.data.units(self.kind)
        selected = self.selected_units()
        rows = ranked_rows(units, self._ranking, stability)
        self.model.set_rows(rows)
        self.scatter.set_units(rows)
        self.select_units(selected, emit=False)
        self._update_status()
        self.stabilityReady.emit()

    def _emit_scores(self, rows: Sequence[RankedUnit]) -> None:
        scores: dict[str, float | None] = {}
        for row in rows:
            for parcel_id in row.parcel_ids:
                # only ranked units colour the map: too little data is "no data"
                if row.rank and row.score is not None and (
                        scores.get(parcel_id) is None or row.score > scores[parcel_id]):
                    scores[parcel_id] = row.score
                else:
                    scores.setdefault(parcel_id, None)
        self.scoresChanged.emit(scores)

    def _update_status(self) -> None:
        if self._ranking is None:
            return
        ranked = int(self._ranking.eligible.sum())
        total = len(self._ranking.ids)
        text = self.tr("%1 of %2 ranked; the others have too little data (minimum %3)."
                       ).replace("%1", str(ranked)).replace("%2", str(total)).replace(
            "%3", f"{self._profile.min_completeness:.0%}")
        if self._stability is None or self._stability_for is None or \
                self._stability_for[1] != self._profile:
            text += " " + self.tr("Stability: calculating…")
        else:
            unstable = int(self._stability.unstable.sum())
            text += " " + self.tr("Stability over %1 trials: %2 unstable.").replace(
                "%1", str(TRIALS)).replace("%2", str(unstable))
        self.status.setText(text + " " + self.tr("* indicative · – no data (not 0)"))

    # --- filters and selection -----------------------------------------------------------

    def set_kind(self, kind: str) -> None:
        self.units.setCurrentIndex(self.units.findData(kind))

    def _units_changed(self, _index: int) -> None:
        self.kind = self.units.currentData()
        self.make_site.setEnabled(self.kind == PARCELS)
        self.stage_filter.setEnabled(self.kind == SITES)
        if self.kind == PARCELS and self.side.currentIndex() == FORM_TAB:
            self.show_tab(SCATTER_TAB)  # the 3E form is for sites
        self._stability, self._stability_for = None, None
        self.rerank()

    def _filter_changed(self, *_args) -> None:
        self.proxy.set_filter(self.park_filter.currentData() or "",
                              self.stage_filter.currentData() or "",
                              self.flag_filter.currentData() or "",
                              self.only_ranked.isChecked())

    def selected_units(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.data(index, ID_ROLE) for index in rows]

    def select_units(self, ids: Sequence[str], emit: bool = True) -> None:
        self._syncing = not emit
        try:
            selection = QItemSelection()
            for unit_id in ids:
                row = self.model.row_of(unit_id)
                if row is None:
                    continue
                index = self.proxy.mapFromSource(self.model.index(row, NAME))
                if index.isValid():
                    selection.select(index, index)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | \
                QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(selection, flags)
            if ids and (first := self.model.row_of(ids[0])) is not None:
                self.table.scrollTo(self.proxy.mapFromSource(self.model.index(first, NAME)))
        finally:
            self._syncing = False
        self._show_selected(emit=emit)

    def select_parcels(self, parcel_ids: Sequence[str]) -> None:
        """From the map: select the units that hold these parcels (not emitted back)."""
        wanted = set(parcel_ids)
        ids = [r.id for r in self.model.rows() if wanted & set(r.parcel_ids)]
        self.select_units(ids, emit=False)

    def _table_selection_changed(self, *_args) -> None:
        if not self._syncing:
            self._show_selected(emit=True)

    def _scatter_selection_changed(self, ids: list[str]) -> None:
        self.select_units(ids, emit=True)

    def _show_selected(self, emit: bool) -> None:
        ids = self.selected_units()
        self.scatter.set_selected(ids)
        rows = [self.model.unit(self.model.row_of(i)) for i in ids]
        self.explanation.set_unit(rows[0] if rows else None)
        if self.kind == SITES and len(rows) == 1:
            self._load_form(rows[0].id)
        elif self.form.view() is not None and (not rows or self.kind != SITES):
            self.form.load(None)
        if emit:
            self.parcelsSelected.emit([p for r in rows for p in r.parcel_ids])

    def _load_form(self, site_id: str) -> None:
        """The site and its stage history, read in the background like the ranking."""
        context, catalogue = self.context, self.catalogue

        def work(_progress):
            service = SiteService(context, catalogue)
            return service.get(site_id), service.stage_history(site_id)

        def done(result) -> None:
            if self.kind == SITES and self.selected_units() == [site_id]:  # not moved on
                self.form.load(*result)

        run_in_background(work, done, self._form_error)

    # --- writes --------------------------------------------------------------------------

    def _active_changed(self, profile_id: str) -> None:
        context = self.context

        def work(_progress):
            WeightProfileService(context).set_active(profile_id)

        run_in_background(work, lambda _result: None, self._write_failed, writes=True,
                          kind=WEIGHTS)

    def _save_profile(self, profile: WeightProfile, profile_id: str, heads: tuple) -> None:
        context = self.context

        def work(_progress):
            service = WeightProfileService(context)
            saved = service.save(profile, profile_id or None, heads)
            service.set_active(saved.id)
            return service.profiles(), saved.id

        def done(result) -> None:
            views, active = result
            self.weights.set_profiles(views, active)

        run_in_background(work, done, self._write_failed, writes=True, kind=WEIGHTS)

    def _save_site(self, site_id: str, record, heads: tuple) -> None:
        context, catalogue = self.context, self.catalogue

        def work(_progress):
            return SiteService(context, catalogue).save(site_id, record, heads).id

        def done(saved_id: str) -> None:
            self.siteSaved.emit(saved_id)
            self._pending_site = saved_id
            self.load()

        run_in_background(work, done, self._form_error, writes=True)

    def _members_from_map(self) -> None:
        ids = list(self.parcel_selection()) if self.parcel_selection is not None else []
        if not ids:
            QMessageBox.information(self, self.tr("Make site"),
                                    self.tr("Select one or more adjacent parcels first."))
            return
        self.form.set_members(ids)

    def _form_error(self, error: Exception) -> None:
        if isinstance(error, ValidationError):
            self.form.show_error("\n".join(i.message for i in error.issues))
        elif isinstance(error, OtbError):
            self.form.show_error(str(error))
        else:
            raise error

    def _write_failed(self, error: Exception) -> None:
        if isinstance(error, OtbError):
            message = "\n".join(i.message for i in error.issues) \
                if isinstance(error, ValidationError) else str(error)
            QMessageBox.warning(self, self.tr("Not saved"), message)
        else:
            raise error

    def edit_park_priorities(self):
        """The park priorities dialog; saving re-ranks with them."""
        from otb_desktop.ui.ranking.park_priorities import ParkPrioritiesDialog

        if self.data is None:
            return None
        dialog = ParkPrioritiesDialog(self.catalogue, self.data.park_names, self._priorities,
                                      self)
        dialog.saveRequested.connect(self._save_priorities)
        dialog.open()
        return dialog

    def _save_priorities(self, priorities) -> None:
        context = self.context

        def work(_progress):
            service = WeightProfileService(context)
            service.save_park_priorities(priorities)
            return service.park_priorities()

        def done(result) -> None:
            self._priorities = result
            self._stability, self._stability_for = None, None
            self.rerank()

        run_in_background(work, done, self._write_failed, writes=True, kind=WEIGHTS)

    def make_site_from_selection(self, parcel_ids: Sequence[str] | None = None) -> None:
        """A new site of the selected (adjacent) parcels; opens it in the 3E form."""
        ids = list(parcel_ids) if parcel_ids is not None else [
            p for i in self.selected_units() for p in self.model.unit(
                self.model.row_of(i)).parcel_ids]
        if not ids:
            QMessageBox.information(self, self.tr("Make site"),
                                    self.tr("Select one or more adjacent parcels first."))
            return
        context = self.context

        def work(_progress):
            return SiteService(context).create(ids).id

        def done(site_id: str) -> None:
            self._pending_site = site_id
            self.set_kind(SITES)
            self.show_tab(FORM_TAB)
            self.load()

        run_in_background(work, done, self._write_failed, writes=True)

    def export(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export ranking"), str(Path.home() / "rangschikking.xlsx"),
                self.tr("Excel (*.xlsx);;CSV (*.csv)"))
            if not chosen:
                return
            path = Path(chosen)
        from otb_desktop.exporting.ranking import export_ranking_csv, export_ranking_xlsx

        writer = export_ranking_csv if path.suffix.lower() == ".csv" else export_ranking_xlsx
        rows, profile = self.model.rows(), self._profile

        def work(_progress):
            return writer(rows, profile, path)

        run_in_background(work, lambda report: self.status.setText(
            " ".join(report.summary_lines())), self._write_failed)

    def show_tab(self, tab: int) -> None:
        self.side.setCurrentIndex(tab)

    def _tab_changed(self, tab: int) -> None:
        """The 3E form needs room for its 24-row table: the table pane narrows meanwhile."""
        total = sum(self.splitter.sizes()) or self.width()
        left = 420 if tab == FORM_TAB else int(total * 0.55)
        self.splitter.setSizes([left, max(total - left, 200)])

    def show_help(self) -> None:
        from otb_desktop.ui.ranking.help import show_calculation_help

        show_calculation_help(self)
