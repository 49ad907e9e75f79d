"""One photo large, with its caption (editable), date and author; Left/Right browse, Esc closes.

The caption is saved when it is confirmed with Enter, when browsing to another photo, or when
the viewer closes; it is the only thing about a photo that can change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.errors import OtbError
from otb_desktop.services.photos import PhotoService, PhotoView
from otb_desktop.ui import field_writes
from otb_desktop.ui.operations import PHOTOS, operations
from otb_desktop.ui.panel.banner import Banner
from otb_desktop.ui.panel.locale_text import format_datetime

BROWSE_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1,
               Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1}


class PhotoViewer(QDialog):
    captionChanged = Signal(object)  # PhotoView
    photoLeft = Signal(str)  # photo id: withdrawn or moved to another parcel

    def __init__(self, service: PhotoService, photos: Sequence[PhotoView], index: int,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.photos = list(photos)
        self.index = index
        self._pixmap = QPixmap()

        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(320, 240)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image.setStyleSheet("background: #202124; color: #e8eaed;")
        self.image.installEventFilter(self)
        self.caption = QLineEdit()
        self.caption.setMaxLength(500)
        self.caption.setPlaceholderText(self.tr("What does the photo show?"))
        self.caption.returnPressed.connect(self.save_caption)
        self.date = QLabel()
        self.author = QLabel()
        self.error = Banner("error")
        self.position = QLabel()
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.previous_button.clicked.connect(lambda: self.browse(-1))
        self.next_button.clicked.connect(lambda: self.browse(1))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.withdraw_button.setToolTip(self.tr(
            "Attached by mistake: the photo stops showing and being exported; the withdrawal "
            "is recorded (and synchronised), nothing is deleted"))
        self.withdraw_button.clicked.connect(lambda: self.withdraw_current())
        self.move_button = QPushButton(self.tr("&Move to parcel…"))
        self.move_button.setToolTip(self.tr("Attach the photo to another parcel"))
        self.move_button.clicked.connect(lambda: self.move_current())
        self.parcel_choices = None  # callable -> [(id, label)], set by the photo strip
        for button in (self.previous_button, self.next_button, close, self.withdraw_button,
                       self.move_button):
            button.setAutoDefault(False)

        details = QFormLayout()
        caption_label = QLabel(self.tr("&Caption"))
        caption_label.setBuddy(self.caption)
        details.addRow(caption_label, self.caption)
        details.addRow(self.tr("Date"), self.date)
        details.addRow(self.tr("Added by"), self.author)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.position)
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.move_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.error)
        layout.addLayout(details)
        layout.addLayout(buttons)

        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1000, int(screen.width() * 0.9)), min(760, int(screen.height() * 0.9)))
        self._show()
        self.image.setFocus()

    @property
    def photo(self) -> PhotoView:
        return self.photos[self.index]

    def _show(self) -> None:
        photo = self.photo
        self.setWindowTitle(photo.caption or self.tr("Photo"))
        self._pixmap = QPixmap(str(photo.path)) if photo.path.exists() else QPixmap()
        if self._pixmap.isNull():
            self.image.setText(self.tr("The photo file is not on this computer (yet)."))
        self.caption.setText(photo.caption)
        source = (self.tr("from EXIF") if photo.date_from_exif else self.tr("date added"))
        self.date.setText(f"{format_datetime(photo.date)} ({source})")
        self.author.setText(photo.author)
        self.position.setText(self.tr("%1 of %2").replace("%1", str(self.index + 1)).replace(
            "%2", str(len(self.photos))))
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.photos) - 1)
        self._scale()

    def _scale(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.image.size()
        ratio = self.image.devicePixelRatioF()
        scaled = self._pixmap.scaled(size * ratio, Qt.AspectRatioMode.KeepAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.image.setPixmap(scaled)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._scale()

    def browse(self, step: int) -> None:
        target = self.index + step
        if 0 <= target < len(self.photos) and self.save_caption():
            self.index = target
            self._show()

    def save_caption(self) -> bool:
        """Store an edited caption on the writer thread; False (with the message shown) when
        it was refused before this returns (always known when operations run synchronously;
        otherwise a later refusal is shown here, or as a message once the viewer closed)."""
        text = self.caption.text()
        if " ".join(text.split()) == self.photo.caption:
            return True
        index, photo_id, refused = self.index, self.photo.id, []

        def saved(updated: PhotoView) -> None:
            self.error.hide()
            self.photos[index] = updated
            self.captionChanged.emit(updated)

        def failed(error: Exception) -> bool:
            refused.append(error)
            if not isinstance(error, OtbError) or not self.isVisible():
                return False
            self.error.show_message(str(error))
            return True

        operations().run(PHOTOS, lambda _progress: self.service.set_caption(photo_id, text),
                         ids=[self.photo.parcel_id], progress=False, on_success=saved,
                         on_error=failed)
        return not refused

    def withdraw_current(self, confirmed: bool | None = None) -> bool:
        """Withdraw the shown photo (asks first unless ``confirmed`` is given)."""
        if confirmed is None:
            confirmed = QMessageBox.question(
                self, self.tr("Withdraw photo"), self.tr(
                    "Withdraw this photo from the parcel? It stops showing and being "
                    "exported; the withdrawal is kept in the parcel's history.")
            ) == QMessageBox.StandardButton.Yes
        if not confirmed:
            return False
        photo_id = self.photo.id
        field_writes.withdraw_photo(self.service, photo_id, self.photo.parcel_id,
                                    lambda _view: self._left(photo_id), self._failed)
        return True

    def move_current(self, parcel_id: str | None = None) -> bool:
        """Move the shown photo to another parcel (asks which unless ``parcel_id`` is given)."""
        if parcel_id is None:
            choices = self.parcel_choices() if self.parcel_choices else []
            choices = [(pid, label) for pid, label in choices if pid != self.photo.parcel_id]
            labels = [label for _pid, label in choices]
            label, ok = QInputDialog.getItem(self, self.tr("Move photo"), self.tr(
                "Parcel to attach the photo to (type a designation or address):"),
                labels, 0, True)
            if not ok or label not in labels:
                return False
            parcel_id = choices[labels.index(label)][0]
        photo_id = self.photo.id
        field_writes.move_photo(self.service, photo_id, self.photo.parcel_id, parcel_id,
                                lambda _view: self._left(photo_id), self._failed)
        return True

    def _failed(self, error: Exception) -> None:
        self.error.show_message(str(error))

    def _left(self, photo_id: str) -> None:
        """The photo was withdrawn or moved: on to the next one (or close)."""
        self.error.hide()
        self.photoLeft.emit(photo_id)
        index = next((i for i, p in enumerate(self.photos) if p.id == photo_id), None)
        if index is None:
            return
        del self.photos[index]
        if not self.photos:
            super().done(QDialog.DialogCode.Accepted)
            return
        self.index = min(self.index, len(self.photos) - 1)
        self._show()

    def done(self, result: int) -> None:
        if self.save_caption():
            super().done(result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.image and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            step = BROWSE_KEYS.get(Qt.Key(key_event.key()))
            if step:
                self.browse(step)
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        step = BROWSE_KEYS.get(Qt.Key(event.key()))
        if step and event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self.browse(step)  # PgUp/PgDown browse even while typing a caption
            return
        super().keyPressEvent(event)
