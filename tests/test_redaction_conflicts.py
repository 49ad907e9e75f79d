"""Redactions are a log (every one stands): two of one record are no conflict."""

from __future__ import annotations

from ui_factories import make_parcels

from otb_desktop.services.conflicts import conflict_count, find_conflicts
from otb_desktop.services.redaction import redact
from otb_desktop.services.survey import SurveyService


def test_two_redactions_of_one_observation_are_no_conflict(context):
    [parcel] = make_parcels(context, 1)
    observation = (
        SurveyService(context)
        .record(
            parcel,
            "planning_capacity",
            {"max_height_m": 12, "max_coverage_pct": 60, "plan_reference": "J. Jansen"},
        )
        .id
    )
    redact(context, observation, "plan_reference", "Naam van een particulier (AVG)")
    redact(context, observation, "max_height_m", "Tweede verwijdering")
    assert find_conflicts(context) == []
    assert conflict_count(context) == 0
