"""The one way the ranking window runs work off the GUI thread.

Today through ``ui.workers.run_task``; when the main window's operations object arrives, only
this function changes (and writes then announce ``dataChanged``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otb_desktop.ui import workers


def run_in_background(fn: Callable[[Any], Any], on_result: Callable[[Any], None],
                      on_error: Callable[[Exception], None], writes: bool = False,
                      on_progress: Callable[[int, int, str], None] | None = None):
    """Run ``fn(progress)`` in the background; callbacks arrive on the GUI thread."""
    return workers.run_task(fn, on_result=on_result, on_error=on_error,
                            on_progress=on_progress, writes=writes)
