"""Phase one of the start: a window on screen before SQLAlchemy, Shapely or any data load.

Importing the data layers (SQLAlchemy, Shapely, NumPy: about a second) and reading 20 000 or
200 000 parcels used to stand between the click and the first pixel. The start window needs
only Qt: it paints at once in the window's place and size with a busy indicator in its status
bar, and only after that first paint starts phase two on a background thread (imports, open
and migrate the database, read rows and map layers; ui/app.py). The GUI thread stays free, so
the window moves, resizes and repaints while it loads; when the data is there the main window
takes its place, already filled.

This module must not import services, persistence, sqlalchemy or shapely (a test checks that
none of them is loaded at the first paint).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QWidget

from otb_desktop.paths import resources_dir


class _Bridge(QObject):
    """Carries results from the loading thread to the GUI thread (queued signals)."""

    progress = Signal(str)
    done = Signal(object)
    failed = Signal(object, str)


class StartWindow(QMainWindow):
    """Shown first; ``load(fn)`` runs after the first paint, off the GUI thread.

    ``fn(report)`` does phase two (``report(text)`` updates the status bar); its result goes
    to ``on_done`` on the GUI thread, an exception to ``on_failed``. ``rowsLoaded(count)``
    is forwarded from the main window that replaces this one; ``main_window`` is that window.
    """

    rowsLoaded = Signal(int)
    firstPainted = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startWindow")
        self.setWindowTitle(title)
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
        self.main_window: Any = None
        self._painted = False
        self._job: tuple[Callable, Callable, Callable] | None = None
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self._show_progress)
        self.placeholder = QLabel(self.tr("Loading parcels…"), objectName="startPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.placeholder)
        self.status_text = QLabel(self.tr("Opening the database…"), objectName="startStatus")
        self.busy = QProgressBar(objectName="startBusy")
        self.busy.setRange(0, 0)  # busy: the load has no reliable total
        self.busy.setMaximumWidth(160)
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.busy)

    def load(self, fn: Callable[[Callable[[str], None]], Any],
             on_done: Callable[[Any], None],
             on_failed: Callable[[BaseException, str], None]) -> None:
        self._job = (fn, on_done, on_failed)
        if self._painted:
            QTimer.singleShot(0, self._start)

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt override
        result = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.firstPainted.emit()
            QTimer.singleShot(0, self._start)
        return result

    def _start(self) -> None:
        if self._job is None:
            return
        fn, on_done, on_failed = self._job
        self._job = None
        self._bridge.done.connect(on_done)
        self._bridge.failed.connect(on_failed)
        bridge = self._bridge

        def work() -> None:
            try:
                result = fn(bridge.progress.emit)
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                bridge.failed.emit(exc, traceback.format_exc())
            else:
                bridge.done.emit(result)

        threading.Thread(target=work, name="otb-start", daemon=True).start()

    def _show_progress(self, text: str) -> None:
        self.status_text.setText(text)
