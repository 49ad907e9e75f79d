"""Item 1 of issue 8: the date fields' calendar opens (button and F4) and picks a date.

Before the fix QCalendarWidget was constructed with window flags it does not take: the button
raised a TypeError and F4 (inside an event filter) took the whole process down.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QCalendarWidget, QWidget
from ui_factories import make_parcels

from otb_desktop.ui.panel import ParcelPanel


@pytest.fixture(autouse=True)
def dutch_locale():
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def page(qtbot, context):
    parcels = make_parcels(context, 1)
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    panel.show_parcel(parcels[0])
    panel.select_topic("vacancy")
    return panel.current_page()


def _open_calendar(page) -> QCalendarWidget:
    editor = page.form.editors["vacant_since"]
    assert editor.calendar is not None and editor.calendar.isVisible()
    return editor.calendar


def test_calendar_button_opens_and_a_click_picks_the_date(qtbot, page):
    editor = page.form.editors["vacant_since"]
    qtbot.mouseClick(editor.button, Qt.MouseButton.LeftButton)
    calendar = _open_calendar(page)
    with qtbot.waitSignal(page.form.edited):
        calendar.clicked.emit(QDate(2024, 3, 5))
    assert editor.line.text() == "05-03-2024"
    assert editor.calendar is None
    assert page.form.raw()["vacant_since"] == "2024-03-05"


def test_f4_opens_the_calendar_and_enter_picks_the_date(qtbot, page):
    editor = page.form.editors["vacant_since"]
    editor.line.setText("17-05-2024")
    editor.line.setFocus()
    qtbot.keyClick(editor.line, Qt.Key.Key_F4)
    calendar = _open_calendar(page)
    assert calendar.selectedDate() == QDate(2024, 5, 17)
    assert calendar.maximumDate() == QDate.currentDate()  # not in the future
    calendar.setSelectedDate(QDate(2024, 5, 20))
    view = calendar.findChild(QWidget, "qt_calendar_calendarview")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert editor.line.text() == "20-05-2024"
    assert editor.calendar is None
    assert page.form.raw()["vacant_since"] == "2024-05-20"


def test_calendar_closed_without_picking_leaves_the_field(qtbot, page):
    editor = page.form.editors["vacant_since"]
    editor.line.setText("01-02-2023")
    qtbot.keyClick(editor.line, Qt.Key.Key_F4)
    calendar = _open_calendar(page)
    calendar.close()
    qtbot.waitUntil(lambda: editor.calendar is None)
    assert editor.line.text() == "01-02-2023"
    # and it opens again
    qtbot.keyClick(editor.line, Qt.Key.Key_F4)
    assert _open_calendar(page).selectedDate() == QDate(2023, 2, 1)
    assert dt.date(2023, 2, 1) <= dt.date.today()
