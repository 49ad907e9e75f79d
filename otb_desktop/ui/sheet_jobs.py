"""The one door through which the intake screens start background work: the operations
object (ui/operations.py), so sheets and intake saves share its writer thread, progress
dialog, Cancel and change signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from otb_desktop.progress import Cancelled
from otb_desktop.ui.operations import EXPORTS, INTAKES, Job, operations


def run_sheet_job(parent: QWidget, title: str, fn: Callable[..., Any], *,
                  on_result: Callable[[Any], None],
                  on_error: Callable[[Exception], None],
                  show_progress: bool = True) -> Job:
    """Run ``fn(progress)`` (gathering and writing sheets: reads only) off the GUI thread,
    with a progress dialog and Cancel when asked. ``on_error`` sees every error but Cancel
    (the operations object reports that in the status bar)."""
    def failed(error: Exception) -> bool:
        if isinstance(error, Cancelled):
            return False
        on_error(error)
        return True

    return operations().run(EXPORTS, fn, title=title, progress=show_progress,
                            on_success=on_result, on_error=failed, parent=parent)


def run_intake_write(fn: Callable[[], Any], *, on_result: Callable[[Any], None],
                     on_error: Callable[[Exception], None],
                     parent: QWidget | None = None) -> Job:
    """A write of the intake register (a new revision, perhaps a new site) on the writer
    thread; ``dataChanged("intakes", parcel ids of the intake)`` follows (the window reads
    only those rows again), the register reloads in ``on_result``."""
    def failed(error: Exception) -> bool:
        on_error(error)
        return True

    return operations().run(INTAKES, lambda _progress: fn(), progress=False,
                            ids=lambda intake: intake.parcel_ids, on_success=on_result,
                            on_error=failed, parent=parent)
