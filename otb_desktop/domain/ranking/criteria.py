"""The criteria of the ranking: each a documented 0–1 sub-score, 1 = more promising.

Two axes, never one number only (DESIGN.md §4, OTB 3D):

- **urgentie** (knelpunten): 1 = a more pressing reason to redevelop;
- **kansrijkheid** (kansen): 1 = redevelopment more likely to succeed.

A sub-score is NaN when its facts are unknown or in conflict: missing data is never read as
zero. Constraints (netcongestie, hoofdgroenstructuur, claims for water storage or greening,
soil and water systems, competing claims, fragmented ownership) are flags shown beside the
score, never averaged into it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from otb_desktop.domain.ranking.facts import Facts

URGENTIE, KANSRIJKHEID = "urgentie", "kansrijkheid"
AXIS_LABELS = {URGENTIE: "Urgentie", KANSRIJKHEID: "Kansrijkheid"}

# PBL vacancy classes: how much the duration adds to the urgency of the vacant share.
FRICTION_MONTHS, LONG_MONTHS = 12, 36


def _vacancy(f: Facts) -> np.ndarray:
    pct, months = f.values["vacancy_pct"], f.values["vacant_months"]
    duration = np.where(np.isnan(months), 0.6,
                        np.where(months < FRICTION_MONTHS, 0.4,
                                 np.where(months <= LONG_MONTHS, 0.8, 1.0)))
    duration = np.where(pct == 0, 1.0, duration)
    return np.clip(pct / 50.0, 0, 1) * duration


def _condition(f: Facts) -> np.ndarray:
    return np.clip((f.values["condition"] - 1.0) / 5.0, 0, 1)


def _climate(f: Facts) -> np.ndarray:
    return np.clip(1.0 - f.values["climate_score"], 0, 1)


def _misfit(f: Facts) -> np.ndarray:
    return np.clip(f.values["misfit"], 0, 1)


def _milieu(f: Facts) -> np.ndarray:
    return np.clip(f.values["milieu_gap"] / 4.0, 0, 1)


def _coverage(f: Facts) -> np.ndarray:
    return np.clip(f.values["unused_coverage_share"] / 0.25, 0, 1)


def _floor(f: Facts) -> np.ndarray:
    return np.clip(f.values["unused_floor_ratio"] / 1.0, 0, 1)


def _scale_1_5(name: str) -> Callable[[Facts], np.ndarray]:
    return lambda f: np.clip((f.values[name] - 1.0) / 4.0, 0, 1)


def _koppel(f: Facts) -> np.ndarray:
    return np.clip(f.values["koppel"], 0, 1)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str  # Dutch, as the coordinator reads it
    axis: str
    formula: str  # the documented sub-score, Dutch
    facts: tuple[str, ...]  # which facts it reads (for indicatief and conflict)
    theme: str  # catalogue theme code: park priorities weigh it
    score: Callable[[Facts], np.ndarray]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("leegstand", "Leegstand (PBL-duurklasse)", URGENTIE,
              "min(1, leegstand % / 50) × duur: frictie (< 12 mnd) 0,4, langdurig (12–36) "
              "0,8, structureel (> 36) 1,0, duur onbekend 0,6",
              ("vacancy_pct", "vacant_months"), "kwaliteitsimpuls", _vacancy),
    Criterion("staat", "Bouwkundige staat (NEN 2767)", URGENTIE,
              "(conditiescore − 1) / 5: 1 uitstekend → 0, 6 zeer slecht → 1 "
              "(locatie: slechtste perceel)", ("condition",), "kwaliteitsimpuls", _condition),
    Criterion("klimaat", "Klimaatadaptatie nodig", URGENTIE,
              "1 − klimaatscore (0 slecht aangepast … 1 goed aangepast)",
              ("climate_score",), "klimaatbestendig", _climate),
    Criterion("profiel", "Past niet bij het profiel", URGENTIE,
              "1 als de milieucategorie niet past bij het (voorlopige) profiel van het "
              "terrein, anders 0 (locatie: aandeel in oppervlak)", ("misfit",), "profilering",
              _misfit),
    Criterion("milieuruimte", "Milieuruimte onbenut", URGENTIE,
              "min(1, (toegestane − eigen VNG-klasse, in stappen) / 4)", ("milieu_gap",),
              "profilering", _milieu),
    Criterion("bebouwing", "Onbenutte bebouwingsruimte", KANSRIJKHEID,
              "min(1, onbenut bebouwingsoppervlak / (25 % van het perceel))",
              ("unused_coverage_share",), "ruimtegebruik", _coverage),
    Criterion("vloer", "Onbenut vloeroppervlak (indicatief)", KANSRIJKHEID,
              "min(1, onbenut vloeroppervlak / perceeloppervlak); verdiepingen geschat",
              ("unused_floor_ratio",), "ruimtegebruik", _floor),
    Criterion("eigenaar", "Bereidheid eigenaar", KANSRIJKHEID,
              "(bereidheid − 1) / 4 op de schaal 1 niet bereid … 5 zeer bereid "
              "(locatie: minst bereide eigenaar)", ("owner_w",), "ruimtegebruik",
              _scale_1_5("owner_w")),
    Criterion("ondernemer", "Bereidheid ondernemer", KANSRIJKHEID,
              "(bereidheid − 1) / 4; eigenaar-gebruiker: die van de eigenaar",
              ("user_w",), "ruimtegebruik", _scale_1_5("user_w")),
    Criterion("markt", "Bereidheid markt", KANSRIJKHEID, "(bereidheid − 1) / 4",
              ("market_w",), "ruimtegebruik", _scale_1_5("market_w")),
    Criterion("koppelkansen", "Koppelkansen (groen, energie, klimaat)", KANSRIJKHEID,
              "aandeel aanwezige koppelkansen van de bekende: dak zonder zonnepanelen (niet "
              "door netcongestie), verhard zonder groen dak, interesse in kavelruil of "
              "collectief beheer", ("koppel",), "energietransitie", _koppel),
)
CRITERION_KEYS = tuple(c.key for c in CRITERIA)

FLAGS = {
    "netcongestie": "Netcongestie (randvoorwaarde)",
    "hoofdgroenstructuur": "In de hoofdgroenstructuur",
    "waterberging": "Claim voor waterberging of vergroening",
    "bodem_water": "Bodem- en watersysteem (verontreiniging of wateroverlast)",
    "ruimteclaims": "Andere ruimteclaims (transformator, ondergronds)",
    "versnipperd_eigendom": "Versnipperd eigendom (twee of meer eigenaren)",
}


def criterion(key: str) -> Criterion:
    for c in CRITERIA:
        if c.key == key:
            return c
    raise KeyError(f"unknown criterion {key!r}")


@dataclass(frozen=True)
class ScoreMatrix:
    """Sub-scores of n units × C criteria (NaN: no data or in conflict)."""

    values: np.ndarray  # (n, C) float
    indicative: np.ndarray  # (n, C) bool
    conflict: np.ndarray  # (n, C) bool


def score_matrix(facts: Facts) -> ScoreMatrix:
    n, c = len(facts), len(CRITERIA)
    values = np.full((n, c), np.nan)
    indicative = np.zeros((n, c), bool)
    conflict = np.zeros((n, c), bool)
    with np.errstate(invalid="ignore"):
        for j, crit in enumerate(CRITERIA):
            values[:, j] = crit.score(facts)
            for name in crit.facts:
                indicative[:, j] |= facts.indicative[name]
                conflict[:, j] |= facts.conflict[name]
    values[conflict] = np.nan
    indicative &= ~np.isnan(values)
    return ScoreMatrix(values, indicative, conflict)
