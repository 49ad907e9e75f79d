"""Survey progress per park: surveyed counts per topic, stale observations around the cutoff."""

from __future__ import annotations

import datetime as dt

from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.survey_progress import (
    SurveyStatus,
    months_before,
    survey_progress,
    survey_status,
)
from tests.ui_factories import SAMPLE_VALUES, make_parcels, record

TODAY = dt.date(2026, 3, 15)


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.UTC)


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(dt.date(2026, 3, 15), 12) == dt.date(2025, 3, 15)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2026, 1, 10), 13) == dt.date(2024, 12, 10)
    assert months_before(dt.date(2026, 1, 10), 0) == dt.date(2026, 1, 10)


def test_counts_per_park_with_ages_around_the_threshold(context):
    noord = make_parcels(context, 4, park_name="Twentekanaal Noord 1 & 2")
    campus = make_parcels(context, 2, park_name="Westermaat Campus")
    cutoff = months_before(TODAY, 12)                      # 2025-03-15
    # noord[0]: condition exactly at the cutoff (current) and vacancy a day older (stale)
    record(context, noord[0], "condition", SAMPLE_VALUES["condition"], at(cutoff))
    record(context, noord[0], "vacancy", SAMPLE_VALUES["vacancy"],
           at(cutoff - dt.timedelta(days=1)))
    # noord[1]: every topic, all recent: complete and current
    for topic, values in SAMPLE_VALUES.items():
        record(context, noord[1], topic, values, at(TODAY - dt.timedelta(days=30)))
    # noord[2]: an old condition observation superseded by a recent one: current
    record(context, noord[2], "condition", {"overall": 5}, at(dt.date(2023, 1, 1)))
    record(context, noord[2], "condition", {"overall": 4}, at(TODAY))
    # campus[0]: only a note, which is no survey topic: still not surveyed
    record(context, campus[0], "note", {"text": "poort dicht"}, at(dt.date(2020, 1, 1)))

    rows = ParcelService(context).rows()
    progress = survey_progress(rows, today=TODAY)
    by_name = {p.park_name: p for p in progress.parks}

    assert progress.cutoff == cutoff
    north = by_name["Twentekanaal Noord 1 & 2"]
    assert north.parcels == 4
    assert north.surveyed["condition"] == 3
    assert north.surveyed["vacancy"] == 2
    assert north.surveyed["profile_fit"] == 1
    assert north.stale["vacancy"] == 1
    assert north.stale["condition"] == 0  # the cutoff day itself is not stale
    assert north.stale_observations == 1
    assert (north.not_surveyed_parcels, north.stale_parcels, north.current_parcels) == (1, 1, 2)
    assert north.complete_parcels == 1
    assert north.surveyed_share("condition") == 0.75

    west = by_name["Westermaat Campus"]
    assert west.parcels == 2
    assert sum(west.surveyed.values()) == 0
    assert west.not_surveyed_parcels == 2

    assert progress.total.is_total
    assert progress.total.parcels == 6
    assert progress.total.surveyed["condition"] == 3
    assert progress.total.not_surveyed_parcels == 3


def test_a_shorter_age_makes_more_observations_stale(context):
    ids = make_parcels(context, 1)
    record(context, ids[0], "condition", {"overall": 2}, at(dt.date(2025, 12, 1)))
    rows = ParcelService(context).rows()
    assert survey_progress(rows, TODAY, months=12).total.stale_observations == 0
    assert survey_progress(rows, TODAY, months=3).total.stale_observations == 1
    assert survey_status(rows[0], TODAY, 3) is SurveyStatus.STALE
    assert survey_status(rows[0], TODAY, 12) is SurveyStatus.CURRENT


def test_parks_in_scope_come_first_and_parcels_without_park_last(context):
    make_parcels(context, 1, park_name=None)
    make_parcels(context, 1, park_name="Gezondheidspark")          # out of scope
    make_parcels(context, 1, park_name="Zeggershoek-Fabelenweg")
    make_parcels(context, 1, park_name="Oosterveld & Weijinkshoek")
    progress = survey_progress(ParcelService(context).rows(), TODAY)
    assert [p.park_name for p in progress.parks] == [
        "Oosterveld & Weijinkshoek", "Zeggershoek-Fabelenweg", "Gezondheidspark", None]


def test_park_vacancy_is_the_sum_over_the_park_against_five_percent_both_ways(context):
    low = make_parcels(context, 2, park_name="Twentekanaal Noord 1 & 2")
    high = make_parcels(context, 2, park_name="Westermaat Campus")
    record(context, low[0], "vacancy", {"total_floor_area_m2": 4000, "vacant_floor_area_m2": 0},
           at(TODAY))
    record(context, low[1], "vacancy", {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 50},
           at(TODAY))
    record(context, high[0], "vacancy", {"total_floor_area_m2": 500, "vacant_floor_area_m2": 500},
           at(TODAY))
    progress = survey_progress(ParcelService(context).rows(), TODAY)
    by_name = {p.park_name: p for p in progress.parks}
    noord = by_name["Twentekanaal Noord 1 & 2"].vacancy
    assert noord.pct == 1.0 and noord.against_friction == "onder"  # 50 / 5000: too little
    campus = by_name["Westermaat Campus"].vacancy
    assert campus.pct == 100.0 and campus.against_friction == "boven"
    assert campus.parcels == 1  # the parcel without a vacancy survey is missing, not zero
    assert progress.total.vacancy.pct == 550 / 5500 * 100
