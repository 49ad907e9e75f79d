"""How long work reports progress, whoever shows it (terminal bar, Qt signal, test)."""

from __future__ import annotations

from collections.abc import Callable

# progress(done, total, message): total 0 means "unknown".
Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """Default when nobody is watching."""


class Cancelled(Exception):
    """Raised inside long work when the user cancelled; the transaction is rolled back."""
