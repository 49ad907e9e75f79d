"""The map view: pan, zoom (wheel around the cursor, keys), click, double click, tooltips.

The view knows nothing about parcels; it reports clicks in scene coordinates and asks a
callback for tooltip text, so the canvas owns selection and wording. Overlays (legend, scale
bar) are children of the view, not of its viewport, so scrolling does not move them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QTransform, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from otb_desktop.ui.map import legibility

ZOOM_STEP = 1.25
MAX_SCALE = 20.0  # pixels per metre: a 1 m wide path is 20 px wide
MIN_SCALE_SHARE = 0.25  # how far out one can zoom, relative to the whole data extent
PAN_SHARE = 0.2  # arrow keys move a fifth of the view
MIN_FIT_METRES = 250.0  # zooming to one small parcel still shows its neighbours
FIT_MARGIN = 0.08
OVERLAY_MARGIN = 8


class MapView(QGraphicsView):
    clicked = Signal(QPointF, object)  # scene point, Qt.KeyboardModifier
    doubleClicked = Signal(QPointF)
    scaleChanged = Signal(float)  # pixels per metre

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.tooltip_provider: Callable[[QPointF], str | None] | None = None
        self._extent = QRectF()
        self._home = QRectF()  # what "zoom to all" fits: the parks (see map.filtering)
        self._pending_fit: tuple[QRectF, float, float] | None = None  # until the view has a size
        self._showing_extent = False  # refit the whole extent on resize until the user moves
        self._press: QPoint | None = None
        self._overlays: list[tuple[QWidget, Qt.Corner]] = []
        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setBackgroundBrush(legibility.background())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)

    # --- extent and zoom -------------------------------------------------------------

    def set_extent(self, rect: QRectF) -> None:
        """The data's extent; the scene rect around it leaves room to pan past the edges."""
        self._extent = QRectF(rect)
        grow = max(rect.width(), rect.height(), 1000.0) * 2
        self.setSceneRect(rect.adjusted(-grow, -grow, grow, grow))

    def extent(self) -> QRectF:
        return QRectF(self._extent)

    def set_home(self, rect: QRectF) -> None:
        self._home = QRectF(rect)

    def home(self) -> QRectF:
        return QRectF(self._home if not self._home.isEmpty() else self._extent)

    def scale_factor(self) -> float:
        """Pixels per metre."""
        return self.transform().m11()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def _min_scale(self) -> float:
        if self._extent.isEmpty():
            return 1e-4
        return MIN_SCALE_SHARE * self._fit_scale(self._extent)

    def _fit_scale(self, rect: QRectF) -> float:
        size = self.viewport().size()
        return min(size.width() / max(rect.width(), 1e-9),
                   size.height() / max(rect.height(), 1e-9))

    def _has_size(self) -> bool:
        return self.viewport().width() > 10 and self.viewport().height() > 10

    def _set_scale(self, scale: float) -> None:
        scale = min(max(scale, self._min_scale(), 1e-6), MAX_SCALE)
        self.setTransform(QTransform.fromScale(scale, scale))
        self.scaleChanged.emit(scale)

    def zoom_by(self, factor: float, view_pos: QPointF | None = None) -> None:
        """Zoom keeping the scene point under ``view_pos`` (default: the centre) in place."""
        self._showing_extent = False
        if view_pos is None:
            view_pos = QPointF(self.viewport().rect().center())
        anchor = self.mapToScene(view_pos.toPoint())
        centre = self.mapToScene(self.viewport().rect().center())
        old = self.scale_factor()
        self._set_scale(old * factor)
        ratio = old / self.scale_factor()
        self.centerOn(anchor + (centre - anchor) * ratio)

    def fit(self, rect: QRectF, margin: float = FIT_MARGIN, min_metres: float = MIN_FIT_METRES
            ) -> None:
        """Show ``rect`` with a margin; tiny rectangles are grown to ``min_metres`` first."""
        self._showing_extent = False
        if not self._has_size():
            self._pending_fit = (QRectF(rect), margin, min_metres)
            return
        self._pending_fit = None
        rect = QRectF(rect)
        grow_w = max(0.0, min_metres - rect.width()) / 2
        grow_h = max(0.0, min_metres - rect.height()) / 2
        rect.adjust(-grow_w, -grow_h, grow_w, grow_h)
        mx, my = rect.width() * margin, rect.height() * margin
        rect.adjust(-mx, -my, mx, my)
        self._set_scale(self._fit_scale(rect))
        self.centerOn(rect.center())

    def fit_extent(self) -> None:
        home = self.home()
        if not home.isEmpty():
            self.fit(home, margin=0.12)
            self._showing_extent = True

    def centre_on(self, point: QPointF) -> None:
        self._showing_extent = False
        self.centerOn(point)

    def pan_by(self, dx: int, dy: int) -> None:
        self._showing_extent = False
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    # --- overlays --------------------------------------------------------------------

    def add_overlay(self, widget: QWidget, corner: Qt.Corner) -> None:
        widget.setParent(self)
        self._overlays.append((widget, corner))
        widget.show()
        self._place_overlays()

    def _place_overlays(self) -> None:
        area = self.viewport().geometry()
        for widget, corner in self._overlays:
            widget.adjustSize()
            size = widget.size()
            left = corner in (Qt.Corner.TopLeftCorner, Qt.Corner.BottomLeftCorner)
            top = corner in (Qt.Corner.TopLeftCorner, Qt.Corner.TopRightCorner)
            x = area.left() + OVERLAY_MARGIN if left else \
                area.right() - OVERLAY_MARGIN - size.width()
            y = area.top() + OVERLAY_MARGIN if top else \
                area.bottom() - OVERLAY_MARGIN - size.height()
            widget.move(x, y)
            widget.raise_()

    def refresh_overlays(self) -> None:
        self._place_overlays()

    # --- events ----------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._place_overlays()
        if self._has_size() and self._pending_fit is not None:
            self.fit(*self._pending_fit)
        elif self._has_size() and self._showing_extent:
            self.fit_extent()
        self.scaleChanged.emit(self.scale_factor())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        width, height = self.viewport().width(), self.viewport().height()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Home:
            self.fit_extent()
        elif key == Qt.Key.Key_Left:
            self.pan_by(-int(width * PAN_SHARE), 0)
        elif key == Qt.Key.Key_Right:
            self.pan_by(int(width * PAN_SHARE), 0)
        elif key == Qt.Key.Key_Up:
            self.pan_by(0, -int(height * PAN_SHARE))
        elif key == Qt.Key.Key_Down:
            self.pan_by(0, int(height * PAN_SHARE))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        moved = (event.position().toPoint() - self._press).manhattanLength()
        self._press = None
        if moved >= QApplication.startDragDistance():
            self._showing_extent = False  # the user dragged the map
        else:
            self.clicked.emit(self.mapToScene(event.position().toPoint()), event.modifiers())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.doubleClicked.emit(self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ToolTip and self.tooltip_provider is not None:
            text = self.tooltip_provider(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)
