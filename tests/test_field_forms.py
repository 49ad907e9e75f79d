"""Item 5 of issue 8: forms say what is allowed before anything is typed, mark invalid
fields, show cross-field checks together with the others, and ask for dates in the format
their messages use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from ui_factories import make_parcels

from otb_desktop.ui import i18n
from otb_desktop.ui.panel import ParcelPanel


@pytest.fixture
def dutch(qapp):
    previous = QLocale()
    i18n.set_language("nl")
    yield
    i18n.set_language("en")
    QLocale.setDefault(previous)


@pytest.fixture
def panel(qtbot, context, dutch):
    parcels = make_parcels(context, 1)
    widget = ParcelPanel(context)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.show()
    widget.show_parcel(parcels[0])
    return widget


def page_of(panel, topic: str):
    panel.select_topic(topic)
    return panel.current_page()


def test_ranges_and_units_are_hinted_before_typing(panel):
    form = page_of(panel, "vacancy").form
    total = form.editors["total_floor_area_m2"].line
    assert total.text() == ""
    assert total.placeholderText() == "0 – 1.000.000"
    assert "m²" in total.toolTip() and "1.000.000" in total.toolTip()
    overall = page_of(panel, "condition").form.editors["overall"]
    assert "1" in overall.focus_widget.toolTip() and "6" in overall.focus_widget.toolTip()


def test_date_format_asked_is_the_one_in_the_message(qtbot, panel):
    page = page_of(panel, "vacancy")
    line = page.form.editors["vacant_since"].line
    assert line.placeholderText() == "dd-mm-jjjj"
    page.form.editors["total_floor_area_m2"].line.setText("100")
    page.form.editors["vacant_floor_area_m2"].line.setText("10")
    line.setText("31-13-2024")
    assert not page.save()
    text = page.form.messages["vacant_since"].text()
    assert "dd-mm-jjjj" in text and "JJJJ-MM-DD" not in text
    line.setText("01-01-2999")
    assert not page.save()
    assert "01-01-2999" in page.form.messages["vacant_since"].text()


def test_invalid_fields_are_marked_not_only_described(qtbot, panel):
    page = page_of(panel, "planning_capacity")
    editor = page.form.editors["max_height_m"]
    qtbot.keyClicks(editor.focus_widget, "999")
    page.form.editors["max_coverage_pct"].focus_widget.setText("70")
    assert not page.save()
    assert page.form.invalid_fields() == ["max_height_m"]
    assert "border" in editor.focus_widget.styleSheet()
    assert page.form.labels["max_height_m"].text().startswith("⚠")
    editor.focus_widget.setText("12")
    page.save()
    assert page.form.invalid_fields() == []
    assert editor.focus_widget.styleSheet() == ""


def test_cross_field_checks_are_shown_with_the_field_issues(qtbot, panel):
    page = page_of(panel, "climate_adaptation")
    page.form.editors["paved_pct"].line.setText("80")
    page.form.editors["green_pct"].line.setText("40")
    page.form.editors["water_storage_m3"].line.setText("-5")  # a field issue at once
    assert not page.save()
    assert page.form.messages["water_storage_m3"].text()
    assert "100 %" in page.form.messages["green_pct"].text()
    assert set(page.form.invalid_fields()) == {"water_storage_m3", "green_pct"}
