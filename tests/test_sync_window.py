"""Sync in the window: background job, status bar (last sync, waiting, conflicts), offline
without any dialog."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from otb_desktop.central.loading import load_demo
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync import status as sync_status
from otb_desktop.ui import i18n
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings


def _window(qtbot, context, tmp_path) -> MainWindow:
    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    window.sync_controller.refresh()
    return window


def test_sync_from_the_window_updates_the_list_and_the_status_bar(
        central, laptops, qtbot, tmp_path, sync_workers, monkeypatch):
    load_demo(central.admin, parcels=25, seed=2)
    user = central.user("wim")
    laptop = laptops("w", user)
    window = _window(qtbot, laptop, tmp_path)
    assert "niet ingesteld" in window.sync_label.text() or "not set up" in \
        window.sync_label.text()
    sync_status.configure(laptop, central.admin.url, user, None)
    with qtbot.waitSignal(window.rowsLoaded, timeout=10_000):   # dataChanged → reload
        window.sync_controller.sync_now()
    assert window.model.rowCount() == 25
    parcel = first_parcel(laptop)
    SurveyService(laptop).record(parcel, "note", {"text": "in het veld"})
    window.sync_controller.refresh()
    label = window.sync_label.text()
    assert "1" in label.split("·")[1]                      # one record waiting
    window.sync_controller.sync_now()
    assert "0" in window.sync_label.text().split("·")[1]
    assert sync_status.sync_state(laptop).last_sync is not None


def first_parcel(context) -> str:
    with sqlite3.connect(context.database.path) as connection:
        return connection.execute("SELECT id FROM parcel LIMIT 1").fetchone()[0]


def test_offline_is_a_status_not_an_error_dialog(context, qtbot, tmp_path, sync_workers,
                                                 monkeypatch):
    shown = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(a))
    window = _window(qtbot, context, tmp_path)
    sync_status.configure(context, "postgresql://127.0.0.1:1/otb", "anna", None)
    window.sync_controller.sync_now()               # asked for, and the server is away
    window.sync_controller.sync_now(quiet=True)     # the timer
    assert shown == []
    assert "offline" in window.sync_label.text()
    assert window.sync_controller.timer.isActive()


def test_the_conflicts_view_lists_base_mine_and_theirs(central, laptops, qtbot, tmp_path,
                                                       sync_workers):
    load_demo(central.admin, parcels=10, seed=8)
    anna, bram = central.user("anna"), central.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    from otb_desktop.sync.engine import sync

    for laptop, user in ((a, anna), (b, bram)):
        sync(laptop, central.as_user(user))
    parcel = first_parcel(a)
    rules = {"max_height_m": 12, "max_coverage_pct": 60}
    SurveyService(a).record(parcel, "planning_capacity", {**rules, "plan_reference": "van Anna"})
    SurveyService(b).record(parcel, "planning_capacity", {**rules, "plan_reference": "van Bram"})
    for laptop, user in ((a, anna), (b, bram), (a, anna)):
        sync(laptop, central.as_user(user))
    window = _window(qtbot, a, tmp_path)
    assert "· 1 " in window.sync_label.text()            # one conflict counted
    dialog = window.sync_controller.show_conflicts()
    shown = dialog.findChild(QPlainTextEdit, "conflictsText").toPlainText()
    assert "mijn" in shown and "van Anna" in shown and "hun" in shown and "van Bram" in shown
    dialog.close()


def test_a_first_sync_from_the_starter_package_reloads_the_window(
        central, laptops, qtbot, tmp_path, sync_workers, monkeypatch):
    """The package replaces the whole database under the open window: the window reloads
    as after any large pull, and a later start shows the new rows, not a snapshot of the
    empty ones."""
    from otb_desktop.central import package
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    load_demo(central.admin, parcels=25, seed=2)
    package.build(central.admin)
    user = central.user("pia")
    laptop = laptops("p", user)
    window = _window(qtbot, laptop, tmp_path)
    assert window.model.rowCount() == 0
    sync_status.configure(laptop, central.admin.url, user, None)
    reports, real = [], sync_status.run_sync
    monkeypatch.setattr(sync_status, "run_sync",
                        lambda *args: reports.append(real(*args)) or reports[-1])
    with qtbot.waitSignal(window.rowsLoaded, timeout=20_000):   # dataChanged → reload
        window.sync_controller.sync_now()
    assert reports[0].package and window.model.rowCount() == 25
    window.close()
    again = AppContext(open_database(laptop.database.path))
    try:
        second = _window(qtbot, again, tmp_path)
        assert second.model.rowCount() == 25
    finally:
        again.database.close()


@pytest.mark.parametrize(("language", "expected"), [("nl", "nooit · 0 wachtend · 0 conflicten"),
                                                    ("en", "never · 0 waiting · 0 conflicts")])
def test_the_status_bar_counts_with_their_grammar(context, qtbot, tmp_path, sync_workers,
                                                  language, expected):
    """A count with its grammar in either language, never "conflict(en)"."""
    i18n.set_language(language)
    try:
        window = _window(qtbot, context, tmp_path)
        sync_status.configure(context, "postgresql://127.0.0.1:1/otb", "anna", None)
        window.sync_controller.refresh()
        assert window.sync_label.text().split(": ", 1)[1] == expected
    finally:
        i18n.set_language("en")
