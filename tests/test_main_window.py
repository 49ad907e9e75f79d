"""The main window end to end: real list, map, panel and services on a temporary database."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QLocale, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui import i18n, workers
from otb_desktop.ui.main_window import DEFAULT_SPLITTER_SIZES, MainWindow
from otb_desktop.ui.operations import OBSERVATIONS, operations, set_blocking
from otb_desktop.ui.parcel_table_model import Column, Completeness
from otb_desktop.ui.settings import Settings
from tests.ui_factories import SAMPLE_VALUES, make_parcels, record

NOORD = "Twentekanaal Noord 1 & 2"
CAMPUS = "Westermaat Campus"


@pytest.fixture
def parcels(context):
    """Noord: 2290..2295, Campus: 2296..2298."""
    return {"noord": make_parcels(context, 6, park_name=NOORD),
            "campus": make_parcels(context, 3, park_name=CAMPUS)}


@pytest.fixture
def settings_path(tmp_path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot, context, settings_path, sync_workers):
    def make() -> MainWindow:
        window = MainWindow(context, Settings.at_path(settings_path))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.rowsLoaded):
            window.reload()
        return window
    return make


@pytest.fixture
def window(make_window, parcels) -> MainWindow:
    return make_window()


def search(window: MainWindow, text: str) -> None:
    window.search.setText(text)
    window.search.flush()  # skip the typing pause


def designation(window: MainWindow, parcel_id: str) -> str:
    return window.model.row_by_id(parcel_id).designation


def assert_selected_everywhere(window: MainWindow, parcel_id: str) -> None:
    assert window.selected_ids() == [parcel_id]
    assert window.canvas.selected_parcels() == [parcel_id]
    assert window.panel.current_parcel_id() == parcel_id


def test_loads_every_parcel_into_list_map_and_status_bar(window, parcels):
    assert window.model.rowCount() == 9
    assert window.proxy.index(0, Column.DESIGNATION).data() == "OTL02 B 2290"
    assert "9" in window.count_label.text()
    assert window.context.database.path.name in window.database_label.text()
    assert window.sync_label.text()
    # the map knows every parcel: selecting one there is accepted
    window.canvas.select_parcels([parcels["campus"][0]])
    assert window.canvas.selected_parcels() == [parcels["campus"][0]]


@pytest.mark.parametrize(("text", "which"), [
    ("OTL02 B 2293", ("noord", 3)),
    ("b2297", ("campus", 1)),
    ("B-2294", ("noord", 4)),
    ("Testweg 2295", ("noord", 5)),
    ("campus", ("campus", 0)),
])
def test_search_selects_the_parcel(window, parcels, text, which):
    target = parcels[which[0]][which[1]]
    search(window, text)
    assert_selected_everywhere(window, target)


def test_search_by_park_name_lists_that_park_only(window, parcels):
    search(window, "Westermaat")
    shown = [window.proxy.parcel_id(r) for r in range(window.proxy.rowCount())]
    assert shown == parcels["campus"]
    assert "3" in window.list_count.text() and "9" in window.list_count.text()
    search(window, "")
    assert window.proxy.rowCount() == 9
    assert window.selected_ids() == [parcels["campus"][0]]  # selection kept after clearing


def test_typing_is_debounced(window, parcels, qtbot):
    with qtbot.waitSignal(window.search.searchChanged, timeout=2000) as blocker:
        qtbot.keyClicks(window.search, "b2292")
    assert blocker.args == ["b2292"]
    assert_selected_everywhere(window, parcels["noord"][2])


def test_enter_in_search_moves_to_the_list(window, parcels, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.focus_search()
    qtbot.keyClicks(window.search, "b2296")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.selected_ids() == [parcels["campus"][0]]
    qtbot.waitUntil(lambda: window.list.hasFocus())


def test_filters_in_the_window(window, parcels):
    campus_park = window.model.row_by_id(parcels["campus"][0]).park_id
    window.filters.select_park(campus_park)
    assert window.proxy.rowCount() == 3
    record(window.context, parcels["campus"][1], "condition", {"overall": 6})
    operations().dataChanged.emit(OBSERVATIONS, frozenset([parcels["campus"][1]]))
    window.filters.select_completeness(Completeness.PARTLY)
    assert [window.proxy.parcel_id(r) for r in range(window.proxy.rowCount())] == [
        parcels["campus"][1]]
    window.filters.clear()
    assert window.proxy.rowCount() == 9


def test_selecting_in_the_list_updates_map_and_panel(window, parcels, qtbot):
    window.show()
    qtbot.waitExposed(window)
    row = window.proxy.proxy_row_of(parcels["noord"][4])
    rect = window.list.visualRect(window.proxy.index(row, Column.ADDRESS))
    qtbot.mouseClick(window.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert_selected_everywhere(window, parcels["noord"][4])


def test_selecting_on_the_map_selects_the_row(window, parcels):
    target = parcels["campus"][2]
    window.canvas.selectionChanged.emit([target])  # what a click on the map emits
    assert window.selected_ids() == [target]
    assert window.panel.current_parcel_id() == target
    assert window.list.currentIndex().row() == window.proxy.proxy_row_of(target)


def test_map_selection_of_a_filtered_parcel_still_reaches_the_panel(window, parcels):
    search(window, "campus")
    target = parcels["noord"][0]
    window.canvas.selectionChanged.emit([target])
    assert window.selected_ids() == []
    assert window.panel.current_parcel_id() == target


def test_next_and_previous_follow_the_list_order(window, parcels, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.select_parcels([parcels["noord"][1]])
    qtbot.keyClick(window.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert_selected_everywhere(window, parcels["noord"][2])
    qtbot.keyClick(window.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert_selected_everywhere(window, parcels["noord"][0])
    qtbot.keyClick(window.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.selected_ids() == [parcels["noord"][0]]  # stays on the first one

    # in coverage order (descending) the next parcel is the one with less coverage
    window.list.sortByColumn(Column.COVERAGE, Qt.SortOrder.DescendingOrder)
    window.select_parcels([window.proxy.parcel_id(0)])
    window.act_next.trigger()
    first, second = (window.model.row_by_id(i).coverage_pct
                     for i in (window.proxy.parcel_id(0), window.selected_ids()[0]))
    assert window.selected_ids() == [window.proxy.parcel_id(1)]
    assert first >= second


def test_window_shortcuts(window, parcels, qtbot, monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.list.hasFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    focused = QApplication.focusWidget()
    assert focused is window.canvas or window.canvas.isAncestorOf(focused)

    saved = []
    window.select_parcels([parcels["noord"][0]])
    monkeypatch.setattr(window.panel, "save_current", lambda: saved.append(True) or True)
    qtbot.keyClick(focused, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # on the map
    qtbot.keyClick(window.list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [True, True]

    qtbot.keyClick(window.list, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.isAncestorOf(QApplication.focusWidget())


def test_shortcut_overview_lists_the_navigation_keys(window, qtbot):
    keys = [k for k, _text in window.shortcut_rows()]
    assert "Alt+Down" in keys and "Alt+Up" in keys and "Ctrl+S" in keys and "Ctrl+F" in keys
    window.show_shortcuts()
    box = window.findChild(QMessageBox, "shortcutsBox")
    qtbot.waitUntil(box.isVisible)
    assert "Alt+Down" in box.text()
    box.close()


def test_saved_observation_updates_list_and_map(window, parcels):
    target = parcels["noord"][3]
    window.canvas.set_colouring("survey_status")
    window.select_parcels([target])
    assert window.canvas.class_of(target) == 0  # not yet surveyed
    record(window.context, target, "condition", {"overall": 4})
    operations().dataChanged.emit(OBSERVATIONS, frozenset([target]))
    row = window.proxy.proxy_row_of(target)
    assert window.proxy.index(row, Column.COMPLETENESS).data() == "1/8"
    assert window.canvas.class_of(target) == 2  # current
    assert window.selected_ids() == [target]


def test_layout_and_selection_persist(make_window, parcels, settings_path, qtbot):
    first = make_window()
    first.show()
    qtbot.waitExposed(first)
    first.resize(790, 560)  # the offscreen screen is 800×600; geometry is kept on screen
    first.splitter.setSizes([250, 170, 360])
    sizes = first.splitter.sizes()
    assert sizes[0] == 250 and sizes != DEFAULT_SPLITTER_SIZES
    first.list.sortByColumn(Column.PARK, Qt.SortOrder.DescendingOrder)
    first.select_parcels([parcels["campus"][1]])
    first.close()

    second = make_window()
    second.show()
    qtbot.waitExposed(second)
    assert second.splitter.sizes() == sizes
    assert second.size().width() == 790
    assert second.list.horizontalHeader().sortIndicatorSection() == Column.PARK
    assert second.proxy.index(0, Column.PARK).data() == CAMPUS  # sorted, not only marked
    assert_selected_everywhere(second, parcels["campus"][1])


def test_survey_progress_dialog_and_showing_a_park(window, parcels, qtbot):
    for topic, values in SAMPLE_VALUES.items():
        record(window.context, parcels["noord"][0], topic, values)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    record(window.context, parcels["campus"][0], "condition", {"overall": 2}, old)
    window.reload()
    dialog = window.show_survey_progress()
    qtbot.waitExposed(dialog)
    by_name = {p.park_name: p for p in dialog.progress.parks}
    assert by_name[NOORD].parcels == 6
    assert by_name[NOORD].surveyed["condition"] == 1
    assert by_name[CAMPUS].stale["condition"] == 1
    assert dialog.table.rowCount() == 3  # two parks and the total line
    texts = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert texts[0] == NOORD and texts[1] == "6"

    dialog.months.setValue(24)  # now nothing is stale, and the window remembers the age
    assert dialog.progress.total.stale_observations == 0
    assert window.settings.stale_months == 24

    campus_id = window.model.row_by_id(parcels["campus"][0]).park_id
    assert dialog.select_park(campus_id)
    window.canvas.set_colouring("condition")
    with qtbot.waitSignal(dialog.parkActivated):
        dialog.show_button.click()
    assert window.proxy.rowCount() == 3
    assert window.canvas.colouring().key == "survey_status"
    assert window.settings.colouring == "survey_status"


def test_colouring_menu_follows_the_map(window):
    keys = [a.data() for a in window.colouring_group.actions()]
    assert "survey_status" in keys and len(keys) >= 3
    window.canvas.set_colouring(keys[2])
    checked = [a.data() for a in window.colouring_group.actions() if a.isChecked()]
    assert checked == [keys[2]]
    assert window.settings.colouring == keys[2]


def _compile_translation(tmp_path: Path, pairs: dict[tuple[str, str], str]) -> Path:
    """A tiny otb_nl.qm built with the real lrelease from a hand-written .ts."""
    contexts: dict[str, list[str]] = {}
    for (context, source), translation in pairs.items():
        contexts.setdefault(context, []).append(
            f"<message><source>{source}</source><translation>{translation}</translation>"
            "</message>")
    ts = tmp_path / "otb_nl.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" '
                  'language="nl_NL">' + "".join(
                      f"<context><name>{c}</name>{''.join(m)}</context>"
                      for c, m in contexts.items()) + "</TS>", encoding="utf-8")
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(ts), "-qm", str(tmp_path / "otb_nl.qm")],
                   check=True, capture_output=True)
    return tmp_path


def test_language_switch_retranslates_the_window(window, tmp_path, monkeypatch, qtbot):
    folder = _compile_translation(tmp_path, {
        ("WindowActions", "&amp;File"): "&amp;Bestand",
        ("ParcelTableModel", "Business park"): "Bedrijventerrein",
    })
    monkeypatch.setattr(i18n, "translations_dir", lambda: folder)
    shown = window.proxy.parcel_id(3)
    window.select_parcels([shown])
    try:
        window.set_language("en")
        qtbot.waitUntil(lambda: window.menu_file.title() == "&File")
        window.set_language("nl")
        qtbot.waitUntil(lambda: window.menu_file.title() == "&Bestand")
        assert window.model.headerData(Column.PARK, Qt.Orientation.Horizontal) == \
            "Bedrijventerrein"
        assert window.settings.language == "nl"
        assert window.language_actions["nl"].isChecked()
        assert window.panel.current_parcel_id() == shown  # the rebuilt panel, same parcel
        assert window.splitter.indexOf(window.panel) == 2
        window.set_language("en")
        qtbot.waitUntil(lambda: window.menu_file.title() == "&File")
        assert Settings.at_path(Path(window.settings.store.fileName())).language == "en"
    finally:
        i18n.set_language("en")
        QLocale.setDefault(QLocale.system())


def test_settings_fall_back_to_defaults_on_bad_values(settings_path):
    settings = Settings.at_path(settings_path)
    settings.store.setValue("ui/language", "kl")
    settings.store.setValue("survey/stale_months", "veel")
    settings.store.setValue("window/splitter_sizes", ["a", "b"])
    again = Settings.at_path(settings_path)
    assert (again.language, again.stale_months, again.splitter_sizes) == ("nl", 12, None)
    assert again.store.value("settings_version") in (1, "1")
    with pytest.raises(ValueError):
        again.language = "fr"


def test_closing_waits_and_keeps_layout(window, parcels, qtbot):
    window.select_parcels([parcels["noord"][5]])
    window.close()
    assert window.settings.last_parcel_id == parcels["noord"][5]
    assert window.settings.splitter_sizes is not None


def test_selection_model_is_row_based(window, parcels):
    # selecting one cell selects the whole row, so selected_ids never repeats a parcel
    index = window.proxy.index(2, Column.AREA)
    window.list.selectionModel().select(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    assert window.selected_ids() == [window.proxy.parcel_id(2)]


def test_a_survey_without_the_mouse(window, parcels, qtbot):
    """Find a parcel, record its condition and go to the next one with the keyboard only."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def keys(key, modifier=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)

    keys(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "b2293")
    keys(Qt.Key.Key_Return)
    assert window.list.hasFocus()
    target = parcels["noord"][3]
    assert window.panel.current_parcel_id() == target

    keys(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.isAncestorOf(QApplication.focusWidget())
    keys(Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # the panel's key for topic 2
    page = window.panel.current_page()
    assert page.topic == "condition"
    qtbot.keyClicks(QApplication.focusWidget(), "4")
    with qtbot.waitSignal(window.panel.observationSaved):
        keys(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    row = window.proxy.proxy_row_of(target)
    assert window.proxy.index(row, Column.COMPLETENESS).data() == "1/8"
    assert window.model.row_by_id(target).value("condition", "overall") == 4

    keys(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    keys(Qt.Key.Key_Escape)  # clears the search: the whole list again, same parcel
    assert window.proxy.rowCount() == 9
    keys(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert_selected_everywhere(window, parcels["noord"][4])


@pytest.fixture
def informed(monkeypatch):
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, _title, text, *a, _kind=kind, **k: shown.append((_kind, text))))
    return shown


def test_export_from_the_file_menu(window, tmp_path, monkeypatch, informed):
    target = tmp_path / "uit"  # the suffix is added when the user leaves it out
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    window.act_export_csv.trigger()
    written = tmp_path / "uit.csv"
    assert written.exists()
    assert "OTL02 B 2290" in written.read_text(encoding="utf-8-sig")
    assert informed and informed[0][0] == "information"


def test_import_parcels_from_the_file_menu(window, monkeypatch, informed):
    source = Path(__file__).parent / "fixtures" / "real" / "brk-dkk-v5-perceel.gml"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(source), ""))
    window.act_import_parcels.trigger()
    assert informed and informed[0][0] == "information", informed
    stored = len(ParcelService(window.context).rows())
    assert stored > 9
    assert window.model.rowCount() == stored  # the list was reloaded after the import


def test_a_failing_import_explains_itself(window, tmp_path, monkeypatch, informed):
    broken = tmp_path / "kapot.gpkg"
    broken.write_text("geen geopackage", encoding="utf-8")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(broken), ""))
    window.act_import_buildings.trigger()
    assert informed and informed[0][0] == "warning", informed
    assert "kapot.gpkg" in informed[0][1]
    assert "not recognized" not in informed[0][1] and "GDAL" not in informed[0][1]  # issue 8
    assert window.model.rowCount() == 9


def test_long_work_runs_in_the_background_and_can_be_cancelled(window, qtbot):
    workers.set_synchronous(False)
    set_blocking(False)
    started = threading.Event()

    def slow(progress):
        started.set()
        for step in range(500):
            progress(step, 500, "bezig")
            time.sleep(0.01)
        return None

    window.run_job("Rekenen…", slow, reload_after=False, writes=False)
    assert started.wait(5)
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    dialog.findChild(QPushButton).click()  # the Cancel button
    qtbot.waitUntil(lambda: "Cancelled" in window.statusBar().currentMessage(), timeout=5000)
    workers.wait_for_all()


@pytest.mark.parametrize("answer, imported", [(QMessageBox.StandardButton.Yes, 1),
                                              (QMessageBox.StandardButton.No, 0)])
def test_observation_file_with_a_bad_row_offers_to_import_the_rest(
        window, tmp_path, monkeypatch, informed, answer, imported):
    source = tmp_path / "opname.csv"
    source.write_text("perceel;onderwerp;condition.overall\n"
                      "OTL02 B 2290;condition;3\n"
                      "OTL02 B 2291;condition;9\n", encoding="utf-8")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(source), ""))
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, _title, text, *a, **k: asked.append(text) or answer))
    window.act_import_observations.trigger()
    assert len(asked) == 1 and "3" in asked[0] and "skip" in asked[0]
    assert "--" not in asked[0]  # no command-line option in a dialog (issue 8)
    rows = {r.designation: r for r in ParcelService(window.context).rows()}
    assert len(rows["OTL02 B 2290"].values.get("condition", {})) == imported
    assert "condition" not in rows["OTL02 B 2291"].values
