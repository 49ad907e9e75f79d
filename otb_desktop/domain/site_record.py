"""The whole state of a redevelopment site as one revision body (OTB 3D/3E, chapters 5 and 6).

A site is synced as the revision family ``site_revision``: every change (members, stage,
approach, chapter-5 steps, roles, intake status) saves the whole state again. This module is
the shape of that state and the rules it obeys; it knows nothing of storage.

Chapter 5 (the integral working method), as the programme defines it:

- step 1 *opdrachtdefinitie*: the assignment comes from an activity of the uitvoeringsagenda
  (by catalogue code) or from an initiative of a third party;
- step 2 *vraagstukkenselectie*: for each of the 24 vraagstukken one of the five options, the
  relevance criteria that apply, whether a side effect is positive or negative, links to
  activities, passive follow-up with a date to look again, a motivation for "wel relevant,
  maar niet meenemen"; the four considerations addressed in the justification;
- step 3 *plan van aanpak*: participation, how progress is monitored, examples elsewhere,
  agreed with the ambtelijk and the bestuurlijk opdrachtgever (who, when);
- step 4 *monitoring en evaluatie*: at closure an evaluation with leerpunten.

Fixed by the programme and pre-filled on every new site: the soil and water systems steer
(klimaatbestendig 1C: "randvoorwaarde") and aardgasvrij is the starting point
(energietransitie 4H: an exception needs a motivation).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from otb_desktop.domain.catalogue import Catalogue
from otb_desktop.domain.errors import ValidationError, ValidationIssue
from otb_desktop.domain.sites import STAGE_LABELS, Stage, check_transition

BODY_SCHEMA = 1

ORIGIN_KINDS = {
    "uitvoeringsagenda": "Activiteit uit de uitvoeringsagenda OTB",
    "initiatief_derden": "Initiatief van derden",
}
RELEVANCE_CRITERIA = {
    "afhankelijk": "Is de uitvoering van de opdracht afhankelijk van dit vraagstuk?",
    "toekomstbestendiger": "Kan het meenemen van dit vraagstuk zorgen voor een meer "
                           "toekomstbestendig resultaat?",
    "ruimtelijke_concurrentie": "Is er sprake van ruimtelijke concurrentie met dit vraagstuk?",
    "meervoudig_ruimtegebruik": "Zijn er kansen voor meervoudig ruimtegebruik?",
}
CONSIDERATIONS = {
    "korte_lange_termijn": "De verhouding tussen kortetermijnresultaat en langetermijndoelen",
    "afwenteling": "Afwenteling op toekomstige generaties of andere plekken",
    "uitvoerbaarheid": "De uitvoerbaarheid van de opdracht, in tijd, middelen en capaciteit",
    "latere_betrokkenheid": "Latere betrokkenheid van vraagstukken",
}
EFFECTS = {"positief": "positief", "negatief": "negatief"}
NOT_CHOSEN = ""  # a vraagstuk not yet weighed in step 2
LEFT_OUT = "wel_relevant_niet_meenemen"
NOT_RELEVANT = "niet_relevant"
SIDE_EFFECT = "neveneffect"

# What the programme fixes for every redevelopment (pre-filled, editable with a reason).
SOIL_WATER_VRAAGSTUK, SOIL_WATER_ACTIVITY = "klimaatbestendig.1", "klimaatbestendig.1C"
GAS_FREE_VRAAGSTUK, GAS_FREE_ACTIVITY = "energietransitie.4", "energietransitie.4H"


@dataclass(frozen=True)
class Origin:
    """Step 1: where the assignment comes from."""

    kind: str = ""  # a key of ORIGIN_KINDS
    activity: str = ""  # catalogue code, e.g. "ruimtegebruik.3E" (uitvoeringsagenda)
    initiator: str = ""  # the third party (initiatief van derden)
    description: str = ""  # the assignment in one or two sentences


@dataclass(frozen=True)
class SelectionEntry:
    """Step 2 for one vraagstuk."""

    option: str = NOT_CHOSEN
    relevance: tuple[str, ...] = ()  # keys of RELEVANCE_CRITERIA
    effect: str = ""  # "positief" / "negatief" (a neveneffect)
    activities: tuple[str, ...] = ()  # catalogue activity codes the choice refers to
    passive_follow_up: bool = False
    revisit_on: str = ""  # ISO date: when a passively followed vraagstuk is looked at again
    motivation: str = ""


@dataclass(frozen=True)
class Agreement:
    by: str = ""
    on: str = ""  # ISO date

    @property
    def complete(self) -> bool:
        return bool(self.by.strip() and self.on)


@dataclass(frozen=True)
class Plan:
    """Step 3: the plan van aanpak."""

    summary: str = ""
    participation: str = ""
    monitoring: str = ""
    examples: str = ""
    ambtelijk: Agreement = Agreement()
    bestuurlijk: Agreement = Agreement()


@dataclass(frozen=True)
class Evaluation:
    """Step 4: evaluation at closure, leerpunten secured through the ambtelijk opdrachtgever."""

    on: str = ""
    summary: str = ""
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Roles:
    """Chapter 6: the municipal role(s), chosen after the approach ("rol op basis van het
    doel"), who maintains what afterwards, and public value against public cost."""

    codes: tuple[str, ...] = ()
    rationale: str = ""
    maintenance: str = ""
    public_value: str = ""
    public_cost: str = ""


@dataclass(frozen=True)
class SiteRecord:
    name: str
    parcel_ids: tuple[str, ...]
    stage: str = Stage.INVENTORIED.value
    accelerated: bool = False  # "versneld gestart": 3E before 3D was finished
    accelerated_motivation: str = ""
    approach: str = ""
    origin: Origin = Origin()
    selection: Mapping[str, SelectionEntry] = field(default_factory=dict)
    considerations: Mapping[str, str] = field(default_factory=dict)
    gas_free: bool = True
    gas_free_exception: str = ""
    plan: Plan = Plan()
    evaluation: Evaluation = Evaluation()
    roles: Roles = Roles()
    intake_status: str = "none"
    owner_count: int | None = None  # number of owners (a count, no names); None: unknown
    note: str = ""

    def to_body(self) -> dict[str, Any]:
        """The JSON-ready revision body (strings, numbers, bools, lists, dicts)."""
        return {
            "schema": BODY_SCHEMA, "name": self.name, "parcel_ids": sorted(self.parcel_ids),
            "stage": self.stage, "accelerated": self.accelerated,
            "accelerated_motivation": self.accelerated_motivation, "approach": self.approach,
            "origin": _plain(self.origin),
            "selection": {code: _plain(e) for code, e in sorted(self.selection.items())},
            "considerations": dict(sorted(self.considerations.items())),
            "gas_free": self.gas_free, "gas_free_exception": self.gas_free_exception,
            "plan": {**_plain(self.plan), "ambtelijk": _plain(self.plan.ambtelijk),
                     "bestuurlijk": _plain(self.plan.bestuurlijk)},
            "evaluation": _plain(self.evaluation), "roles": _plain(self.roles),
            "intake_status": self.intake_status, "owner_count": self.owner_count,
            "note": self.note,
        }

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> SiteRecord:
        """Tolerant of absent keys (older or newer bodies): they take their defaults."""
        plan = dict(body.get("plan") or {})
        return cls(
            name=str(body.get("name", "")), parcel_ids=tuple(body.get("parcel_ids", ())),
            stage=str(body.get("stage", Stage.INVENTORIED.value)),
            accelerated=bool(body.get("accelerated", False)),
            accelerated_motivation=str(body.get("accelerated_motivation", "")),
            approach=str(body.get("approach", "")),
            origin=_load(Origin, body.get("origin")),
            selection={code: _load(SelectionEntry, raw)
                       for code, raw in (body.get("selection") or {}).items()},
            considerations=dict(body.get("considerations") or {}),
            gas_free=bool(body.get("gas_free", True)),
            gas_free_exception=str(body.get("gas_free_exception", "")),
            plan=replace(_load(Plan, {k: v for k, v in plan.items()
                                      if k not in ("ambtelijk", "bestuurlijk")}),
                         ambtelijk=_load(Agreement, plan.get("ambtelijk")),
                         bestuurlijk=_load(Agreement, plan.get("bestuurlijk"))),
            evaluation=_load(Evaluation, body.get("evaluation")),
            roles=_load(Roles, body.get("roles")),
            intake_status=str(body.get("intake_status", "none")),
            owner_count=None if body.get("owner_count") is None else int(body["owner_count"]),
            note=str(body.get("note", "")),
        )


def _plain(item: Any) -> dict[str, Any]:
    out = {}
    for name in item.__dataclass_fields__:
        value = getattr(item, name)
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, Agreement):
            out[name] = value
    return out


def _load(kind: type, raw: Mapping[str, Any] | None) -> Any:
    raw = raw or {}
    values = {}
    for name, spec in kind.__dataclass_fields__.items():
        if name in raw and spec.type not in ("Agreement",):
            value = raw[name]
            values[name] = tuple(value) if isinstance(value, list) else value
    return kind(**values)


def new_site(name: str, parcel_ids: tuple[str, ...] | list[str]) -> SiteRecord:
    """A fresh site, inventoried, with what the programme fixes pre-filled."""
    return SiteRecord(name=name, parcel_ids=tuple(sorted(parcel_ids)),
                      selection=prefilled_selection())


def prefilled_selection() -> dict[str, SelectionEntry]:
    return {
        SOIL_WATER_VRAAGSTUK: SelectionEntry(
            "randvoorwaarde", ("afhankelijk", "toekomstbestendiger"),
            activities=(SOIL_WATER_ACTIVITY,),
            motivation="De bodem- en watersystemen zijn sturend bij elke (her)ontwikkeling "
                       "(activiteit 1C, klimaatbestendig)."),
        GAS_FREE_VRAAGSTUK: SelectionEntry(
            "actief_meenemen", ("toekomstbestendiger",), activities=(GAS_FREE_ACTIVITY,),
            motivation="Bij herontwikkeling is aardgasvrij het uitgangspunt (activiteit 4H, "
                       "energietransitie)."),
    }


# --- the chapter-5 steps: what is missing --------------------------------------------------


def _date_ok(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def origin_issues(record: SiteRecord, catalogue: Catalogue) -> list[ValidationIssue]:
    origin, issues = record.origin, []
    if origin.kind not in ORIGIN_KINDS:
        return [ValidationIssue("origin", "Stap 1: kies waar de opdracht vandaan komt "
                                          "(uitvoeringsagenda of initiatief van derden).")]
    if origin.kind == "uitvoeringsagenda":
        try:
            catalogue.activity(origin.activity)
        except KeyError:
            issues.append(ValidationIssue(
                "origin.activity", "Stap 1: kies de activiteit uit de uitvoeringsagenda "
                                   "(bijvoorbeeld 3E Kansrijke locaties te (her)ontwikkelen)."))
    elif not origin.initiator.strip():
        issues.append(ValidationIssue("origin.initiator",
                                      "Stap 1: noem de derde partij die het initiatief nam."))
    if not origin.description.strip():
        issues.append(ValidationIssue("origin.description",
                                      "Stap 1: beschrijf de opdracht in een paar zinnen."))
    return issues


def entry_issues(code: str, entry: SelectionEntry, catalogue: Catalogue
                 ) -> list[ValidationIssue]:
    """The rules of one row of step 2 (an empty option is 'not yet weighed', not an error)."""
    title = catalogue.vraagstuk(code).title
    if entry.option == NOT_CHOSEN:
        return []
    issues = []
    try:
        option = catalogue.selection_option(entry.option)
    except KeyError:
        return [ValidationIssue(code, f"Stap 2, '{title}': onbekende keuze '{entry.option}'.")]
    if option.requires_motivation and not entry.motivation.strip():
        issues.append(ValidationIssue(
            code, f"Stap 2, '{title}': '{option.title}' vraagt om een onderbouwing; "
                  "vul de motivatie in."))
    unknown = [r for r in entry.relevance if r not in RELEVANCE_CRITERIA]
    if unknown:
        issues.append(ValidationIssue(code, f"Stap 2, '{title}': onbekend relevantiecriterium "
                                            f"{', '.join(unknown)}."))
    if entry.option != NOT_RELEVANT and not entry.relevance:
        issues.append(ValidationIssue(
            code, f"Stap 2, '{title}': kies welk relevantiecriterium geldt (afhankelijkheid, "
                  "toekomstbestendiger resultaat, ruimtelijke concurrentie of meervoudig "
                  "ruimtegebruik)."))
    if entry.option == SIDE_EFFECT and entry.effect not in EFFECTS:
        issues.append(ValidationIssue(
            code, f"Stap 2, '{title}': zeg of het neveneffect positief of negatief is."))
    for activity in entry.activities:
        try:
            catalogue.activity(activity)
        except KeyError:
            issues.append(ValidationIssue(
                code, f"Stap 2, '{title}': onbekende activiteit '{activity}'."))
    if entry.passive_follow_up and not _date_ok(entry.revisit_on):
        issues.append(ValidationIssue(
            code, f"Stap 2, '{title}': passief volgen vraagt een datum om er opnieuw naar te "
                  "kijken (JJJJ-MM-DD)."))
    return issues


def selection_issues(record: SiteRecord, catalogue: Catalogue) -> list[ValidationIssue]:
    """Step 2 complete: all 24 vraagstukken weighed, each row valid, four considerations."""
    issues: list[ValidationIssue] = []
    codes = [v.code for t in catalogue.themes for v in t.vraagstukken]
    unknown = sorted(set(record.selection) - set(codes))
    if unknown:
        issues.append(ValidationIssue("selection", f"Stap 2: onbekend vraagstuk "
                                                   f"{', '.join(unknown)}."))
    open_rows = [c for c in codes if record.selection.get(c, SelectionEntry()).option
                 == NOT_CHOSEN]
    if open_rows:
        issues.append(ValidationIssue(
            "selection", f"Stap 2: {len(open_rows)} van de {len(codes)} vraagstukken zijn nog "
                         "niet afgewogen; kies per vraagstuk een van de vijf categorieën."))
    for code in codes:
        if code in record.selection:
            issues.extend(entry_issues(code, record.selection[code], catalogue))
    missing = [label for key, label in CONSIDERATIONS.items()
               if not str(record.considerations.get(key, "")).strip()]
    if missing:
        issues.append(ValidationIssue(
            "considerations", "Stap 2: de onderbouwing behandelt nog niet: "
                              + "; ".join(missing) + "."))
    if not record.gas_free and not record.gas_free_exception.strip():
        issues.append(ValidationIssue(
            "gas_free", "Aardgasvrij is het uitgangspunt bij herontwikkeling (4H); een "
                        "uitzondering vraagt om een motivatie."))
    return issues


def plan_issues(record: SiteRecord) -> list[ValidationIssue]:
    plan, issues = record.plan, []
    for name, label in (("participation", "hoe participatie wordt toegepast"),
                        ("monitoring", "hoe de voortgang wordt gemonitord"),
                        ("examples", "goede voorbeelden elders")):
        if not getattr(plan, name).strip():
            issues.append(ValidationIssue(f"plan.{name}", f"Stap 3: het plan van aanpak "
                                                          f"beschrijft nog niet {label}."))
    for name, label in (("ambtelijk", "ambtelijk"), ("bestuurlijk", "bestuurlijk")):
        agreement: Agreement = getattr(plan, name)
        if not agreement.complete or not _date_ok(agreement.on):
            issues.append(ValidationIssue(
                f"plan.{name}", f"Stap 3: vul in wie namens de {label} opdrachtgever het plan "
                                "van aanpak heeft afgestemd en wanneer."))
    return issues


def evaluation_issues(record: SiteRecord) -> list[ValidationIssue]:
    ev, issues = record.evaluation, []
    if not _date_ok(ev.on) or not ev.summary.strip():
        issues.append(ValidationIssue("evaluation", "Stap 4: vul de evaluatie in (datum en "
                                                    "samenvatting)."))
    if not any(lesson.strip() for lesson in ev.lessons):
        issues.append(ValidationIssue("evaluation.lessons",
                                      "Stap 4: leg ten minste één leerpunt vast."))
    return issues


def missing_steps(record: SiteRecord, catalogue: Catalogue) -> dict[int, list[ValidationIssue]]:
    """Per chapter-5 step (1–4) what is still missing; an empty list is a complete step."""
    return {1: origin_issues(record, catalogue), 2: selection_issues(record, catalogue),
            3: plan_issues(record), 4: evaluation_issues(record)}


def role_issues(record: SiteRecord, catalogue: Catalogue) -> list[ValidationIssue]:
    roles = record.roles
    known = {r.code for r in catalogue.roles}
    issues = []
    unknown = [c for c in roles.codes if c not in known]
    if unknown:
        issues.append(ValidationIssue("roles", f"Onbekende rol {', '.join(unknown)}; kies uit: "
                                               f"{', '.join(sorted(known))}."))
    if roles.codes and Stage(record.stage) in (Stage.INVENTORIED, Stage.PRIORITISED):
        issues.append(ValidationIssue(
            "roles", "De rol van de gemeente wordt gekozen na de aanpak (rol op basis van het "
                     "doel); zet de locatie eerst op '3E aanpak bepaald'."))
    if roles.codes and not roles.rationale.strip():
        issues.append(ValidationIssue("roles.rationale", "Onderbouw de gekozen rol vanuit het "
                                                         "doel van de aanpak."))
    return issues


# --- saving a new state: the rules a revision must obey ------------------------------------


def check_record(record: SiteRecord, previous: SiteRecord | None, catalogue: Catalogue) -> None:
    """Raise ValidationError (Dutch, naming what is missing) when ``record`` may not be saved.

    Always: known stage, rows of step 2 valid as far as filled in, roles after the approach,
    an exception to aardgasvrij motivated. On a stage change: an allowed transition; 3E
    before 3D is finished only "versneld gestart" with a motivation; "in herontwikkeling"
    only with steps 1–3 complete; "afgerond" only with the evaluation of step 4.
    """
    issues: list[ValidationIssue] = []
    if not record.name.strip():
        issues.append(ValidationIssue("name", "Geef de locatie een naam."))
    if record.owner_count is not None and record.owner_count < 1:
        issues.append(ValidationIssue("owner_count", "Het aantal eigenaren is minstens 1; laat "
                                                     "het leeg als het onbekend is."))
    if not record.parcel_ids:
        issues.append(ValidationIssue("parcels", "Een locatie bestaat uit minstens één "
                                                 "perceel."))
    try:
        stage = Stage(record.stage)
    except ValueError:
        raise ValidationError([ValidationIssue("stage", f"Onbekende fase '{record.stage}'.")]
                              ) from None
    for code, entry in record.selection.items():
        try:
            issues.extend(entry_issues(code, entry, catalogue))
        except KeyError:
            issues.append(ValidationIssue(code, f"Onbekend vraagstuk '{code}'."))
    if not record.gas_free and not record.gas_free_exception.strip():
        issues.append(ValidationIssue(
            "gas_free", "Aardgasvrij is het uitgangspunt bij herontwikkeling (4H); een "
                        "uitzondering vraagt om een motivatie."))
    if record.accelerated and not record.accelerated_motivation.strip():
        issues.append(ValidationIssue(
            "accelerated_motivation", "'Versneld gestart' vraagt om een motivatie: waarom "
                                      "start 3E voordat 3D is afgerond?"))
    issues.extend(role_issues(record, catalogue))
    if issues:
        raise ValidationError(issues)
    old = Stage(previous.stage) if previous is not None else Stage.INVENTORIED
    if previous is None and stage is not Stage.INVENTORIED:
        old = stage  # a site can be recorded directly at its stage only through migration
    if stage is not old:
        check_stage_change(record, old, stage, catalogue)


def check_stage_change(record: SiteRecord, old: Stage, new: Stage, catalogue: Catalogue
                       ) -> None:
    if old is Stage.INVENTORIED and new is Stage.APPROACH_CHOSEN:
        if not (record.accelerated and record.accelerated_motivation.strip()):
            raise ValidationError([ValidationIssue(
                "stage", "3D is voor deze locatie nog niet afgerond (niet geprioriteerd). "
                         "Start 3E alleen 'versneld' met een motivatie (hoofdstuk 4.3, 3E).")])
    else:
        check_transition(old, new)
    if new is Stage.IN_REDEVELOPMENT:
        steps = missing_steps(record, catalogue)
        missing = [issue for step in (1, 2, 3) for issue in steps[step]]
        if missing:
            raise ValidationError([ValidationIssue(
                "stage", f"'{STAGE_LABELS[new]}' kan pas als stap 1 tot en met 3 van de "
                         "integrale werkwijze compleet zijn; nog nodig:"), *missing])
    if new is Stage.DONE:
        missing = evaluation_issues(record)
        if missing:
            raise ValidationError([ValidationIssue(
                "stage", "Een locatie wordt pas afgerond na de evaluatie (stap 4); nog nodig:"),
                *missing])
