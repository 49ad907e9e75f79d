"""Item 4 of issue 8: readable on every laptop: palette-following colours, facts that keep
their lines and say when they were observed, nothing off screen at 125 %, a list that fits
at 1920 px, and map colours that stay apart (checked numerically)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from field_window import open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QToolButton
from ui_factories import SAMPLE_VALUES, make_parcels, record

from otb_desktop.domain.colouring import standard_colourings
from otb_desktop.ui import palette
from otb_desktop.ui.map import legibility
from otb_desktop.ui.map.coordinates import to_scene
from otb_desktop.ui.panel import ParcelPanel
from otb_desktop.ui.panel.banner import KINDS, Banner
from otb_desktop.ui.panel.topic_chooser import TopicStatus
from otb_desktop.ui.survey_progress_dialog import _share_colour

LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=3 * 365)


pytestmark = pytest.mark.usefixtures("dutch_locale", "sync_workers")


@pytest.fixture
def dark(qapp):
    original = QPalette(qapp.palette())
    qapp.setPalette(palette.dark_palette())
    yield qapp.palette()
    qapp.setPalette(original)


@pytest.fixture
def parcels(context):
    ids = make_parcels(context, 6)
    record(context, ids[0], "vacancy", SAMPLE_VALUES["vacancy"], observed_at=LONG_AGO)
    record(context, ids[0], "condition", SAMPLE_VALUES["condition"])
    return ids


def test_banners_and_progress_cells_follow_a_dark_palette(qtbot, dark):
    text = dark.color(QPalette.ColorRole.WindowText)
    for kind in KINDS:
        banner = Banner(kind)
        qtbot.addWidget(banner)
        background, _border = banner.colours()
        assert palette.contrast_ratio(background, text) >= 4.5, kind
        assert palette.contrast_ratio(background, banner.label.palette().color(
            QPalette.ColorRole.WindowText)) >= 4.5, kind
    cell_text = dark.color(QPalette.ColorRole.Text)
    for share in (0.0, 0.5, 1.0):
        assert palette.contrast_ratio(_share_colour(share), cell_text) >= 4.5


def test_muted_fact_text_is_legible_in_light_and_dark(qtbot, context, parcels, dark):
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.show_parcel(parcels[1])  # nothing recorded: muted "not recorded" facts
    label = panel.facts.values["vacancy"]
    assert label.foregroundRole() == QPalette.ColorRole.PlaceholderText
    muted = dark.color(QPalette.ColorRole.PlaceholderText)
    assert palette.contrast_ratio(muted, dark.color(QPalette.ColorRole.Window)) >= 4.5


def test_facts_keep_their_second_line_and_show_observation_dates(qtbot, context, parcels):
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.resize(340, 900)
    panel.show()
    panel.show_parcel(parcels[1])
    panel.show_parcel(parcels[0])  # values change after the first layout
    qtbot.wait(10)
    vacancy = panel.facts.values["vacancy"]
    lines = vacancy.text().splitlines()
    assert len(lines) == 2 and "stale" in lines[1]
    metrics = vacancy.fontMetrics()  # two lines: one line spacing plus one line height
    assert vacancy.height() >= metrics.lineSpacing() + metrics.height()
    facts = panel.facts.layout_
    climate_row = facts.getItemPosition(facts.indexOf(panel.facts.values["climate"]))[0]
    climate_label = facts.itemAtPosition(climate_row, 0).widget()
    assert vacancy.geometry().bottom() < climate_label.geometry().top() + 2  # no overlap
    assert "vacancy" in panel.facts.stale
    assert "Testweg 2290" in panel.subtitle.text()  # the header shows the address


def test_stale_topics_are_marked_in_the_topic_list(qtbot, context, parcels):
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.show_parcel(parcels[0])
    chooser = panel.chooser
    assert "stale" in chooser.item(chooser.row_of("vacancy")).toolTip()
    assert "stale" not in chooser.item(chooser.row_of("condition")).toolTip()
    assert TopicStatus.STALE in {s for s, _unsaved in chooser._icons}


def test_nothing_falls_off_a_1366_screen_at_125_percent(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path, size=(1093, 584))  # 1366×768 / 1.25
    qtbot.wait(20)
    toolbar = window.toolbar
    buttons = [b for b in toolbar.findChildren(QToolButton) if b.defaultAction() in
               toolbar.actions() and b.isVisibleTo(toolbar)]
    assert len(buttons) >= 8
    for button in buttons:
        assert toolbar.rect().contains(button.geometry()), button.defaultAction().objectName()
    legend, zoom = window.canvas.legend.geometry(), window.canvas.zoom_buttons.geometry()
    assert not legend.intersects(zoom)
    dialog = window.show_survey_progress()
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.close()


def test_at_150_percent_the_legend_still_leaves_the_zoom_buttons_free(qtbot, context,
                                                                     tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path, size=(911, 512))  # 1366×768 / 1.5
    qtbot.wait(20)
    canvas = window.canvas
    assert canvas.legend.collapsed
    assert not canvas.legend.geometry().intersects(canvas.zoom_buttons.geometry())


def test_legend_folds_and_unfolds(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path)
    legend = window.canvas.legend
    tall = legend.height()
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert legend.collapsed and legend.height() < tall / 2
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton)
    assert not legend.collapsed


def test_list_shows_its_figures_without_scrolling_at_1920(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path, size=(1920, 1050))
    qtbot.wait(20)
    window._restore_splitter()
    qtbot.wait(20)
    header = window.list.horizontalHeader()
    assert header.length() <= window.list.viewport().width()
    assert not window.list.horizontalScrollBar().isVisible()
    assert window.proxy.index(0, 2).data() == "Testweg 2290"  # no ", Hengelo"
    # the column chooser hides a column
    window.column_chooser.aboutToShow.emit()
    action = window.column_chooser.actions()[1]
    action.setChecked(False)
    assert header.isSectionHidden(1)


def test_map_classes_stand_apart_from_background_and_no_data(qapp):
    background = legibility.background()
    for colouring in standard_colourings():
        for cls in colouring.classes:
            assert palette.colour_difference(QColor(cls.colour), background) >= 10, cls
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(legibility.no_data_fill())
    painter = QPainter(image)
    painter.fillRect(image.rect(), legibility.no_data_brush())
    painter.end()
    pixels = np.array([QColor(image.pixel(x, y)).getRgb()[:3]
                       for x in range(64) for y in range(64)])
    hatched = QColor(*[int(v) for v in pixels.mean(axis=0)])
    assert len({tuple(p) for p in pixels}) > 1  # a pattern, not a flat colour
    for colouring in standard_colourings():
        for cls in colouring.classes:
            assert palette.colour_difference(QColor(cls.colour), hatched) >= 5, cls
    assert palette.colour_difference(hatched, background) >= 5


def test_buildings_do_not_change_the_class_colour(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path)
    canvas = window.canvas
    canvas.set_colouring("survey_status")
    canvas.zoom_to_parcels([parcels[0]])
    qtbot.wait(20)
    # parcel 0 is 50 × 50 m from (250000, 475000); its building covers the lower 5 m
    inside_building = canvas.view.mapFromScene(to_scene(250_025, 475_002))
    outside = canvas.view.mapFromScene(to_scene(250_025, 475_030))
    image = canvas.view.viewport().grab().toImage()
    assert image.pixelColor(inside_building) == image.pixelColor(outside)
    assert image.pixelColor(outside) == QColor(canvas.colouring().classes[
        canvas.class_of(parcels[0])].colour)
    assert QPoint(0, 0) != inside_building
    QApplication.processEvents()


def test_a_banner_follows_a_palette_change_at_run_time(qtbot, qapp):
    banner = Banner("warning")
    qtbot.addWidget(banner)
    banner.show_message("Conflict")
    banner.resize(300, 60)
    original = QPalette(qapp.palette())
    try:
        qapp.setPalette(palette.dark_palette())
        QApplication.processEvents()
        image = banner.grab().toImage()
        fill = image.pixelColor(banner.width() - 6, banner.height() // 2)
        text = banner.label.palette().color(QPalette.ColorRole.WindowText)
        assert fill.lightnessF() < 0.4  # a dark fill, not the light one it was made with
        assert palette.contrast_ratio(fill, text) >= 4.5
    finally:
        qapp.setPalette(original)


def test_the_panel_marks_stale_with_the_window_setting(qtbot, context, tmp_path, parcels):
    record(context, parcels[2], "vacancy", SAMPLE_VALUES["vacancy"],
           observed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=70))
    window = open_window(qtbot, context, tmp_path)
    window.select_parcels([parcels[2]])
    assert "vacancy" not in window.panel.facts.stale  # 12 months by default
    window.set_stale_months(1)
    assert "vacancy" in window.panel.facts.stale
    chooser = window.panel.chooser
    assert "stale" in chooser.item(chooser.row_of("vacancy")).toolTip()


def test_the_toolbar_names_its_colouring_choice(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path)
    assert window.colouring_label.text() == "Colour map by:"
    assert window.colouring_label.buddy() is window.colouring_combo
