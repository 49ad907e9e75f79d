"""Survey observations for the demo parcels: a plausible, incomplete, partly stale survey.

Planning rules come from desk research (one date per park) for most parcels; the account
managers' visits cover a varying mix of the other topics, spread over the last 30 months but
mostly within the last year (an inventory that is kept up), so a minority of values is
stale. A few parcels have a history: earlier observations superseded by later ones. Values
follow the buildings on the parcel (floor area, age, coverage) and the park's profile, and
every value dict passes ``topics.validate``: the demo never holds invalid data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from otb_desktop.domain import topics
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.parks import Profile, profile_fits
from otb_desktop.domain.topics import Topic

HORIZON_DAYS = 913  # 30 months
HISTORY_SHARE = 0.05
SHARES = {Topic.PLANNING: 0.90, Topic.VACANCY: 0.60, Topic.CONDITION: 0.55,
          Topic.CLIMATE: 0.40, Topic.INVESTMENT: 0.30, Topic.PROFILE_FIT: 0.45,
          Topic.ENERGY: 0.35, Topic.MOBILITY: 0.30, Topic.NOTE: 0.10}
NEEDS_BUILDING = frozenset({Topic.VACANCY, Topic.CONDITION, Topic.ENERGY})
VISIT_AGE_EXPONENT = 5  # P(visit older than a year) ≈ 1 − (364 / 912) ** (1 / 5) ≈ 17 %

PLANNING_OPTIONS = {
    Profile.HEAVY: ((20.0, 25.0, 30.0), (60.0, 70.0, 80.0)),
    Profile.HIGHTECH: ((12.0, 15.0, 18.0, 20.0), (50.0, 60.0, 70.0)),
    Profile.MIXED: ((10.0, 12.0, 15.0, 18.0), (50.0, 60.0, 70.0, 80.0)),
}
PLAN_REFERENCES = ("Omgevingsplan Hengelo (demo), functie bedrijventerrein",
                   "Omgevingsplan Hengelo (demo), bouwvlak bedrijf",
                   "Bestemmingsplan Bedrijventerreinen (demo), artikel 4")
ACTIVITIES = (
    ("Kantoor zakelijke dienstverlening", "1"), ("Softwareontwikkeling", "1"),
    ("Laboratorium en onderzoek", "2"), ("Elektrotechnische installaties", "2"),
    ("Groothandel in kantoorartikelen", "2"), ("Fitnesscentrum", "2"),
    ("Transport en logistiek", "3.2"), ("Groothandel in bouwmaterialen", "3.1"),
    ("Autoschadeherstel", "3.1"), ("Drukkerij", "3.1"), ("Hightech systeembouw", "3.2"),
    ("Opslag en distributie", "3.1"), ("Machinebouw", "4.1"), ("Metaalbewerking", "4.1"),
    ("Kunststofverwerking", "4.2"), ("Staalconstructiebouw", "5.1"),
    ("Betonwarenfabriek", "5.1"), ("Recycling van bouw- en sloopafval", "5.2"),
    ("Zoutwinning en -verwerking", "6"),
)
NOTES = (
    "Eigenaar overweegt uitbreiding van de hal; na de zomer opnieuw contact opnemen.",
    "Dak boven het kantoordeel lekt; eigenaar wacht op offertes.",
    "Terrein deels in gebruik als buitenopslag van pallets.",
    "Buurbedrijf heeft belangstelling voor (een deel van) dit perceel.",
    "Parkeren op straat veroorzaakt overlast voor het vrachtverkeer.",
    "Huurder vertrekt volgend jaar; eigenaar zoekt een nieuwe gebruiker.",
    "Zonnepanelen op het dak geplaatst; dak geschikt voor meer.",
    "Achterterrein onbebouwd en verwilderd; kansen voor inbreiding.",
    "Gesprek gehad met de bedrijfsleider; eigenaar zelf niet bereikbaar.",
    "Gevel recent gerenoveerd; installaties verouderd.",
)


@dataclass(frozen=True)
class ParcelFacts:
    """What the survey of one parcel builds on."""

    profile: Profile
    area_m2: float
    footprint_m2: float
    floor_area_m2: float
    year_built: int | None  # of the oldest building; None without buildings
    author: str  # the park's account manager
    planning_date: dt.date  # the park's desk research


@dataclass(frozen=True)
class DemoObservation:
    parcel: int
    topic: Topic
    values: dict[str, Any]
    observed_at: dt.datetime
    author: str
    supersedes: int | None  # position in the list of the observation this one replaces


def plan_observations(facts: list[ParcelFacts], authors: tuple[str, ...], today: dt.date,
                      rng: np.random.Generator) -> list[DemoObservation]:
    """Observations in an order where an observation comes after the one it supersedes."""
    n = len(facts)
    chosen = {topic: rng.random(n) < share for topic, share in SHARES.items()}
    visit_days = 1 + np.floor((HORIZON_DAYS - 1) * rng.random(n) ** VISIT_AGE_EXPONENT
                              ).astype(int)
    visit_minutes = rng.integers(7 * 60, 16 * 60, n)  # UTC working hours
    other_author = rng.random(n) < 0.25
    author_pick = rng.integers(0, len(authors), n)
    history = rng.random(n) < HISTORY_SHARE
    draws = rng.random((n, len(SHARES), 8))
    normals = rng.standard_normal((n, 6))
    validate = _Validator()
    out: list[DemoObservation] = []
    for i, fact in enumerate(facts):
        author = authors[author_pick[i]] if other_author[i] else fact.author
        visit = _moment(today - dt.timedelta(days=int(visit_days[i])), int(visit_minutes[i]))
        topics_here = [t for t in SHARES if chosen[t][i]
                       and (t not in NEEDS_BUILDING or fact.year_built is not None)]
        chain_topics = _chain_topics(topics_here, rng) if history[i] else set()
        for k, topic in enumerate(SHARES):
            if topic not in topics_here:
                continue
            when = _moment(fact.planning_date, 10 * 60) if topic is Topic.PLANNING else visit
            values = validate(topic, _RAW[topic](fact, draws[i, k].tolist(),
                                                 normals[i].tolist(), when.date()), when.date())
            previous = None
            if topic in chain_topics:
                previous = _history(out, i, topic, fact, when, authors, today, rng, validate)
            out.append(DemoObservation(i, topic, values, when, author, previous))
    return out


def _moment(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60,
                       tzinfo=dt.UTC)


def _chain_topics(topics_here: list[Topic], rng: np.random.Generator) -> set[Topic]:
    if not topics_here:
        return set()
    count = 2 if len(topics_here) > 1 and rng.random() < 0.2 else 1
    picks = rng.choice(len(topics_here), size=count, replace=False)
    return {topics_here[p] for p in picks.tolist()}


def _history(out: list[DemoObservation], parcel: int, topic: Topic, fact: ParcelFacts,
             current: dt.datetime, authors: tuple[str, ...], today: dt.date,
             rng: np.random.Generator, validate: _Validator) -> int | None:
    """Append one or two earlier observations of ``topic``; return the newest one's position."""
    earliest = today - dt.timedelta(days=HORIZON_DAYS)
    steps = 2 if rng.random() < 0.3 else 1
    when = current
    moments = []
    for _ in range(steps):
        room = (when.date() - earliest).days
        if room < 30:
            break
        when -= dt.timedelta(days=int(rng.integers(20, min(room, 300) + 1)),
                             minutes=int(rng.integers(0, 120)))
        moments.append(when)
    previous = None
    for moment in reversed(moments):  # oldest first
        raw = _RAW[topic](fact, rng.random(8).tolist(), rng.standard_normal(6).tolist(),
                          moment.date())
        values = validate(topic, raw, moment.date())
        author = authors[int(rng.integers(len(authors)))]
        out.append(DemoObservation(parcel, topic, values, moment, author, previous))
        previous = len(out) - 1
    return previous


class _Validator:
    """``topics.validate`` that remembers: many parcels share planning rules or activities.

    Validation is a pure function of the values and, for topics with dates, of the day.
    """

    def __init__(self):
        self._seen: dict[tuple, dict[str, Any]] = {}

    def __call__(self, topic: Topic, raw: dict[str, Any], day: dt.date) -> dict[str, Any]:
        key = (topic, tuple(sorted(raw.items())), day if topic in _DATED else None)
        cleaned = self._seen.get(key)
        if cleaned is None:
            try:
                cleaned = self._seen[key] = topics.validate(topic, raw, today=day)
            except ValidationError as exc:  # a bug in this module, not the user's doing
                raise RuntimeError(f"demo {topic} values {raw} are invalid: {exc}") from exc
        return dict(cleaned)


_DATED = frozenset(t for t, spec in topics.TOPICS.items()
                   if any(f.kind is topics.Kind.DATE for f in spec.fields))


def _pick(options, u: float):
    return options[min(int(u * len(options)), len(options) - 1)]


def _vacancy(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    total = max(1.0, round(fact.floor_area_m2))
    if u[0] < 0.70:
        return {"total_floor_area_m2": total, "vacant_floor_area_m2": 0.0,
                **({"offered": "nee"} if u[1] < 0.5 else {})}
    pct = 5 + 20 * u[2] if u[1] < 0.4 else 25 + 35 * u[2] if u[1] < 0.7 else 60 + 40 * u[2]
    since = day - dt.timedelta(days=30 + int(2_200 * u[3] ** 1.5))
    offered = "nee" if u[4] < 0.3 else "huur" if u[4] < 0.65 else "koop" if u[4] < 0.8 \
        else "huur_koop"
    return {"total_floor_area_m2": total,
            "vacant_floor_area_m2": min(total, round(total * pct / 100)),
            "vacant_since": since, "offered": offered}


def _condition(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    age = day.year - (fact.year_built or day.year)
    overall = _score(1.6 + age / 22 + 0.9 * z[0])
    values: dict[str, Any] = {"overall": overall}
    if u[0] < 0.7:
        for name, noise in zip(("roof", "facade", "installations", "grounds"), z[1:5],
                               strict=True):
            values[name] = _score(overall + 0.7 * noise)
    if u[1] < 0.8:
        looks = ("verzorgd", "verzorgd", "redelijk") if overall <= 2 else \
            ("verzorgd", "redelijk", "redelijk", "verwaarloosd") if overall <= 4 else \
            ("redelijk", "verwaarloosd", "verwaarloosd")
        values["appearance"] = _pick(looks, u[2])
    return values


def _score(value: float) -> int:
    return int(min(6, max(1, round(value))))


def _planning(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    heights, coverages = PLANNING_OPTIONS[fact.profile]
    values: dict[str, Any] = {"max_height_m": _pick(heights, u[0]),
                              "max_coverage_pct": _pick(coverages, u[1]),
                              "plan_reference": _pick(PLAN_REFERENCES, u[3])}
    if u[2] < 0.3:
        values["max_far"] = round(1.0 + 1.5 * u[4], 1)
    if u[5] < 0.6:
        values["main_green_structure"] = u[5] < 0.06
        values["water_storage_claim"] = u[6] < 0.15
    if u[7] < 0.1:
        values["competing_claims"] = ("transformatorruimte",) if u[7] < 0.06 else \
            ("ondergronds", "transformatorruimte")
    return values


def _climate(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    coverage = 100 * fact.footprint_m2 / fact.area_m2 if fact.area_m2 else 0.0
    paved = float(min(98, max(15, round(coverage + 20 + 25 * u[0]))))
    values: dict[str, Any] = {"paved_pct": paved,
                              "green_pct": float(round((100 - paved) * (0.3 + 0.7 * u[1])))}
    if u[2] < 0.75:
        values["green_roof"] = u[2] < 0.08
    if u[3] < 0.3:
        values["water_storage_m3"] = float(max(1, round(fact.area_m2 * (0.002 + 0.03 * u[4]))))
    heat = paved + 20 * (u[5] - 0.5)
    values["heat_exposure"] = "hoog" if heat >= 85 else "middel" if heat >= 65 else "laag"
    if u[6] < 0.8:
        values["flood_exposure"] = _pick(("laag", "laag", "laag", "middel", "middel", "hoog"),
                                         u[7])
    if u[6] < 0.6:
        values["drought_exposure"] = _pick(("laag", "laag", "middel", "middel", "hoog"), u[4])
        values["green_facade"] = u[7] < 0.05
    if u[5] < 0.3:
        values["process_water_need"] = fact.profile is Profile.HEAVY and u[4] < 0.5
    if u[3] < 0.5:
        values["soil_contamination"] = _pick(("geen_bekend", "geen_bekend", "geen_bekend",
                                              "vermoed", "bekend"), u[1])
    return values


def _investment(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    owner = "eigenaar_gebruiker" if u[0] < 0.55 else "belegger" if u[0] < 0.90 else \
        "gemeente" if u[0] < 0.93 else "overig"
    values: dict[str, Any] = {"owner_type": owner, "owner_willingness": _pick(range(1, 6), u[1])}
    if owner == "eigenaar_gebruiker":
        values["owner_is_user"] = True
    elif u[5] < 0.7:
        values["user_willingness"] = int(min(5, max(1, round(3 + 1.2 * z[1]))))
    if u[2] < 0.7:
        market = 3.6 if fact.profile is Profile.HIGHTECH else 3.0
        values["market_willingness"] = int(min(5, max(1, round(market + 1.1 * z[0]))))
    if u[3] < 0.8:
        values["contact_date"] = day - dt.timedelta(days=int(60 * u[4]))
        values["assessed_by"] = "eigenaar" if owner == "eigenaar_gebruiker" else \
            _pick(("eigenaar", "gebruiker", "makelaar"), u[6])
    else:
        values["assessed_by"] = "eigen_inschatting"
    if u[6] < 0.5:
        values["opportunities"] = (_pick(("uitbreiden", "verduurzamen", "intensiveren",
                                          "collectief"), u[7]),)
    if u[7] < 0.4:
        values["bottlenecks"] = (_pick(("netcongestie", "financiering", "ruimtegebrek",
                                        "milieuruimte", "regels"), u[6]),)
        if u[7] < 0.1:
            values["bottlenecks_text"] = "Wacht op een zwaardere aansluiting (netbeheerder)."
    if u[4] < 0.6:
        values["interest_collective_maintenance"] = u[5] < 0.5
        values["interest_land_swap"] = u[5] < 0.1
        values["interest_relocation"] = u[5] > 0.9
    wish = "uitbreiden" if u[1] < 0.2 else "verplaatsen" if u[1] > 0.95 else "geen"
    values["wish"] = wish
    if wish != "geen":
        values["wish_space_m2"] = float(round(fact.floor_area_m2 * (0.2 + 0.8 * u[4]) + 100))
    return values


def _profile_fit(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    fitting = _FITTING[fact.profile] if u[0] < 0.75 else ACTIVITIES
    activity, category = _pick(fitting, u[1])
    values: dict[str, Any] = {"current_activity": activity, "environmental_category": category}
    if u[2] < 0.5:
        values["permitted_category"] = _PERMITTED[fact.profile]
    return values


_PERMITTED = {Profile.HIGHTECH: "3.2", Profile.MIXED: "4.1", Profile.HEAVY: "5.2"}


def _energy(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    pv = u[0] < 0.35 + 0.2 * (fact.year_built is not None and fact.year_built >= 2000)
    values: dict[str, Any] = {"roof_pv": pv}
    if not pv and u[1] < 0.7:
        values["no_pv_reason"] = _pick(("netcongestie", "netcongestie", "dakconstructie",
                                        "verzekering", "overig"), u[2])
    large = fact.floor_area_m2 > 2_000
    if u[3] < 0.8:
        values["grid_connection"] = "grootverbruik" if large or u[4] < 0.2 else "kleinverbruik"
    values["grid_congestion"] = _pick(("geen", "beperkt", "wachtrij", "wachtrij", "onbekend"),
                                      u[5])
    if u[6] < 0.5:
        values["gas_use_m3"] = float(round(fact.floor_area_m2 * (4 + 12 * u[7]), -2))
        values["gas_alternative"] = _pick(("geen", "onderzocht", "warmtepomp", "warmtepomp",
                                           "warmtenet"), u[4])
    if u[7] < 0.3:
        values["transformer_space"] = u[6] < 0.15
    return values


def _mobility(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    places = int(max(0, round(fact.floor_area_m2 / 80 * (0.5 + u[0]))))
    values: dict[str, Any] = {"parking_places": places}
    if u[1] < 0.6:
        values["parking_shareable"] = u[2] < 0.3
    if fact.footprint_m2 > 0 and u[3] < 0.7:
        values["loading_bays"] = int(min(40, fact.footprint_m2 // 1500 + (u[4] < 0.5)))
    if u[5] < 0.5:
        values["logistics_charging"] = u[6] < 0.2
    return values


def _note(fact: ParcelFacts, u: list[float], z: list[float], day: dt.date) -> dict:
    return {"text": _pick(NOTES, u[0])}


_FITTING = {profile: tuple(a for a in ACTIVITIES if profile_fits(profile, a[1]))
            for profile in Profile}
_RAW = {Topic.VACANCY: _vacancy, Topic.CONDITION: _condition, Topic.PLANNING: _planning,
        Topic.CLIMATE: _climate, Topic.INVESTMENT: _investment,
        Topic.PROFILE_FIT: _profile_fit, Topic.ENERGY: _energy, Topic.MOBILITY: _mobility,
        Topic.NOTE: _note}
