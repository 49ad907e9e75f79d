"""Architect-pool intakes (OTB 3F): statuses, plan kinds, the yearly budget of chapter 7.

An intake starts at a business's request for one or more parcels. It moves
aangevraagd → intake gehouden → architect toegewezen → advies opgeleverd → afgerond, or is
afgewezen from any open status; every step records its date and author. The whole state of
one intake is a plain dict (the body of an ``intake_revision``), so it syncs as it is.

Budget (chapter 7): the council set aside € 50 000 a year for 2026 and 2027 for activity 3F
("het opzetten van de architectenpool"). Spending is counted in the year of the intake's
request date; other years have no budget (shown as such, never as € 0).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from otb_desktop.domain.errors import ValidationError, ValidationIssue

BUDGET_EUR = {2026: 50_000.0, 2027: 50_000.0}  # chapter 7, activity 3F
MAX_HOURS = 10_000.0
MAX_COST_EUR = 1_000_000.0
MAX_TEXT = 2_000


class IntakeStatus(StrEnum):
    REQUESTED = "aangevraagd"
    HELD = "intake_gehouden"
    ASSIGNED = "architect_toegewezen"
    ADVISED = "advies_opgeleverd"
    DONE = "afgerond"
    REJECTED = "afgewezen"


STATUS_LABELS = {
    IntakeStatus.REQUESTED: "aangevraagd",
    IntakeStatus.HELD: "intake gehouden",
    IntakeStatus.ASSIGNED: "architect toegewezen",
    IntakeStatus.ADVISED: "advies opgeleverd",
    IntakeStatus.DONE: "afgerond",
    IntakeStatus.REJECTED: "afgewezen",
}

_ORDER = (IntakeStatus.REQUESTED, IntakeStatus.HELD, IntakeStatus.ASSIGNED,
          IntakeStatus.ADVISED, IntakeStatus.DONE)
CLOSED = frozenset({IntakeStatus.DONE, IntakeStatus.REJECTED})


class PlanKind(StrEnum):
    RENOVATION = "verbouwing"
    EXTENSION = "uitbreiding"
    REDEVELOPMENT = "herontwikkeling"


PLAN_KIND_LABELS = {PlanKind.RENOVATION: "verbouwing", PlanKind.EXTENSION: "uitbreiding",
                    PlanKind.REDEVELOPMENT: "(her)ontwikkeling"}


def next_statuses(current: IntakeStatus | str) -> tuple[IntakeStatus, ...]:
    """One step forward, or afgewezen from any open status; closed intakes stay closed."""
    current = IntakeStatus(current)
    if current in CLOSED:
        return ()
    following = _ORDER[_ORDER.index(current) + 1]
    return (following, IntakeStatus.REJECTED)


def check_step(current: IntakeStatus | str, new: IntakeStatus | str) -> None:
    current, new = IntakeStatus(current), IntakeStatus(new)
    allowed = next_statuses(current)
    if new not in allowed:
        names = ", ".join(STATUS_LABELS[s] for s in allowed) or "geen (de intake is gesloten)"
        raise ValidationError([ValidationIssue(
            "status", f"Van '{STATUS_LABELS[current]}' kan een intake niet naar "
                      f"'{STATUS_LABELS[new]}'; mogelijk is: {names}.")])


def check_step_date(history: Iterable[Mapping[str, Any]], when: dt.date, today: dt.date
                    ) -> None:
    """A step is dated today or earlier, and not before the step it follows."""
    if when > today:
        raise ValidationError([ValidationIssue(
            "date", f"De datum {when:%d-%m-%Y} ligt in de toekomst; kies vandaag of eerder.")])
    last = max((dt.date.fromisoformat(s["date"]) for s in history), default=None)
    if last and when < last:
        raise ValidationError([ValidationIssue(
            "date", f"De datum {when:%d-%m-%Y} ligt vóór de vorige stap ({last:%d-%m-%Y}); "
                    "kies die datum of later.")])


def check_amounts(hours: float | None, cost_eur: float | None) -> None:
    issues = []
    if hours is not None and not 0 <= hours <= MAX_HOURS:
        issues.append(ValidationIssue(
            "hours", f"Uren moeten tussen 0 en {MAX_HOURS:,.0f} liggen.".replace(",", ".")))
    if cost_eur is not None and not 0 <= cost_eur <= MAX_COST_EUR:
        issues.append(ValidationIssue(
            "cost_eur", f"Kosten moeten tussen € 0 en € {MAX_COST_EUR:,.0f} liggen."
            .replace(",", ".")))
    if issues:
        raise ValidationError(issues)


def check_text(field: str, value: str, required: bool = False, label: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError([ValidationIssue(field, f"Vul {label or field} in.")])
    if len(value) > MAX_TEXT:
        raise ValidationError([ValidationIssue(
            field, f"Hooguit {MAX_TEXT} tekens; nu {len(value)}.")])
    return value


@dataclass(frozen=True)
class IntakeStep:
    status: IntakeStatus
    date: dt.date
    author: str


@dataclass(frozen=True)
class Intake:
    """The current state of one intake (head of its revision family)."""

    id: str
    site_id: str
    parcel_ids: tuple[str, ...]
    plan_kind: PlanKind
    status: IntakeStatus
    steps: tuple[IntakeStep, ...]
    architect: str
    hours: float | None
    cost_eur: float | None
    outcome: str
    applicant: str  # personal data: never on the extern sheet
    applicant_contact: str  # idem
    note: str  # internal note: never on the extern sheet
    shared_photo_ids: tuple[str, ...]  # photos the business agreed to share with the architect
    conflict: bool = False  # two or more heads with different bodies

    @property
    def requested_on(self) -> dt.date:
        return self.steps[0].date

    @property
    def year(self) -> int:
        return self.requested_on.year

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def plan_kind_label(self) -> str:
        return PLAN_KIND_LABELS[self.plan_kind]


def intake_from_body(intake_id: str, body: Mapping[str, Any], conflict: bool = False) -> Intake:
    steps = tuple(IntakeStep(IntakeStatus(s["status"]), dt.date.fromisoformat(s["date"]),
                             s["author"]) for s in body["steps"])
    return Intake(
        id=intake_id, site_id=body["site_id"], parcel_ids=tuple(body.get("parcel_ids", ())),
        plan_kind=PlanKind(body["plan_kind"]), status=steps[-1].status, steps=steps,
        architect=body.get("architect", ""), hours=body.get("hours"),
        cost_eur=body.get("cost_eur"), outcome=body.get("outcome", ""),
        applicant=body.get("applicant", ""), applicant_contact=body.get("applicant_contact", ""),
        note=body.get("note", ""), shared_photo_ids=tuple(body.get("shared_photo_ids", ())),
        conflict=conflict)


def body_of(intake: Intake) -> dict[str, Any]:
    """The JSON-ready revision body (the whole state)."""
    return {
        "site_id": intake.site_id, "parcel_ids": list(intake.parcel_ids),
        "plan_kind": str(intake.plan_kind),
        "steps": [{"status": str(s.status), "date": s.date.isoformat(), "author": s.author}
                  for s in intake.steps],
        "architect": intake.architect, "hours": intake.hours, "cost_eur": intake.cost_eur,
        "outcome": intake.outcome, "applicant": intake.applicant,
        "applicant_contact": intake.applicant_contact, "note": intake.note,
        "shared_photo_ids": list(intake.shared_photo_ids),
    }


@dataclass(frozen=True)
class YearSpending:
    year: int
    budget_eur: float | None  # None: no 3F budget set for this year (not € 0)
    spent_eur: float
    hours: float
    intakes: int
    without_cost: int  # intakes with an architect but no cost recorded yet
    without_hours: int  # intakes with an architect but no hours recorded yet (not 0 hours)

    @property
    def remaining_eur(self) -> float | None:
        return None if self.budget_eur is None else self.budget_eur - self.spent_eur

    @property
    def over_budget(self) -> bool:
        return self.budget_eur is not None and self.spent_eur > self.budget_eur


def spending_per_year(intakes: Iterable[Intake], years: Iterable[int] = ()) -> list[YearSpending]:
    """Per year (of the request date) cost and hours against the 3F budget; the budget years
    always appear. Rejected intakes count with whatever cost they incurred."""
    rows: dict[int, dict[str, float]] = {}
    empty = {"spent": 0.0, "hours": 0.0, "n": 0, "missing": 0, "no_hours": 0}
    for year in {*BUDGET_EUR, *years}:
        rows[year] = dict(empty)
    for intake in intakes:
        row = rows.setdefault(intake.year, dict(empty))
        row["n"] += 1
        row["spent"] += intake.cost_eur or 0.0
        row["hours"] += intake.hours or 0.0
        if intake.cost_eur is None and intake.architect:
            row["missing"] += 1
        if intake.hours is None and intake.architect:
            row["no_hours"] += 1
    return [YearSpending(year, BUDGET_EUR.get(year), r["spent"], r["hours"], int(r["n"]),
                         int(r["missing"]), int(r["no_hours"]))
            for year, r in sorted(rows.items())]
