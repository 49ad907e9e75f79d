"""The ranking engine: monotonicity, missing data, completeness, explanation, conflicts,
ties, site aggregation and sensitivity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otb_desktop.domain.ranking.criteria import (
    CRITERIA,
    CRITERION_KEYS,
    ScoreMatrix,
    score_matrix,
)
from otb_desktop.domain.ranking.engine import rank
from otb_desktop.domain.ranking.facts import FLAG_NAMES, parcel_facts, site_facts
from otb_desktop.domain.ranking.sensitivity import sensitivity
from otb_desktop.domain.ranking.weights import (
    DEFAULT_PROFILES,
    ParkPriorities,
    WeightProfile,
    unit_weights,
)

TODAY = dt.date(2026, 11, 30)
C = len(CRITERIA)


@dataclass(frozen=True)
class Row:
    id: str
    values: dict[str, dict[str, Any]]
    park_id: str | None = "park"
    area_m2: float = 1000.0
    coverage_pct: float | None = 40.0
    unused_coverage_m2: float | None = None
    unused_floor_area_m2: float | None = None
    conflicts: frozenset[str] = field(default_factory=frozenset)


def _matrix(values) -> ScoreMatrix:
    values = np.asarray(values, float)
    return ScoreMatrix(values, np.zeros(values.shape, bool), np.zeros(values.shape, bool))


sub_score = st.floats(0, 1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(sub_score, min_size=C, max_size=C), st.lists(sub_score, min_size=C, max_size=C),
       st.lists(st.floats(0.1, 10), min_size=C, max_size=C),
       st.lists(st.booleans(), min_size=C, max_size=C), st.integers(0, C - 1))
def test_strictly_better_on_every_criterion_ranks_above(a, extra, weights, known, better):
    """B is at least A on every criterion and strictly better on one: B ranks above A."""
    known[better] = True
    a = np.array(a) * 0.9
    b = a + np.array(extra) * 0.1
    b[better] = a[better] + 0.05
    mask = np.where(known, 1.0, np.nan)
    ranking = rank(_matrix([a * mask, b * mask]), np.array(weights), ["a", "b"])
    assert ranking.score[1] > ranking.score[0]
    assert ranking.top(2) == ["b", "a"]


def test_missing_data_is_not_read_as_zero():
    good = np.full(C, 0.8)
    half_known = good.copy()
    half_known[: C // 2] = np.nan
    zeros = good.copy()
    zeros[: C // 2] = 0.0
    ranking = rank(_matrix([half_known, zeros]), np.ones(C), ["unknown", "zero"])
    assert ranking.score[0] == pytest.approx(0.8)
    assert ranking.score[1] < 0.8
    assert ranking.completeness[0] == pytest.approx((C - C // 2) / C)
    assert ranking.completeness[1] == 1.0


def test_completeness_and_explanation_add_up():
    rng = np.random.default_rng(1)
    values = rng.uniform(0, 1, (50, C))
    values[rng.uniform(size=values.shape) < 0.3] = np.nan
    weights = rng.uniform(0.5, 3, C)
    ranking = rank(_matrix(values), weights, [f"u{i}" for i in range(50)])
    scored = ~np.isnan(ranking.score)
    np.testing.assert_allclose(ranking.contributions[scored].sum(axis=1),
                               ranking.score[scored])
    expected = (~np.isnan(values) * weights).sum(axis=1) / weights.sum()
    np.testing.assert_allclose(ranking.completeness, expected)
    assert (ranking.contributions[np.isnan(values)] == 0).all()


def test_minimum_completeness_leaves_units_unranked_not_last():
    values = np.full((2, C), 0.5)
    values[1, 1:] = np.nan
    ranking = rank(_matrix(values), np.ones(C), ["full", "thin"], min_completeness=0.5)
    assert ranking.rank.tolist() == [1, 0]
    assert not ranking.eligible[1] and not np.isnan(ranking.score[1])


def test_ties_break_by_completeness_then_id():
    values = np.full((3, C), 0.5)
    values[0, 0] = np.nan
    ranking = rank(_matrix(values), np.ones(C), ["c", "b", "a"])
    assert ranking.top(3) == ["a", "b", "c"]  # equal scores: complete ones first, then id


def test_axes_stay_apart():
    values = np.full((1, C), np.nan)
    for j, c in enumerate(CRITERIA):
        values[0, j] = 1.0 if c.axis == "urgentie" else 0.0
    ranking = rank(_matrix(values), np.ones(C), ["decaying, owner unwilling"])
    assert ranking.urgentie[0] == 1.0 and ranking.kansrijkheid[0] == 0.0


def _rows():
    vacant = {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 600,
              "vacant_since": "2021-01-15"}
    return [
        Row("p1", {"vacancy": vacant, "condition": {"overall": 5},
                   "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 4,
                                             "market_willingness": 3,
                                             "assessed_by": "eigenaar"},
                   "energy": {"roof_pv": False, "grid_congestion": "wachtrij"}},
            unused_coverage_m2=250.0, area_m2=1000.0),
        Row("p2", {"condition": {"overall": 2},
                   "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 2,
                                             "assessed_by": "eigen_inschatting"},
                   "planning_capacity": {"main_green_structure": True}},
            unused_coverage_m2=0.0, area_m2=3000.0),
        Row("p3", {"condition": {"overall": 6}}, conflicts=frozenset({"condition"})),
    ]


def test_facts_flags_indicative_and_conflicts():
    facts = parcel_facts(_rows(), {"park": "gemengd"}, TODAY)
    m = score_matrix(facts)
    j = {k: i for i, k in enumerate(CRITERION_KEYS)}
    assert m.values[0, j["leegstand"]] == pytest.approx(1.0)  # 60 % vacant, structureel
    assert m.values[0, j["staat"]] == pytest.approx(0.8)
    assert m.values[0, j["bebouwing"]] == pytest.approx(1.0)
    assert np.isnan(m.values[1, j["leegstand"]])  # no vacancy recorded: unknown
    assert m.indicative[1, j["eigenaar"]] and not m.indicative[0, j["eigenaar"]]
    assert facts.flags["netcongestie"].tolist() == [True, False, False]
    assert facts.flags["hoofdgroenstructuur"].tolist() == [False, True, False]
    # a topic in conflict feeds nothing and is flagged
    assert np.isnan(m.values[2, j["staat"]]) and m.conflict[2, j["staat"]]
    ranking = rank(m, DEFAULT_PROFILES[0].vector(), facts.ids)
    assert np.isnan(ranking.score[2]) and ranking.rank[2] == 0


def test_site_values_combine_parcels_as_documented():
    facts = parcel_facts(_rows(), {"park": "gemengd"}, TODAY)
    sites = site_facts(facts, [("s", ("p1", "p2"), 2), ("t", ("p3",), None)])
    v = sites.values
    assert v["area_m2"][0] == 4000.0
    assert v["condition"][0] == 5  # the worst
    assert v["owner_w"][0] == 2  # the least willing owner
    assert v["unused_coverage_share"][0] == pytest.approx(250 / 4000)  # Σ unused / Σ area
    assert v["vacancy_pct"][0] == pytest.approx(60.0)  # only p1 has data
    assert sites.indicative["vacancy_pct"][0]  # not every parcel has data
    assert sites.flags["netcongestie"][0] and sites.flags["hoofdgroenstructuur"][0]
    assert sites.flags["versnipperd_eigendom"].tolist() == [True, False]
    assert sites.conflict["condition"][1] and np.isnan(v["condition"][1])


def test_park_priorities_weigh_criteria_of_a_theme():
    profile = WeightProfile("p", {k: 1.0 for k in CRITERION_KEYS}, use_park_priorities=True)
    prio = {"a": ParkPriorities("a", {"klimaatbestendig": "hoog", "ruimtegebruik": "laag"})}
    w = unit_weights(profile, ["a", "b"], prio)
    klimaat = CRITERION_KEYS.index("klimaat")
    bebouwing = CRITERION_KEYS.index("bebouwing")
    assert w[0, klimaat] == 1.5 and w[0, bebouwing] == 0.5
    assert (w[1] == 1.0).all()
    off = WeightProfile("p", profile.weights, use_park_priorities=False)
    assert (unit_weights(off, ["a"], prio) == 1.0).all()


def test_sensitivity_is_reproducible_and_flags_unstable_sites():
    rng = np.random.default_rng(3)
    values = rng.uniform(0, 1, (300, C))
    weights = np.ones(C)
    ranking = rank(_matrix(values), weights, [f"u{i:03d}" for i in range(300)])
    first = sensitivity(values, weights, ranking, top_n=10, trials=200, seed=7)
    again = sensitivity(values, weights, ranking, top_n=10, trials=200, seed=7)
    other = sensitivity(values, weights, ranking, top_n=10, trials=200, seed=8)
    np.testing.assert_array_equal(first.share_in_top, again.share_in_top)
    assert not np.array_equal(first.share_in_top, other.share_in_top)
    assert first.share_in_top.sum() == pytest.approx(10.0)  # 10 places in every trial
    assert first.share_in_top[ranking.order[0]] > 0.5
    # a clear winner is stable; units at the edge of the top 10 are not all stable
    assert not first.unstable[ranking.order[0]]
    assert first.unstable.any()


def test_sensitivity_matches_a_plain_loop():
    rng = np.random.default_rng(5)
    values = rng.uniform(0, 1, (40, C))
    values[rng.uniform(size=values.shape) < 0.2] = np.nan
    weights = rng.uniform(0.5, 2, C)
    ids = [f"u{i:02d}" for i in range(40)]
    ranking = rank(_matrix(values), weights, ids)
    result = sensitivity(values, weights, ranking, top_n=5, trials=50, seed=1)
    from otb_desktop.domain.ranking.sensitivity import weight_factors

    factors = weight_factors(C, 50, 1)
    counts = np.zeros(40)
    for t in range(50):
        trial = rank(_matrix(values), weights * factors[:, t], ids)
        counts[trial.order[:5]] += 1
    np.testing.assert_allclose(result.share_in_top, counts / 50)


def test_decaying_site_with_an_unwilling_owner_is_urgent_not_promising():
    decaying = Row("decay", {
        "vacancy": {"total_floor_area_m2": 2000, "vacant_floor_area_m2": 1500,
                    "vacant_since": "2020-03-01"},
        "condition": {"overall": 6},
        "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 1,
                                  "user_willingness": 1, "market_willingness": 1,
                                  "assessed_by": "eigenaar"}},
        unused_coverage_m2=0.0, unused_floor_area_m2=0.0)
    facts = parcel_facts([decaying], {}, TODAY)
    ranking = rank(score_matrix(facts), DEFAULT_PROFILES[0].vector(), facts.ids)
    assert ranking.urgentie[0] > 0.9 and ranking.kansrijkheid[0] < 0.1


def test_constraints_are_flags_and_never_change_the_score():
    plain = {"condition": {"overall": 4},
             "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 4}}
    constrained = {**plain,
                   "planning_capacity": {"main_green_structure": True,
                                         "water_storage_claim": True,
                                         "competing_claims": ["transformatorruimte"]},
                   "energy": {"roof_pv": True, "grid_congestion": "wachtrij"}}
    rows = [Row("plain", plain), Row("constrained", constrained)]
    facts = parcel_facts(rows, {}, TODAY)
    m = score_matrix(facts)
    koppel = CRITERION_KEYS.index("koppelkansen")
    m.values[:, koppel] = np.nan  # the PV answer is a koppelkans fact, not a constraint
    ranking = rank(m, DEFAULT_PROFILES[0].vector(), facts.ids)
    assert ranking.score[0] == ranking.score[1]
    assert [f for f in FLAG_NAMES if facts.flags[f][1]] == [
        "netcongestie", "hoofdgroenstructuur", "waterberging", "ruimteclaims"]
    assert not any(facts.flags[f][0] for f in FLAG_NAMES)


def test_user_willingness_taken_from_an_estimated_owner_is_indicative():
    estimated = {"owner_type": "eigenaar_gebruiker", "owner_willingness": 4,
                 "owner_is_user": True, "assessed_by": "makelaar"}
    heard = {**estimated, "assessed_by": "eigenaar"}
    facts = parcel_facts([Row("estimated", {"willingness_to_invest": estimated}),
                          Row("heard", {"willingness_to_invest": heard})], {}, TODAY)
    assert facts.values["user_w"].tolist() == [4.0, 4.0]
    assert facts.indicative["user_w"].tolist() == [True, False]
    assert facts.indicative["owner_w"].tolist() == [True, False]
