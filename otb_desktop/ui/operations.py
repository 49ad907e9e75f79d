"""One write path and one change signal (Anki's CollectionOp, Picard's run_task).

Every database write of the window runs through ``operations().run(kind, fn, ...)``:

- ``fn(progress)`` runs on the one writer thread, never on the GUI thread; writes are
  serialised and each unit starts with ``BEGIN IMMEDIATE`` (see persistence.database), so a
  second writer (another program, the command line) waits its turn instead of failing.
- The operations object owns the progress dialog, Cancel and the error message.
- After a success it emits ``dataChanged(kind, ids)``; the list, map, panel and progress view
  subscribe to it instead of being refreshed by hand. ``ids`` are the parcel ids that changed,
  or None for "anything of this kind may have changed" (an import: reload everything).

Tests make it deterministic with ``set_blocking(True)`` (tests/conftest.py does, for every
test) or ``workers.set_synchronous(True)``: the job still runs on the writer thread (so the
no-write-on-the-GUI-thread test means something) but ``run`` waits for it and delivers the
callbacks before it returns.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from otb_desktop.progress import Cancelled
from otb_desktop.ui import workers

log = logging.getLogger(__name__)

# Kinds of change. Add one when a new kind of data is written (ranking, sheets, sync …).
PARCELS = "parcels"            # parcels, buildings, parks: import, demo (reload everything)
OBSERVATIONS = "observations"  # survey observations (save, observation import)
DRAFTS = "drafts"              # unsaved form input (device-local)
PHOTOS = "photos"              # photos and their captions
SETTINGS = "settings"          # device-local settings (user name)
EXPORTS = "exports"            # reads only (exports): serialised with the writes, changes nothing
INTAKES = "intakes"            # architect-pool intakes (3F) and the sites they make or join
PARK_FACTS = "park_facts"      # facts per park (chapter 4.1/4.5); no parcel row changes
SYNC = "sync"                  # sync with the central server: reload when it brought anything

_blocking = False


def set_blocking(value: bool) -> None:
    """Tests: ``run`` waits for the writer thread and calls back before it returns."""
    global _blocking
    _blocking = value


def _waits() -> bool:
    return _blocking or workers.synchronous()


Ids = Iterable[str] | None
IdsOf = Ids | Callable[[Any], Ids]


@dataclass(eq=False)
class Job:
    """One submitted write; Cancel sets the flag the job's progress calls check."""

    kind: str
    fn: Callable[..., Any]
    ids: IdsOf = None
    on_success: Callable[[Any], None] | None = None
    on_error: Callable[[Exception], bool] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    title: str = ""
    parent: QWidget | None = None
    cancelled: bool = False
    delivered: bool = False
    dialog: QProgressDialog | None = None
    future: Future | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self.cancelled = True


def _writer_thread_started() -> None:
    from otb_desktop.services.context import become_writer_thread  # not on the start path

    become_writer_thread()
    threading.current_thread().name = "otb-writer"


class Operations(QObject):
    """The window's write path. ``dataChanged(kind, ids)`` after every successful write."""

    dataChanged = Signal(str, object)  # kind, frozenset of parcel ids or None
    busyChanged = Signal(bool)
    _finished = Signal(object)         # Job; emitted on the writer thread, queued to the GUI
    _progressed = Signal(object, int, int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1,
                                            initializer=_writer_thread_started)
        self._pending: set[Job] = set()
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    # The API

    def run(self, kind: str, fn: Callable[..., Any], *, ids: IdsOf = None,
            title: str = "", progress: bool = True, cancellable: bool = True,
            on_success: Callable[[Any], None] | None = None,
            on_error: Callable[[Exception], bool] | None = None,
            on_progress: Callable[[int, int, str], None] | None = None,
            parent: QWidget | None = None) -> Job:
        """Run ``fn(progress)`` on the writer thread.

        ``ids``: the parcel ids that change, or a function of fn's result giving them, or None
        (anything of ``kind``). ``progress``: show a (window-modal) progress dialog titled
        ``title`` after 300 ms. ``on_success(result)`` and ``on_error(error)`` run on the GUI
        thread; ``on_error`` returns True when it showed the error itself; ``on_progress``
        (GUI thread) is for a job that shows its progress itself (progress=False). Cancelled jobs
        change nothing and only say so in the status bar of ``parent``'s window.
        """
        job = Job(kind, fn, ids, on_success, on_error, on_progress, title, parent)
        if progress:
            job.dialog = self._dialog(job, parent, cancellable)
        self._pending.add(job)
        if len(self._pending) == 1:
            self.busyChanged.emit(True)
        job.future = self._executor.submit(self._work, job)
        if _waits():
            job.future.result()
            self._deliver(job)
        return job

    def wait_for_all(self, timeout: float = 30.0) -> None:
        """Block until every submitted write has finished (at shutdown, in tests)."""
        for job in list(self._pending):
            if job.future is not None:
                with contextlib.suppress(Exception):  # reported through _deliver
                    job.future.result(timeout)
            self._deliver(job)

    # Writer thread

    def _work(self, job: Job) -> tuple[bool, Any]:
        def progress(done: int, total: int, message: str = "") -> None:
            if job.cancelled:
                raise Cancelled()
            if job.dialog is not None or job.on_progress is not None:
                self._progressed.emit(job, done, total, message)

        try:
            result = (True, job.fn(progress))
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread
            if not isinstance(exc, Cancelled):
                log.error("%s failed:\n%s", job.kind, traceback.format_exc())
            result = (False, exc)
        if not _waits():
            self._finished.emit(job)
        return result

    # GUI thread

    def _deliver(self, job: Job) -> None:
        if job.delivered or job.future is None or not job.future.done():
            return
        job.delivered = True
        self._pending.discard(job)
        if not self._pending:
            self.busyChanged.emit(False)
        if job.dialog is not None:
            job.dialog.reset()  # stops the timer that would show it later
            job.dialog.hide()
            job.dialog.deleteLater()
            job.dialog = None
        ok, value = job.future.result()
        if ok:
            if job.on_success is not None:
                job.on_success(value)
            ids = job.ids(value) if callable(job.ids) else job.ids
            self.dataChanged.emit(job.kind, None if ids is None else frozenset(ids))
            return
        if isinstance(value, Cancelled):
            window = job.parent.window() if job.parent is not None else self._window()
            if window is not None and hasattr(window, "statusBar"):
                window.statusBar().showMessage(self.tr("Cancelled; nothing was changed."), 5000)
            return
        if job.on_error is None or not job.on_error(value):
            show_error(job.parent or self._window(), job.title.rstrip("…"), value)

    def _show_progress(self, job: Job, done: int, total: int, message: str) -> None:
        if job.delivered:
            return
        if job.on_progress is not None:
            job.on_progress(done, total, message)
        dialog = job.dialog
        if dialog is None:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    def _dialog(self, job: Job, parent: QWidget | None, cancellable: bool) -> QProgressDialog:
        parent = parent or self._window()
        dialog = QProgressDialog(job.title, self.tr("Cancel") if cancellable else "", 0, 0,
                                 parent)
        dialog.setWindowTitle(self.tr("OTB Desktop"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        if cancellable:
            dialog.canceled.connect(job.cancel)
        else:
            dialog.setCancelButton(None)
        return dialog

    @staticmethod
    def _window() -> QWidget | None:
        from PySide6.QtWidgets import QApplication, QMainWindow

        active = QApplication.activeWindow()
        if isinstance(active, QMainWindow):
            return active
        mains = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMainWindow) and w.isVisible()]
        return mains[0] if mains else active


def show_error(parent: QWidget | None, what: str, error: Exception) -> None:
    """A user-fixable error (OtbError) as a warning; anything else names the log file."""
    from otb_desktop.domain.errors import OtbError
    from otb_desktop.logging_setup import log_file

    title = QCoreApplication.translate("Operations", "OTB Desktop")
    text = f"{what}\n\n{error}" if what else str(error)
    if isinstance(error, OtbError):
        QMessageBox.warning(parent, title, text)
        return
    where = log_file()
    details = QCoreApplication.translate(
        "Operations", "Details are in the log file %1.").replace("%1", str(where)) \
        if where else ""
    QMessageBox.critical(parent, title,
                         f"{what}\n\n{type(error).__name__}: {error}\n\n{details}")


_operations: Operations | None = None


def operations() -> Operations:
    """The application's one operations object (made at first use, lives with the app)."""
    global _operations
    if _operations is None:
        _operations = Operations(QCoreApplication.instance())
        _operations.destroyed.connect(_forget)
    return _operations


def _forget(*_args: Any) -> None:
    global _operations
    _operations = None
