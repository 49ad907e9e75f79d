"""The score: a weighted mean over the criteria that have data, with its completeness.

For unit i with sub-scores s_ij (NaN: no data or in conflict) and weights w_ij ≥ 0:

    has_ij        = s_ij is known
    completeness  = Σ_j has_ij·w_ij / Σ_j w_ij                (share of weight with data)
    score         = Σ_j has_ij·w_ij·s_ij / Σ_j has_ij·w_ij    (NaN when nothing is known)
    contribution  = has_ij·w_ij·s_ij / Σ_j has_ij·w_ij         (Σ_j contribution = score)
    urgentie, kansrijkheid: the same mean over that axis's criteria only

A unit is ranked when its completeness reaches the profile's minimum; the others are listed
unranked ("onvoldoende gegevens"), never as if their missing data were zero. Ranking order:
score descending, then completeness descending, then id ascending — deterministic ties.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otb_desktop.domain.ranking.criteria import CRITERIA, KANSRIJKHEID, URGENTIE, ScoreMatrix

AXIS_MASKS = {axis: np.array([c.axis == axis for c in CRITERIA]) for axis in
              (URGENTIE, KANSRIJKHEID)}


@dataclass(frozen=True)
class Ranking:
    ids: list[str]
    score: np.ndarray  # (n,) NaN when no criterion has data
    urgentie: np.ndarray
    kansrijkheid: np.ndarray
    completeness: np.ndarray  # (n,) 0..1
    contributions: np.ndarray  # (n, C) share of the score each criterion gives
    eligible: np.ndarray  # (n,) bool: completeness ≥ minimum and a score
    order: np.ndarray  # indices of the eligible units, best first
    rank: np.ndarray  # (n,) 1-based rank, 0 for units not ranked
    indicative: np.ndarray  # (n,) bool: an input of the score is an estimate

    def top(self, n: int) -> list[str]:
        return [self.ids[i] for i in self.order[:n]]


def weighted_mean(values: np.ndarray, weights: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(score, weight with data, contributions) for (n, C) values and (n, C) weights."""
    has = ~np.isnan(values)
    w = np.where(has, weights, 0.0)
    known = w.sum(axis=1)
    filled = np.where(has, values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        contributions = filled * w / known[:, None]
        score = np.where(known > 0, contributions.sum(axis=1), np.nan)
    contributions = np.where(known[:, None] > 0, contributions, 0.0)
    return score, known, contributions


def tie_break_order(ids: list[str]) -> np.ndarray:
    """Position of each id in ascending id order (the last tie-breaker)."""
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    position = np.empty(len(ids), dtype=np.int64)
    position[order] = np.arange(len(ids))
    return position


def rank(matrix: ScoreMatrix, weights: np.ndarray, ids: list[str],
         min_completeness: float = 0.0, id_position: np.ndarray | None = None) -> Ranking:
    """Score and rank n units; ``weights`` is (C,) or (n, C)."""
    values = matrix.values
    n = len(ids)
    weights = np.broadcast_to(np.asarray(weights, float), values.shape)
    total = weights.sum(axis=1)
    score, known, contributions = weighted_mean(values, weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        completeness = np.where(total > 0, known / total, 0.0)
    axes = {}
    for axis, mask in AXIS_MASKS.items():
        axes[axis] = weighted_mean(values[:, mask], weights[:, mask])[0]
    eligible = ~np.isnan(score) & (completeness >= min_completeness - 1e-12)
    position = tie_break_order(ids) if id_position is None else id_position
    candidates = np.flatnonzero(eligible)
    # Scores equal up to rounding noise (1e-12) are ties, whatever the summation order.
    key = np.round(score[candidates], 12)
    order = candidates[np.lexsort((position[candidates],
                                   -np.round(completeness[candidates], 12), -key))]
    ranks = np.zeros(n, dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    used = ~np.isnan(values) & (weights > 0)
    indicative = (matrix.indicative & used).any(axis=1)
    return Ranking(list(ids), score, axes[URGENTIE], axes[KANSRIJKHEID], completeness,
                   contributions, eligible, order, ranks, indicative)
