"""The parcel list model and its filter proxy, on rows from the real ParcelService."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt

from otb_desktop.domain.search import Rank
from otb_desktop.domain.topics import Topic
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui.filter_bar import FilterBar
from otb_desktop.ui.parcel_table_model import (
    ID_ROLE,
    NO_PARK,
    Column,
    Completeness,
    Op,
    ParcelFilterProxy,
    ParcelTableModel,
    ValueFilter,
    designation_sort_key,
    search_rank,
)
from tests.ui_factories import SAMPLE_VALUES, make_parcels, record

NOORD = "Twentekanaal Noord 1 & 2"
CAMPUS = "Westermaat Campus"


@pytest.fixture
def data(context):
    """6 parcels in Noord (2290..2295), 3 in Campus (2296..2298), 1 without park (2299)."""
    noord = make_parcels(context, 6, park_name=NOORD)
    campus = make_parcels(context, 3, park_name=CAMPUS)
    loose = make_parcels(context, 1, park_name=None)
    record(context, noord[0], "condition", {"overall": 5})
    record(context, noord[1], "condition", {"overall": 2})
    record(context, noord[1], "vacancy", {"total_floor_area_m2": 1000,
                                          "vacant_floor_area_m2": 300})
    for topic, values in SAMPLE_VALUES.items():
        record(context, campus[0], topic, values)
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=500)
    record(context, campus[1], "willingness_to_invest",
           {"owner_type": "gemeente", "owner_willingness": 2}, observed_at=old)
    return {"noord": noord, "campus": campus, "loose": loose}


@pytest.fixture
def models(data, context, qtbot):
    QLocale.setDefault(QLocale("nl_NL"))
    model = ParcelTableModel()
    model.set_rows(ParcelService(context).rows())
    proxy = ParcelFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DESIGNATION, Qt.SortOrder.AscendingOrder)
    yield model, proxy
    QLocale.setDefault(QLocale.system())


def visible_ids(proxy: ParcelFilterProxy) -> list[str]:
    return [proxy.parcel_id(r) for r in range(proxy.rowCount())]


def test_designations_sort_by_number_not_by_text():
    keys = sorted(["OTL02 B 2298", "OTL02 B 230", "OTL02 A 9999", "HGL00 C 1"],
                  key=designation_sort_key)
    assert keys == ["HGL00 C 1", "OTL02 A 9999", "OTL02 B 230", "OTL02 B 2298"]


def test_model_shows_parcel_figures_in_dutch_format(models, data):
    model, _proxy = models
    position = model.position_of(data["noord"][1])
    row = model.row_at(position)

    def text(column: Column) -> str:
        return model.index(position, column).data()

    assert text(Column.DESIGNATION) == "OTL02 B 2291"
    assert text(Column.PARK) == NOORD
    assert text(Column.ADDRESS) == "Testweg 2291"  # ", Hengelo" dropped (issue 8)
    assert text(Column.AREA) == "2.500 m²"
    assert text(Column.COVERAGE) == f"{row.coverage_pct:.0f} %"
    assert text(Column.COMPLETENESS) == "2/8"
    assert text(Column.LAST_OBSERVED) != ""
    assert model.index(position, 0).data(ID_ROLE) == data["noord"][1]
    assert model.columnCount() == len(Column)
    assert model.headerData(Column.COVERAGE, Qt.Orientation.Horizontal) == "Coverage"


def test_sorting_by_coverage_uses_numbers(models):
    _model, proxy = models
    proxy.sort(Column.COVERAGE, Qt.SortOrder.DescendingOrder)
    values = [proxy.index(r, Column.COVERAGE).data(proxy.sortRole())
              for r in range(proxy.rowCount())]
    assert values == sorted(values, reverse=True)
    assert values[0] > values[-1]


def test_park_filter(models, data):
    _model, proxy = models
    proxy.set_park(data_park_id(models, data["campus"][0]))
    assert visible_ids(proxy) == data["campus"]
    proxy.set_park(NO_PARK)
    assert visible_ids(proxy) == data["loose"]
    proxy.set_park(None)
    assert proxy.rowCount() == 10


def test_rows_are_filtered_in_python_only_while_a_filter_is_set(models, data, monkeypatch):
    """Without a filter Qt accepts every row itself: no Python call per row at a load's
    reset and reveal steps (200 000 of them at a large start)."""
    model, proxy = models
    calls = []
    original = ParcelFilterProxy._accepts_source_row

    def counting(self, source_row, source_parent):
        calls.append(source_row)
        return original(self, source_row, source_parent)

    monkeypatch.setattr(ParcelFilterProxy, "_accepts_source_row", counting)
    model.set_rows(model.rows())
    model.update_rows([model.row_at(0)])
    assert proxy.rowCount() == 10 and calls == []
    proxy.set_park(data_park_id(models, data["campus"][0]))
    assert visible_ids(proxy) == data["campus"] and len(calls) == 10
    model.set_rows(model.rows())  # a reload while filtered keeps filtering
    assert visible_ids(proxy) == data["campus"] and len(calls) == 20
    proxy.set_park(None)
    calls.clear()
    model.set_rows(model.rows())
    assert proxy.rowCount() == 10 and calls == []
    proxy.set_search("2296")  # and again with another filter
    assert visible_ids(proxy) == data["campus"][:1] and calls


def data_park_id(models, parcel_id: str) -> str:
    model, _proxy = models
    return model.row_by_id(parcel_id).park_id


@pytest.mark.parametrize(("completeness", "expected"), [
    (Completeness.NOT_SURVEYED, 6),
    (Completeness.PARTLY, 3),
    (Completeness.COMPLETE, 1),
    (Completeness.STALE, 1),
    (Completeness.CONFLICT, 0),
])
def test_completeness_filter(models, completeness, expected):
    _model, proxy = models
    proxy.set_completeness(completeness)
    assert proxy.rowCount() == expected


def test_stale_filter_follows_the_chosen_age(models, data):
    _model, proxy = models
    proxy.set_completeness(Completeness.STALE)
    assert visible_ids(proxy) == [data["campus"][1]]
    proxy.set_stale_months(24)
    assert visible_ids(proxy) == []


def test_value_filters(models, data):
    _model, proxy = models
    proxy.set_value_filter(ValueFilter(str(Topic.CONDITION), "overall", Op.AT_LEAST, 4))
    assert visible_ids(proxy) == [data["noord"][0]]
    proxy.set_value_filter(ValueFilter(str(Topic.CONDITION), "overall", Op.AT_MOST, 3))
    assert visible_ids(proxy) == [data["noord"][1], data["campus"][0]]
    proxy.set_value_filter(ValueFilter(str(Topic.INVESTMENT), "owner_type", Op.EQ,
                                       "gemeente"))
    assert visible_ids(proxy) == [data["campus"][1]]
    proxy.set_value_filter(ValueFilter(str(Topic.VACANCY), "vacancy_pct", Op.AT_LEAST, 25))
    assert visible_ids(proxy) == [data["noord"][1]]
    proxy.set_value_filter(ValueFilter(str(Topic.CONDITION), "overall", Op.MISSING))
    assert proxy.rowCount() == 10 - 3
    proxy.set_value_filter(None)
    assert proxy.rowCount() == 10


def test_filters_combine(models, data):
    _model, proxy = models
    proxy.set_park(data_park_id(models, data["noord"][0]))
    proxy.set_value_filter(ValueFilter(str(Topic.CONDITION), "overall", Op.RECORDED))
    assert visible_ids(proxy) == data["noord"][:2]
    proxy.set_search("2291")
    assert visible_ids(proxy) == [data["noord"][1]]
    assert proxy.has_filters()


@pytest.mark.parametrize(("text", "rank"), [
    ("OTL02 B 2291", Rank.DESIGNATION), ("otl02-b-2291", Rank.DESIGNATION),
    ("b2291", Rank.SHORT_DESIGNATION), ("B 2291", Rank.SHORT_DESIGNATION),
    ("Testweg 2291", Rank.ADDRESS), ("testweg", Rank.ADDRESS_PART), ("229", Rank.DESIGNATION_PART),
    ("noord", Rank.PARK), ("b2292", None), ("campus", None),
])
def test_search_rank(models, data, text, rank):
    model, _proxy = models
    assert search_rank(model.row_by_id(data["noord"][1]), text) == rank


def test_search_filter_and_best_match(models, data):
    _model, proxy = models
    proxy.set_search("Westermaat")
    assert visible_ids(proxy) == data["campus"]
    proxy.set_search("b2297")
    assert visible_ids(proxy) == [data["campus"][1]]
    assert proxy.best_search_match() == 0
    proxy.set_search("nothing like this")
    assert proxy.rowCount() == 0
    assert proxy.best_search_match() is None


def test_update_rows_replaces_the_row_after_a_save(models, data, context):
    model, proxy = models
    target = data["noord"][2]
    proxy.set_completeness(Completeness.NOT_SURVEYED)
    assert target in visible_ids(proxy)
    record(context, target, "condition", {"overall": 3})
    model.update_rows(ParcelService(context).rows([target]))
    assert model.row_by_id(target).surveyed_topics == 1
    assert target not in visible_ids(proxy)  # dynamic filter re-evaluates the changed row


def test_filter_bar_drives_the_proxy(models, data, qtbot):
    model, proxy = models
    bar = FilterBar(proxy)
    qtbot.addWidget(bar)
    rows = model.rows()
    bar.set_parks(sorted({(r.park_id, r.park_name, r.in_scope) for r in rows if r.park_id}))
    with qtbot.waitSignal(bar.changed):
        bar.select_park(data_park_id(models, data["campus"][0]))
    assert visible_ids(proxy) == data["campus"]

    bar.completeness.setCurrentIndex(bar.completeness.findData(str(Completeness.COMPLETE)))
    assert visible_ids(proxy) == [data["campus"][0]]
    bar.clear()
    assert proxy.rowCount() == 10

    # choose "Bouwkundige staat: Conditiescore totaal ≥ 4" through the combo boxes
    field = next(i for i in range(bar.field.count())
                 if bar.field.itemText(i).endswith("schaal NEN 2767)"))
    bar.field.setCurrentIndex(field)
    bar.op.setCurrentIndex(bar.op.findData(str(Op.AT_LEAST)))
    assert bar.value.isEditable()
    bar.value.setEditText("4")
    assert visible_ids(proxy) == [data["noord"][0]]
    bar.value.setEditText("2,5")  # Dutch decimal comma
    assert visible_ids(proxy) == [data["noord"][0], data["campus"][0]]

    # a choice field offers its choices, not free text
    bar.select_value_filter(str(Topic.INVESTMENT), "owner_type", Op.EQ, "gemeente")
    assert not bar.value.isEditable()
    assert visible_ids(proxy) == [data["campus"][1]]
    bar.reset.click()
    assert proxy.rowCount() == 10
    assert not proxy.has_filters()
