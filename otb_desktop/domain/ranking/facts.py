"""Facts per parcel and per site, as NumPy columns: NaN is "unknown", never zero.

A parcel's facts come from its current survey values (the heads of each topic; a topic with
two or more different heads is *in conflict* and feeds nothing until resolved) and from its
derived figures (coverage, unused capacity), read through ``derived_figures`` only.

How parcel facts combine into a site's facts (also in ARCHITECTURE.md and the app's
"Hoe wordt gerekend?"):

| fact | site value |
|---|---|
| area | sum of the parcels' areas |
| vacancy % | Σ vacant floor area / Σ total floor area over parcels with data |
| owners | recorded on the site (a count, no names); two or more: versnipperd eigendom |
| months vacant | the longest (the earliest "vacant since") |
| condition (NEN 2767) | the worst (highest) |
| climate score | area-weighted mean over parcels with data |
| misfit with the park profile | area-weighted share of parcels that do not fit |
| unused milieuruimte | area-weighted mean of the gap |
| unused coverage, floor potential | Σ unused m² / Σ area of the parcels with data |
| willingness of owner and ondernemer | the lowest: every owner/user must cooperate |
| willingness of the market | area-weighted mean |
| koppelkansen | the highest: one opportunity anywhere counts for the site |
| constraint flags | any parcel |
| indicatief | any parcel's input is indicatief, or not every parcel has data |
| conflict | any parcel's topic is in conflict |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from otb_desktop.domain.figures import climate_score, whole_months
from otb_desktop.domain.parks import profile_fits

# How parcel values combine into site values (shown in the app's "Hoe wordt gerekend?").
AGGREGATION = (
    ("Oppervlakte", "som van de percelen"),
    ("Leegstand %", "Σ leegstaand vloeroppervlak / Σ totaal vloeroppervlak (percelen met "
                    "gegevens)"),
    ("Duur leegstand", "de langste"),
    ("Bouwkundige staat", "de slechtste (hoogste NEN 2767-score)"),
    ("Klimaatscore", "oppervlaktegewogen gemiddelde"),
    ("Past niet bij profiel", "aandeel in oppervlak dat niet past"),
    ("Milieuruimte onbenut", "oppervlaktegewogen gemiddelde"),
    ("Onbenutte bebouwing en vloer", "Σ onbenut m² / Σ oppervlak van de percelen met "
                                     "gegevens"),
    ("Bereidheid eigenaar en ondernemer", "de laagste: iedereen moet meedoen"),
    ("Bereidheid markt", "oppervlaktegewogen gemiddelde"),
    ("Koppelkansen", "de hoogste: één kans telt voor de locatie"),
    ("Randvoorwaarden (vlaggen)", "als één perceel de vlag heeft"),
    ("Versnipperd eigendom", "aantal eigenaren op de locatie (een aantal, geen namen) ≥ 2"),
    ("Indicatief", "als een invoer geschat is of niet elk perceel gegevens heeft"),
    ("Conflict", "als een onderwerp van een perceel twee actuele waarden heeft: niet "
                 "gebruikt tot het is opgelost"),
)
VNG_CLASSES = ("1", "2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "5.3", "6")
EXPOSURE_HIGH = "hoog"
CONGESTED = ("beperkt", "wachtrij")
ESTIMATED_BY = ("makelaar", "eigen_inschatting")  # willingness not heard from the party


class RankedParcel(Protocol):
    """What the ranking reads of a parcel (``services.parcels.ParcelRow`` has it)."""

    @property
    def id(self) -> str: ...

    @property
    def park_id(self) -> str | None: ...

    @property
    def area_m2(self) -> float: ...

    @property
    def values(self) -> Mapping[str, Mapping[str, Any]]: ...

    @property
    def conflicts(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class DerivedFigures:
    area_m2: float
    coverage_pct: float | None
    unused_coverage_m2: float | None
    unused_floor_area_m2: float | None  # always indicatief (storeys estimated)


def derived_figures(row: Any) -> DerivedFigures:
    """The one place the ranking reads a parcel's derived figures.

    Today the parcel rows compute them on load (``domain.figures``); when the figures are
    stored per parcel, only this function changes.
    """
    return DerivedFigures(float(row.area_m2), getattr(row, "coverage_pct", None),
                          getattr(row, "unused_coverage_m2", None),
                          getattr(row, "unused_floor_area_m2", None))


# Names of the fact columns; each criterion reads some of them.
FACT_NAMES = ("area_m2", "floor_total_m2", "vacancy_pct", "vacant_months", "condition",
              "climate_score", "misfit", "milieu_gap", "unused_coverage_m2", "unused_floor_m2",
              "unused_coverage_share", "unused_floor_ratio", "owner_w", "user_w", "market_w",
              "koppel")
# Which survey topics feed which fact (for conflicts) and which facts are estimates.
FACT_TOPICS = {
    "floor_total_m2": ("vacancy",), "vacancy_pct": ("vacancy",),
    "vacant_months": ("vacancy",), "condition": ("condition",),
    "climate_score": ("climate_adaptation",), "misfit": ("profile_fit",),
    "milieu_gap": ("profile_fit",), "unused_coverage_m2": ("planning_capacity",),
    "unused_floor_m2": ("planning_capacity",),
    "unused_coverage_share": ("planning_capacity",), "unused_floor_ratio": ("planning_capacity",),
    "owner_w": ("willingness_to_invest",), "user_w": ("willingness_to_invest",),
    "market_w": ("willingness_to_invest",),
    "koppel": ("energy", "climate_adaptation", "willingness_to_invest"),
}
FLAG_NAMES = ("netcongestie", "hoofdgroenstructuur", "waterberging", "bodem_water",
              "ruimteclaims", "versnipperd_eigendom")


@dataclass
class Facts:
    """Column-wise facts of n units (parcels or sites)."""

    ids: list[str]
    park_ids: list[str | None]
    values: dict[str, np.ndarray]  # fact name → float array, NaN = unknown
    indicative: dict[str, np.ndarray]  # fact name → bool array
    conflict: dict[str, np.ndarray]  # fact name → bool array (topic has two heads)
    flags: dict[str, np.ndarray]  # flag name → bool array
    members: list[tuple[str, ...]] | None = None  # sites: their parcel ids

    def __len__(self) -> int:
        return len(self.ids)


def vng_index(category: Any) -> tuple[float, bool]:
    """Position on the VNG scale and whether it is an estimate (old whole numbers)."""
    text = str(category).strip()
    if text in VNG_CLASSES:
        return float(VNG_CLASSES.index(text)), False
    major = text.split(",")[0].split(".")[0].strip()
    for index, name in enumerate(VNG_CLASSES):
        if name.split(".")[0] == major:
            return float(index), True  # "3" read as "3.1": subcategorie onbekend
    return float("nan"), False


def _number(value: Any) -> float:
    if value is None or isinstance(value, bool):
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _parcel(row: RankedParcel, park_profiles: Mapping[str, str], today: dt.date
            ) -> tuple[dict[str, float], set[str], set[str]]:
    """(facts, indicative fact names, flag names) of one parcel."""
    v = row.values
    facts = {name: float("nan") for name in FACT_NAMES}
    indicative: set[str] = set()
    flags: set[str] = set()
    figures = derived_figures(row)
    facts["area_m2"] = figures.area_m2

    vacancy = v.get("vacancy")
    if vacancy:
        total, vacant = _number(vacancy.get("total_floor_area_m2")), _number(
            vacancy.get("vacant_floor_area_m2"))
        if total > 0 and vacant >= 0:
            facts["vacancy_pct"] = 100.0 * vacant / total
            facts["floor_total_m2"] = total
        if vacancy.get("vacant_since") and facts["vacancy_pct"] > 0:
            try:
                since = dt.date.fromisoformat(str(vacancy["vacant_since"]))
                # whole months by the day, as the PBL classes of domain.figures count them
                facts["vacant_months"] = float(max(0, whole_months(since, today)))
            except ValueError:
                pass
    condition = v.get("condition")
    if condition:
        overall = _number(condition.get("overall"))
        if np.isnan(overall):
            parts = [_number(condition.get(k)) for k in ("roof", "facade", "installations",
                                                          "grounds")]
            parts = [p for p in parts if not np.isnan(p)]
            if parts:
                overall = max(parts)
                indicative.add("condition")
        facts["condition"] = overall
        indicative.add("condition")  # the programme's score is an indicative NEN 2767
    climate = v.get("climate_adaptation")
    if climate:
        score = climate_score(climate)
        facts["climate_score"] = _number(score)
        if climate.get("soil_contamination") in ("vermoed", "bekend") or \
                climate.get("flood_exposure") == EXPOSURE_HIGH:
            flags.add("bodem_water")
    fit = v.get("profile_fit")
    if fit:
        category = fit.get("environmental_category")
        profile = park_profiles.get(row.park_id or "")
        if category is not None and profile:
            try:
                facts["misfit"] = 0.0 if profile_fits(profile, str(category)) else 1.0
                indicative.add("misfit")  # park profiles are provisional (voorlopig)
            except (KeyError, ValueError):
                pass
        if category is not None and fit.get("permitted_category") is not None:
            actual, est_a = vng_index(category)
            permitted, est_p = vng_index(fit["permitted_category"])
            facts["milieu_gap"] = max(0.0, permitted - actual)
            if est_a or est_p:
                indicative.add("milieu_gap")
    planning = v.get("planning_capacity") or {}
    area = max(figures.area_m2, 1.0)
    if figures.unused_coverage_m2 is not None:
        facts["unused_coverage_m2"] = float(figures.unused_coverage_m2)
        facts["unused_coverage_share"] = float(figures.unused_coverage_m2) / area
    if figures.unused_floor_area_m2 is not None:
        facts["unused_floor_m2"] = float(figures.unused_floor_area_m2)
        facts["unused_floor_ratio"] = float(figures.unused_floor_area_m2) / area
        indicative.update(("unused_floor_m2", "unused_floor_ratio"))
    if planning.get("main_green_structure"):
        flags.add("hoofdgroenstructuur")
    if planning.get("water_storage_claim"):
        flags.add("waterberging")
    if planning.get("competing_claims"):
        flags.add("ruimteclaims")
    investment = v.get("willingness_to_invest")
    if investment:
        estimated = investment.get("assessed_by") in ESTIMATED_BY
        for key, name in (("owner_willingness", "owner_w"), ("user_willingness", "user_w"),
                          ("market_willingness", "market_w")):
            facts[name] = _number(investment.get(key))
            if estimated and not np.isnan(facts[name]):
                indicative.add(name)
        if np.isnan(facts["user_w"]) and investment.get("owner_is_user"):
            facts["user_w"] = facts["owner_w"]
            if "owner_w" in indicative:  # a copied estimate is still an estimate
                indicative.add("user_w")
        if "netcongestie" in (investment.get("bottlenecks") or ()):
            flags.add("netcongestie")
    energy = v.get("energy")
    if energy and (energy.get("grid_congestion") in CONGESTED
                   or energy.get("no_pv_reason") == "netcongestie"):
        flags.add("netcongestie")
    facts["koppel"] = _koppelkansen(v)
    return facts, indicative, flags


def _koppelkansen(v: Mapping[str, Mapping[str, Any]]) -> float:
    """Share of the known koppelkans indicators that are present (NaN: none known).

    Indicators: roof without PV and not blocked by the grid (energy); a mostly paved plot
    without a green roof (greening, climate); interest in kavelruil or collective
    maintenance, or opportunities "verduurzamen"/"collectief"/"intensiveren" named.
    """
    known: list[float] = []
    energy = v.get("energy") or {}
    if energy.get("roof_pv") is not None:
        known.append(float(not energy["roof_pv"] and energy.get("no_pv_reason")
                           != "netcongestie"))
    climate = v.get("climate_adaptation") or {}
    if climate.get("paved_pct") is not None:
        known.append(float(_number(climate["paved_pct"]) >= 50 and not climate.get(
            "green_roof")))
    investment = v.get("willingness_to_invest") or {}
    answers = [investment.get(k) for k in ("interest_land_swap",
                                           "interest_collective_maintenance")]
    opportunities = set(investment.get("opportunities") or ())
    if any(a is not None for a in answers) or opportunities:
        known.append(float(any(answers) or bool(opportunities & {
            "verduurzamen", "collectief", "intensiveren", "kavelruil"})))
    return float(np.mean(known)) if known else float("nan")


def parcel_facts(rows: Sequence[RankedParcel], park_profiles: Mapping[str, str],
                 today: dt.date) -> Facts:
    n = len(rows)
    values = {name: np.full(n, np.nan) for name in FACT_NAMES}
    indicative = {name: np.zeros(n, bool) for name in FACT_NAMES}
    conflict = {name: np.zeros(n, bool) for name in FACT_NAMES}
    flags = {name: np.zeros(n, bool) for name in FLAG_NAMES}
    for i, row in enumerate(rows):
        facts, ind, fl = _parcel(row, park_profiles, today)
        for name, value in facts.items():
            values[name][i] = value
        for name in ind:
            indicative[name][i] = True
        for name in fl:
            flags[name][i] = True
        for name, topics in FACT_TOPICS.items():
            if any(t in row.conflicts for t in topics):
                conflict[name][i] = True
                values[name][i] = np.nan  # not used until the conflict is resolved
    return Facts([r.id for r in rows], [r.park_id for r in rows], values, indicative,
                 conflict, flags)


def site_facts(parcels: Facts, sites: Sequence[tuple[str, Sequence[str], int | None]]
               ) -> Facts:
    """Combine parcel facts into site facts (table in the module docstring).

    ``sites``: (site id, parcel ids, number of owners or None when unknown).
    """
    index = {pid: i for i, pid in enumerate(parcels.ids)}
    n = len(sites)
    values = {name: np.full(n, np.nan) for name in FACT_NAMES}
    indicative = {name: np.zeros(n, bool) for name in FACT_NAMES}
    conflict = {name: np.zeros(n, bool) for name in FACT_NAMES}
    flags = {name: np.zeros(n, bool) for name in FLAG_NAMES}
    park_ids: list[str | None] = []
    members: list[tuple[str, ...]] = []
    pv = parcels.values
    for k, (_site_id, parcel_ids, owners) in enumerate(sites):
        rows = np.array([index[p] for p in parcel_ids if p in index], dtype=int)
        members.append(tuple(parcel_ids))
        parks = [parcels.park_ids[i] for i in rows]
        park_ids.append(max(set(parks), key=parks.count) if parks else None)
        if not len(rows):
            continue
        area = pv["area_m2"][rows]
        values["area_m2"][k] = area.sum()
        for name in FACT_NAMES:
            if name == "area_m2":
                continue
            column = pv[name][rows]
            has = ~np.isnan(column)
            conflict[name][k] = parcels.conflict[name][rows].any()
            if conflict[name][k] or not has.any():
                continue
            indicative[name][k] = parcels.indicative[name][rows].any() or not has.all()
            weights = pv["floor_total_m2"][rows][has] if name == "vacancy_pct" else area[has]
            values[name][k] = _combine(name, column[has], weights)
        for name in FLAG_NAMES:
            flags[name][k] = parcels.flags[name][rows].any()
        if owners is not None:
            flags["versnipperd_eigendom"][k] = owners >= 2
    return Facts([s[0] for s in sites], park_ids, values, indicative, conflict, flags,
                 members)


def _combine(name: str, column: np.ndarray, weights: np.ndarray) -> float:
    """One site value from the parcels with data (see the table in the module docstring).

    Vacancy % is weighted by floor area (Σ vacant / Σ total), shares by parcel area
    (Σ unused / Σ area of the parcels with data)."""
    if name in ("vacant_months", "condition", "koppel"):
        return float(column.max())
    if name in ("owner_w", "user_w"):
        return float(column.min())
    if name in ("unused_coverage_m2", "unused_floor_m2", "floor_total_m2"):
        return float(column.sum())
    if np.nansum(weights) <= 0:
        return float(column.mean())
    return float(np.average(column, weights=np.nan_to_num(weights)))
