"""Map colourings: classes, "no data", survey status around the stale threshold."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from otb_desktop.domain.colouring import (
    CURRENT,
    NO_DATA,
    NOT_SURVEYED,
    STALE,
    SURVEY_TOPICS,
    ColourClass,
    Colouring,
    months_before,
    standard_colourings,
    survey_status,
)
from otb_desktop.domain.figures import climate_score
from otb_desktop.services.parcels import ParcelRow

TODAY = dt.date(2026, 3, 31)
PARK = "park-1"


def row(values=None, observed_at=None, coverage=30.0, unused=None, park_id=PARK) -> ParcelRow:
    return ParcelRow(
        id="p1", designation="OTL02 B 1", park_id=park_id, park_name="Park", in_scope=True,
        addresses=(), area_m2=2500.0, registered_area_m2=2500.0, built_footprint_m2=750.0,
        coverage_pct=coverage, existing_floor_area_m2=1500.0, unused_coverage_m2=unused,
        unused_floor_area_m2=None, values=values or {}, observed_at=observed_at or {})


def at(day: dt.date) -> dt.datetime:
    """Noon local time on ``day``, as the aware UTC moment the database stores."""
    return dt.datetime(day.year, day.month, day.day, 12).astimezone().astimezone(dt.UTC)


def colouring(key: str, **kwargs) -> Colouring:
    return next(c for c in standard_colourings(**kwargs) if c.key == key)


def label_of(key: str, parcel: ParcelRow, **kwargs) -> str | None:
    c = colouring(key, **kwargs)
    k = c.classify(parcel, TODAY)
    return None if k is None else c.classes[k].text()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 15), 1, dt.date(2025, 12, 15)),
    (dt.date(2026, 5, 10), 12, dt.date(2025, 5, 10)),
    (dt.date(2026, 5, 10), 30, dt.date(2023, 11, 10)),
])
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_survey_status_around_the_threshold():
    threshold = months_before(TODAY, 12)
    vacancy = {"vacancy": {"total_floor_area_m2": 100, "vacant_floor_area_m2": 0}}
    assert survey_status(row(), TODAY) == NOT_SURVEYED
    on_threshold = row(vacancy, {"vacancy": at(threshold)})
    assert survey_status(on_threshold, TODAY) == CURRENT
    one_day_older = row(vacancy, {"vacancy": at(threshold - dt.timedelta(days=1))})
    assert survey_status(one_day_older, TODAY) == STALE
    assert survey_status(one_day_older, TODAY, stale_months=13) == CURRENT
    assert survey_status(on_threshold, TODAY, stale_months=6) == STALE


def test_one_old_topic_makes_a_parcel_stale_and_notes_do_not_count():
    recent, old = at(TODAY - dt.timedelta(days=10)), at(TODAY - dt.timedelta(days=800))
    mixed = row({"vacancy": {}, "condition": {"overall": 2}},
                {"vacancy": recent, "condition": old})
    assert survey_status(mixed, TODAY) == STALE
    only_note = row({"note": {"text": "bezocht"}}, {"note": recent})
    assert survey_status(only_note, TODAY) == NOT_SURVEYED


def test_survey_status_colouring_names_the_period():
    status = colouring("survey_status", stale_months=18)
    assert [c.text() for c in status.classes] == [
        "not yet surveyed", "stale (older than 18 months)", "current"]
    old = row({"condition": {"overall": 2}}, {"condition": at(dt.date(2024, 9, 1))})
    assert status.classify(old, TODAY) == STALE
    assert status.classify(row(), TODAY) == NOT_SURVEYED


@pytest.mark.parametrize(("vacant", "expected"), [
    (0, "no vacancy"),
    (50, "up to 5 %"),  # a parcel is no friction vacancy: that is the park's 5 %
    (51, "5–15 %"),
    (400, "15–40 %"),
    (401, "over 40 %"),
    (1000, "over 40 %"),
])
def test_vacancy_classes_are_inclusive_upper_bounds(vacant, expected):
    parcel = row({"vacancy": {"total_floor_area_m2": 1000, "vacant_floor_area_m2": vacant}})
    assert label_of("vacancy_pct", parcel) == expected


def test_missing_topic_is_no_data_not_zero():
    for key in ("vacancy_pct", "condition", "climate_score", "owner_willingness",
                "profile_fit", "unused_coverage_m2"):
        assert colouring(key).classify(row(), TODAY) is None, key


def test_condition_and_willingness_use_the_recorded_score():
    parcel = row({"condition": {"overall": 4},
                  "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 5}})
    assert label_of("condition", parcel) == "4 moderate"
    assert label_of("owner_willingness", parcel) == "5 very willing"


def test_derived_figures():
    assert label_of("coverage_pct", row(coverage=20.0)) == "up to 20 %"
    assert label_of("coverage_pct", row(coverage=20.5)) == "20–40 %"
    assert label_of("coverage_pct", row(coverage=95.0)) == "over 80 %"
    assert label_of("unused_coverage_m2", row(unused=0.0)) == "none"
    assert label_of("unused_coverage_m2", row(unused=1200.0)) == "500–2,000 m²"


def test_climate_score_class_follows_the_documented_formula():
    values = {"paved_pct": 60, "green_pct": 20}
    parcel = row({"climate_adaptation": values})
    score = climate_score(values)
    assert 0.2 < score <= 0.4
    assert label_of("climate_score", parcel) == "0.2–0.4"
    assert colouring("climate_score").measure(parcel, TODAY) == score


def test_profile_fit_needs_the_park_profile():
    fits = row({"profile_fit": {"current_activity": "software", "environmental_category": 2}})
    heavy = row({"profile_fit": {"current_activity": "gieterij", "environmental_category": 5}})
    profiles = {PARK: "hightech"}
    assert label_of("profile_fit", fits, park_profiles=profiles) == "fits"
    assert label_of("profile_fit", heavy, park_profiles=profiles) == "does not fit"
    assert label_of("profile_fit", fits) is None  # park profile unknown
    assert label_of("profile_fit", row(fits.values, park_id=None), park_profiles=profiles) is None


def test_completeness_counts_survey_topics():
    assert len(SURVEY_TOPICS) == 8  # the class labels say "of 8"
    values = {"vacancy": {}, "condition": {}, "planning_capacity": {}, "note": {}}
    assert label_of("completeness", row()) == "no topic recorded"
    assert label_of("completeness", row(values)) == "1–3 of 8 topics"
    assert label_of("completeness", row({t: {} for t in SURVEY_TOPICS})) == "all 8 topics"


def test_palettes_are_distinct_from_no_data():
    colourings = standard_colourings()
    assert len({c.key for c in colourings}) == len(colourings)
    for c in colourings:
        colours = [k.colour for k in c.classes]
        assert all(re.fullmatch(r"#[0-9a-f]{6}", k) for k in colours), c.key
        assert NO_DATA.colour not in colours, c.key
        assert len(set(colours)) == len(colours), c.key


def test_a_ranking_score_is_one_more_colouring():
    scores = {"p1": 0.83}
    ranking = Colouring(
        "ranking_score", "Ranking score",
        tuple(ColourClass(label, colour) for label, colour in (
            ("low", "#edf8e9"), ("middle", "#74c476"), ("high", "#006d2c"))),
        lambda parcel, today: scores.get(parcel.id), (0.33, 0.66, 1.0), decimals=2)
    assert ranking.classify(row(), TODAY) == 2
    scores.clear()
    assert ranking.classify(row(), TODAY) is None


def test_bounds_must_match_classes():
    with pytest.raises(ValueError, match="one upper bound per class"):
        Colouring("x", "x", (ColourClass("a", "#000000"),), lambda r, t: 1.0, (1, 2))
    with pytest.raises(ValueError, match="ascend"):
        Colouring("x", "x", (ColourClass("a", "#000000"), ColourClass("b", "#ffffff")),
                  lambda r, t: 1.0, (2, 1))
