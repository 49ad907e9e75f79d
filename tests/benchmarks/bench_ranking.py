"""Benchmark: re-rank 200 000 parcels and run 1 000 sensitivity trials.

    .venv/bin/python tests/benchmarks/bench_ranking.py [--units 200000] [--trials 1000]

Sub-scores are synthetic (uniform 0–1, 30 % unknown, as after a partial survey) for every
criterion of ``domain.ranking.criteria``; the facts are not rebuilt, since a weight change
only re-ranks. Measured in one process, median of several runs:

- re-rank: ``engine.rank`` with new weights (weighted mean, completeness, both axes,
  explanation, deterministic order of all eligible units);
- sensitivity: ``sensitivity.sensitivity`` with ``--trials`` trials, top 10;
- baseline: one NumPy matrix product of the same shape, (units × criteria) @ (criteria ×
  trials), in float64.

Goals from the issue: sensitivity within 10× of the baseline, re-rank under one second.
Not a test: pytest skips tests/benchmarks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from timing import median_seconds  # noqa: E402 - a sibling module

from otb_desktop.domain.ranking.criteria import CRITERIA, ScoreMatrix  # noqa: E402
from otb_desktop.domain.ranking.engine import rank, tie_break_order  # noqa: E402
from otb_desktop.domain.ranking.sensitivity import sensitivity  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--trials", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, c, t = args.units, len(CRITERIA), args.trials
    rng = np.random.default_rng(2026)
    values = rng.uniform(0, 1, (n, c))
    values[rng.uniform(size=values.shape) < 0.3] = np.nan
    matrix = ScoreMatrix(values, np.zeros(values.shape, bool), np.zeros(values.shape, bool))
    ids = [f"{i:012d}" for i in range(n)]
    position = tie_break_order(ids)
    weights = rng.uniform(0.5, 3, c)

    def rerank():
        return rank(matrix, rng.uniform(0.5, 3, c), ids, 0.3, position)

    ranking = rank(matrix, weights, ids, 0.3, position)
    dense = np.nan_to_num(values)
    factors = rng.uniform(0.5, 1.5, (c, t))

    baseline = median_seconds(lambda: dense @ factors, args.repeat)
    rerank_s = median_seconds(rerank, args.repeat)
    sens_s = median_seconds(lambda: sensitivity(values, weights, ranking, 10, t, 7), args.repeat)
    print(f"units {n:,}, criteria {c}, trials {t:,}; numpy {np.__version__}")
    print(f"baseline matrix product ({n:,}×{c}) @ ({c}×{t:,}): {baseline * 1000:8.1f} ms")
    print(f"re-rank (new weights):                  {rerank_s * 1000:8.1f} ms  "
          f"(goal < 1000 ms; {rerank_s / baseline:.2f}× baseline)")
    print(f"sensitivity ({t:,} trials, top 10):     {sens_s * 1000:8.1f} ms  "
          f"({sens_s / baseline:.2f}× baseline; goal within 10×)")
    print(f"re-rank + sensitivity:                  {(rerank_s + sens_s) * 1000:8.1f} ms  "
          f"({(rerank_s + sens_s) / baseline:.2f}× baseline)")


if __name__ == "__main__":
    main()
