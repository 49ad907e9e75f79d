"""Dutch wording of counts and numbers, in one place so every message reads the same.

``count(1, "perceel", "percelen")`` is "1 perceel", ``count(1700, ...)`` "1.700 percelen":
Dutch groups thousands with a dot and writes decimals with a comma.
"""

from __future__ import annotations


def number(value: float, decimals: int = 0) -> str:
    """``1700`` → ``1.700``; ``1234.5, 1`` → ``1.234,5`` (Dutch grouping and decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count(n: int, singular: str, plural: str) -> str:
    """``1 perceel``, ``0 percelen``, ``1.700 percelen``."""
    return f"{number(n)} {singular if n == 1 else plural}"
