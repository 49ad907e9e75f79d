"""Map colours that stay apart: the palest class, "no data", filtered-out parcels and the
background are distinguishable, and checked numerically (WCAG contrast, tests).

The class colours come from ColorBrewer schemes whose palest step is near white, so the map's
background is a warm light grey rather than off-white; "no data" is hatched (a pattern cannot
be mistaken for any class colour) and filtered-out parcels take a shade of the background.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

BACKGROUND = "#d6d4cd"
NO_DATA_FILL = "#fbfbfb"
NO_DATA_HATCH = "#5a5a5a"
FILTERED_OUT = "#c9c7c0"
MIN_CLASS_CONTRAST = 1.25  # palest class against the background


def background() -> QColor:
    return QColor(BACKGROUND)


def no_data_brush() -> QBrush:
    """Hatched: distinct from every flat class colour and from the background."""
    return QBrush(QColor(NO_DATA_HATCH), Qt.BrushStyle.BDiagPattern)


def no_data_fill() -> QColor:
    return QColor(NO_DATA_FILL)


def filtered_out() -> QColor:
    return QColor(FILTERED_OUT)
