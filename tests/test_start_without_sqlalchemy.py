"""The window fills without SQLAlchemy (issue 7 item 2, "usable at once").

Importing SQLAlchemy and the models was about half a second of the 20 000-parcel start. A
database that opening would not change is checked with plain sqlite3
(``persistence.database.fast_open``) and list and map are read with it
(``Database.reading``); SQLAlchemy comes with the first session, on a worker, after the
window has filled and settled. Any database that needs something (migration, figures, an
R*Tree, a device id) still takes the full ``open_database`` path.
"""

import gc
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from otb_desktop.demo.generator import generate
from otb_desktop.domain import designation
from otb_desktop.persistence import database as database_module
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.database import fast_open, open_database
from otb_desktop.services.context import AppContext
from otb_desktop.services.map_data import MapDataService, parcels_from_rows
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui.map.prepared import PreparedGeometries
from otb_desktop.ui.map.scene import prepare
from otb_desktop.ui.parcel_table_model import SORT_ROLE
from tests.row_fields import every_field


@pytest.fixture
def demo_path(tmp_path) -> Path:
    path = tmp_path / "otb.sqlite"
    context = AppContext(open_database(path))
    generate(context, parcels=120, seed=11)
    context.set_user_name("Test")
    context.database.close()
    return path


def _sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)


def test_an_up_to_date_database_opens_without_an_engine(demo_path):
    database = fast_open(demo_path)
    assert database is not None and not database.engine_made
    assert database.setting("user_name") == "Test"  # plain sqlite3: still no engine
    assert not database.engine_made
    with sqlite3.connect(demo_path) as connection:
        stored = connection.execute(
            "SELECT value FROM local_setting WHERE key = 'device_id'").fetchone()[0]
    assert database.device_id == stored
    # The first session makes the engine (what a worker does after the window settled).
    assert SurveyService(AppContext(database)).drafts() == []
    assert database.engine_made
    database.close()


@pytest.mark.parametrize("change", [
    "UPDATE alembic_version SET version_num = 'feedf00d0001'",
    "INSERT INTO parcel_figures_stale (parcel_id) SELECT id FROM parcel LIMIT 1",
    "UPDATE local_setting SET value = 'old' WHERE key = 'figures_signature'",
    "DELETE FROM local_setting WHERE key = 'heads_stored'",
    "DELETE FROM local_setting WHERE key = 'device_id'",
    "DROP TRIGGER parcel_rtree_insert",
    "DELETE FROM building_rtree WHERE id = (SELECT max(id) FROM building_rtree)",
])
def test_a_database_that_opening_would_change_takes_the_full_path(demo_path, change):
    _sql(demo_path, change)
    before = demo_path.read_bytes()
    assert fast_open(demo_path) is None
    assert demo_path.read_bytes() == before  # looked at, not touched


def test_what_is_not_an_up_to_date_otb_database_is_left_to_open_database(tmp_path):
    missing = tmp_path / "nothing.sqlite"
    assert fast_open(missing) is None and not missing.exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert fast_open(empty) is None
    other = tmp_path / "other.gpkg"
    _sql(other, "CREATE TABLE gpkg_contents (table_name TEXT)")
    before = other.read_bytes()
    assert fast_open(other) is None and other.read_bytes() == before
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert fast_open(garbage) is None


def test_the_keys_it_checks_are_the_figure_stores(demo_path):
    assert database_module._SIGNATURE_KEY == figure_store.SIGNATURE_KEY
    assert database_module._HEADS_KEY == figure_store.HEADS_KEY


def test_rows_and_map_read_without_sqlalchemy_equal_those_read_with_it(demo_path):
    fast = AppContext(fast_open(demo_path))
    rows, geometry = ParcelService(fast).rows_and_geometry()
    layers = MapDataService(fast).load(parcels=parcels_from_rows(rows, geometry))
    assert not fast.database.engine_made
    full = AppContext(open_database(demo_path))
    assert full.database.engine_made
    rows_full = ParcelService(full).rows()
    layers_full = MapDataService(full).load()
    assert [every_field(r) for r in rows] == [every_field(r) for r in rows_full]
    assert [(r.park_name, r.in_scope, r.values, r.figures) for r in rows] == \
        [(r.park_name, r.in_scope, r.values, r.figures) for r in rows_full]
    for name in ("parcel_ids", "designations", "parcel_park_ids"):
        assert getattr(layers, name) == getattr(layers_full, name), name
    for name in ("parcel_geometries", "building_geometries"):
        ours, theirs = getattr(layers, name), getattr(layers_full, name)
        assert len(ours) == len(theirs) > 0 and shapely.equals_exact(ours, theirs, 0).all()
    assert [(p.id, p.name, p.in_scope, p.profile) for p in layers.parks] == \
        [(p.id, p.name, p.in_scope, p.profile) for p in layers_full.parks]
    assert all(type(p.in_scope) is type(q.in_scope) for p, q in
               zip(layers.parks, layers_full.parks, strict=True))
    assert all((p.geometry is None and q.geometry is None) or p.geometry.equals_exact(
        q.geometry, 0) for p, q in zip(layers.parks, layers_full.parks, strict=True))
    fast.database.close()
    full.database.close()


CHILD = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from otb_desktop.ui import app as otb_app
from otb_desktop.ui import first_start
from otb_desktop.ui.settings import Settings
offered = []
first_start.ask_restore_drafts = lambda parent, count: offered.append(count) or False
settings = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
shell = otb_app.start_fast(Path(sys.argv[1]), settings)
marks = {}
def loaded(count):
    window = shell.main_window
    marks["count"] = count
    marks["rows"] = window.model.rowCount()
    marks["sqlalchemy_at_fill"] = "sqlalchemy" in sys.modules
    marks["engine_at_fill"] = window.context.database.engine_made
    def settled():
        marks["offered"] = list(offered)
        marks["engine_later"] = window.context.database.engine_made
        print(json.dumps(marks), flush=True)
        window.close()
        QApplication.instance().quit()
    def wait():  # the drafts are read on a worker once the window has settled
        if offered:
            settled()
        else:
            QTimer.singleShot(20, wait)
    wait()
shell.rowsLoaded.connect(loaded)
QTimer.singleShot(60000, QApplication.instance().quit)
QApplication.instance().exec()
"""


def test_the_two_phase_start_fills_the_window_before_importing_sqlalchemy(demo_path,
                                                                          tmp_path):
    context = AppContext(open_database(demo_path))
    parcel = ParcelService(context).rows()[0].id
    SurveyService(context).save_draft(parcel, "condition", {"overall": "3"})
    context.database.close()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(demo_path), str(tmp_path / "settings.ini")],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parent.parent)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stderr[-3000:]
    marks = json.loads(lines[-1])
    assert marks["count"] == 120 and marks["rows"] == 120
    assert marks["sqlalchemy_at_fill"] is False and marks["engine_at_fill"] is False
    assert marks["offered"] == [1]  # the drafts were still read (after the window settled)
    assert marks["engine_later"] is True


def _old_sort_key(text: str) -> str:
    """designation.sort_key as it was before its fast path (the reference)."""
    match = designation._FULL.match(text or "")
    if match is None:
        return text
    akr_code, section, number = match.groups()
    return f"{akr_code.upper()} {section.upper():<2} {int(number):08d}"


def test_designation_sort_keys_are_those_of_the_loose_pattern():
    rng = np.random.default_rng(7)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcz"
    texts = ["", "X", "OTL02 B 2298", "otl02 b 2298", "OTL02 B 02298", "OTL02 AB 1",
             "OTL02  B 1", "OTL02 B 123456", "OTL02 B 0", "OTL\uff102 B 1", "OTL02 B \uff12",
             "OTL02-B-2298", " OTL02 B 2298 ", "OTL02 ABC 1", "OT02 B 1", "OTL02 B 1 x"]
    for _ in range(3000):
        akr = "".join(rng.choice(list(letters), 3)) + f"{rng.integers(0, 100):02d}"
        section = "".join(rng.choice(list(letters), rng.integers(1, 3)))
        number = str(rng.integers(0, 100_000)).zfill(int(rng.integers(1, 6)))
        sep = rng.choice([" ", "  ", "-", ""])
        texts.append(f"{akr}{sep}{section}{sep}{number}")
    for text in texts:
        assert designation.sort_key(text) == _old_sort_key(text), text


def _canonical(rng, count: int) -> list[str]:
    upper = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return [f"{''.join(rng.choice(upper[:3], 3))}{rng.integers(0, 3):02d} "
            f"{''.join(rng.choice(upper[:3], rng.integers(1, 3)))} "
            f"{rng.integers(0, 10 ** int(rng.integers(1, 6)))}" for _ in range(count)]


def test_natural_order_is_the_order_of_the_sort_keys():
    rng = np.random.default_rng(9)
    for _ in range(20):
        texts = _canonical(rng, int(rng.integers(1, 400)))
        texts += list(rng.choice(texts, 5))  # the same designation twice: input order
        rng.shuffle(texts)
        expected = sorted(range(len(texts)), key=lambda i: designation.sort_key(texts[i]))
        assert designation.natural_order(texts) == expected
    assert designation.natural_order([]) == []
    for odd in ("otl02 b 1", "OTL02 B 01", "OTL02 B 123456", "OTL02 ABC 1", "X", "",
                "OTL02 B 1\nOTL02 B 2", "OTL02 B 1 "):
        assert designation.natural_order(["OTL02 B 2", odd]) is None, odd


def test_a_load_of_canonical_designations_is_ordered_without_a_key_per_row(context,
                                                                           monkeypatch):
    from otb_desktop.ui.parcel_table_model import Column, ParcelTableModel, prepare_rows

    generate(context, parcels=60, seed=12)
    rows = ParcelService(context).rows()
    fast = prepare_rows(rows)
    assert fast.keys is None  # the demo's designations are canonical
    monkeypatch.setattr(designation, "natural_order", lambda texts: None)
    reference = prepare_rows(rows)
    monkeypatch.undo()
    assert reference.keys is not None
    assert [r.id for r in fast.rows] == [r.id for r in reference.rows]
    assert fast.index == reference.index
    model = ParcelTableModel()
    model.set_rows(rows, fast)
    assert model.index(0, Column.DESIGNATION).data(SORT_ROLE) == \
        reference.keys[reference.rows[0].id]  # made when first needed
    model.sort(Column.AREA)
    other = ParcelTableModel()
    other.set_rows(rows, reference)
    other.sort(Column.AREA)
    assert [r.id for r in model.rows()] == [r.id for r in other.rows()]


def test_no_cyclic_collection_while_search_entries_are_made(qtbot, context):
    from otb_desktop.ui.parcel_table_model import ParcelTableModel, prepare_rows

    generate(context, parcels=50, seed=5)
    rows = ParcelService(context).rows()
    model = ParcelTableModel()
    model.set_rows(rows, prepare_rows(rows))
    assert gc.isenabled()
    model.fill_search_entries(step=10)
    assert model.filling_search() and not gc.isenabled()
    with qtbot.waitSignal(model.searchFilled, timeout=10_000):
        pass
    assert gc.isenabled() and not model.filling_search()
    # A model that goes away half-way gives the collector back as well.
    model.fill_search_entries(step=10)
    assert not gc.isenabled()
    model.deleteLater()
    qtbot.waitUntil(gc.isenabled, timeout=5_000)


def test_typical_parcel_width_is_that_of_the_median_area():
    from otb_desktop.ui.map.prepared import PreparedGeometries

    for count in (1, 2, 7, 10):
        boxes = shapely.box(0, 0, np.arange(1, count + 1) * 3.0, np.arange(1, count + 1))
        prepared = PreparedGeometries(np.asarray(boxes, dtype=object))
        assert prepared.typical_width_m == pytest.approx(
            float(np.sqrt(np.median(shapely.area(boxes)))))
    assert PreparedGeometries(np.empty(0, dtype=object)).typical_width_m == 0.0


def test_a_load_classifies_every_parcel_as_classify_does_one(context):
    """loading.classify measures all parcels in one call (Colouring.measures, the survey
    status without a call per parcel) and classes them with NumPy: the same classes as
    Colouring.classify of each parcel, for every standard colouring."""
    import datetime as dt

    from otb_desktop.domain.colouring import standard_colourings
    from otb_desktop.ui.map import loading

    generate(context, parcels=150, seed=12)
    rows = ParcelService(context).rows()
    by_id = {r.id: r for r in rows}
    ids = [r.id for r in rows] + ["no-such-parcel"]
    kinds = ("hightech", "zware_maakindustrie", "gemengd")
    profiles = {r.park_id: kinds[len(r.park_id) % 3] for r in rows if r.park_id}
    for months in (1, 24):
        for today in (dt.date.today(), dt.date(2030, 1, 1)):
            for colouring in standard_colourings(profiles, months):
                ready, classes = loading.classify(colouring, ids, by_id, today)
                expected = [len(ready.classes) if (row := by_id.get(pid)) is None or
                            (k := ready.classify(row, today)) is None else k for pid in ids]
                assert classes.tolist() == expected, (colouring.key, months, today)


def test_buildings_come_after_the_fill_only_when_the_first_view_draws_none(demo_path,
                                                                         qtbot, tmp_path):
    """The two-phase start leaves the buildings out of the critical path only when the
    first view (all parcels, at most the screen's size) is too coarse to draw any; they are
    then read on the thread pool and handed to the map after the window is filled."""

    from otb_desktop.ui import app as otb_app

    with sqlite3.connect(demo_path) as connection:
        buildings = connection.execute("SELECT count(*) FROM building").fetchone()[0]
    assert buildings > 0
    # A view as big as a wall: buildings are drawn at once, so they are read at once.
    *_rest, loaded = otb_app._load_everything(demo_path, "survey_status", 24,
                                              lambda _text: None, (100_000, 100_000))
    assert not loaded.map.layers.buildings_pending
    assert len(loaded.map.layers.building_geometries) == buildings
    assert loaded.map.prepared.parcels.has_exact_paths()
    _rest[0].database.close()
    # A small screen: the first view draws no building; they come after the fill.
    context, _name, loaded = otb_app._load_everything(demo_path, "survey_status", 24,
                                                      lambda _text: None, (60, 40))
    assert loaded.map.layers.buildings_pending
    assert len(loaded.map.layers.building_geometries) == 0
    # The exact parcel outlines are not drawn at that view either: made with the buildings.
    assert not loaded.map.prepared.parcels.has_exact_paths()
    window = _small_window(context, loaded, qtbot, tmp_path)
    assert not window.canvas.shows_buildings()  # nothing missing from what is shown
    qtbot.waitUntil(lambda: len(window.canvas.scene.buildings.buildings) == buildings,
                    timeout=30_000)
    full = MapDataService(context).load()
    assert shapely.equals_exact(window.canvas.scene.buildings.buildings.geometries,
                                full.building_geometries, 0).all()
    parcels = window.canvas.scene.parcels
    assert parcels is loaded.map.prepared.parcels and parcels.has_exact_paths()
    eager = prepare(full).parcels
    assert eager.has_exact_paths()
    everything = np.arange(len(parcels))
    assert parcels.path(everything) == eager.path(everything)
    assert parcels.path(everything, scale=0.01) == eager.path(everything, scale=0.01)
    window.close()
    context.database.close()


def test_zoomed_in_before_the_buildings_came_the_map_says_they_are_loading(demo_path, qtbot,
                                                                           tmp_path,
                                                                           monkeypatch):
    """Buildings a start left out arrive seconds after the fill at 200 000 parcels: a user
    who zooms in before that is told they are on their way, not shown a map without them."""
    from PySide6.QtCore import QRectF

    from otb_desktop.ui import app as otb_app
    from otb_desktop.ui.main_window import MainWindow

    read_later = []
    original = MainWindow._load_buildings
    monkeypatch.setattr(MainWindow, "_load_buildings",
                        lambda window, layers: read_later.append((window, layers)))
    context, _name, loaded = otb_app._load_everything(demo_path, "survey_status", 24,
                                                      lambda _text: None, (60, 40))
    assert loaded.map.layers.buildings_pending
    window = _small_window(context, loaded, qtbot, tmp_path)
    qtbot.waitUntil(lambda: bool(read_later), timeout=30_000)
    canvas, status = window.canvas, window.statusBar()
    loading = "Loading buildings…"
    assert not canvas.buildings_awaited() and status.currentMessage() != loading

    def street_zoom() -> None:
        centre = canvas.scene.parcels_rect(np.arange(1)).center()
        canvas.view.fit(QRectF(centre.x() - 50, centre.y() - 30, 100, 60))

    with qtbot.waitSignal(canvas.buildingsAwaited, check_params_cb=lambda a: a is True):
        street_zoom()
    assert canvas.shows_buildings() and status.currentMessage() == loading
    canvas.zoom_full()  # too far out for buildings: nothing is missing
    assert not canvas.buildings_awaited() and status.currentMessage() != loading
    street_zoom()
    assert status.currentMessage() == loading
    original(*read_later[0])  # the buildings arrive
    qtbot.waitUntil(lambda: len(canvas.scene.buildings.buildings) > 0, timeout=30_000)
    assert not canvas.buildings_awaited() and status.currentMessage() != loading
    canvas.zoom_full()
    street_zoom()
    assert status.currentMessage() != loading
    window.close()
    context.database.close()


def _small_window(context, loaded, qtbot, tmp_path):
    """A small main window, shown and handed a load (the map's first view draws no
    building at this size)."""
    from PySide6.QtCore import QSettings

    from otb_desktop.ui.main_window import MainWindow
    from otb_desktop.ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(context, settings)
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    with qtbot.waitSignal(window.rowsLoaded, timeout=30_000):
        window.apply_loaded(loaded)
    return window


def test_exact_paths_left_for_later_are_made_when_first_needed(demo_path):
    layers = MapDataService(AppContext(fast_open(demo_path))).load()
    later = PreparedGeometries(layers.parcel_geometries, simplify=True, exact_later=True)
    now = PreparedGeometries(layers.parcel_geometries, simplify=True)
    assert not later.has_exact_paths() and now.has_exact_paths()
    some = np.arange(0, len(now), 3)
    assert later.path(some, scale=0.01) == now.path(some, scale=0.01)  # simplified: not yet
    assert not later.has_exact_paths()
    assert later.path(some) == now.path(some)
    assert later.has_exact_paths()
    assert PreparedGeometries(layers.parcel_geometries[:0], simplify=True,
                              exact_later=True).has_exact_paths()  # nothing to leave
