"""The intake register of the architect pool (3F): append-only revisions, ready for sync.

Every change (a status step, the architect, hours and cost, the outcome) saves the whole state
of the intake as a new ``intake_revision`` that supersedes the heads the user saw. Two heads
with different bodies are a conflict; the newest is shown and flagged until someone saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from otb_desktop.domain import intakes as rules
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ids import new_id
from otb_desktop.domain.intakes import Intake, IntakeStatus, IntakeStep, PlanKind, YearSpending
from otb_desktop.persistence.models import IntakeRevision, IntakeRevisionEdge
from otb_desktop.persistence.revisions import append_revision, distinct_heads, head_revisions
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext


class UnknownIntakeError(OtbError):
    pass


_UNSET = object()


class IntakeService:
    def __init__(self, context: AppContext):
        self.context = context

    def _today(self) -> dt.date:
        return dt.datetime.now(dt.UTC).date()

    def start(self, *, parcel_ids: Sequence[str] = (), site_id: str | None = None,
              plan_kind: PlanKind | str, requested_on: dt.date | None = None,
              applicant: str = "", applicant_contact: str = "", note: str = "") -> Intake:
        """Register a request for a site, or for parcels (which make or join a site)."""
        try:
            kind = PlanKind(plan_kind)
        except ValueError:
            raise rules.ValidationError([rules.ValidationIssue(
                "plan_kind", f"Onbekend soort plan '{plan_kind}'; kies verbouwing, uitbreiding "
                             "of herontwikkeling.")]) from None
        when = requested_on or self._today()
        rules.check_step_date((), when, self._today())
        applicant = rules.check_text("applicant", applicant)
        applicant_contact = rules.check_text("applicant_contact", applicant_contact)
        note = rules.check_text("note", note)
        if not parcel_ids and not site_id:
            raise rules.ValidationError([rules.ValidationIssue(
                "parcels", "Kies een locatie of minstens één perceel voor de intake.")])
        if site_id is None:
            site_id = site_store.site_for_parcels(self.context, parcel_ids)
        site = site_store.get_site(self.context, site_id)
        with self.context.database.session() as session:
            intake = Intake(
                id=new_id(), site_id=site.id, parcel_ids=tuple(parcel_ids) or site.parcel_ids,
                plan_kind=kind, status=IntakeStatus.REQUESTED,
                steps=(IntakeStep(IntakeStatus.REQUESTED, when, self.context.author),),
                architect="", hours=None, cost_eur=None, outcome="", applicant=applicant,
                applicant_contact=applicant_contact, note=note, shared_photo_ids=())
            self._save(session, intake, supersedes=[])
            return intake

    def step(self, intake_id: str, status: IntakeStatus | str, on: dt.date | None = None,
             *, architect: str | None = None) -> Intake:
        """Move one status step on (dated, by the current user)."""
        with self.context.database.session() as session:
            current, heads = self._current(session, intake_id)
            status = IntakeStatus(status)
            rules.check_step(current.status, status)
            when = on or self._today()
            rules.check_step_date(
                [{"date": s.date.isoformat()} for s in current.steps], when, self._today())
            if architect is not None:
                current = replace(current, architect=rules.check_text("architect", architect))
            if status is IntakeStatus.ASSIGNED and not current.architect:
                raise rules.ValidationError([rules.ValidationIssue(
                    "architect", "Vul de naam van de toegewezen architect in.")])
            new = replace(current, status=status, steps=(
                *current.steps, IntakeStep(status, when, self.context.author)))
            self._save(session, new, heads)
            return new

    def update(self, intake_id: str, *, architect=_UNSET, hours=_UNSET, cost_eur=_UNSET,
               outcome=_UNSET, plan_kind=_UNSET, applicant=_UNSET, applicant_contact=_UNSET,
               note=_UNSET, shared_photo_ids=_UNSET) -> Intake:
        """Change the facts of an intake; unnamed fields stay as they are."""
        with self.context.database.session() as session:
            current, heads = self._current(session, intake_id)
            changes: dict = {}
            for name, value in (("architect", architect), ("outcome", outcome),
                                ("applicant", applicant), ("applicant_contact", applicant_contact),
                                ("note", note)):
                if value is not _UNSET:
                    changes[name] = rules.check_text(name, value)
            new_hours = current.hours if hours is _UNSET else hours
            new_cost = current.cost_eur if cost_eur is _UNSET else cost_eur
            rules.check_amounts(new_hours, new_cost)
            changes["hours"] = None if new_hours is None else float(new_hours)
            changes["cost_eur"] = None if new_cost is None else float(new_cost)
            if plan_kind is not _UNSET:
                changes["plan_kind"] = PlanKind(plan_kind)
            if shared_photo_ids is not _UNSET:
                changes["shared_photo_ids"] = tuple(shared_photo_ids)
            new = replace(current, **changes, conflict=False)
            if new == replace(current, conflict=False) and not current.conflict:
                return current  # nothing changed: no new revision
            self._save(session, new, heads)  # also resolves a conflict: supersedes all heads
            return new

    def intakes(self, year: int | None = None, site_id: str | None = None) -> list[Intake]:
        """Current state of every intake, newest request first."""
        with self.context.database.session() as session:
            heads = head_revisions(session, IntakeRevision, IntakeRevisionEdge)
        result = []
        for subject, revs in heads.items():
            distinct = distinct_heads(revs)
            intake = rules.intake_from_body(subject, revs[0].body, conflict=len(distinct) > 1)
            if year is not None and intake.year != year:
                continue
            if site_id is not None and intake.site_id != site_id:
                continue
            result.append(intake)
        result.sort(key=lambda i: (i.requested_on, i.id), reverse=True)
        return result

    def intake(self, intake_id: str) -> Intake:
        with self.context.database.session() as session:
            return self._current(session, intake_id)[0]

    def spending(self) -> list[YearSpending]:
        return rules.spending_per_year(self.intakes())

    # internals

    def _current(self, session: Session, intake_id: str) -> tuple[Intake, list[str]]:
        heads = head_revisions(session, IntakeRevision, IntakeRevisionEdge, [intake_id]).get(
            intake_id)
        if not heads:
            raise UnknownIntakeError(f"Intake {intake_id} bestaat niet in deze database.")
        conflict = len(distinct_heads(heads)) > 1
        return rules.intake_from_body(intake_id, heads[0].body, conflict), [h.id for h in heads]

    def _save(self, session: Session, intake: Intake, supersedes: list[str]) -> None:
        append_revision(session, IntakeRevision, IntakeRevisionEdge, intake.id,
                        rules.body_of(intake), self.context.author, self.context.device_id,
                        supersedes=supersedes)

