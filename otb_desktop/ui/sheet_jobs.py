"""The one door through which the intake screens start background work.

Today it is ui/workers.run_task with a cancellable progress dialog; when the operations
object of issue 7 lands only this function changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from otb_desktop.ui import workers


def run_sheet_job(parent: QWidget, title: str, fn: Callable[..., Any], *,
                  on_result: Callable[[Any], None],
                  on_error: Callable[[Exception], None],
                  show_progress: bool = True) -> workers.Task:
    """Run ``fn(progress)`` off the GUI thread; a progress dialog with Cancel when asked."""
    dialog = None
    if show_progress:
        cancel = QCoreApplication.translate("SheetJobs", "Cancel")
        dialog = QProgressDialog(title, cancel, 0, 0, parent)
        dialog.setWindowTitle(QCoreApplication.translate("SheetJobs", "Intake sheets"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)

    def progressed(done: int, total: int, message: str) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
            if message:
                dialog.setLabelText(message)

    def close() -> None:
        if dialog is not None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    def finished(value: Any) -> None:
        close()
        on_result(value)

    def failed(error: Exception) -> None:
        close()
        on_error(error)

    task = workers.run_task(fn, on_result=finished, on_error=failed, on_progress=progressed)
    if dialog is not None:
        dialog.canceled.connect(task.cancel)
    return task


def run_intake_write(fn: Callable[[], Any], *, on_result: Callable[[Any], None],
                     on_error: Callable[[Exception], None]) -> workers.Task:
    """A write of the intake register (a new revision) on the write pool, off the GUI
    thread; the register reloads in ``on_result``."""
    return workers.run_task(lambda _progress: fn(), on_result=on_result, on_error=on_error,
                            writes=True)
