"""Item 6 of issue 8: conflicts are resolved on purpose: versions side by side with the
differences marked, Save only after a choice, conflicts visible on the map and in the header."""

from __future__ import annotations

import datetime as dt

import pytest
from field_window import open_window
from PySide6.QtCore import Qt
from ui_factories import make_parcels

from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.models import Observation
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui.panel import ParcelPanel

pytestmark = pytest.mark.usefixtures("sync_workers")


def add_conflict(context, parcel_id: str) -> None:
    with context.database.session() as session:
        for author, vacant, when in (("Piet", 100, dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
                                     ("Marloes", 300, dt.datetime(2026, 1, 6, 11, tzinfo=dt.UTC))):
            session.add(Observation(
                id=new_id(), parcel_id=parcel_id, topic="vacancy",
                values={"total_floor_area_m2": 1000.0, "vacant_floor_area_m2": float(vacant)},
                observed_at=when, created_by=author, device_id=new_id()))


@pytest.fixture
def parcels(context):
    ids = make_parcels(context, 3)
    add_conflict(context, ids[1])
    return ids


@pytest.fixture
def panel(qtbot, context, parcels):
    widget = ParcelPanel(context)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.show()
    widget.show_parcel(parcels[1])
    widget.select_topic("vacancy")
    return widget


def test_versions_side_by_side_with_the_difference_marked(panel):
    view = panel.current_page().conflict_view
    assert view.isVisible()
    assert view.columnCount() == 3  # field + two versions
    headers = [view.horizontalHeaderItem(c).text() for c in range(3)]
    assert "Marloes" in headers[1] and "Piet" in headers[2]
    assert view.differences == ["vacant_floor_area_m2"]
    rows = {view.item(r, 0).text(): r for r in range(view.rowCount())}
    marked = [label for label in rows if label.startswith("≠")]
    assert marked == ["≠ Leegstaand vloeroppervlak"]
    row = rows["≠ Leegstaand vloeroppervlak"]
    assert {view.item(row, 1).text(), view.item(row, 2).text()} == {"100 m²", "300 m²"}
    assert view.item(row, 1).font().bold()
    assert not view.item(rows["Totaal vloeroppervlak"], 1).font().bold()


def test_opening_a_conflict_does_not_enable_save(qtbot, panel, parcels, context):
    page = panel.current_page()
    assert not page.save_button.isEnabled()
    assert not panel.save_current()
    assert len(SurveyService(context).heads(parcels[1])["vacancy"]) == 2  # still a conflict
    qtbot.mouseClick(page._conflict_buttons[0], Qt.MouseButton.LeftButton)  # Marloes, = form
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(panel.observationSaved):
        assert panel.save_current()
    heads = SurveyService(context).heads(parcels[1])["vacancy"]
    assert len(heads) == 1 and heads[0].values["vacant_floor_area_m2"] == 300
    assert not panel.conflict_label.isVisibleTo(panel)


def test_conflict_in_the_panel_header(panel, parcels):
    assert panel.conflict_label.isVisibleTo(panel)
    assert "Leegstand" in panel.conflict_label.text()
    panel.show_parcel(parcels[0])
    assert not panel.conflict_label.isVisibleTo(panel)


def test_conflicts_are_outlined_on_the_map(qtbot, context, tmp_path, parcels):
    window = open_window(qtbot, context, tmp_path)
    marked = window.canvas.scene.conflicts.indices.tolist()
    assert marked == [window.canvas._index[parcels[1]]]
    window.colouring_combo.setCurrentIndex(window.colouring_combo.count() - 1)
    window.set_colouring(window.colouring_combo.itemData(window.colouring_combo.count() - 1))
    assert window.canvas.scene.conflicts.indices.tolist() == marked  # in every colouring
