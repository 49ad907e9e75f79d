"""The parcel's photos as a strip of thumbnails: add from files or by dropping them, double
click (or Enter) to see one large.

Shrinking and storing run off the GUI thread (run_task, one write at a time) with progress;
thumbnails are read in the background too and arrive as QImages (QPixmap is GUI-thread only).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.errors import OtbError
from otb_desktop.services.photos import PhotoService, PhotoView
from otb_desktop.ui.operations import PHOTOS, operations
from otb_desktop.ui.panel.banner import Banner
from otb_desktop.ui.panel.locale_text import format_date, format_datetime
from otb_desktop.ui.panel.photo_viewer import PhotoViewer
from otb_desktop.ui.workers import run_task

ICON_SIZE = QSize(112, 84)
IMAGE_FILTER = "*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp *.heic"

_Index = QModelIndex | QPersistentModelIndex


_last_folder: list[Path] = []  # the folder photos were last added from, this session


def start_folder() -> str:
    """Where the photo file dialog opens: the last folder used, else the user's Pictures."""
    if _last_folder and _last_folder[0].is_dir():
        return str(_last_folder[0])
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    return pictures if pictures and Path(pictures).is_dir() else str(Path.home())


def remember_folder(folder: Path) -> None:
    _last_folder[:] = [folder]


def dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class PhotoListModel(QAbstractListModel):
    """PhotoViews with their thumbnails; ``data()`` only reads what set_* put in."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.photos: list[PhotoView] = []
        self._icons: dict[str, QIcon] = {}
        self._placeholder = _placeholder_icon()

    def set_photos(self, photos: Sequence[PhotoView]) -> None:
        self.beginResetModel()
        self.photos = list(photos)
        self._icons = {k: v for k, v in self._icons.items() if k in {p.sha256 for p in photos}}
        self.endResetModel()

    def set_thumbnails(self, images: dict[str, QImage]) -> None:
        for sha, image in images.items():
            self._icons[sha] = QIcon(QPixmap.fromImage(image))
        if self.photos:
            self.dataChanged.emit(self.index(0), self.index(len(self.photos) - 1),
                                  [Qt.ItemDataRole.DecorationRole])

    def replace(self, photo: PhotoView) -> None:
        for row, existing in enumerate(self.photos):
            if existing.id == photo.id:
                self.photos[row] = photo
                self.dataChanged.emit(self.index(row), self.index(row))

    def has_thumbnail(self, row: int) -> bool:
        return self.photos[row].sha256 in self._icons

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(photo.sha256, self._placeholder)
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.caption or format_date(photo.date.astimezone().date())
        if role == Qt.ItemDataRole.ToolTipRole:
            source = (self.tr("date from EXIF") if photo.date_from_exif
                      else self.tr("date added"))
            lines = [photo.caption] if photo.caption else []
            lines.append(f"{format_datetime(photo.date)} ({source})")
            lines.append(self.tr("added by %1").replace("%1", photo.author))
            return "\n".join(lines)
        return None


def _placeholder_icon() -> QIcon:
    pixmap = QPixmap(ICON_SIZE)
    pixmap.fill(QColor("#e0e0e0"))
    return QIcon(pixmap)


def _read_thumbnails(service: PhotoService, photos: list[PhotoView]) -> dict[str, QImage]:
    images = {}
    for photo in photos:
        path = service.ensure_thumbnail(photo)
        if path is not None:
            image = QImage(str(path))
            if not image.isNull():
                images[photo.sha256] = image
    return images


class PhotoListView(QListView):
    """Accepts image files dropped from the file manager."""

    filesDropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        if dropped_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        files = dropped_files(event)
        if files:
            event.acceptProposedAction()
            self.filesDropped.emit(files)
        else:
            super().dropEvent(event)


class PhotoStrip(QWidget):
    """``photosAdded(parcel_id, count)`` after photos were stored."""

    photosAdded = Signal(str, int)
    photosChanged = Signal(str)  # a photo was withdrawn or moved away

    def __init__(self, service: PhotoService, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.parcel_id: str | None = None
        self.model = PhotoListModel(self)
        self._busy = False
        self.viewer: PhotoViewer | None = None
        self.parcel_choices = None  # callable -> [(id, label)], for moving a photo

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.add_button = QPushButton(self.tr("Add &photo…"))
        self.add_button.setAutoDefault(True)
        self.add_button.clicked.connect(self.choose_files)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.message = Banner("error")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.view = PhotoListView()
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(False)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setIconSize(ICON_SIZE)
        self.view.setGridSize(QSize(ICON_SIZE.width() + 12,
                                    ICON_SIZE.height() + self.fontMetrics().height() + 14))
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFixedHeight(self.view.gridSize().height() + 24)
        self.view.setAccessibleName(self.tr("Photos"))
        self.view.activated.connect(self.open_viewer)  # double click, or Enter
        self.view.filesDropped.connect(self.add_files)
        self.empty_hint = QLabel(self.tr("No photos yet. Drop image files here or use "
                                         "“Add photo…”."))
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.progress)
        header.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.view)
        layout.addWidget(self.empty_hint)
        self._update_title()

    def set_parcel(self, parcel_id: str | None) -> None:
        self.parcel_id = parcel_id
        self.message.hide()
        self.notice.hide()
        self.reload()

    def reload(self) -> None:
        photos = self.service.photos(self.parcel_id) if self.parcel_id else []
        self.model.set_photos(photos)
        self._update_title()
        missing = [p for row, p in enumerate(photos) if not self.model.has_thumbnail(row)]
        if missing:
            parcel = self.parcel_id
            run_task(lambda _progress: _read_thumbnails(self.service, missing),
                     on_result=lambda images: self._thumbnails_read(parcel, images))

    def _thumbnails_read(self, parcel_id: str | None, images: dict[str, QImage]) -> None:
        if parcel_id == self.parcel_id:
            self.model.set_thumbnails(images)

    def _update_title(self) -> None:
        count = self.model.rowCount()
        self.title.setText(self.tr("Photos (%n)", "", count))
        self.add_button.setEnabled(self.parcel_id is not None and not self._busy)
        self.empty_hint.setVisible(count == 0 and self.parcel_id is not None)
        self.view.setVisible(count > 0)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), start_folder(),
            self.tr("Images (%1);;All files (*)").replace("%1", IMAGE_FILTER))
        if files:
            remember_folder(Path(files[0]).parent)
            self.add_files([Path(f) for f in files])

    def add_files(self, paths: list[Path]) -> None:
        """Shrink and store the files in the background; errors appear above the strip."""
        if self.parcel_id is None or not paths or self._busy:
            return
        parcel_id = self.parcel_id
        self._busy = True
        self.message.hide()
        self.notice.hide()
        self.progress.setRange(0, len(paths) + 1)
        self.progress.setValue(0)
        self.progress.show()
        self._update_title()
        operations().run(
            PHOTOS, lambda progress: self.service.add_photos(parcel_id, paths,
                                                             progress=progress),
            ids=[parcel_id], progress=False,
            on_success=lambda added: self._added(parcel_id, len(paths), added),
            on_error=self._failed,
            on_progress=lambda done, total, _msg: self._progress(done, total))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _finish(self) -> None:
        self._busy = False
        self.progress.hide()
        self._update_title()

    def _added(self, parcel_id: str, requested: int, added: list[PhotoView]) -> None:
        self._finish()
        skipped = requested - len(added)
        if skipped:
            self.notice.setText(self.tr("%n photo(s) were already with this parcel and were "
                                        "not added again.", "", skipped))
            self.notice.show()
        if parcel_id == self.parcel_id:
            self.reload()
        self.photosAdded.emit(parcel_id, len(added))

    def _failed(self, error: Exception) -> bool:
        self._finish()
        if not isinstance(error, OtbError):
            return False  # a programming error: the operations object reports it
        self.message.show_message(str(error))
        return True

    def _photo_left(self, _photo_id: str) -> None:
        self.reload()
        self.photosChanged.emit(self.parcel_id or "")

    def open_viewer(self, index: QModelIndex) -> None:
        viewer = PhotoViewer(self.service, self.model.photos, index.row(), self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.captionChanged.connect(self.model.replace)
        viewer.parcel_choices = self.parcel_choices
        viewer.photoLeft.connect(self._photo_left)
        viewer.destroyed.connect(lambda: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
