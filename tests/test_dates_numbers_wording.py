"""One date parser for every date field, plain numbers only, and Dutch counts (issue 7 item 4)."""

import datetime as dt

import pytest

from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.topics import Topic, parse_date, validate
from otb_desktop.domain.wording import count, number

TODAY = dt.date(2026, 6, 1)
INVESTMENT = {"owner_type": "belegger", "owner_willingness": 3}


def contact_date_issue(text):
    with pytest.raises(ValidationError) as info:
        validate(Topic.INVESTMENT, {**INVESTMENT, "contact_date": text}, today=TODAY)
    return {i.field: i.message for i in info.value.issues}["contact_date"]


@pytest.mark.parametrize("text", ["2025-03-01", "1-3-2025", "01-03-2025", "1/3/2025",
                                  "2025-03-01 00:00:00"])
def test_iso_and_dutch_dates_are_accepted_in_a_survey_field(text):
    values = validate(Topic.INVESTMENT, {**INVESTMENT, "contact_date": text}, today=TODAY)
    assert values["contact_date"] == "2025-03-01"


@pytest.mark.parametrize("text", ["2025-03-01abc", "2025-03-01 ongeveer", "1-3-2025 of zo",
                                  "2025-03-01T12:30"])
def test_trailing_text_after_a_date_is_an_error(text):
    assert "geen datum" in contact_date_issue(text)


@pytest.mark.parametrize("text", ["1899-12-31", "31-12-1899", "0225-03-01"])
def test_dates_before_1900_are_refused(text):
    assert "vóór 1900" in contact_date_issue(text)


def test_parse_date_takes_date_objects_but_not_old_ones():
    assert parse_date(dt.datetime(2025, 3, 1, 9)) == dt.date(2025, 3, 1)
    with pytest.raises(ValueError, match="1900"):
        parse_date(dt.date(1850, 1, 1))


@pytest.mark.parametrize("text", ["1_000", "1e3", "inf", "nan", "0x10"])
def test_numbers_written_as_python_would_are_refused(text):
    with pytest.raises(ValidationError) as info:
        validate(Topic.VACANCY, {"total_floor_area_m2": text}, today=TODAY)
    message = {i.field: i.message for i in info.value.issues}["total_floor_area_m2"]
    assert "is ongeldig" in message and text in message


def test_plain_numbers_still_read():
    values = validate(Topic.VACANCY, {"total_floor_area_m2": "1200,5",
                                      "vacant_floor_area_m2": " 3.5 "}, today=TODAY)
    assert values["total_floor_area_m2"] == 1200.5 and values["vacant_floor_area_m2"] == 3.5


def test_dutch_counts_and_numbers():
    assert count(1, "perceel", "percelen") == "1 perceel"
    assert count(0, "perceel", "percelen") == "0 percelen"
    assert count(2, "perceel", "percelen") == "2 percelen"
    assert count(1700, "perceel", "percelen") == "1.700 percelen"
    assert number(1234567.25, 1) == "1.234.567,2" or number(1234567.25, 1) == "1.234.567,3"
    assert number(-1700) == "-1.700"
