"""One way to run long work off the GUI thread (Picard's run_task, Anki's operations).

``run_task(fn, on_result=..., on_error=...)`` runs ``fn(progress)`` on the global
QThreadPool; results, errors and progress come back on the GUI thread through signals.
Database writes go through ``ui/operations.py`` (one writer thread). Tests can call
``set_synchronous(True)`` to run tasks inline.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from otb_desktop import gc_pause
from otb_desktop.progress import Cancelled

log = logging.getLogger(__name__)

_synchronous = False
_running: set[Task] = set()  # keeps the Python side of running tasks alive


def bulk_load() -> contextlib.AbstractContextManager[None]:
    """Around reading every parcel: no cyclic garbage collection meanwhile, and what was
    read frozen afterwards (``gc_pause.paused``; shared with a sync's pull).

    Reading 200 000 parcels makes millions of objects; each full collection then walks all
    of them while holding the GIL, 0.1–0.4 s at a time, about ten times per load: seconds
    of load time and the longest stalls of the GUI thread. Frozen, the loaded rows are not
    walked again by later collections either (they hold no cycles; reference counting still
    frees them after the next load)."""
    return gc_pause.paused(freeze=True)


def pause_gc() -> Callable[[], None]:
    """``bulk_load`` over several event-loop turns: entered now; the function returned
    leaves it (once, however often it is called)."""
    held = bulk_load()
    held.__enter__()
    done = False

    def resume() -> None:
        nonlocal done
        if not done:
            done = True
            held.__exit__(None, None, None)

    return resume


def set_synchronous(value: bool) -> None:
    global _synchronous
    _synchronous = value


def later(receiver: QObject, fn: Callable[[], None], msecs: int = 1) -> None:
    """``fn`` in a later event-loop turn (a 1 ms timer: Qt runs zero timers as posted events,
    one chain that input and repaints wait for); at once when tasks run inline (tests)."""
    if _synchronous:
        fn()
    else:
        QTimer.singleShot(msecs, receiver, fn)


def synchronous() -> bool:
    """True in tests: tasks run inline, operations wait for their writer thread."""
    return _synchronous


class TaskSignals(QObject):
    progress = Signal(int, int, str)
    result = Signal(object)
    error = Signal(object)
    done = Signal()


class Task(QRunnable):
    """Runs ``fn(progress)``; never touches widgets. Cancel sets a flag fn's progress checks."""

    def __init__(self, fn: Callable[..., Any]):
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total, message)

    def run(self) -> None:
        try:
            value = self.fn(self._progress)
        except Exception as exc:  # noqa: BLE001 - reported on the GUI thread, never swallowed
            log.error("task failed:\n%s", traceback.format_exc())
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.done.emit()


def run_task(fn: Callable[..., Any], *, on_result: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None,
             on_progress: Callable[[int, int, str], None] | None = None) -> Task:
    """Start ``fn(progress)`` in the background; callbacks run on the GUI thread."""
    task = Task(fn)
    task.setAutoDelete(False)
    _running.add(task)
    task.signals.done.connect(lambda: _running.discard(task))
    if on_result:
        task.signals.result.connect(on_result)
    if on_error:
        task.signals.error.connect(on_error)
    if on_progress:
        task.signals.progress.connect(on_progress)
    if _synchronous:
        task.run()
    else:
        QThreadPool.globalInstance().start(task)
    return task


def wait_for_all(msecs: int = 30_000) -> None:
    """Called at shutdown so no write is cut off half-way."""
    QThreadPool.globalInstance().waitForDone(msecs)
    from otb_desktop.ui import operations  # the one write path; imports this module

    if operations._operations is not None:
        operations._operations.wait_for_all(msecs / 1000)
