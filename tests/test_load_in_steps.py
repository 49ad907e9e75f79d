"""A large load reaches the GUI thread in pieces (issue 7 item 2, round 2): the list shows
its rows a step per event-loop turn, the map takes overview fill paths made on the loading
thread, the loading thread runs without cyclic garbage collection, and the faster readers
(paths without rings for simple polygons, rows from three table scans, the designation sort
key) give what the straightforward versions gave."""

from __future__ import annotations

import datetime as dt
import gc
import json

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QSettings

from otb_desktop.demo.generator import generate
from otb_desktop.domain import designation
from otb_desktop.domain.defaults import DEFAULT_STALE_MONTHS
from otb_desktop.services.map_data import MapDataService, parcels_from_rows
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui import parcel_table_model, workers
from otb_desktop.ui.main_window import MainWindow, prepare_loaded
from otb_desktop.ui.map.canvas import MapCanvas
from otb_desktop.ui.map.loading import OVERVIEW_LEVEL, fill_paths, prepare_load
from otb_desktop.ui.map.paths import PathSource
from otb_desktop.ui.parcel_table_model import ParcelFilterProxy, ParcelTableModel
from otb_desktop.ui.settings import Settings


def ring_by_ring(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The path elements and owner offsets the slow, obvious way: every part, every ring."""
    parts, part_owner = shapely.get_parts(geometries, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, point_ring = shapely.get_coordinates(rings, return_index=True)
    point_owner = part_owner[ring_part][point_ring]
    starts = np.ones(len(coords), dtype=bool)
    starts[1:] = point_ring[1:] != point_ring[:-1]
    return (
        np.column_stack((np.where(starts, 0, 1), coords[:, 0], -coords[:, 1])),
        np.searchsorted(point_owner, np.arange(len(geometries) + 1)),
    )


def test_paths_match_a_ring_by_ring_construction():
    rng = np.random.default_rng(7)
    x, y = rng.random(30) * 100, rng.random(30) * 100
    holed = shapely.Polygon(
        shapely.box(0, 0, 10, 10).exterior.coords,
        [shapely.box(1, 1, 2, 2).exterior.coords, shapely.box(3, 3, 4, 4).exterior.coords],
    )
    multi = shapely.MultiPolygon([shapely.box(20, 20, 21, 21), holed])
    geometries = np.array(
        [
            *shapely.box(x, y, x + 5, y + 3)[:10],
            holed,
            None,
            shapely.Polygon(),
            multi,
            *shapely.box(x, y, x + 2, y + 2)[10:],
        ],
        dtype=object,
    )
    source = PathSource(geometries)
    elements, first = ring_by_ring(geometries)
    assert (source._first == first).all()
    mine = source._elements
    assert (mine["type"] == elements[:, 0]).all()
    assert (mine["x"] == elements[:, 1]).all() and (mine["y"] == elements[:, 2]).all()
    # And the QPainterPath of a subset covers what the geometries cover.
    path = source.path(np.array([10, 13]))
    assert path.elementCount() == first[11] - first[10] + first[14] - first[13]


def test_designation_sort_key_orders_numbers_as_numbers():
    texts = ["OTL02 B 2298", "otl02-b-230", "HGL01 AB 5", "HGL01 A 40", "not a designation"]
    parsed = [designation.parse(t) for t in texts]
    expected = [
        f"{p.akr_code} {p.section:<2} {p.number:08d}" if p else t
        for p, t in zip(parsed, texts, strict=True)
    ]
    assert [designation.sort_key(t) for t in texts] == expected
    assert sorted(texts[:2], key=designation.sort_key) == ["otl02-b-230", "OTL02 B 2298"]


JOINED = (
    "SELECT p.id, p.designation, p.park_id, p.area_m2, p.registered_area_m2, h.conflicts, "
    'h.surveyed, h.first_observed, h.last_observed, p.addresses, f.figures, h."values", '
    "h.observed_at FROM parcel AS p LEFT JOIN parcel_figures AS f ON f.parcel_id = p.id "
    "LEFT JOIN parcel_heads AS h ON h.parcel_id = p.id ORDER BY p.designation"
)


def test_rows_from_table_scans_equal_the_joined_query(context):
    """``rows()`` (three scans joined in Python) against one joined query, and ``rows(ids)``
    against ``rows()``."""
    generate(context, parcels=80, seed=11)
    everything = ParcelService(context).rows()
    with context.database.session() as session:
        joined = session.connection().exec_driver_sql(JOINED).all()
    assert [r.id for r in everything] == [j[0] for j in joined]
    for row, j in zip(everything, joined, strict=True):
        assert (row.designation, row.park_id, row.area_m2, row.registered_area_m2) == j[1:5]
        assert row.conflicts == frozenset(json.loads(j[5]))
        assert (row.surveyed_topics, row.first_observed_text) == j[6:8]
        assert (row.first_observed, row.last_observed) == tuple(
            None if t is None else dt.datetime.fromisoformat(t) for t in j[7:9])
        assert row.addresses == tuple(json.loads(j[9]))
        assert row.figures == json.loads(j[10]) and row.values == json.loads(j[11])
    some = [row.id for row in everything[::7]]
    by_id = ParcelService(context).rows(list(reversed(some)))
    assert [r.id for r in by_id] == some
    for mine in by_id:
        theirs = everything[[r.id for r in everything].index(mine.id)]
        for name in (
            "park_name",
            "in_scope",
            "figures",
            "values",
            "observed_at",
            "conflicts",
            "first_observed",
            "last_observed",
        ):
            assert getattr(mine, name) == getattr(theirs, name), name


def test_bulk_load_pauses_collection_and_freezes_what_was_loaded():
    assert gc.isenabled()
    before = gc.get_freeze_count()
    with workers.bulk_load():
        assert not gc.isenabled()
        with workers.bulk_load():  # nested (a reload while the start loads)
            kept = [json.loads('{"a": [1, 2]}') for _ in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(kept)
    gc.unfreeze()


def test_a_large_list_is_revealed_a_step_per_turn(qtbot, context, monkeypatch):
    generate(context, parcels=50, seed=5)
    monkeypatch.setattr(parcel_table_model, "REVEAL_STEP", 20)
    rows = ParcelService(context).rows()
    model = ParcelTableModel()
    proxy = ParcelFilterProxy()
    proxy.setSourceModel(model)
    counts = []
    proxy.rowsInserted.connect(lambda *_a: counts.append(proxy.rowCount()))
    with qtbot.waitSignal(model.revealed, timeout=5000):
        model.set_rows(rows)
        assert model.rowCount() == 20 and model.revealing() and model.total() == 50
    assert counts == [40, 50] and not model.revealing()
    assert [proxy.parcel_id(i) for i in range(50)] == [r.id for r in model.rows()]


def test_a_change_during_the_reveal_shows_every_row_first(qtbot, context, monkeypatch):
    generate(context, parcels=50, seed=6)
    monkeypatch.setattr(parcel_table_model, "REVEAL_STEP", 20)
    rows = ParcelService(context).rows()
    model = ParcelTableModel()
    model.set_rows(rows)
    model.update_rows(ParcelService(context).rows([rows[45].id]))
    assert model.rowCount() == 50 and not model.revealing()
    model.set_rows(rows)
    model.sort(parcel_table_model.Column.AREA)
    assert model.rowCount() == 50
    areas = [model.row_at(i).area_m2 for i in range(50)]
    assert areas == sorted(areas)


@pytest.fixture
def stepped_window(qtbot, context, tmp_path, monkeypatch) -> MainWindow:
    """A window on 60 demo parcels whose list is revealed 25 rows a turn."""
    generate(context, parcels=60, seed=8)
    monkeypatch.setattr(parcel_table_model, "REVEAL_STEP", 25)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(context, settings)
    qtbot.addWidget(window)
    return window


def test_the_window_emits_rows_loaded_after_the_whole_list(qtbot, stepped_window):
    window = stepped_window
    with qtbot.waitSignal(window.rowsLoaded, timeout=30_000):
        window.reload()
    assert window.model.rowCount() == 60 and window.proxy.rowCount() == 60
    assert sum(entry.count for entry in window.canvas.legend.entries()) == 60


def test_an_export_during_the_reveal_offers_every_row(stepped_window, context, monkeypatch):
    from otb_desktop.ui import export_scope

    window = stepped_window
    window.model.set_rows(ParcelService(context).rows())
    assert window.model.revealing()
    asked = []
    monkeypatch.setattr(export_scope, "ask_scope",
                        lambda _parent, total, filtered, _sel: asked.append((total, filtered)))
    window.commands.export("csv")
    assert asked and asked[0][0] == 60
    assert asked[0][1] is None or len(asked[0][1]) == 60


@pytest.mark.parametrize("colouring", ["survey_status", "completeness"])
def test_the_map_adopts_the_overview_fill_paths_made_off_the_gui_thread(qtbot, context, colouring):
    generate(context, parcels=70, seed=9)
    loaded = prepare_loaded(
        ParcelService(context).rows(),
        MapDataService(context).load(),
        colouring,
        DEFAULT_STALE_MONTHS,
    )
    load = loaded.map
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.set_colouring(colouring)
    canvas.load(load)
    fill = canvas.scene.fill
    assert fill._whole[OVERVIEW_LEVEL] == load.fill_paths
    # The very paths the fill would have made itself for its classes.
    made = fill_paths(load.prepared, fill.classes, len(fill.colours))
    for adopted, own in zip(fill._whole[OVERVIEW_LEVEL], made, strict=True):
        assert adopted.elementCount() == own.elementCount()
        assert adopted.boundingRect() == own.boundingRect()
    # Filters grey parcels: new classes, the adopted paths are not used for them.
    canvas.set_shown(list(load.layers.parcel_ids[:5]))
    assert OVERVIEW_LEVEL not in fill._whole or fill._whole[OVERVIEW_LEVEL] != load.fill_paths


def test_survey_status_from_stored_text_equals_the_one_from_times():
    """The text comparison with the stale boundary gives the status the local date gives,
    also just around local midnight of the boundary day."""
    import datetime as dt
    from types import SimpleNamespace

    from otb_desktop.domain.colouring import months_before, survey_status

    today = dt.date(2026, 11, 30)
    for months in (1, 6, 12, 24):
        day = months_before(today, months)
        midnight = dt.datetime(day.year, day.month, day.day).astimezone()
        moments = [midnight + dt.timedelta(microseconds=k) for k in (-1, 0, 1)]
        moments += [midnight + dt.timedelta(hours=h) for h in (-25, -3, -1, 1, 3, 23, 25)]
        moments += [midnight - dt.timedelta(days=400), midnight + dt.timedelta(days=40)]
        for moment in moments:
            stored = moment.astimezone(dt.UTC).isoformat(timespec="microseconds")
            by_time = SimpleNamespace(first_observed=dt.datetime.fromisoformat(stored))
            by_text = SimpleNamespace(first_observed_text=stored)
            assert survey_status(by_text, today, months) == survey_status(by_time, today, months), (
                months,
                moment,
            )
    assert survey_status(SimpleNamespace(first_observed_text=None), today, 12) == survey_status(
        SimpleNamespace(first_observed=None), today, 12
    )


@pytest.mark.parametrize("colouring", ["survey_status", "completeness"])
def test_map_classes_of_rows_in_the_maps_order_equal_those_looked_up_by_id(context, colouring):
    """``prepare_load`` takes the rows as they are when they are the map's parcels in
    order (the start), and looks each parcel up by id otherwise: the same classes, each
    the colouring's class of that parcel's row."""
    generate(context, parcels=70, seed=10)
    rows, geometry = ParcelService(context).rows_and_geometry()
    layers = MapDataService(context).load(parcels=parcels_from_rows(rows, geometry))
    assert tuple(row.id for row in rows) == layers.parcel_ids  # the fast path is taken
    today = dt.date(2026, 5, 10)
    in_order = prepare_load(layers, rows, colouring, DEFAULT_STALE_MONTHS, today)
    looked_up = prepare_load(layers, rows[::-1], colouring, DEFAULT_STALE_MONTHS, today)
    by_id = {row.id: row for row in rows}
    ready = in_order.colouring
    expected = [len(ready.classes) if k is None else k for k in (
        ready.classify(by_id[pid], today) for pid in layers.parcel_ids)]
    assert len(set(expected)) > 1  # more than one class: the order matters
    assert in_order.classes.tolist() == expected
    assert looked_up.classes.tolist() == expected
