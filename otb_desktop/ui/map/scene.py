"""The map's scene: the layer items over one set of prepared geometries."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsScene

from otb_desktop.services.map_data import MapLayers
from otb_desktop.ui.map.conflicts import ConflictItem
from otb_desktop.ui.map.items import (
    BuildingItem,
    LabelItem,
    ParcelFillItem,
    ParcelOutlineItem,
    ParkItem,
    SelectionItem,
)
from otb_desktop.ui.map.paths import PathSource
from otb_desktop.ui.map.prepared import PreparedGeometries


@dataclass(frozen=True, eq=False)
class PreparedLayers:
    """The geometry work of a set of layers (paths, simplified outlines, trees): pure
    NumPy/Shapely, so it can be done off the GUI thread before the scene shows them."""

    layers: MapLayers
    parcels: PreparedGeometries
    buildings: PreparedGeometries


def prepare(layers: MapLayers, simplified: PathSource | None = None) -> PreparedLayers:
    """Layers whose buildings come later (``buildings_pending``: the first view is too
    coarse for them, and so for exact parcel outlines) get their exact parcel paths later
    too (``PreparedGeometries.make_exact_paths``, with the buildings). ``simplified``: the
    parcels' overview paths as cached (``overview_cache``)."""
    return PreparedLayers(layers, PreparedGeometries(layers.parcel_geometries, simplify=True,
                                                     exact_later=layers.buildings_pending,
                                                     simplified=simplified),
                          PreparedGeometries(layers.building_geometries))


class MapScene(QGraphicsScene):
    def __init__(self, parent=None):
        super().__init__(parent)
        # A handful of huge items: Qt's BSP index would only cost time.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.layers = MapLayers()
        self.parcels = PreparedGeometries(self.layers.parcel_geometries)
        self.fill: ParcelFillItem | None = None
        self.outline: ParcelOutlineItem | None = None
        self.buildings: BuildingItem | None = None
        self.parks: ParkItem | None = None
        self.selection: SelectionItem | None = None
        self.labels: LabelItem | None = None
        self.conflicts: ConflictItem | None = None
        self.set_layers(self.layers)

    def set_layers(self, layers: MapLayers, prepared: PreparedLayers | None = None) -> None:
        """Show ``layers``; ``prepared`` (``prepare(layers)``, made off the GUI thread)
        saves the geometry work here."""
        if prepared is None or prepared.layers is not layers:
            prepared = prepare(layers)
        self.clear()
        self.layers = layers
        self.parcels = prepared.parcels
        self.fill = ParcelFillItem(self.parcels)
        self.buildings = BuildingItem(prepared.buildings)
        self.outline = ParcelOutlineItem(self.parcels)
        self.parks = ParkItem(list(layers.parks))
        self.selection = SelectionItem(self.parcels)
        self.labels = LabelItem(self.parcels, layers.designations)
        self.conflicts = ConflictItem(self.parcels)
        for z, item in enumerate((self.fill, self.buildings, self.outline, self.conflicts,
                                  self.parks, self.selection, self.labels)):
            item.setZValue(z)
            self.addItem(item)

    def set_buildings(self, buildings: PreparedGeometries) -> None:
        self.buildings.set_buildings(buildings)

    def extent(self) -> QRectF:
        """Parcels and park boundaries together."""
        rect = QRectF(self.parcels.rect)
        park_rect = self.parks.boundingRect() if self.parks else QRectF()
        if rect.isEmpty():
            return park_rect
        return rect.united(park_rect) if not park_rect.isEmpty() else rect

    def set_classes(self, classes: np.ndarray, colours: list[QColor],
                    hatched: int | None = None) -> None:
        self.fill.set_classes(classes, colours, hatched)
        self.labels.set_classes(classes, colours)

    def set_selection(self, indices: np.ndarray) -> None:
        self.selection.set_selection(indices)

    def parcel_at(self, point: QPointF) -> int | None:
        return self.parcels.at(point)

    def parcels_rect(self, indices: np.ndarray) -> QRectF:
        return self.parcels.scene_rect(np.asarray(indices, dtype=np.int64))
