"""Issue 8, item 4: legible in a dark palette and in Windows' high-contrast palettes, checked
numerically (WCAG contrast ≥ 4.5 for text): banners, survey-progress cells, the parcel facts,
and the legend and labels drawn over the map (which keeps its own light colours)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from ui_factories import make_parcels

from otb_desktop.domain.colouring import standard_colourings
from otb_desktop.ui import palette
from otb_desktop.ui.map import legibility
from otb_desktop.ui.map.legend import Legend, LegendEntry
from otb_desktop.ui.panel import ParcelPanel
from otb_desktop.ui.panel.banner import KINDS, Banner
from otb_desktop.ui.survey_progress_dialog import _share_colour

TEXT = 4.5  # WCAG AA for body text

PALETTES = {
    "dark": palette.dark_palette,
    "high contrast black": lambda: palette.high_contrast_palette(dark=True),
    "high contrast white": lambda: palette.high_contrast_palette(dark=False),
    "high contrast yellow on black": lambda: palette.high_contrast_palette(
        dark=True, text="#ffff00"),
    "high contrast green on black": lambda: palette.high_contrast_palette(
        dark=True, text="#3ff23f"),
}


@pytest.fixture(params=list(PALETTES))
def applied(request, qapp):
    original = QPalette(qapp.palette())
    qapp.setPalette(PALETTES[request.param]())
    QApplication.processEvents()
    yield qapp.palette()
    qapp.setPalette(original)
    QApplication.processEvents()


def _over(top: QColor, below: QColor) -> QColor:
    """``top`` (with its alpha) composited over an opaque ``below``."""
    return palette.mix(below, QColor(top.red(), top.green(), top.blue()), top.alphaF())


def _shown(widget) -> QColor:
    return widget.palette().color(widget.foregroundRole())


def test_banner_text_on_its_fill(qtbot, applied):
    for kind in KINDS:
        banner = Banner(kind)
        qtbot.addWidget(banner)
        banner.show_message("Conflict")
        banner.resize(300, 60)
        fill, _border = banner.colours()
        assert palette.contrast_ratio(fill, _shown(banner.label)) >= TEXT, kind
        painted = banner.grab().toImage().pixelColor(banner.width() - 6, banner.height() - 3)
        assert palette.contrast_ratio(painted, _shown(banner.label)) >= TEXT, kind


def test_progress_cell_text_on_its_fill(applied):
    text = applied.color(QPalette.ColorRole.Text)
    for share in (0.0, 0.25, 0.5, 0.75, 1.0):
        assert palette.contrast_ratio(_share_colour(share), text) >= TEXT, share


def test_fact_labels_and_values_on_their_background(qtbot, context, applied):
    ids = make_parcels(context, 2)
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.show_parcel(ids[1])  # nothing recorded: muted "not recorded" values
    facts = panel.facts
    background = facts.palette().color(facts.backgroundRole())
    labels = [facts.layout_.itemAtPosition(row, 0).widget() for row in range(len(facts.values))]
    assert labels and facts.values
    for widget in [*labels, *facts.values.values()]:
        assert palette.contrast_ratio(_shown(widget), background) >= TEXT, widget.text()


def _map_colours() -> list[QColor]:
    """Everything the legend can be drawn over: background, classes, no data, filtered."""
    colours = [legibility.background(), legibility.no_data_fill(),
               QColor(legibility.NO_DATA_HATCH), legibility.filtered_out()]
    for colouring in standard_colourings():
        colours += [QColor(cls.colour) for cls in colouring.classes]
    return colours


def test_legend_text_over_the_map_whatever_the_palette(qtbot, applied):
    legend = Legend()
    qtbot.addWidget(legend)
    legend.set_entries("Survey status", [LegendEntry("Surveyed", QColor("#1b7837"), 3)], 2)
    fill, text, muted = legend.colours()
    for below in _map_colours():
        panel = _over(fill, below)
        assert palette.contrast_ratio(text, panel) >= TEXT, below.name()
        assert palette.contrast_ratio(muted, panel) >= TEXT, below.name()
    # and what is painted: the panel's corner pixel over a dark map colour
    legend.resize(legend.sizeHint())
    image = legend.grab().toImage()
    image.fill(QColor("#08306b"))
    legend.render(image)
    painted = image.pixelColor(legend.width() - 3, legend.height() // 2)
    assert palette.contrast_ratio(text, painted) >= TEXT
    assert palette.contrast_ratio(muted, painted) >= TEXT


def test_parcel_labels_on_every_class_colour(applied):
    from otb_desktop.ui.map.items import LabelItem

    for colouring in standard_colourings():
        fills = [QColor(cls.colour) for cls in colouring.classes] + [legibility.no_data_fill(),
                                                                      legibility.filtered_out()]
        chosen = LabelItem.text_colours_for(fills)
        for fill, text in zip(fills, chosen, strict=True):
            assert palette.contrast_ratio(text, fill) >= TEXT, (colouring.key, fill.name())
