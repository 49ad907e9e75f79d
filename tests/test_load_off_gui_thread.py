"""The window stays responsive while it loads (issue 7 item 2): reading the rows and the map
layers, ordering the list and classifying every parcel for the map happen on the loading
thread; on the GUI thread ``apply_loaded`` only hands over what was prepared."""

import threading

import pytest
from PySide6.QtCore import QSettings

from otb_desktop.demo.generator import generate
from otb_desktop.domain.colouring import Colouring
from otb_desktop.services.map_data import MapDataService
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui import app as otb_app
from otb_desktop.ui import i18n
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings


@pytest.fixture
def calls(monkeypatch):
    """Per watched function the threads it ran on (True: the GUI thread)."""
    seen: dict[str, list[bool]] = {}

    def watch(owner, name):
        original = getattr(owner, name)

        def wrapped(*args, **kwargs):
            seen.setdefault(name, []).append(threading.current_thread() is threading.main_thread())
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapped)

    watch(ParcelService, "start_rows")  # the load's read of every row
    watch(MapDataService, "load")
    # Every parcel's class comes from one call of ``measures`` per load (loading.classify),
    # no longer from ``classify`` per parcel: that call is what must be off the GUI thread.
    watch(Colouring, "measures")
    return seen


def test_a_reload_reads_and_classifies_on_a_worker_thread(qtbot, context, tmp_path, calls):
    generate(context, parcels=60, seed=2)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(context, settings)
    qtbot.addWidget(window)
    calls.clear()
    with qtbot.waitSignal(window.rowsLoaded, timeout=30_000):
        window.reload()
    assert window.model.rowCount() == 60
    # Off the GUI thread, every time (a window of an earlier test still listening to the
    # shared operations signal may read once more: the thread is what counts here).
    for name in ("start_rows", "load", "measures"):
        assert calls[name] and not any(calls[name]), name  # 60 parcels, none on the GUI
    legend = window.canvas.legend
    assert sum(entry.count for entry in legend.entries()) == 60


def test_the_two_phase_start_reads_and_classifies_off_the_gui_thread(
    qtbot, context, tmp_path, calls
):
    generate(context, parcels=40, seed=3)
    path = context.database.path
    context.database.close()
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    calls.clear()
    language = i18n.current_language()
    shell = otb_app.start_fast(path, settings)
    with qtbot.waitSignal(shell.rowsLoaded, timeout=60_000):
        pass
    window = shell.main_window
    try:
        assert window.model.rowCount() == 40
        assert calls["start_rows"] == [False] and calls["load"] == [False]
        assert calls["measures"] and not any(calls["measures"])
    finally:
        window.close()
        window.context.database.close()
        i18n.set_language(language or i18n.SOURCE_LANGUAGE)  # start_fast set Dutch
