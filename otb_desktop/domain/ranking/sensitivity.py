"""Sensitivity of the ranking to the weights: reproducible perturbations, share in the top N.

Each trial multiplies every criterion's weight by an independent factor drawn uniformly from
[1 − spread, 1 + spread] (default ±50 %), with a seeded generator: the same seed gives the
same result. Per unit we report the share of trials in which it is among the top N. A unit
is *unstable* when its place in or out of the top N depends on the weights: in the top N
with the profile's weights but in fewer than 80 % of the trials, or outside it but inside in
more than 20 %.

Vectorised: for a block of trials the scores of all units are two matrix products
((s·w) @ F and (has·w) @ F for the factor matrix F). Only units that can reach the top N in
some trial — their best score reaches the lowest score the profile's own top N gets in
that trial — are sorted per trial, so the cost stays close to the matrix products.
Ties break as in the ranking (completeness, then id) through a tiny offset far below any
score difference that matters (≤ 1e-9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from otb_desktop.domain.ranking.engine import Ranking

TRIALS = 1_000
SPREAD = 0.5
STABLE_IN, STABLE_OUT = 0.8, 0.2
BLOCK = 100  # trials per block: bounds memory to n × BLOCK floats


@dataclass(frozen=True)
class Sensitivity:
    top_n: int
    trials: int
    seed: int
    spread: float
    share_in_top: np.ndarray  # (n,) 0..1 (0 for units not ranked)
    unstable: np.ndarray  # (n,) bool


def weight_factors(criteria: int, trials: int, seed: int, spread: float = SPREAD
                   ) -> np.ndarray:
    """(C, trials) multiplicative factors; the same seed gives the same factors."""
    rng = np.random.default_rng(seed)
    return rng.uniform(1.0 - spread, 1.0 + spread, size=(trials, criteria)).T.copy()


def sensitivity(values: np.ndarray, weights: np.ndarray, ranking: Ranking, top_n: int = 10,
                trials: int = TRIALS, seed: int = 2026, spread: float = SPREAD,
                progress=None) -> Sensitivity:
    """``values`` (n, C) sub-scores with NaN, ``weights`` (C,) or (n, C), ``ranking`` the
    ranking with the unperturbed weights (its eligibility and tie-break are kept)."""
    n, c = values.shape
    eligible = np.flatnonzero(ranking.eligible)
    share = np.zeros(n)
    if len(eligible) == 0 or top_n <= 0:
        return Sensitivity(top_n, trials, seed, spread, share, np.zeros(n, bool))
    top_n = min(top_n, len(eligible))
    w = np.broadcast_to(np.asarray(weights, float), values.shape)[eligible]
    v = values[eligible]
    has = ~np.isnan(v)
    numerator = np.where(has, v, 0.0) * w  # (m, C)
    denominator = np.where(has, w, 0.0)
    # Tie-break offset: the ranking's own order among equals (completeness, then id).
    order_position = np.empty(len(eligible))
    rank_of = ranking.rank[eligible]
    order_position[:] = (len(eligible) - rank_of) / max(len(eligible), 1) * 1e-9
    base_top = np.argsort(rank_of)[:top_n]
    factors = weight_factors(c, trials, seed, spread)
    counts = np.zeros(len(eligible))
    for start in range(0, trials, BLOCK):
        f = factors[:, start:start + BLOCK]
        with np.errstate(invalid="ignore", divide="ignore"):
            scores = (numerator @ f) / (denominator @ f)
        np.nan_to_num(scores, copy=False, nan=-np.inf)
        scores += order_position[:, None]
        floor = scores[base_top].min(axis=0)  # the N-th best score is at least this
        candidates = np.flatnonzero((scores >= floor).any(axis=1))
        block = scores[candidates]
        if len(candidates) > top_n:
            best = np.argpartition(-block, top_n - 1, axis=0)[:top_n]
        else:
            best = np.broadcast_to(np.arange(len(candidates))[:, None], block.shape)
        np.add.at(counts, candidates[best.ravel()], 1)
        if progress is not None:
            progress(min(start + BLOCK, trials), trials, "Gevoeligheid")
    share[eligible] = counts / trials
    in_top = np.zeros(n, bool)
    in_top[ranking.order[:top_n]] = True
    unstable = (in_top & (share < STABLE_IN)) | (~in_top & ranking.eligible
                                                  & (share > STABLE_OUT))
    return Sensitivity(top_n, trials, seed, spread, share, unstable)
