"""The map canvas on a real (temporary) database: selection, zoom, colouring, labels, tooltip."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
import shapely
from PySide6.QtCore import QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from otb_desktop.domain.colouring import ColourClass, Colouring
from otb_desktop.services.map_data import MapDataService, MapLayers
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui.map.canvas import MapCanvas
from otb_desktop.ui.map.coordinates import rd_to_rect, to_scene
from otb_desktop.ui.map.labels import LABEL_MIN_SCALE
from otb_desktop.ui.map.scale_bar import nice_length
from tests.ui_factories import DEFAULT_PARK, SAMPLE_VALUES, make_parcels, record

N = 40


@pytest.fixture
def parcel_ids(context) -> list[str]:
    ids = make_parcels(context, N)
    ids += make_parcels(context, 10, park_name="Westermaat Campus")
    return ids


@pytest.fixture
def canvas(qtbot, context, parcel_ids) -> MapCanvas:
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_layers(MapDataService(context).load())
    widget.set_rows(ParcelService(context).rows())
    return widget


def geometry_of(canvas: MapCanvas, parcel_id: str):
    layers = canvas.scene.layers
    return layers.parcel_geometries[layers.parcel_ids.index(parcel_id)]


def view_point(canvas: MapCanvas, x: float, y: float) -> QPoint:
    return canvas.view.mapFromScene(to_scene(x, y))


def interior(canvas: MapCanvas, parcel_id: str) -> QPoint:
    """A point in the parcel's open half (the test building covers its southern part)."""
    min_x, min_y, max_x, max_y = geometry_of(canvas, parcel_id).bounds
    return view_point(canvas, (min_x + max_x) / 2, max_y - 0.1 * (max_y - min_y))


def test_map_data_has_parcels_in_designation_order_buildings_and_parks(context, parcel_ids):
    layers = MapDataService(context).load()
    assert list(layers.designations) == sorted(layers.designations)
    assert set(layers.parcel_ids) == set(parcel_ids)
    assert len(layers.building_geometries) == len(parcel_ids)
    assert {p.name for p in layers.parks} >= {DEFAULT_PARK, "Westermaat Campus"}
    first = layers.parcel_ids.index(parcel_ids[0])
    assert layers.parcel_geometries[first].area == pytest.approx(2500.0)
    park_names = {p.id: p.name for p in layers.parks}
    assert park_names[layers.parcel_park_ids[first]] == DEFAULT_PARK


def test_click_on_a_parcel_selects_it(qtbot, canvas, parcel_ids):
    target = parcel_ids[7]
    with qtbot.waitSignal(canvas.selectionChanged) as signal:
        qtbot.mouseClick(canvas.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=interior(canvas, target))
    assert signal.args == [[target]]
    assert canvas.selected_parcels() == [target]
    index = canvas.scene.layers.parcel_ids.index(target)
    assert canvas.scene.selection.indices.tolist() == [index]


def test_ctrl_click_adds_and_click_outside_clears(qtbot, canvas, parcel_ids):
    viewport = canvas.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=interior(canvas, parcel_ids[0]))
    with qtbot.waitSignal(canvas.selectionChanged) as signal:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, interior(canvas, parcel_ids[3]))
    assert signal.args == [[parcel_ids[0], parcel_ids[3]]]
    outside = canvas.view.mapFromScene(canvas.scene.extent().topLeft() - QPointF(20, 20))
    with qtbot.waitSignal(canvas.selectionChanged) as signal:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=outside)
    assert signal.args == [[]]


def test_double_click_activates_the_parcel(qtbot, canvas, parcel_ids):
    with qtbot.waitSignal(canvas.parcelActivated) as signal:
        qtbot.mouseDClick(canvas.view.viewport(), Qt.MouseButton.LeftButton,
                          pos=interior(canvas, parcel_ids[2]))
    assert signal.args == [parcel_ids[2]]


def test_select_parcels_highlights_without_emitting(qtbot, canvas, parcel_ids):
    wanted = [parcel_ids[4], parcel_ids[5], "not-a-parcel"]
    with qtbot.assertNotEmitted(canvas.selectionChanged):
        canvas.select_parcels(wanted, centre=True)
    assert canvas.selected_parcels() == parcel_ids[4:6]
    expected = sorted(canvas.scene.layers.parcel_ids.index(p) for p in parcel_ids[4:6])
    assert sorted(canvas.scene.selection.indices.tolist()) == expected
    assert canvas.scene.selection.boundingRect().contains(
        rd_to_rect(geometry_of(canvas, parcel_ids[4]).bounds))


def test_zoom_to_parcels_shows_the_parcel_closer(canvas, parcel_ids):
    canvas.zoom_full()
    full = canvas.visible_rect()
    target = parcel_ids[N + 3]  # in the second park
    canvas.zoom_to_parcels([target])
    visible = canvas.visible_rect()
    assert visible.contains(rd_to_rect(geometry_of(canvas, target).bounds))
    assert visible.width() < full.width()


def test_zoom_to_park_shows_its_parcels(canvas, parcel_ids, context):
    park_id = canvas.scene.layers.parcel_park_ids[
        canvas.scene.layers.parcel_ids.index(parcel_ids[N])]
    canvas.zoom_to_parcels([parcel_ids[0]])
    canvas.zoom_to_park(park_id)
    visible = canvas.visible_rect()
    for pid in parcel_ids[N:]:
        assert visible.contains(rd_to_rect(geometry_of(canvas, pid).bounds))
    assert not visible.contains(rd_to_rect(geometry_of(canvas, parcel_ids[0]).bounds))


def test_keys_zoom_pan_and_return_to_full_extent(qtbot, canvas):
    view = canvas.view
    view.setFocus()
    canvas.zoom_full()
    full_scale, full_centre = view.scale_factor(), view.visible_scene_rect().center()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.scale_factor() == pytest.approx(full_scale * 1.25)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.visible_scene_rect().center().x() > full_centre.x()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.scale_factor() == pytest.approx(full_scale)


def test_colouring_by_a_topic_separates_data_from_no_data(context, canvas, parcel_ids):
    record(context, parcel_ids[0], "vacancy",
           {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 200})
    canvas.set_rows(ParcelService(context).rows())
    canvas.set_colouring("vacancy_pct")
    assert canvas.colouring().classes[canvas.class_of(parcel_ids[0])].label == "15–40 %"
    assert canvas.class_of(parcel_ids[1]) is None
    entries = canvas.legend.entries()
    assert [e.label for e in entries] == [
        "no vacancy", "up to 5 %", "5–15 %", "15–40 %", "over 40 %",
        "no data"]
    assert entries[3].count == 1
    assert entries[-1].count == len(parcel_ids) - 1
    # "no data" is hatched on the map and in the legend (issue 8: distinct from every class)
    assert entries[-1].hatched and not any(e.hatched for e in entries[:-1])


def test_a_new_observation_changes_the_colour_class(context, canvas, parcel_ids):
    canvas.set_colouring("survey_status")
    assert canvas.class_of(parcel_ids[9]) == 0  # not yet surveyed
    record(context, parcel_ids[9], "condition", SAMPLE_VALUES["condition"])
    canvas.set_rows(ParcelService(context).rows())
    assert canvas.class_of(parcel_ids[9]) == 2  # current
    record(context, parcel_ids[8], "condition", SAMPLE_VALUES["condition"],
           observed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=800))
    canvas.set_rows(ParcelService(context).rows())
    assert canvas.class_of(parcel_ids[8]) == 1  # stale


def test_set_rows_after_a_save_reclassifies_only_what_changed(context, canvas, parcel_ids):
    """The list hands over the same row objects with the saved one replaced."""
    canvas.set_colouring("condition")
    rows = ParcelService(context).rows()
    canvas.set_rows(rows)
    before = {pid: canvas.class_of(pid) for pid in parcel_ids}
    position = next(i for i, r in enumerate(rows) if r.id == parcel_ids[3])
    saved = list(rows)
    saved[position] = dataclasses.replace(
        rows[position], values={"condition": {"overall": 5}},
        observed_at={"condition": dt.datetime.now(dt.UTC)})
    canvas.set_rows(saved)
    assert canvas.colouring().classes[canvas.class_of(parcel_ids[3])].label == "5 poor"
    assert [pid for pid in parcel_ids if canvas.class_of(pid) != before[pid]] == [parcel_ids[3]]
    canvas.set_rows([r for r in saved if r.id != parcel_ids[3]])
    assert canvas.class_of(parcel_ids[3]) is None


def test_the_drawn_colour_is_the_class_colour(qtbot, context, canvas, parcel_ids):
    record(context, parcel_ids[6], "condition", SAMPLE_VALUES["condition"])
    canvas.set_rows(ParcelService(context).rows())
    canvas.set_colouring("survey_status")
    canvas.zoom_full()
    image = QImage(canvas.view.viewport().size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    canvas.view.render(painter)
    painter.end()
    colours = canvas.colouring().classes
    current = image.pixelColor(interior(canvas, parcel_ids[6]))
    not_surveyed = image.pixelColor(interior(canvas, parcel_ids[12]))
    assert current == QColor(colours[2].colour)
    assert not_surveyed == QColor(colours[0].colour)


def test_labels_only_when_zoomed_in(canvas, parcel_ids):
    labels = canvas.scene.labels
    everything = np.arange(len(parcel_ids))
    assert labels.labels_for(everything, LABEL_MIN_SCALE * 0.9) == []
    canvas.zoom_to_parcels([parcel_ids[0]])
    scale = canvas.view.scale_factor()
    assert scale >= LABEL_MIN_SCALE
    shown = dict(labels.labels_for(everything, scale))
    index = canvas.scene.layers.parcel_ids.index(parcel_ids[0])
    assert shown[index] in ("OTL02 B 2290", "B 2290", "2290")
    # A 50 m parcel at 3 px/m has room for the full designation, at 0.9 px/m only the number.
    assert dict(labels.labels_for(np.array([index]), 3.0))[index] == "OTL02 B 2290"
    assert dict(labels.labels_for(np.array([index]), 0.9)).get(index) in ("2290", "B 2290")


def test_tooltip_names_parcel_park_and_coloured_value(context, canvas, parcel_ids):
    record(context, parcel_ids[1], "vacancy",
           {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 200})
    canvas.set_rows(ParcelService(context).rows())
    canvas.set_colouring("vacancy_pct")
    text = canvas.tooltip_text(parcel_ids[1])
    assert "OTL02 B 2291" in text
    assert "Twentekanaal Noord 1 &amp; 2" in text
    assert f"Vacancy: {QLocale().toString(20.0, 'f', 1)} % (15–40 %)" in text
    assert "Vacancy: no data" in canvas.tooltip_text(parcel_ids[2])
    # The view asks the canvas for the text of whatever is under the cursor.
    scene_point = canvas.view.mapToScene(interior(canvas, parcel_ids[1]))
    assert canvas.view.tooltip_provider(scene_point) == text
    assert canvas.view.tooltip_provider(scene_point + QPointF(-5000, 0)) is None


def test_an_added_colouring_is_offered_and_used(canvas, parcel_ids):
    score = {parcel_ids[0]: 0.9}
    canvas.add_colouring(Colouring(
        "ranking_score", "Ranking score",
        (ColourClass("low", "#edf8e9"), ColourClass("high", "#006d2c")),
        lambda parcel, today: score.get(parcel.id), (0.5, 1.0), decimals=2))
    assert ("ranking_score", "Ranking score") in canvas.colourings()
    canvas.set_colouring("ranking_score")
    assert canvas.class_of(parcel_ids[0]) == 1
    assert canvas.class_of(parcel_ids[1]) is None
    with pytest.raises(KeyError):
        canvas.set_colouring("no_such_colouring")


def test_scale_bar_uses_round_lengths(canvas):
    assert nice_length(1.0, 120) == 100
    assert nice_length(0.15, 120) == 10
    assert nice_length(7.0, 120) == 500
    assert nice_length(10.0, 120) == 1000
    canvas.zoom_full()
    bar = canvas.scale_bar
    assert bar.bar_px == pytest.approx(bar.metres * canvas.view.scale_factor())
    assert 0 < bar.bar_px <= 120


def test_layers_set_before_showing_are_fitted_once_shown(qtbot, context, parcel_ids):
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.set_layers(MapDataService(context).load())  # hidden: the view has no size yet
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    extent = widget.scene.extent()
    assert widget.visible_rect().contains(extent)
    widget.resize(900, 700)  # still showing everything: the fit follows the new size
    qtbot.waitUntil(lambda: widget.view.viewport().width() > 800)
    visible = widget.visible_rect()
    assert visible.contains(extent)
    assert min(visible.width() / extent.width(), visible.height() / extent.height()) < 1.3


def test_an_empty_database_gives_an_empty_map(qtbot):
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.set_layers(MapLayers())
    widget.set_rows([])
    widget.zoom_full()
    widget.grab()
    assert [e.count for e in widget.legend.entries()] == [0, 0, 0, 0]


def test_parcel_hit_uses_geometry_not_bounding_box(qtbot):
    """An L-shaped parcel is not hit in the notch of its bounding box."""
    ell = shapely.Polygon([(0, 0), (100, 0), (100, 40), (40, 40), (40, 100), (0, 100)])
    layers = MapLayers(parcel_ids=("a",), designations=("OTL02 B 1",), parcel_park_ids=(None,),
                       parcel_geometries=np.array([ell], dtype=object))
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.set_layers(layers)
    assert widget.scene.parcel_at(to_scene(20, 80)) == 0
    assert widget.scene.parcel_at(to_scene(80, 80)) is None
