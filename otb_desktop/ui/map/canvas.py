"""MapCanvas: the map widget the main window embeds.

It owns what the parcels mean (ids, selection, colouring, tooltip wording); the scene draws,
the view handles input. Selection made on the map is emitted as ``selectionChanged``;
selection set from outside (the parcel list) is shown without being emitted back, so the two
never ping-pong.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from otb_desktop.domain.colouring import (
    DEFAULT_STALE_MONTHS,
    NO_DATA,
    TRANSLATION_CONTEXT,
    Colouring,
    SurveyedParcel,
    standard_colourings,
)
from otb_desktop.services.map_data import MapLayers
from otb_desktop.ui.map import filtering, legibility
from otb_desktop.ui.map.conflicts import conflict_indices
from otb_desktop.ui.map.coordinates import rd_to_rect
from otb_desktop.ui.map.legend import Legend, LegendEntry
from otb_desktop.ui.map.loading import OVERVIEW_LEVEL, MapLoad, classify
from otb_desktop.ui.map.prepared import PreparedGeometries
from otb_desktop.ui.map.scale_bar import ScaleBar
from otb_desktop.ui.map.scene import MapScene, PreparedLayers
from otb_desktop.ui.map.view import ZOOM_STEP, MapView

READABLE_PX = 40.0  # a found parcel narrower than this on screen is zoomed to
MAX_READABLE_SCALE = 4.0  # pixels per metre; beyond this the view zooms out to the parcel


class ZoomButtons(QWidget):
    """"+" and "−" on the map, for touchpads without a wheel (keys: + and −, Home)."""

    def __init__(self, view: MapView):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.zoom_in = QToolButton(text="+")
        self.zoom_out = QToolButton(text="−")
        for button, factor in ((self.zoom_in, ZOOM_STEP), (self.zoom_out, 1 / ZOOM_STEP)):
            button.setFixedSize(26, 26)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys work on the map itself
            button.clicked.connect(lambda _checked=False, f=factor: view.zoom_by(f))
            layout.addWidget(button)
        self.retranslate()

    def retranslate(self) -> None:
        self.zoom_in.setToolTip(self.tr("Zoom in (+)"))
        self.zoom_out.setToolTip(self.tr("Zoom out (−)"))


def translate_colouring(text: str) -> str:
    return QCoreApplication.translate(TRANSLATION_CONTEXT, text)


class MapCanvas(QWidget):
    selectionChanged = Signal(list)  # parcel ids, only for selections made on the map
    parcelActivated = Signal(str)  # double click on a parcel
    colouringChanged = Signal(str)
    # True: the view is close enough to draw buildings but a load's buildings are still
    # being read (MapLayers.buildings_pending); False once they are there or not drawn here.
    buildingsAwaited = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._stale_months = DEFAULT_STALE_MONTHS
        self._colourings: list[Colouring] = standard_colourings(stale_months=self._stale_months)
        self._extra: list[Colouring] = []  # added later (ranking score), kept across reloads
        self._key = self._colourings[0].key
        self._rows: dict[str, SurveyedParcel] = {}
        self._index: dict[str, int] = {}
        self._selected: list[str] = []
        self._classes = np.empty(0, dtype=np.int16)
        self._shown_ids: frozenset[str] | None = None  # None: no filter, every parcel shown
        self._shown = np.ones(0, dtype=bool)
        self._classified_on: dt.date | None = None
        self._prepared: Colouring = self._colourings[0]  # the colouring as last classified

        self.scene = MapScene(self)
        self._buildings_pending = False  # the shown layers' buildings are still coming
        self._buildings_awaited = False  # what buildingsAwaited last said
        self.view = MapView(self.scene, self)
        self.view.tooltip_provider = self._tooltip_at
        self.view.clicked.connect(self._on_clicked)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.scaleChanged.connect(self._on_scale_changed)
        self.legend = Legend()
        self.scale_bar = ScaleBar()
        self.view.add_overlay(self.legend, Qt.Corner.TopRightCorner)
        self.legend.toggled.connect(lambda _collapsed: self.view.refresh_overlays())
        self._legend_auto_folded = False  # folded for lack of room (unfolds with room)
        self.legend.folded_by_user.connect(lambda: setattr(self, "_legend_auto_folded", False))
        self.view.add_overlay(self.scale_bar, Qt.Corner.BottomLeftCorner)

        self.zoom_buttons = ZoomButtons(self.view)
        self.view.add_overlay(self.zoom_buttons, Qt.Corner.TopLeftCorner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        self._zoom_shortcut = QShortcut(QKeySequence("Z"), self.view, self.zoom_to_selection,
                                        context=Qt.ShortcutContext.WidgetShortcut)
        self._recolour()

    # --- data --------------------------------------------------------------------------

    def set_layers(self, layers: MapLayers, prepared: PreparedLayers | None = None) -> None:
        """Show a new set of parcels, buildings and parks; at full extent the first time.
        ``prepared``: ``scene.prepare(layers)`` done off the GUI thread (optional)."""
        first = not self.scene.layers.parcel_ids
        self.scene.set_layers(layers, prepared)
        self._buildings_pending = layers.buildings_pending
        self._index = {pid: i for i, pid in enumerate(layers.parcel_ids)}
        self._shown = filtering.shown_mask(self._index, len(layers.parcel_ids), self._shown_ids)
        self._rebuild_colourings()
        self.view.set_extent(self.scene.extent())
        self.view.set_home(filtering.home_rect(layers))
        if first:
            self.zoom_full()
        self._recolour()
        self.scene.conflicts.set_conflicts(conflict_indices(self._index, self._rows.values()))
        self.select_parcels([pid for pid in self._selected if pid in self._index])
        self._update_buildings_awaited()

    def load(self, load: MapLoad) -> None:
        """Show layers and rows prepared off the GUI thread (``loading.prepare_load``): no
        per-parcel work here when the map opens with the colouring the load classified."""
        first = not self.scene.layers.parcel_ids
        layers = load.layers
        self.scene.set_layers(layers, load.prepared)
        self._buildings_pending = layers.buildings_pending
        self._index = load.index
        self._rows = load.rows
        self._shown = filtering.shown_mask(self._index, len(layers.parcel_ids), self._shown_ids)
        self._rebuild_colourings()
        self.view.set_extent(self.scene.extent())
        self.view.set_home(load.home)
        if first:
            self.zoom_full()
        if load.classes is not None and load.key == self._key \
                and load.stale_months == self._stale_months \
                and load.today == dt.date.today():
            self._prepared = load.colouring
            self._classes = load.classes
            self._classified_on = load.today
            self._paint_classes()
            if load.fill_paths is not None:
                self.scene.fill.adopt_paths(OVERVIEW_LEVEL, load.classes, load.fill_paths)
        else:
            self._recolour()
        self.scene.conflicts.set_conflicts(load.conflicts)
        self.select_parcels([pid for pid in self._selected if pid in self._index])
        self._update_buildings_awaited()

    def set_buildings(self, layers: MapLayers, buildings: PreparedGeometries) -> bool:
        """The buildings of ``layers`` read after it was shown (``buildings_pending``);
        ignored (False) when the map shows other layers by now (a reload came first)."""
        if self.scene.layers is not layers:
            return False
        self.scene.set_buildings(buildings)
        self._buildings_pending = False
        self._update_buildings_awaited()
        return True

    def buildings_not_coming(self, layers: MapLayers) -> None:
        """Reading the buildings of ``layers`` failed: stop saying they are on their way."""
        if self.scene.layers is layers:
            self._buildings_pending = False
            self._update_buildings_awaited()

    def buildings_awaited(self) -> bool:
        """Whether the view would draw buildings that are still being read."""
        return self._buildings_awaited

    def _update_buildings_awaited(self) -> None:
        awaited = self._buildings_pending and self.shows_buildings()
        if awaited != self._buildings_awaited:
            self._buildings_awaited = awaited
            self.buildingsAwaited.emit(awaited)

    def shows_buildings(self) -> bool:
        """Whether buildings are drawn at the current scale."""
        return self.scene.buildings.shows_buildings(self.view.scale_factor())

    def set_rows(self, rows: Sequence[SurveyedParcel]) -> None:
        """Survey values and figures to colour by; call again after a save.

        Rows are immutable, so after a save only the row objects that were replaced are
        classified again (the list keeps the others), not all 20 000.
        """
        previous, self._rows = self._rows, {row.id: row for row in rows}
        self.scene.conflicts.set_conflicts(conflict_indices(self._index, rows))
        changed = [pid for pid, row in self._rows.items() if previous.get(pid) is not row]
        changed += [pid for pid in previous if pid not in self._rows]
        # A park colouring depends on every parcel of the park: classify all again.
        if self._classified_on == dt.date.today() and len(changed) < len(self._rows) // 4 \
                and self.colouring().prepare is None:
            self._recolour(changed)
        else:
            self._recolour()

    def set_shown(self, parcel_ids: Sequence[str] | None) -> None:
        """The parcels the list shows (None: no filter); the others are greyed."""
        self._shown_ids = None if parcel_ids is None else frozenset(parcel_ids)
        self._shown = filtering.shown_mask(self._index, len(self.scene.layers.parcel_ids),
                                           self._shown_ids)
        self._paint_classes()

    def set_stale_months(self, months: int) -> None:
        self._stale_months = months
        self._rebuild_colourings()
        self._recolour()

    # --- colouring ---------------------------------------------------------------------

    def colourings(self) -> list[tuple[str, str]]:
        return [(c.key, translate_colouring(c.label)) for c in self._all_colourings()]

    def colouring(self) -> Colouring:
        return next(c for c in self._all_colourings() if c.key == self._key)

    def set_colouring(self, key: str) -> None:
        keys = [c.key for c in self._all_colourings()]
        if key not in keys:
            raise KeyError(f"unknown colouring {key!r}; known: {keys}")
        if key != self._key:
            self._key = key
            self._recolour()
            self.colouringChanged.emit(key)

    def add_colouring(self, colouring: Colouring) -> None:
        """One more way to colour (the ranking score); replaces one with the same key."""
        self._extra = [c for c in self._extra if c.key != colouring.key] + [colouring]
        if colouring.key == self._key:
            self._recolour()

    def class_of(self, parcel_id: str) -> int | None:
        """Class index of the parcel in the current colouring; None for "no data"."""
        value = int(self._classes[self._index[parcel_id]])
        return None if value >= len(self.colouring().classes) else value

    def _all_colourings(self) -> list[Colouring]:
        extra = {c.key for c in self._extra}
        return [c for c in self._colourings if c.key not in extra] + self._extra

    def _rebuild_colourings(self) -> None:
        self._colourings = standard_colourings(self.scene.layers.park_profiles,
                                               self._stale_months)

    def _recolour(self, parcel_ids: Sequence[str] | None = None) -> None:
        """Classify every parcel, or only ``parcel_ids`` (the rest keep their class)."""
        today = dt.date.today()
        if parcel_ids is None:
            colouring, classes = classify(self.colouring(), self.scene.layers.parcel_ids,
                                          self._rows, today)
        else:
            colouring = self.colouring().for_rows(self._rows.values(), today)
            no_data = len(colouring.classes)
            classes = self._classes.copy()
            for pid in parcel_ids:
                i = self._index.get(pid)
                row = self._rows.get(pid)
                if i is not None:
                    k = colouring.classify(row, today) if row is not None else None
                    classes[i] = no_data if k is None else k
        self._prepared = colouring
        self._classes = classes
        self._classified_on = today
        self._paint_classes()

    def _paint_classes(self) -> None:
        """Paint the classes, greying what the list's filters leave out; the legend counts
        the parcels shown."""
        colouring = self.colouring()
        no_data = len(colouring.classes)
        classes = self._classes
        if len(self._shown) != len(classes):
            self._shown = np.ones(len(classes), dtype=bool)
        colours = [QColor(c.colour) for c in colouring.classes] + [legibility.no_data_fill()]
        self.scene.set_classes(filtering.display_classes(classes, self._shown, no_data + 1),
                               [*colours, filtering.filtered_colour()], hatched=no_data)
        counts = np.bincount(classes[self._shown], minlength=no_data + 1).tolist()
        labels = [c.text(translate_colouring) for c in (*colouring.classes, NO_DATA)]
        hidden = int(len(classes) - self._shown.sum())
        self.legend.set_entries(
            translate_colouring(colouring.label),
            [LegendEntry(label, colour, count, hatched=k == no_data)
             for k, (label, colour, count) in enumerate(zip(labels, colours, counts,
                                                             strict=True))],
            hidden=hidden)
        self._fold_legend_if_cramped()

    # --- selection ---------------------------------------------------------------------

    def selected_parcels(self) -> list[str]:
        return list(self._selected)

    def select_parcels(self, ids: Sequence[str], centre: bool = False) -> None:
        """Highlight these parcels (unknown ids are ignored); never emits selectionChanged."""
        self._selected = [pid for pid in dict.fromkeys(ids) if pid in self._index]
        indices = np.array([self._index[pid] for pid in self._selected], dtype=np.int64)
        self.scene.set_selection(indices)
        if centre and len(indices):
            rect = self.scene.parcels_rect(indices)
            if not self.view.visible_scene_rect().contains(rect):
                self.view.centre_on(rect.center())

    def _on_clicked(self, point: QPointF, modifiers) -> None:
        index = self.scene.parcel_at(point)
        hit = self.scene.layers.parcel_ids[index] if index is not None else None
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            if hit is None:
                return
            ids = [p for p in self._selected if p != hit] if hit in self._selected \
                else [*self._selected, hit]
        else:
            ids = [hit] if hit else []
        if ids != self._selected:
            self.select_parcels(ids)
            self.selectionChanged.emit(list(self._selected))

    def _on_double_clicked(self, point: QPointF) -> None:
        index = self.scene.parcel_at(point)
        if index is not None:
            self.parcelActivated.emit(self.scene.layers.parcel_ids[index])

    # --- navigation --------------------------------------------------------------------

    def zoom_full(self) -> None:
        self.view.fit_extent()

    def zoom_to_parcels(self, ids: Sequence[str]) -> None:
        indices = np.array([self._index[p] for p in ids if p in self._index], dtype=np.int64)
        if len(indices):
            self.view.fit(self.scene.parcels_rect(indices))

    def zoom_to_selection(self) -> None:
        self.zoom_to_parcels(self._selected)

    def show_parcels_readably(self, ids: Sequence[str]) -> None:
        """Bring found parcels into view at a scale where they can be read: keep the view when
        they are in it and at least READABLE_PX wide, else zoom to them (with neighbours)."""
        indices = np.array([self._index[p] for p in ids if p in self._index], dtype=np.int64)
        if not len(indices):
            return
        rect = self.scene.parcels_rect(indices)
        scale = self.view.scale_factor()
        wide_enough = max(rect.width(), rect.height()) * scale >= READABLE_PX
        if wide_enough and self.view.visible_scene_rect().contains(rect):
            return
        if wide_enough and scale <= MAX_READABLE_SCALE:
            self.view.centre_on(rect.center())
            return
        self.view.fit(rect)

    def zoom_to_park(self, park_id: str) -> None:
        """The park's boundary, or its parcels when the boundary is not loaded."""
        park = next((p for p in self.scene.layers.parks if p.id == park_id), None)
        if park is not None and park.geometry is not None and not park.geometry.is_empty:
            self.view.fit(rd_to_rect(park.geometry.bounds), margin=0.04)
            return
        self.zoom_to_parcels([pid for pid, park_of in zip(
            self.scene.layers.parcel_ids, self.scene.layers.parcel_park_ids, strict=True)
            if park_of == park_id])

    def visible_rect(self) -> QRectF:
        return self.view.visible_scene_rect()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fold_legend_if_cramped()

    def _fold_legend_if_cramped(self) -> None:
        """Fold the legend when it would cover the zoom buttons (narrow map at 125–150 %)."""
        if self.view.viewport().width() < 100:
            return  # not laid out yet
        cramped = self.legend_cramped()
        if cramped and not self.legend.collapsed:
            self.legend.set_collapsed(True)
            self._legend_auto_folded = True
        elif not cramped and self._legend_auto_folded:
            self.legend.set_collapsed(False)
            self._legend_auto_folded = False
        # Folded, its title still never reaches the zoom buttons (elided instead).
        self.legend.setMaximumWidth(max(60, self._legend_room()))
        self.view.refresh_overlays()

    def _legend_room(self) -> int:
        return self.view.viewport().width() - self.zoom_buttons.sizeHint().width() - 4 * 8

    def legend_cramped(self) -> bool:
        room = self._legend_room()
        expanded = self.legend.collapsed
        self.legend.collapsed = False
        needed = self.legend.sizeHint().width()
        self.legend.collapsed = expanded
        return needed > room

    def _on_scale_changed(self, scale: float) -> None:
        self.scale_bar.set_scale(scale)
        self.scene.selection.set_view_scale(scale)
        self.scene.conflicts.set_view_scale(scale)
        self._update_buildings_awaited()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.zoom_buttons.retranslate()
            self._recolour()
        super().changeEvent(event)

    # --- tooltip -----------------------------------------------------------------------

    def _tooltip_at(self, point: QPointF) -> str | None:
        index = self.scene.parcel_at(point)
        if index is None:
            return None
        return self.tooltip_text(self.scene.layers.parcel_ids[index])

    def tooltip_text(self, parcel_id: str) -> str:
        """Designation, park and the value behind the parcel's colour (rich text)."""
        layers = self.scene.layers
        i = self._index[parcel_id]
        parks = {p.id: p.name for p in layers.parks}
        park_id = layers.parcel_park_ids[i]
        park = parks.get(park_id) if park_id else None
        colouring = self._prepared if self._prepared.key == self._key else self.colouring()
        lines = [f"<b>{html.escape(layers.designations[i])}</b>",
                 html.escape(park) if park else self.tr("outside the business parks"),
                 f"{html.escape(translate_colouring(colouring.label))}: "
                 f"{html.escape(self._value_text(parcel_id, colouring))}"]
        return "<br>".join(lines)

    def _value_text(self, parcel_id: str, colouring: Colouring) -> str:
        row = self._rows.get(parcel_id)
        today = dt.date.today()
        k = colouring.classify(row, today) if row is not None else None
        if k is None:
            return NO_DATA.text(translate_colouring)
        label = colouring.classes[k].text(translate_colouring)
        if not colouring.numeric:
            return label
        value = QLocale().toString(float(colouring.measure(row, today)), "f",
                                   colouring.decimals)
        unit = f" {colouring.unit}" if colouring.unit else ""
        return f"{value}{unit} ({label})"
