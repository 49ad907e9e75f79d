"""Ranking use case: load the facts once, re-rank for any weight profile, sensitivity.

``RankingService.load()`` reads the parcels (current survey values, derived figures), the
sites and the parks and builds the sub-score matrices of both kinds of unit (sites and
parcels). ``rank_units`` then re-ranks in milliseconds for a weight profile — the weight
editor calls it on every change — and ``sensitivity_of`` runs the weight perturbations
(in the background in the app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from otb_desktop.domain.ranking.criteria import (
    CRITERIA,
    FLAGS,
    ScoreMatrix,
    score_matrix,
)
from otb_desktop.domain.ranking.engine import Ranking, rank, tie_break_order
from otb_desktop.domain.ranking.facts import Facts, parcel_facts, site_facts
from otb_desktop.domain.ranking.sensitivity import TRIALS, Sensitivity, sensitivity
from otb_desktop.domain.ranking.weights import ParkPriorities, WeightProfile, unit_weights
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext

SITES, PARCELS = "sites", "parcels"


@dataclass(frozen=True)
class Units:
    """One kind of unit with everything the ranking needs, loaded once."""

    kind: str  # SITES or PARCELS
    ids: list[str]
    names: list[str]
    park_names: list[str]
    stages: list[str]  # "" for parcels
    parcel_ids: list[tuple[str, ...]]  # a parcel: itself
    facts: Facts
    matrix: ScoreMatrix
    in_scope: list[bool | None]
    id_position: np.ndarray = field(repr=False, default=None)  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class RankingData:
    sites: Units
    parcels: Units
    park_names: dict[str, str]
    loaded_at: dt.datetime

    def units(self, kind: str) -> Units:
        return self.sites if kind == SITES else self.parcels


@dataclass(frozen=True)
class RankedUnit:
    """One row of the ranking as the table, the CLI and the export show it."""

    id: str
    name: str
    park: str
    stage: str
    rank: int  # 0: not ranked (too little data)
    score: float | None
    urgentie: float | None
    kansrijkheid: float | None
    completeness: float
    subscores: tuple[float | None, ...]  # in CRITERIA order
    contributions: tuple[float, ...]
    indicative: bool
    indicative_criteria: tuple[str, ...]
    conflicts: tuple[str, ...]  # criteria not used because a topic is in conflict
    flags: tuple[str, ...]  # keys of FLAGS
    parcel_ids: tuple[str, ...]
    in_scope: bool | None
    share_in_top: float | None = None
    unstable: bool | None = None


def _opt(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _units(kind: str, facts: Facts, names: list[str], park_names: Mapping[str, str],
           stages: list[str], members: list[tuple[str, ...]], in_scope: list[bool | None]
           ) -> Units:
    return Units(kind, facts.ids, names, [park_names.get(p or "", "") for p in facts.park_ids],
                 stages, members, facts, score_matrix(facts), in_scope,
                 tie_break_order(facts.ids))


class RankingService:
    def __init__(self, context: AppContext):
        self.context = context

    def load(self, progress: Progress = no_progress, today: dt.date | None = None
             ) -> RankingData:
        from otb_desktop.services.parcels import ParcelService
        from otb_desktop.services.parks import list_parks
        from otb_desktop.services.sites import SiteService

        today = today or dt.date.today()
        progress(0, 3, "Percelen lezen")
        parks = list_parks(self.context)
        profiles = {p.id: p.profile for p in parks}
        park_names = {p.id: p.name for p in parks}
        scope = {p.id: p.in_scope for p in parks}
        rows = ParcelService(self.context).rows()
        progress(1, 3, "Locaties lezen")
        sites = SiteService(self.context).list()
        progress(2, 3, "Criteria berekenen")
        pf = parcel_facts(rows, profiles, today)
        parcels = _units(PARCELS, pf, [r.designation for r in rows], park_names,
                         [""] * len(rows), [(r.id,) for r in rows],
                         [scope.get(r.park_id or "") for r in rows])
        sf = site_facts(pf, [(s.id, s.parcel_ids, s.record.owner_count) for s in sites])
        site_units = _units(SITES, sf, [s.name for s in sites], park_names,
                            [s.record.stage for s in sites], [s.parcel_ids for s in sites],
                            [all(m.in_scope for m in s.members) if s.members else None
                             for s in sites])
        progress(3, 3, "Klaar")
        return RankingData(site_units, parcels, park_names,
                           dt.datetime.now(dt.UTC))


def weights_for(units: Units, profile: WeightProfile,
                priorities: Mapping[str, ParkPriorities] | None = None) -> np.ndarray:
    return unit_weights(profile, units.facts.park_ids, priorities or {})


def rank_units(units: Units, profile: WeightProfile,
               priorities: Mapping[str, ParkPriorities] | None = None,
               min_completeness: float | None = None) -> Ranking:
    """Re-rank (fast: vectorised over all units)."""
    minimum = profile.min_completeness if min_completeness is None else min_completeness
    return rank(units.matrix, weights_for(units, profile, priorities), units.ids, minimum,
                units.id_position)


def sensitivity_of(units: Units, profile: WeightProfile, ranking: Ranking, top_n: int = 10,
                   trials: int = TRIALS, seed: int = 2026,
                   priorities: Mapping[str, ParkPriorities] | None = None,
                   progress: Progress | None = None) -> Sensitivity:
    return sensitivity(units.matrix.values, weights_for(units, profile, priorities), ranking,
                       top_n, trials, seed, progress=progress)


def ranked_rows(units: Units, ranking: Ranking, stability: Sensitivity | None = None
                ) -> list[RankedUnit]:
    """Rows in rank order; units too incomplete to rank follow, by score."""
    keys = [c.key for c in CRITERIA]
    flag_names = list(FLAGS)
    rows = []
    rest = [i for i in np.argsort(-np.nan_to_num(ranking.score, nan=-1), kind="stable")
            if not ranking.eligible[i]]
    for i in [*ranking.order.tolist(), *rest]:
        values = units.matrix.values[i]
        rows.append(RankedUnit(
            units.ids[i], units.names[i], units.park_names[i], units.stages[i],
            int(ranking.rank[i]), _opt(ranking.score[i]), _opt(ranking.urgentie[i]),
            _opt(ranking.kansrijkheid[i]), float(ranking.completeness[i]),
            tuple(_opt(v) for v in values), tuple(float(c) for c in ranking.contributions[i]),
            bool(ranking.indicative[i]),
            tuple(k for k, flag in zip(keys, units.matrix.indicative[i], strict=True) if flag),
            tuple(k for k, flag in zip(keys, units.matrix.conflict[i], strict=True) if flag),
            tuple(f for f in flag_names if units.facts.flags[f][i]),
            units.parcel_ids[i], units.in_scope[i],
            # units too incomplete to rank take no part in the trials: no stability
            None if stability is None or not ranking.eligible[i]
            else float(stability.share_in_top[i]),
            None if stability is None or not ranking.eligible[i]
            else bool(stability.unstable[i])))
    return rows
