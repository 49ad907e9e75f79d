"""Observations are append-only: edits supersede, history is kept, conflicts are heads."""

import datetime as dt

import pytest
from shapely.geometry import box

from otb_desktop.domain.errors import ValidationError
from otb_desktop.persistence.models import Observation, ObservationSupersedes, Parcel
from otb_desktop.services.survey import SurveyService, UnknownParcelError


@pytest.fixture
def parcel_id(context):
    with context.database.session() as s:
        p = Parcel(designation="HGL01 K 10", area_m2=100, created_by="t", device_id="d")
        p.set_geometry(box(0, 0, 10, 10))
        s.add(p)
        s.flush()
        return p.id


def test_record_appends_and_supersedes(context, parcel_id):
    survey = SurveyService(context)
    first = survey.record(parcel_id, "condition", {"overall": 3})
    second = survey.record(parcel_id, "condition", {"overall": "2"})
    assert first.author == "Test Gebruiker" and first.device_id == context.device_id
    assert second.supersedes == (first.id,)
    assert [o.id for o in survey.history(parcel_id, "condition")] == [second.id, first.id]
    heads = survey.heads(parcel_id)
    assert [h.values for h in heads["condition"]] == [{"overall": 2}]
    assert first.id < second.id  # time-ordered ids


def test_bad_value_saves_nothing(context, parcel_id):
    survey = SurveyService(context)
    with pytest.raises(ValidationError):
        survey.record(parcel_id, "condition", {"overall": 9})
    assert survey.history(parcel_id, "condition") == []


def test_unknown_parcel(context):
    with pytest.raises(UnknownParcelError):
        SurveyService(context).record("nope", "note", {"text": "x"})


def test_two_heads_are_a_conflict_resolved_by_one_new_observation(context, parcel_id):
    # (notes are a log since issue 8, so the conflict is shown on a surveyed topic)
    survey = SurveyService(context)
    v1 = survey.record(parcel_id, "condition", {"overall": 1})
    v2 = survey.record(parcel_id, "condition", {"overall": 2})
    other = "0190a000-0000-7000-8000-000000000001"
    with context.database.session() as s:  # what sync brings: another laptop's edit of v1
        s.add(Observation(id=other, parcel_id=parcel_id, topic="condition",
                          values={"overall": 4}, observed_at=dt.datetime.now(dt.UTC),
                          created_by="B", device_id="other",
                          supersedes=[ObservationSupersedes(observation_id=other,
                                                            superseded_id=v1.id)]))
    heads = survey.heads(parcel_id)["condition"]
    assert {h.id for h in heads} == {v2.id, other}
    resolution = survey.record(parcel_id, "condition", {"overall": 3})
    assert set(resolution.supersedes) == {v2.id, other}
    assert [h.id for h in survey.heads(parcel_id)["condition"]] == [resolution.id]
    assert len(survey.history(parcel_id, "condition")) == 4


def test_notes_are_a_log_not_a_conflict(context, parcel_id):
    survey = SurveyService(context)
    first = survey.record(parcel_id, "note", {"text": "eerste"})
    second = survey.record(parcel_id, "note", {"text": "tweede"})
    assert second.supersedes == ()
    assert {h.id for h in survey.heads(parcel_id)["note"]} == {first.id, second.id}


def test_drafts_kept_until_saved(context, parcel_id):
    survey = SurveyService(context)
    survey.save_draft(parcel_id, "vacancy", {"total_floor_area_m2": "100"})
    survey.save_draft(parcel_id, "vacancy", {"total_floor_area_m2": "120"})
    drafts = survey.drafts()
    assert [(d[0], d[1], d[2]) for d in drafts] == [
        (parcel_id, "vacancy", {"total_floor_area_m2": "120"})]
    survey.record(parcel_id, "vacancy", {"total_floor_area_m2": 120, "vacant_floor_area_m2": 0})
    assert survey.drafts() == []


def test_heads_with_identical_values_are_one_value_not_a_conflict(context, parcel_id):
    """The same spreadsheet imported on two laptops gives two heads with the same values."""
    from otb_desktop.domain import colouring
    from otb_desktop.services.parcels import ParcelService
    from otb_desktop.services.survey_progress import survey_progress

    survey = SurveyService(context)
    mine = survey.record(parcel_id, "condition", {"overall": 3})
    other = "0190a000-0000-7000-8000-000000000002"
    with context.database.session() as s:
        s.add(Observation(id=other, parcel_id=parcel_id, topic="condition",
                          values={"overall": 3}, observed_at=dt.datetime.now(dt.UTC),
                          created_by="B", device_id="other"))
    assert [h.values for h in survey.heads(parcel_id)["condition"]] == [{"overall": 3}]
    (row,) = ParcelService(context).rows()
    assert row.conflicts == frozenset()
    assert colouring.survey_status(row, dt.date.today()) == colouring.CURRENT
    assert survey_progress([row]).total.surveyed["condition"] == 1
    # Different values on the other laptop stay a conflict.
    third = "0190a000-0000-7000-8000-000000000003"
    with context.database.session() as s:
        s.add(Observation(id=third, parcel_id=parcel_id, topic="condition",
                          values={"overall": 5}, observed_at=dt.datetime.now(dt.UTC),
                          created_by="C", device_id="third"))
    assert len(survey.heads(parcel_id)["condition"]) == 2
    (row,) = ParcelService(context).rows()
    assert row.conflicts == frozenset({"condition"})
    resolution = survey.record(parcel_id, "condition", {"overall": 4})
    assert set(resolution.supersedes) == {mine.id, other, third}
