"""Sync in the window: on demand and on a timer while a server is set up, as a background
job; the status bar shows the last sync, records waiting and conflicts.

Offline is the normal case: an unreachable server only changes the status text, never opens
a dialog. Only a sync the user asked for reports a real refusal (a message he can act on).
The job runs through the window's operations object (one write path, ``dataChanged``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
)

from otb_desktop.domain.wording import number
from otb_desktop.ui import workers
from otb_desktop.ui.operations import SYNC, Job, operations

if TYPE_CHECKING:
    from otb_desktop.sync import status as sync_status

INTERVAL_MS = 5 * 60 * 1000


class SyncController(QObject):
    def __init__(self, window: QMainWindow, interval_ms: int = INTERVAL_MS):
        super().__init__(window)
        self.window = window
        self.context = window.context
        self.running = False
        self.offline = False
        self.progress_text = ""
        self._state: sync_status.SyncState | None = None
        self.action = QAction(self.tr("S&ynchronise now"), window, objectName="actSync")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.action.triggered.connect(self.sync_now)
        window.menu_file.insertAction(window.act_quit, self.action)
        window.menu_file.insertSeparator(window.act_quit)
        self.conflicts_action = QAction(self.tr("&Conflicts…"), window,
                                        objectName="actConflicts")
        self.conflicts_action.triggered.connect(self.show_conflicts)
        window.menu_view.addAction(self.conflicts_action)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self.timer.start()
        # The first count once the window's first load has settled (MainWindow.after_settled):
        # counting (and importing the sync modules, SQLAlchemy and psycopg) on the thread pool
        # while list and map were handed over took CPU and the GIL from the GUI thread and
        # delayed the filled window (200 000 parcels: a second or more).
        loaded = getattr(window, "rowsLoaded", None)
        if loaded is None:
            QTimer.singleShot(0, self.refresh)
        else:
            def first_load(_count: int) -> None:
                loaded.disconnect(first_load)
                window.after_settled(self.refresh)

            loaded.connect(first_load)

    def refresh(self, recount: bool = True) -> None:
        """Status bar text from the current state (a few counts; progress reuses them)."""
        self.action.setText(self.tr("S&ynchronise now"))
        self.conflicts_action.setText(self.tr("&Conflicts…"))
        if recount or self._state is None:
            # Counted on the thread pool: the outbox and the conflicts of 200 000 parcels
            # take a second or more, which the GUI thread must not wait for.
            context = self.context

            def count(_progress) -> sync_status.SyncState:
                # Imported here, on the worker, and without cyclic collection meanwhile
                # (workers.bulk_load): the first time this imports psycopg and SQLAlchemy.
                with workers.bulk_load():
                    from otb_desktop.sync import status as sync_status

                    return sync_status.sync_state(context)

            workers.run_task(count, on_result=self._counted)
            if self._state is None:
                return
        self._show(self._state)

    def _counted(self, state: sync_status.SyncState) -> None:
        self._state = state
        self._show(state)

    def _show(self, state: sync_status.SyncState) -> None:
        if state.server is None:
            self.window.set_sync_state(
                self.tr("Sync: not set up"),
                self.tr("Synchronisation with the central database has not been set up on "
                        "this laptop"))
            return
        last = (state.last_sync.astimezone().strftime("%d-%m %H:%M") if state.last_sync
                else self.tr("never"))
        text = self.tr("Sync: %1 · %2 waiting · %3").replace(
            "%1", self.progress_text or (self.tr("offline") if self.offline else last)
        ).replace("%2", number(state.waiting)).replace(
            "%3", self.tr("%n conflict(s)", "", state.conflicts))
        tip = self.tr("Server %1; last synchronised %2. Working offline is normal: what "
                      "waits is sent at the next sync.").replace("%1", state.server
                                                                 ).replace("%2", last)
        self.window.set_sync_state(text, tip)

    def sync_now(self, quiet: bool = False) -> None:
        from otb_desktop.sync import status as sync_status

        if self.running:
            return
        if not sync_status.is_set_up(self.context):  # not the counts: GUI thread
            if not quiet:
                self.set_up()   # its OK starts the sync; the timer never asks
            return
        self.running = True
        self.progress_text = self.tr("synchronising…")
        self.refresh()

        def progressed(done: int, total: int, message: str) -> None:
            self.progress_text = message
            self.refresh(recount=False)

        def finished(result) -> None:
            self.running, self.progress_text = False, ""
            if isinstance(result, Exception):        # offline: a state, not a failure
                self.offline = True
                self.refresh()
                self.window.statusBar().showMessage(str(result), 8000)
                return
            self.offline = False
            self.refresh()
            self.window.statusBar().showMessage("\n".join(result.summary_lines()), 8000)

        def failed(error: Exception) -> bool:
            self.running, self.progress_text = False, ""
            self.refresh()
            if quiet:
                self.window.statusBar().showMessage(str(error), 8000)
            else:
                self.window.show_error(self.tr("Synchronise"), error)
            return True

        def work(progress):
            try:
                return sync_status.run_sync(self.context, progress)
            except Exception as exc:
                if sync_status.is_offline(exc):
                    return exc
                raise

        self._start(work, finished, failed, progressed)

    def _start(self, fn, finished, failed, progressed) -> Job:
        """A background job through the window's one write path; the list, map and panel
        reload (dataChanged) only when the sync brought something."""
        def changed(result):
            brought = not isinstance(result, Exception) and sum(result.pulled.values())
            return None if brought else frozenset()

        return operations().run(SYNC, fn, ids=changed, progress=False, on_success=finished,
                                on_error=failed, on_progress=progressed, parent=self.window)

    def show_conflicts(self) -> QDialog:
        """Every conflict with base, mine and theirs; resolving = saving a new value."""
        from otb_desktop.services.conflicts import conflict_lines

        dialog = QDialog(self.window, objectName="conflictsDialog")
        dialog.setWindowTitle(self.tr("Conflicts"))
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit(readOnly=True, objectName="conflictsText")
        text.setPlainText(self.tr("Reading the conflicts…"))
        context = self.context  # read on the thread pool: every parcel's heads are compared
        workers.run_task(lambda _progress: conflict_lines(context),
                         on_result=lambda lines: text.setPlainText("\n".join(lines)),
                         on_error=lambda error: text.setPlainText(str(error)))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(720, 420)
        dialog.open()
        return dialog

    def set_up(self) -> QDialog:
        """Ask for server, user and password (window-modal, never blocking the event loop);
        OK stores them (password in the keyring) and starts the first sync."""
        from otb_desktop.sync import status as sync_status

        dialog = SyncSetupDialog(self.window)

        def accepted() -> None:
            try:
                sync_status.configure(self.context, dialog.url.text(), dialog.user.text(),
                                      dialog.password.text() or None)
            except Exception as exc:  # noqa: BLE001 - a Dutch message the user can act on
                self.window.show_error(self.tr("Synchronise"), exc)
                return
            self.sync_now()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog


class SyncSetupDialog(QDialog):
    """Server address and account; the password goes to the system keyring only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Central database"))
        self.url = QLineEdit(placeholderText="postgresql://server:5432/otb")
        self.user = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        form.addRow(self.tr("&Server:"), self.url)
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("&Password:"), self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
