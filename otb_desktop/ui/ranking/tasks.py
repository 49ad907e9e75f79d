"""The one way the ranking window runs work off the GUI thread.

Reads (loading the ranking, the sensitivity analysis) run on the thread pool
(``ui.workers.run_task``); writes (sites, weight profiles, park priorities) go through the
window's one write path, ``operations().run``, on the writer thread, and announce themselves
with ``dataChanged`` (kinds ``SITES`` and ``WEIGHTS``; no parcel changes, so the parcel views
read nothing again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otb_desktop.ui import workers
from otb_desktop.ui.operations import operations

SITES = "sites"  # a site's revision (members, stage, chapter 5, roles)
WEIGHTS = "weight_profiles"  # a weight profile or a park's priorities


def run_in_background(fn: Callable[[Any], Any], on_result: Callable[[Any], None],
                      on_error: Callable[[Exception], None], writes: bool = False,
                      on_progress: Callable[[int, int, str], None] | None = None,
                      kind: str = SITES):
    """Run ``fn(progress)`` in the background; callbacks arrive on the GUI thread.

    ``on_error`` shows the error itself (inline in the form, or a message box).
    """
    if not writes:
        return workers.run_task(fn, on_result=on_result, on_error=on_error,
                                on_progress=on_progress)

    def handled(error: Exception) -> bool:
        on_error(error)
        return True

    return operations().run(kind, fn, ids=(), progress=False, on_success=on_result,
                            on_error=handled, on_progress=on_progress)
