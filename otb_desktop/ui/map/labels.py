"""When and how a parcel is labelled with its cadastral designation.

Labels appear only at street zoom (a parcel label at town scale is unreadable clutter) and
only where the text fits inside the parcel; a narrow parcel gets its short form
(section and number, then the number alone) rather than a label spilling over its neighbours.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

from otb_desktop.domain import designation

LABEL_MIN_SCALE = 0.8  # pixels per metre (about 1 : 4 500 on a laptop screen)
PADDING_PX = 4.0


def labels_enabled(scale: float) -> bool:
    return scale >= LABEL_MIN_SCALE


def candidates(text: str) -> list[str]:
    """The designation from its full form down to the parcel number."""
    parsed = designation.parse(text)
    if parsed is None:
        return [text]
    return [str(parsed), f"{parsed.section} {parsed.number}", str(parsed.number)]


def label_text(text: str, width_px: float, height_px: float,
               metrics: QFontMetricsF) -> str | None:
    """The longest form of the designation that fits a parcel of this size on screen."""
    if height_px < metrics.height() + PADDING_PX:
        return None
    for candidate in candidates(text):
        if metrics.horizontalAdvance(candidate) + PADDING_PX <= width_px:
            return candidate
    return None
