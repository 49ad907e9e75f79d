"""Weight profiles and park priorities (synced as the ``weight_profile_revision`` family).

A profile gives each criterion a weight ≥ 0 (relative: only proportions matter), a minimum
completeness a unit needs to be ranked, and whether the park priorities are used. Three
profiles ship as a starting point; the coordinator edits them or saves new ones.

Park priorities (the prioritering of themes and vraagstukken in a park's ontwikkelkader,
activity 1A): per theme *hoog*, *normaal* or *laag*. When a profile uses them, each
criterion's weight is multiplied for units in that park by 1.5 (hoog), 1 (normaal) or 0.5
(laag), by the theme the criterion belongs to. Parks without priorities keep the profile's
weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from otb_desktop.domain.errors import ValidationError, ValidationIssue
from otb_desktop.domain.ranking.criteria import CRITERIA, CRITERION_KEYS

PRIORITY_FACTORS = {"hoog": 1.5, "normaal": 1.0, "laag": 0.5}
PROFILE_KIND, PRIORITIES_KIND = "profile", "park_priorities"


@dataclass(frozen=True)
class WeightProfile:
    name: str
    weights: Mapping[str, float]
    min_completeness: float = 0.0  # 0..1: share of weight with data a unit needs
    use_park_priorities: bool = False
    description: str = ""

    def vector(self) -> np.ndarray:
        """Weights in criterion order; a criterion the profile does not name weighs 0."""
        return np.array([float(self.weights.get(k, 0.0)) for k in CRITERION_KEYS])

    def with_weight(self, key: str, weight: float) -> WeightProfile:
        return WeightProfile(self.name, {**self.weights, key: float(weight)},
                             self.min_completeness, self.use_park_priorities, self.description)

    def to_body(self) -> dict[str, Any]:
        return {"kind": PROFILE_KIND, "name": self.name,
                "weights": {k: float(self.weights.get(k, 0.0)) for k in CRITERION_KEYS},
                "min_completeness": self.min_completeness,
                "use_park_priorities": self.use_park_priorities,
                "description": self.description}

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> WeightProfile:
        return cls(str(body.get("name", "")),
                   {k: float(v) for k, v in (body.get("weights") or {}).items()},
                   float(body.get("min_completeness", 0.0)),
                   bool(body.get("use_park_priorities", False)),
                   str(body.get("description", "")))


def check_profile(profile: WeightProfile) -> None:
    issues = []
    if not profile.name.strip():
        issues.append(ValidationIssue("name", "Geef het gewichtenprofiel een naam."))
    for key, weight in profile.weights.items():
        if key not in CRITERION_KEYS:
            issues.append(ValidationIssue(key, f"Onbekend criterium '{key}'."))
        elif not (0 <= weight <= 100) or weight != weight:
            issues.append(ValidationIssue(key, f"Gewicht van '{key}' moet tussen 0 en 100 "
                                               f"liggen (nu {weight})."))
    if not any(profile.weights.get(k, 0) > 0 for k in CRITERION_KEYS):
        issues.append(ValidationIssue("weights", "Geef minstens één criterium een gewicht "
                                                 "groter dan 0."))
    if not 0 <= profile.min_completeness <= 1:
        issues.append(ValidationIssue("min_completeness", "De minimale volledigheid ligt "
                                                          "tussen 0 en 100 %."))
    if issues:
        raise ValidationError(issues)


def _profile(name: str, description: str, **weights: float) -> WeightProfile:
    return WeightProfile(name, {k: float(weights.get(k, 1.0)) for k in CRITERION_KEYS},
                         0.5, False, description)


DEFAULT_PROFILES: tuple[WeightProfile, ...] = (
    _profile("Evenwichtig", "Alle criteria even zwaar; het programma geeft kansrijke locaties "
                            "voorrang, dus de bereidheid telt dubbel.",
             eigenaar=2, ondernemer=2, markt=1.5),
    _profile("Ruimtewinst", "Optimaliseren ruimtegebruik: onbenutte ruimte en bereidheid "
                            "wegen zwaar.",
             bebouwing=3, vloer=2, eigenaar=2.5, ondernemer=2, markt=2, leegstand=1.5,
             staat=0.5, klimaat=0.5, profiel=0.5, milieuruimte=1, koppelkansen=0.5),
    _profile("Kwaliteitsimpuls", "Leegstand, staat en uitstraling wegen zwaar.",
             leegstand=3, staat=3, klimaat=1, profiel=1, bebouwing=0.5, vloer=0.5,
             eigenaar=1.5, ondernemer=1, markt=1),
    _profile("Klimaat", "Klimaatadaptatie en koppelkansen met groen en energie wegen zwaar.",
             klimaat=3, koppelkansen=3, staat=1, leegstand=0.5, profiel=0.5, bebouwing=0.5,
             vloer=0.5, eigenaar=1.5, ondernemer=1.5),
)


@dataclass(frozen=True)
class ParkPriorities:
    park_id: str
    themes: Mapping[str, str] = field(default_factory=dict)  # theme code → hoog/normaal/laag
    vraagstukken: Mapping[str, str] = field(default_factory=dict)  # recorded, shown
    source: str = ""  # e.g. "Ontwikkelkader Twentekanaal (concept)"

    def to_body(self) -> dict[str, Any]:
        return {"kind": PRIORITIES_KIND, "park_id": self.park_id, "themes": dict(self.themes),
                "vraagstukken": dict(self.vraagstukken), "source": self.source}

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> ParkPriorities:
        return cls(str(body["park_id"]), dict(body.get("themes") or {}),
                   dict(body.get("vraagstukken") or {}), str(body.get("source", "")))


def check_priorities(priorities: ParkPriorities) -> None:
    bad = [k for k, v in {**priorities.themes, **priorities.vraagstukken}.items()
           if v not in PRIORITY_FACTORS]
    if bad:
        raise ValidationError([ValidationIssue(
            bad[0], f"Prioriteit van '{bad[0]}' moet hoog, normaal of laag zijn.")])


def unit_weights(profile: WeightProfile, park_ids: Sequence[str | None],
                 priorities: Mapping[str, ParkPriorities]) -> np.ndarray:
    """Weights per unit (n, C): the profile's, times the park priorities when used."""
    base = profile.vector()
    weights = np.tile(base, (len(park_ids), 1))
    if not profile.use_park_priorities or not priorities:
        return weights
    themes = [c.theme for c in CRITERIA]
    for park_id, prio in priorities.items():
        factor = np.array([PRIORITY_FACTORS.get(prio.themes.get(t, "normaal"), 1.0)
                           for t in themes])
        rows = np.array([p == park_id for p in park_ids], bool)
        weights[rows] *= factor
    return weights
