"""The sheets' one font family, registered once and made ReportLab's base font.

ReportLab's canvas selects Helvetica at every page start unless told otherwise; a PDF that
names Helvetica without embedding it prints differently per viewer and fails archival
checks. Registering DejaVu Sans (resources/fonts, licence there) and making it the canvas
base font leaves ``pdffonts`` with embedded subsets only.
"""

from __future__ import annotations

from functools import cache

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from otb_desktop.paths import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> str:
    """Register the family (idempotent) and return the regular face's name."""
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)  # no italic face shipped: upright stands in
    addMapping(REGULAR, 1, 1, BOLD)
    rl_config.canvas_basefontname = REGULAR
    return REGULAR
