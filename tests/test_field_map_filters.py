"""Item 3 of issue 8: the map shows what the list shows, and "zoom to all" fits the parks."""

from __future__ import annotations

import pytest
from field_window import move_parcel, open_window
from ui_factories import SAMPLE_VALUES, make_parcels, record

from otb_desktop.ui.parcel_table_model import Completeness

NOORD = "Twentekanaal Noord 1 & 2"
CAMPUS = "Westermaat Campus"


pytestmark = pytest.mark.usefixtures("sync_workers")


@pytest.fixture
def parcels(context):
    noord = make_parcels(context, 6, park_name=NOORD)
    campus = make_parcels(context, 3, park_name=CAMPUS)
    record(context, noord[0], "condition", SAMPLE_VALUES["condition"])
    return {"noord": noord, "campus": campus}


@pytest.fixture
def window(qtbot, context, tmp_path, parcels):
    return open_window(qtbot, context, tmp_path)


def legend_total(window) -> int:
    return sum(entry.count for entry in window.canvas.legend.entries())


def greyed(window, parcel_id: str) -> bool:
    canvas = window.canvas
    filtered_class = len(canvas.colouring().classes) + 1
    return int(canvas.scene.fill.classes[canvas._index[parcel_id]]) == filtered_class


def test_park_filter_greys_the_other_parks_and_the_legend_counts_what_is_shown(window, parcels):
    assert legend_total(window) == 9
    window.filters.select_park(window.model.row_by_id(parcels["campus"][0]).park_id)
    assert all(greyed(window, pid) for pid in parcels["noord"])
    assert not any(greyed(window, pid) for pid in parcels["campus"])
    assert legend_total(window) == 3
    assert window.canvas.legend.hidden == 6
    window.filters.clear()
    assert not any(greyed(window, pid) for pid in parcels["noord"] + parcels["campus"])
    assert legend_total(window) == 9 and window.canvas.legend.hidden == 0


def test_completeness_and_search_apply_to_the_map(window, parcels):
    window.filters.select_completeness(Completeness.NOT_SURVEYED)
    assert greyed(window, parcels["noord"][0])
    assert legend_total(window) == 8
    window.filters.clear()
    window.search.setText("Westermaat")
    window.search.flush()
    assert all(greyed(window, pid) for pid in parcels["noord"])
    assert legend_total(window) == 3


def test_clearing_a_filter_keeps_the_view(window, parcels):
    window.filters.select_park(window.model.row_by_id(parcels["campus"][0]).park_id)
    zoomed = window.canvas.visible_rect()
    window.filters.clear()
    assert window.canvas.visible_rect() == zoomed


def test_zoom_to_all_fits_the_parks_not_outlying_parcels(qtbot, context, tmp_path, parcels):
    outliers = make_parcels(context, 3, park_name=None)
    for n, pid in enumerate(outliers):
        move_parcel(context, pid, 15_000 + 500 * n, -8_000)
    window = open_window(qtbot, context, tmp_path)
    window.canvas.zoom_full()
    canvas = window.canvas
    visible = canvas.visible_rect()
    park_rect = canvas.scene.parcels_rect(
        [canvas._index[p] for p in parcels["noord"] + parcels["campus"]])
    assert visible.contains(park_rect)
    outlier_rect = canvas.scene.parcels_rect([canvas._index[outliers[0]]])
    assert not visible.intersects(outlier_rect)
    # the parks fill the view: not a speck in a town-wide frame
    assert park_rect.width() * canvas.view.scale_factor() > 0.4 * canvas.view.viewport().width()
