"""The map's layers: one graphics item per layer, each painting only what is exposed.

Fifty thousand QGraphicsPathItems would make Qt walk, sort and hit-test every one of them on
each repaint. Instead each layer asks its geometry tree what lies in the exposed rectangle and
draws it as a few batched paths (one per colour class), with level of detail: simplified
outlines, no buildings, boundaries or labels at town scale. Fills are never antialiased (an
antialiased fill costs ~15x, proportional to the area covered); the boundaries drawn on top
are, once few enough are in view, and hide the fills' stair steps.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from otb_desktop.services.map_data import ParkShape
from otb_desktop.ui.map import legibility
from otb_desktop.ui.map.coordinates import to_scene
from otb_desktop.ui.map.labels import LABEL_MIN_SCALE, label_text, labels_enabled
from otb_desktop.ui.map.prepared import PreparedGeometries
from otb_desktop.ui.palette import contrast_ratio

BUILDINGS_MIN_SCALE = 0.25  # pixels per metre; below this buildings are a few pixels wide
OUTLINE_MIN_PX = 5.0  # typical parcel width on screen below which outlines are only noise
ANTIALIAS_MAX_VISIBLE = 2500  # antialiased boundaries only when this few are in view
FULL_PATH_SHARE = 0.6  # above this share in view, draw the precomputed whole-layer paths
# Level of detail at overview scales: when the typical parcel is narrower than this on screen
# the fill layer is drawn once into an image at that scale and blitted on every repaint (a
# province of 200 000 parcels: hundreds of thousands of polygons, each a pixel or two).
RASTER_BELOW_PX = 4.0
RASTER_MAX_PX = 4096  # the image's longest side; larger (zoomed in) draws the paths
PARK_NAMES_MAX_SCALE = LABEL_MIN_SCALE  # one kind of label at a zoom: parks, then parcels
SELECTION_HALO_PX = 7.0


def _scale(painter: QPainter) -> float:
    return QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())


def _cosmetic_pen(colour: QColor, width: float = 1.0, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


class LayerItem(QGraphicsItem):
    """A layer as big as its data; paint() gets the exposed part in ``option.exposedRect``."""

    def __init__(self, rect: QRectF):
        super().__init__()
        self._rect = QRectF(rect)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._rect


class ParcelFillItem(LayerItem):
    """Parcels filled with the colour of their class; the last colour means "no data"."""

    def __init__(self, parcels: PreparedGeometries):
        super().__init__(parcels.rect)
        self.parcels = parcels
        self.classes = np.zeros(len(parcels), dtype=np.int16)
        self.colours: list[QColor] = [QColor("#d9d9d9")]
        self.hatched: int | None = None  # class drawn with the "no data" hatch on top
        # Whole-layer path per level of detail and class, built when first needed.
        self._whole: dict[int, list[QPainterPath | None]] = {}
        self.typical_width_m = parcels.typical_width_m
        self._raster: tuple[float, QImage] | None = None  # (scale, image) at overview scale

    def set_classes(self, classes: np.ndarray, colours: list[QColor],
                    hatched: int | None = None) -> None:
        """New classes; after a save only the paths of the classes that changed are rebuilt.
        ``hatched``: the class ("no data") that gets a hatch over its fill."""
        classes = np.asarray(classes, dtype=np.int16)
        if hatched == self.hatched and colours == self.colours \
                and np.array_equal(classes, self.classes):
            return  # the same picture (the list's filters set again): keep paths and image
        self.hatched = hatched
        if classes.shape == self.classes.shape and len(colours) == len(self.colours):
            moved = classes != self.classes
            stale = set(np.concatenate((classes[moved], self.classes[moved])).tolist())
            for paths in self._whole.values():
                for k in stale:
                    paths[k] = None
        else:
            self._whole = {}
        self.classes = classes
        self.colours = colours
        self._raster = None
        self.update()

    def adopt_paths(self, level: int, classes: np.ndarray, paths: list[QPainterPath]) -> bool:
        """Whole-layer paths made elsewhere (``loading.fill_paths``, off the GUI thread) for
        these classes at this level of detail; taken only when they are the classes shown."""
        if len(paths) != len(self.colours) or not np.array_equal(classes, self.classes):
            return False
        self._whole[level] = list(paths)
        return True

    def raster(self, scale: float) -> QImage | None:
        """The whole fill layer as an image at ``scale`` (px/m), or None when parcels are wide
        enough on screen to draw as paths (or the image would be too large)."""
        if not len(self.parcels) or self.typical_width_m * scale >= RASTER_BELOW_PX:
            return None
        if self._raster is not None and math.isclose(self._raster[0], scale, rel_tol=1e-6):
            return self._raster[1]
        width = math.ceil(self._rect.width() * scale) + 1
        height = math.ceil(self._rect.height() * scale) + 1
        if max(width, height) > RASTER_MAX_PX:
            return None
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        # As the paths are drawn: antialiased neighbours would leave light seams between them.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.scale(scale, scale)
        painter.translate(-self._rect.left(), -self._rect.top())
        for colour, path in zip(self.colours, self._whole_layer_paths(scale), strict=True):
            painter.setBrush(colour)
            painter.drawPath(path)
        painter.end()
        self._raster = (scale, image)
        return image

    def _whole_layer_paths(self, scale: float) -> list[QPainterPath]:
        level = self.parcels.level_of_detail(scale)
        paths = self._whole.setdefault(level, [None] * len(self.colours))
        for k, path in enumerate(paths):
            if path is None:
                paths[k] = self.parcels.path(np.flatnonzero(self.classes == k), scale)
        return paths

    def paint(self, painter: QPainter, option, widget=None) -> None:
        visible = self.parcels.visible(option.exposedRect)
        if len(visible) == 0:
            return
        scale = _scale(painter)
        image = self.raster(scale)
        if image is not None:
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            target = QRectF(self._rect.topLeft(),
                            QSizeF(image.width() / scale, image.height() / scale))
            painter.drawImage(target, image)
            painter.restore()
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        if len(visible) >= FULL_PATH_SHARE * len(self.parcels):
            for k, (colour, path) in enumerate(zip(self.colours, self._whole_layer_paths(scale),
                                                   strict=True)):
                self._fill(painter, k, colour, path)
        else:
            classes = self.classes[visible]
            for k in np.unique(classes).tolist():
                self._fill(painter, k, self.colours[k],
                           self.parcels.path(visible[classes == k], scale))
        painter.restore()

    def _fill(self, painter: QPainter, k: int, colour: QColor, path: QPainterPath) -> None:
        painter.setBrush(colour)
        painter.drawPath(path)
        if k == self.hatched and not path.isEmpty():
            painter.setBrush(legibility.no_data_brush())
            painter.drawPath(path)


class ParcelOutlineItem(LayerItem):
    """Parcel boundaries, once parcels are big enough on screen for a boundary to help."""

    def __init__(self, parcels: PreparedGeometries):
        super().__init__(parcels.rect)
        self.parcels = parcels
        self.typical_width_m = parcels.typical_width_m
        self._whole: dict[int, QPainterPath] = {}  # per level of detail
        self.pen = _cosmetic_pen(QColor("#6b6b6b"))  # opaque: translucent strokes cost 5x

    def shows_outlines(self, scale: float) -> bool:
        return self.typical_width_m * scale >= OUTLINE_MIN_PX

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scale = _scale(painter)
        if not self.shows_outlines(scale):
            return
        visible = self.parcels.visible(option.exposedRect)
        if len(visible) == 0:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing,
                              len(visible) <= ANTIALIAS_MAX_VISIBLE)
        painter.setPen(self.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(visible) >= FULL_PATH_SHARE * len(self.parcels):
            level = self.parcels.level_of_detail(scale)
            if level not in self._whole:
                self._whole[level] = self.parcels.path(None, scale)
            painter.drawPath(self._whole[level])
        else:
            painter.drawPath(self.parcels.path(visible, scale))
        painter.restore()


class BuildingItem(LayerItem):
    """Building footprints as outlines only: a fill (even translucent) would change the class
    colours the legend shows."""

    def __init__(self, buildings: PreparedGeometries):
        super().__init__(buildings.rect)
        self.buildings = buildings
        self.brush = QBrush(QColor(45, 45, 45, 105))
        self.pen = _cosmetic_pen(QColor("#3c3c3c"))

    def shows_buildings(self, scale: float) -> bool:
        return scale >= BUILDINGS_MIN_SCALE

    def set_buildings(self, buildings: PreparedGeometries) -> None:
        """Other footprints (those a load read after the first view, MapCanvas.set_buildings)."""
        self.prepareGeometryChange()
        self._rect = QRectF(buildings.rect)
        self.buildings = buildings
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scale = _scale(painter)
        if not self.shows_buildings(scale) or not len(self.buildings):
            return
        visible = self.buildings.visible(option.exposedRect)
        if len(visible) == 0:
            return
        path = self.buildings.path(visible)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing,
                              len(visible) <= ANTIALIAS_MAX_VISIBLE)
        painter.setPen(self.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.restore()


class ParkItem(LayerItem):
    """Park boundaries (dashed when out of scope) and, at town scale, the park names."""

    def __init__(self, parks: list[ParkShape]):
        self.parks = [p for p in parks if p.geometry is not None and not p.geometry.is_empty]
        shapes = PreparedGeometries(np.array([p.geometry for p in self.parks], dtype=object))
        super().__init__(shapes.rect)
        self.paths = [shapes.path(np.array([i])) for i in range(len(self.parks))]
        # Names go just below each park, centred: on top of it they hid its parcels.
        bounds = shapely.bounds([p.geometry for p in self.parks]) if self.parks else []
        self.name_points = [to_scene((b[0] + b[2]) / 2, b[1]) for b in bounds]
        self._name_order = sorted(range(len(self.parks)), key=lambda i: (
            not self.parks[i].in_scope, -self.parks[i].geometry.area))
        self.in_scope_pen = _cosmetic_pen(QColor("#2b2b2b"), 2.0)
        self.out_of_scope_pen = _cosmetic_pen(QColor("#6b6b6b"), 1.5, Qt.PenStyle.DashLine)
        self.font = QFont()
        self.font.setBold(True)
        self._name_images: dict[tuple[str, float], QImage] = {}

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self.parks:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for park, path in zip(self.parks, self.paths, strict=True):
            painter.setPen(self.in_scope_pen if park.in_scope else self.out_of_scope_pen)
            painter.drawPath(path)
        if _scale(painter) < PARK_NAMES_MAX_SCALE:
            self._paint_names(painter, widget)
        painter.restore()

    def _paint_names(self, painter: QPainter, widget: QWidget | None) -> None:
        transform = painter.worldTransform()
        painter.resetTransform()
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        screen = QRectF(widget.rect() if widget is not None else painter.viewport())
        placed: list[QRectF] = []
        for i in self._name_order:  # in scope and large first; a name that would overlap
            park, point = self.parks[i], self.name_points[i]  # a placed one is left out
            image = self._name_image(park, ratio)
            at = transform.map(point)
            width, height = image.width() / ratio, image.height() / ratio
            rect = QRectF(at.x() - width / 2, at.y() + 2, width, height)  # below the boundary
            if not screen.contains(at):
                continue  # the park's name point is off-screen: its name is not drawn
            # Keep a name near the map's edge readable: slide it inside the view.
            rect.moveLeft(max(screen.left(), min(rect.left(), screen.right() - width)))
            if any(rect.intersects(other) for other in placed):
                continue
            placed.append(rect)
            painter.drawImage(rect, image)

    def _name_image(self, park: ParkShape, ratio: float) -> QImage:
        """The name with a white halo, drawn once: stroking text outlines on every repaint
        costs milliseconds per name."""
        key = (park.name, ratio)
        if key not in self._name_images:
            metrics = QFontMetricsF(self.font)
            halo_px = 2.0
            width = metrics.horizontalAdvance(park.name) + 2 * halo_px + 2
            height = metrics.height() + 2 * halo_px
            image = QImage(int(width * ratio) + 1, int(height * ratio) + 1,
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            text = QPainterPath()
            text.addText(halo_px + 1, halo_px + metrics.ascent(), self.font, park.name)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            halo = QPen(QColor(255, 255, 255, 225), 2 * halo_px)
            halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(text, halo)
            painter.fillPath(text, QColor("#1a1a1a") if park.in_scope else QColor("#555555"))
            painter.end()
            self._name_images[key] = image
        return self._name_images[key]


class OutlineItem(LayerItem):
    """Parcels outlined on a white halo over every colouring (the selection, conflicts)."""

    def __init__(self, parcels: PreparedGeometries, core: QPen, halo_px: float):
        super().__init__(QRectF())
        self.parcels = parcels
        self.indices = np.empty(0, dtype=np.int64)
        self._path = QPainterPath()
        self._scale = 1.0
        self.halo_px = halo_px
        self.halo = _cosmetic_pen(QColor("white"), halo_px)
        self.core = core

    def set_indices(self, indices: np.ndarray) -> None:
        self.indices = np.asarray(indices, dtype=np.int64)
        self._path = self.parcels.path(self.indices) if len(self.indices) else QPainterPath()
        self._update_rect()

    def set_view_scale(self, scale: float) -> None:
        """The halo is a fixed number of pixels, so its margin in metres follows the zoom."""
        self._scale = scale
        self._update_rect()

    def _update_rect(self) -> None:
        self.prepareGeometryChange()
        rect = self._path.boundingRect()
        margin = self.halo_px / max(self._scale, 1e-9)
        self._rect = rect.adjusted(-margin, -margin, margin, margin) if len(self.indices) \
            else QRectF()
        self.update()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._path.isEmpty():
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self.halo)
        painter.drawPath(self._path)
        painter.setPen(self.core)
        painter.drawPath(self._path)
        painter.restore()


class SelectionItem(OutlineItem):
    """The selected parcels, outlined in magenta on a white halo, above everything else."""

    def __init__(self, parcels: PreparedGeometries):
        super().__init__(parcels, _cosmetic_pen(QColor("#e7298a"), 3.0), SELECTION_HALO_PX)

    def set_selection(self, indices: np.ndarray) -> None:
        self.set_indices(indices)


class LabelItem(LayerItem):
    """Cadastral designations at street zoom, placed at each parcel's pole of inaccessibility.

    A label goes where the biggest circle fits inside the parcel; for nearly rectangular,
    axis-aligned parcels the bounding box is the room available, otherwise the circle is.
    """

    def __init__(self, parcels: PreparedGeometries, designations: tuple[str, ...]):
        super().__init__(parcels.rect)
        self.parcels = parcels
        self.designations = designations
        n = len(parcels)
        self._anchor = np.full((n, 2), np.nan)  # filled lazily for parcels that come in view
        self._room = np.full((n, 2), np.nan)  # width, height in metres
        self.text_colours = [QColor("black")]
        self.classes = np.zeros(n, dtype=np.int16)
        self.font = QFont()
        self.font.setPointSizeF(max(6.5, self.font.pointSizeF() * 0.85))

    def set_classes(self, classes: np.ndarray, fill_colours: list[QColor]) -> None:
        """Dark text on light fills, white text on dark ones."""
        self.classes = np.asarray(classes, dtype=np.int16)
        self.text_colours = self.text_colours_for(fill_colours)
        self.update()

    @staticmethod
    def text_colours_for(fill_colours: list[QColor]) -> list[QColor]:
        """White or near-black, whichever contrasts more (WCAG): a lightness threshold put
        white on mid greens such as #1b9e77 (3.4:1)."""
        light, dark = QColor("white"), QColor("#111111")
        return [light if contrast_ratio(light, c) > contrast_ratio(dark, c) else dark
                for c in fill_colours]

    def _prepare(self, indices: np.ndarray) -> None:
        todo = indices[np.isnan(self._anchor[indices, 0])]
        if len(todo) == 0:
            return
        geoms = self.parcels.geometries[todo]
        bounds = shapely.bounds(geoms)
        width, height = bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]
        boxy = shapely.area(geoms) >= 0.85 * width * height
        radius_lines = shapely.maximum_inscribed_circle(
            geoms, np.maximum(0.02 * np.minimum(width, height), 0.1))
        centres = shapely.get_coordinates(shapely.get_point(radius_lines, 0))
        diameter = 2 * shapely.length(radius_lines)
        self._anchor[todo] = np.where(boxy[:, None], np.column_stack(
            ((bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2)), centres)
        # The largest text box inside a circle of diameter d with a 3:1 aspect: 0.95 d wide.
        self._room[todo] = np.where(boxy[:, None], np.column_stack((width, height)),
                                    np.column_stack((0.95 * diameter, 0.32 * diameter)))

    def labels_for(self, indices: np.ndarray, scale: float) -> list[tuple[int, str]]:
        """Which of these parcels get a label at this scale (pixels per metre), and which."""
        if not labels_enabled(scale) or len(indices) == 0:
            return []
        indices = np.asarray(indices, dtype=np.int64)
        self._prepare(indices)
        metrics = QFontMetricsF(self.font)
        result = []
        for i, (w, h) in zip(indices.tolist(), (self._room[indices] * scale).tolist(),
                             strict=True):
            text = label_text(self.designations[i], w, h, metrics)
            if text:
                result.append((i, text))
        return result

    def anchor(self, index: int) -> QPointF:
        self._prepare(np.array([index]))
        x, y = self._anchor[index]
        return to_scene(float(x), float(y))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scale = _scale(painter)
        if not labels_enabled(scale):
            return
        labels = self.labels_for(self.parcels.visible(option.exposedRect), scale)
        if not labels:
            return
        painter.save()
        transform = painter.worldTransform()
        painter.resetTransform()
        painter.setFont(self.font)
        metrics = QFontMetricsF(self.font)
        height = metrics.height()
        for i, text in labels:
            x, y = self._anchor[i]
            at = transform.map(to_scene(float(x), float(y)))
            width = metrics.horizontalAdvance(text) + 2
            painter.setPen(self.text_colours[self.classes[i]])
            painter.drawText(QRectF(at.x() - width / 2, at.y() - height / 2, width, height),
                             Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
