"""Validation of survey values: typed, ranged, cross-checked, with Dutch messages."""

import datetime as dt

import pytest

from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.topics import TOPICS, Kind, Topic, topic_spec, validate

TODAY = dt.date(2026, 6, 1)


def issues_of(topic, raw):
    with pytest.raises(ValidationError) as info:
        validate(topic, raw, today=TODAY)
    return {i.field: i.message for i in info.value.issues}


def test_every_topic_has_a_spec_and_required_field():
    assert set(TOPICS) == set(Topic)
    for spec in TOPICS.values():
        assert any(f.required for f in spec.fields), spec.topic


def test_vacancy_good_value_is_cleaned():
    values = validate(Topic.VACANCY, {"total_floor_area_m2": "1.200,5".replace(".", ""),
                                      "vacant_floor_area_m2": 300, "vacant_since": "2025-01-31",
                                      "offered": "te huur"}, today=TODAY)
    assert values == {"total_floor_area_m2": 1200.5, "vacant_floor_area_m2": 300.0,
                      "vacant_since": "2025-01-31", "offered": "huur"}


def test_vacant_above_total_names_field_and_range():
    issues = issues_of(Topic.VACANCY, {"total_floor_area_m2": 100, "vacant_floor_area_m2": 150})
    assert "vacant_floor_area_m2" in issues
    assert "hoogstens 100 m²" in issues["vacant_floor_area_m2"]


def test_negative_area_refused_with_allowed_range():
    issues = issues_of(Topic.VACANCY, {"total_floor_area_m2": -5, "vacant_floor_area_m2": 0})
    assert "Totaal vloeroppervlak" in issues["total_floor_area_m2"]
    assert "van 0 t/m 1000000 m²" in issues["total_floor_area_m2"]


def test_condition_score_outside_scale():
    issues = issues_of(Topic.CONDITION, {"overall": 7})
    assert "van 1 t/m 6" in issues["overall"]
    issues = issues_of(Topic.CONDITION, {"overall": 2.5})
    assert "geheel getal" in issues["overall"]


def test_date_in_future_refused():
    issues = issues_of(Topic.INVESTMENT, {"owner_type": "belegger", "owner_willingness": 3,
                                          "contact_date": "2026-06-02"})
    assert "toekomst" in issues["contact_date"]


def test_required_missing_and_unknown_field_all_reported():
    issues = issues_of(Topic.PLANNING, {"max_height_m": "", "colour": "rood"})
    assert set(issues) == {"max_height_m", "max_coverage_pct", "colour"}
    assert "verplicht" in issues["max_height_m"]


def test_choice_bool_text_limits():
    assert validate(Topic.CLIMATE, {"paved_pct": 60, "green_pct": 30, "green_roof": "ja",
                                    "heat_exposure": "HOOG"}, today=TODAY) == {
        "paved_pct": 60.0, "green_pct": 30.0, "green_roof": True, "heat_exposure": "hoog"}
    assert "green_pct" in issues_of(Topic.CLIMATE, {"paved_pct": 80, "green_pct": 30})
    assert "green_roof" in issues_of(Topic.CLIMATE, {"paved_pct": 1, "green_pct": 1,
                                                     "green_roof": "misschien"})
    assert "4000" in issues_of(Topic.NOTE, {"text": "x" * 4001})["text"]


def test_allowed_text_for_every_field():
    for spec in TOPICS.values():
        for field in spec.fields:
            assert field.allowed(), field.name
            if field.kind is Kind.CHOICE:
                assert field.choices
    assert topic_spec("condition").field("overall").allowed() == (
        "een geheel getal van 1 t/m 6: 1 uitstekend, 2 goed, 3 redelijk, 4 matig, 5 slecht, "
        "6 zeer slecht (1 is best, 6 is slechtst)")


def test_dutch_thousands_separator_is_refused_not_read_as_decimals():
    issues = issues_of(Topic.VACANCY, {"total_floor_area_m2": "12.500",
                                       "vacant_floor_area_m2": "1.000,5"})
    assert "dubbelzinnig" in issues["total_floor_area_m2"]
    assert "dubbelzinnig" in issues["vacant_floor_area_m2"]
    assert validate(Topic.VACANCY, {"total_floor_area_m2": "12,5", "vacant_floor_area_m2": "2.5"},
                    today=TODAY) == {"total_floor_area_m2": 12.5, "vacant_floor_area_m2": 2.5}
