"""Item 1 of issue 8: the date fields' calendar opens (button and F4) and picks a date.

Before the fix QCalendarWidget was constructed with window flags it does not take: the button
raised a TypeError and F4 (inside an event filter) took the whole process down.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QWidget
from ui_factories import make_parcels

from otb_desktop.ui.panel import ParcelPanel

pytestmark = pytest.mark.usefixtures("dutch_locale")


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


def test_every_window_action_runs_without_an_internal_error(qtbot, context, tmp_path,
                                                            monkeypatch):
    """Item 1: other code paths no test opened. Every menu action and the panel's buttons run
    once with the file dialogs cancelled; an exception anywhere fails the test."""
    from field_window import open_window
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from otb_desktop.ui import workers

    workers.set_synchronous(True)
    try:
        parcels = make_parcels(context, 3)
        window = open_window(qtbot, context, tmp_path)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
        monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
        monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
        for kind in ("information", "warning", "critical"):  # static boxes run their own loop
            monkeypatch.setattr(QMessageBox, kind,
                                staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
        monkeypatch.setattr(QMessageBox, "question",
                            staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
        monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False)))
        errors: list[BaseException] = []
        monkeypatch.setattr("sys.excepthook", lambda t, e, tb: errors.append(e))
        window.select_parcels([parcels[1]])
        skip = {"quit", "loadDemo"}
        triggered = 0
        for action in window.findChildren(type(window.act_find)):
            if action.objectName() in skip or not action.isEnabled() or action.menu():
                continue
            action.trigger()
            triggered += 1
            for widget in QApplication.topLevelWidgets():
                if widget is not window and widget.isVisible() and widget.isModal():
                    widget.close()
        panel = window.panel
        panel.show_timeline().close()
        panel.photos.choose_files()
        for topic in panel.topic_pages:
            panel.select_topic(topic, focus=True)
            panel.current_page().discard()
        assert triggered >= 20
        assert errors == []
    finally:
        workers.set_synchronous(False)
