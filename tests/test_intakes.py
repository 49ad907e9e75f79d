"""The intake register (3F): sites made or joined, status steps, revisions, yearly budget."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import box
from sqlalchemy import func, select

from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.intakes import (
    BUDGET_EUR,
    Intake,
    IntakeStatus,
    IntakeStep,
    PlanKind,
    next_statuses,
    spending_per_year,
)
from otb_desktop.persistence.models import IntakeRevision, IntakeRevisionEdge, Parcel
from otb_desktop.persistence.revisions import append_revision
from otb_desktop.services import site_store
from otb_desktop.services.intakes import IntakeService, UnknownIntakeError
from otb_desktop.services.site_store import SiteChoiceError


def add_parcel(context, designation: str, x: float, y: float = 0.0, size: float = 50.0,
               address: str | None = None) -> str:
    with context.database.session() as session:
        parcel = Parcel(designation=designation, area_m2=size * size,
                        addresses=[address] if address else [], created_by="t",
                        device_id=context.device_id)
        parcel.set_geometry(box(x, y, x + size, y + size))
        session.add(parcel)
        session.flush()
        return parcel.id


@pytest.fixture
def parcels(context):
    a = add_parcel(context, "HGL01 A 1", 0, address="Industriestraat 1, Hengelo")
    b = add_parcel(context, "HGL01 A 2", 50, address="Industriestraat 3, Hengelo")
    far = add_parcel(context, "HGL01 A 9", 1000, address="Havenweg 9, Hengelo")
    return a, b, far


def test_intake_for_a_parcel_makes_a_site_and_more_parcels_join_it(context, parcels):
    a, b, _far = parcels
    service = IntakeService(context)
    first = service.start(parcel_ids=[a], plan_kind="uitbreiding",
                          requested_on=dt.date(2026, 2, 1), applicant="Jan de Vries")
    sites = site_store.list_sites(context)
    assert [s.parcel_ids for s in sites] == [(a,)]
    assert sites[0].name == "Industriestraat 1"
    assert first.site_id == sites[0].id and first.status is IntakeStatus.REQUESTED
    assert first.steps == (IntakeStep(IntakeStatus.REQUESTED, dt.date(2026, 2, 1),
                                      "Test Gebruiker"),)
    second = service.start(parcel_ids=[a, b], plan_kind="verbouwing")
    assert second.site_id == first.site_id
    assert site_store.list_sites(context)[0].parcel_ids == tuple(sorted((a, b)))
    third = service.start(parcel_ids=[b], plan_kind="verbouwing")
    assert third.site_id == first.site_id and len(site_store.list_sites(context)) == 1


def test_parcels_that_do_not_border_the_site_or_belong_to_two_sites_are_refused(context,
                                                                               parcels):
    a, b, far = parcels
    service = IntakeService(context)
    service.start(parcel_ids=[a], plan_kind="verbouwing")
    with pytest.raises(ValidationError, match="grenzen niet"):
        service.start(parcel_ids=[a, far], plan_kind="verbouwing")
    service.start(parcel_ids=[far], plan_kind="verbouwing")
    with pytest.raises(SiteChoiceError, match="verschillende locaties"):
        service.start(parcel_ids=[a, far], plan_kind="verbouwing")
    assert len(site_store.list_sites(context)) == 2
    del b


def test_status_moves_one_step_at_a_time_with_date_and_author(context, parcels):
    service = IntakeService(context)
    intake = service.start(parcel_ids=[parcels[0]], plan_kind="herontwikkeling",
                           requested_on=dt.date(2026, 1, 10))
    with pytest.raises(ValidationError, match="mogelijk is: intake gehouden, afgewezen"):
        service.step(intake.id, IntakeStatus.ADVISED, dt.date(2026, 1, 12))
    service.step(intake.id, IntakeStatus.HELD, dt.date(2026, 1, 12))
    with pytest.raises(ValidationError, match="architect"):
        service.step(intake.id, IntakeStatus.ASSIGNED, dt.date(2026, 1, 20))
    with pytest.raises(ValidationError, match="vóór de vorige stap"):
        service.step(intake.id, IntakeStatus.ASSIGNED, dt.date(2026, 1, 11), architect="X")
    with pytest.raises(ValidationError, match="toekomst"):
        service.step(intake.id, IntakeStatus.ASSIGNED, dt.date.today() + dt.timedelta(days=2),
                     architect="X")
    context.set_user_name("Tweede Coördinator")
    service.step(intake.id, IntakeStatus.ASSIGNED, dt.date(2026, 1, 20),
                 architect="Architectenbureau Ëlsink")
    service.step(intake.id, IntakeStatus.ADVISED, dt.date(2026, 3, 1))
    done = service.step(intake.id, IntakeStatus.DONE, dt.date(2026, 3, 5))
    assert [s.status for s in done.steps] == [
        IntakeStatus.REQUESTED, IntakeStatus.HELD, IntakeStatus.ASSIGNED, IntakeStatus.ADVISED,
        IntakeStatus.DONE]
    assert [s.author for s in done.steps] == ["Test Gebruiker"] * 2 + ["Tweede Coördinator"] * 3
    assert service.intake(intake.id).architect == "Architectenbureau Ëlsink"
    assert next_statuses(IntakeStatus.DONE) == ()
    with pytest.raises(ValidationError, match="gesloten"):
        service.step(intake.id, IntakeStatus.REJECTED)


def test_every_change_is_a_new_revision_and_two_heads_are_a_conflict(context, parcels):
    service = IntakeService(context)
    intake = service.start(parcel_ids=[parcels[0]], plan_kind="verbouwing")
    service.update(intake.id, hours=6, cost_eur=780.5)
    service.update(intake.id, outcome="Tweede bouwlaag haalbaar")
    service.update(intake.id, outcome="Tweede bouwlaag haalbaar")  # no change, no revision
    with context.database.session() as session:
        assert session.scalar(select(func.count(IntakeRevision.id))) == 3
        first = session.scalars(select(IntakeRevision).order_by(IntakeRevision.created_at)
                                ).first()
        assert first.body["hours"] is None  # the first state is kept as it was
        # a concurrent edit from another laptop that superseded only the first revision
        body = dict(first.body, architect="Bureau Elders")
        append_revision(session, IntakeRevision, IntakeRevisionEdge, intake.id, body,
                        "Iemand Anders", "other-device", supersedes=[first.id])
    current = service.intake(intake.id)
    assert current.conflict
    resolved = service.update(intake.id)  # saving the shown state resolves the conflict
    assert not resolved.conflict and not service.intake(intake.id).conflict
    with context.database.session() as session:
        assert session.scalar(select(func.count(IntakeRevision.id))) == 5
    with pytest.raises(UnknownIntakeError):
        service.intake("nope")


def test_bad_amounts_and_kinds_are_refused_with_dutch_messages(context, parcels):
    service = IntakeService(context)
    with pytest.raises(ValidationError, match="soort plan"):
        service.start(parcel_ids=[parcels[0]], plan_kind="sloop")
    intake = service.start(parcel_ids=[parcels[0]], plan_kind="verbouwing")
    with pytest.raises(ValidationError, match="Kosten"):
        service.update(intake.id, cost_eur=-5)
    with pytest.raises(ValidationError, match="Uren"):
        service.update(intake.id, hours=1e9)
    assert service.intake(intake.id).cost_eur is None


def _intake(year: int, cost: float | None, hours: float | None = None,
            architect: str = "A") -> Intake:
    return Intake(f"i{year}{cost}", "s", (), PlanKind.EXTENSION, IntakeStatus.ASSIGNED,
                  (IntakeStep(IntakeStatus.REQUESTED, dt.date(year, 5, 1), "x"),), architect,
                  hours, cost, "", "", "", "", ())


def test_spending_per_year_against_the_budget_of_chapter_7():
    rows = {r.year: r for r in spending_per_year([
        _intake(2026, 30_000, 200), _intake(2026, 25_000, 150), _intake(2027, None),
        _intake(2028, 1_000)])}
    assert BUDGET_EUR == {2026: 50_000.0, 2027: 50_000.0}
    assert rows[2026].spent_eur == 55_000 and rows[2026].over_budget
    assert rows[2026].remaining_eur == -5_000 and rows[2026].hours == 350
    assert rows[2027].spent_eur == 0 and rows[2027].without_cost == 1
    assert rows[2027].without_hours == 1 and rows[2026].without_hours == 0
    assert not rows[2027].over_budget and rows[2027].remaining_eur == 50_000
    assert rows[2028].budget_eur is None and rows[2028].remaining_eur is None


def test_service_spending_and_year_filter(context, parcels):
    service = IntakeService(context)
    one = service.start(parcel_ids=[parcels[0]], plan_kind="verbouwing",
                        requested_on=dt.date(2026, 4, 1))
    service.update(one.id, cost_eur=1200)
    service.start(parcel_ids=[parcels[2]], plan_kind="uitbreiding",
                  requested_on=dt.date(2025, 12, 1))
    assert [i.id for i in service.intakes(year=2026)] == [one.id]
    spending = {r.year: r for r in service.spending()}
    assert spending[2026].spent_eur == 1200 and spending[2026].intakes == 1
    assert spending[2025].intakes == 1 and spending[2025].budget_eur is None
