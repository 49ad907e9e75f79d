"""Stored derived figures (issue 7 item 2): after any mix of edits the stored figures are
exactly what a full recomputation gives, and only the affected parcels are recomputed."""

import random

import pytest
from shapely.geometry import box
from sqlalchemy import select

from otb_desktop.demo.generator import generate
from otb_desktop.domain.figures import FIGURES_SIGNATURE, STORED_FIGURES
from otb_desktop.importing.observations import import_observations
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.models import Building, BusinessPark, Parcel
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.survey import SurveyService


def assert_stored_equals_recomputed(context) -> None:
    with context.database.session() as session:
        stored = figure_store.stored(session)
        fresh = figure_store.compute(session)
        assert not figure_store.has_stale(session)
    assert set(stored) == set(fresh)
    for pid, figures in fresh.items():
        assert set(stored[pid]) == set(STORED_FIGURES)
        for name, value in figures.items():
            if isinstance(value, float):
                assert stored[pid][name] == pytest.approx(value, rel=1e-9, abs=1e-6), (pid, name)
            else:
                assert stored[pid][name] == value, (pid, name)


def _save(context, rng, parcel) -> None:
    topic, raw = rng.choice([
        ("vacancy", {"total_floor_area_m2": rng.randint(100, 5000),
                     "vacant_floor_area_m2": rng.randint(0, 100)}),
        ("planning_capacity", {"max_coverage_pct": rng.randint(20, 90),
                               "max_height_m": rng.choice([6, 12, 20]),
                               "max_far": rng.choice([None, 1.5])}),
        ("climate_adaptation", {"green_pct": rng.randint(0, 60), "paved_pct": 30,
                                "heat_exposure": rng.choice(["laag", "middel", "hoog"])}),
        ("profile_fit", {"current_activity": "opslag",
                         "environmental_category": rng.choice(["2", "3.2", "5.1"])}),
    ])
    SurveyService(context).record(parcel.id, topic, {k: v for k, v in raw.items()
                                                     if v is not None})


def _building_edit(context, rng, parcels) -> None:
    with context.database.session() as session:
        kind = rng.choice(["add", "delete", "storeys", "move"])
        existing = session.scalars(select(Building).order_by(Building.id)).all()
        if kind == "add" or not existing:
            x0, y0, x1, y1 = rng.choice(parcels).geometry.bounds
            b = Building(bag_id=f"test{rng.random()}", storeys=rng.randint(1, 5))
            w = (x1 - x0) / 3
            b.set_geometry(box(x0 + w, y0 + w / 2, x1 - w / 2, y1 - w / 3))
            session.add(b)
        elif kind == "delete":
            session.delete(rng.choice(existing))
        elif kind == "storeys":
            rng.choice(existing).storeys = rng.randint(1, 8)
        else:
            b = rng.choice(existing)
            x0, y0, x1, y1 = rng.choice(parcels).geometry.bounds
            b.set_geometry(box(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2))


def _park_profile(context, rng) -> None:
    with context.database.session() as session:
        park = rng.choice(session.scalars(select(BusinessPark)).all())
        park.profile = rng.choice(["hightech", "gemengd", "zware_maakindustrie"])


def test_stored_figures_equal_a_full_recomputation_after_random_edits(context, tmp_path):
    generate(context, parcels=120, seed=7)
    assert_stored_equals_recomputed(context)  # demo generation stores them
    rng = random.Random(2026)
    with context.database.session() as session:
        parcels = session.scalars(select(Parcel).order_by(Parcel.designation)).all()
    for step in range(40):
        action = rng.choice(["save", "save", "building", "park", "import"])
        if action == "save":
            _save(context, rng, rng.choice(parcels))
        elif action == "building":
            _building_edit(context, rng, parcels)
        elif action == "park":
            _park_profile(context, rng)
        else:
            chosen = rng.sample(parcels, 3)
            csv = tmp_path / f"obs{step}.csv"
            csv.write_text("designation,vacancy.total_floor_area_m2,vacancy.vacant_floor_area_m2\n"
                           + "".join(f"{p.designation},{rng.randint(500, 900)},"
                                     f"{rng.randint(0, 400)}\n" for p in chosen),
                           encoding="utf-8")
            import_observations(context, csv)
        if step % 8 == 7:
            assert_stored_equals_recomputed(context)
    assert_stored_equals_recomputed(context)


def test_a_save_recomputes_only_its_parcel(context):
    generate(context, parcels=60, seed=3)
    parcel = ParcelService(context).rows()[5]
    with context.database.session() as session:
        session.execute(select(Parcel.id))  # nothing stale before
        assert not figure_store.has_stale(session)
    refreshed: list[int] = []
    original = figure_store.refresh

    def counting(session):
        refreshed.append(original(session))
        return refreshed[-1]

    figure_store.refresh = counting
    try:
        SurveyService(context).record(parcel.id, "planning_capacity",
                                      {"max_coverage_pct": 80, "max_height_m": 12})
    finally:
        figure_store.refresh = original
    assert refreshed == [1]
    row = next(r for r in ParcelService(context).rows([parcel.id]))
    assert row.unused_coverage_m2 == pytest.approx(
        max(0.0, 0.8 * row.area_m2 - row.built_footprint_m2))
    assert row.figures["unused_coverage_m2"] == row.unused_coverage_m2


def test_a_new_figure_is_stored_for_every_parcel_at_the_next_open(context, monkeypatch):
    generate(context, parcels=30, seed=5)
    from otb_desktop.domain import figures

    monkeypatch.setitem(figures.STORED_FIGURES, "double_area", lambda f: 2 * f.area_m2)
    monkeypatch.setattr(figures, "FIGURES_SIGNATURE", FIGURES_SIGNATURE + ",double_area")
    monkeypatch.setattr(figure_store, "FIGURES_SIGNATURE", FIGURES_SIGNATURE + ",double_area")
    context.database.ensure_figures()
    rows = ParcelService(context).rows()
    assert rows and all(r.figures["double_area"] == pytest.approx(2 * r.area_m2) for r in rows)


def test_rows_read_no_geometry_and_compute_nothing_when_figures_are_stored(context,
                                                                             monkeypatch):
    generate(context, parcels=40, seed=9)
    monkeypatch.setattr(figure_store, "compute", lambda *a, **k: pytest.fail("recomputed"))
    rows = ParcelService(context).rows()
    assert len(rows) == 40 and all("coverage_pct" in r.figures for r in rows)


@pytest.mark.parametrize("change", [
    None,
    "UPDATE building SET storeys = coalesce(storeys, 1) + 3 WHERE rowid = "
    "(SELECT min(rowid) FROM building)",
    "UPDATE parcel SET area_m2 = area_m2 + 1 WHERE rowid = (SELECT min(rowid) FROM parcel)",
    "UPDATE verblijfsobject SET x = x + 500 WHERE rowid = "
    "(SELECT min(rowid) FROM verblijfsobject)",
    "DELETE FROM building WHERE rowid = (SELECT max(rowid) FROM building)",
])
def test_figures_computed_ahead_are_used_only_for_the_rows_they_came_from(context,
                                                                          monkeypatch, change):
    """A first sync computes the geometry-derived figures ahead, on another thread: the
    refresh uses them only when parcels, buildings and verblijfsobjecten are still exactly
    the rows they were computed from, so the result is always a full recomputation's."""
    generate(context, parcels=60, seed=5)
    with context.database.engine.connect() as connection, connection.begin():
        assert connection.exec_driver_sql("SELECT count(*) FROM verblijfsobject").scalar()
        ahead = figure_store.geometry_figures(connection)
    if change:
        with context.database.session() as session:
            session.connection().exec_driver_sql(change)
    computed = []
    areas = figure_store._geometry_areas
    monkeypatch.setattr(figure_store, "_geometry_areas",
                        lambda *a: computed.append(1) or areas(*a))
    with context.database.session() as session:
        fresh = figure_store.compute(session)
        assert computed == [1]
        assert figure_store.compute(session, geometry=ahead) == fresh   # exactly
    assert computed == ([1, 1] if change else [1])
    assert_stored_equals_recomputed(context)


def _geometry_computed_for(monkeypatch) -> list[int]:
    """How many parcels each computation of geometry-derived areas was for."""
    counts: list[int] = []
    areas = figure_store._geometry_areas
    monkeypatch.setattr(figure_store, "_geometry_areas",
                        lambda connection, parcels, buildings: counts.append(len(parcels))
                        or areas(connection, parcels, buildings))
    return counts


def _survey_value(parcel_id: str, topic: str, values: dict):
    from otb_desktop.domain.ids import new_id
    from otb_desktop.persistence.models import Observation
    from otb_desktop.persistence.types import utcnow

    return Observation(id=new_id(), parcel_id=parcel_id, topic=topic, values=values,
                       observed_at=utcnow(), created_by="Ander", device_id="other-laptop")


def test_observations_alone_recompute_heads_and_figures_but_no_geometry(context,
                                                                         monkeypatch):
    """A save, and a bulk of observations marked once (a sync's page), leave the parcel's
    geometry-derived areas as stored (migration 0014: only observations changed); the figures
    that read the survey values change, and all stay what a full recomputation gives."""
    generate(context, parcels=40, seed=4)
    rows = ParcelService(context).rows()
    counts = _geometry_computed_for(monkeypatch)
    SurveyService(context).record(rows[3].id, "planning_capacity",
                                  {"max_coverage_pct": 10, "max_height_m": 6})
    with context.database.session() as session:
        observations = [_survey_value(rows[i % 5].id, "note", {"text": f"n{i}"})
                        for i in range(figure_store.MARK_ONCE_MIN)]
        with figure_store.unmarked_inserts(session, "observation",
                                           [o.parcel_id for o in observations],
                                           len(observations)):
            session.add_all(observations)
            session.flush()
        assert set(session.connection().exec_driver_sql(
            "SELECT geometry_stale FROM parcel_figures_stale").scalars()) == {0}
    assert counts == []
    row = ParcelService(context).rows([rows[3].id])[0]
    assert row.figures["unused_coverage_m2"] == pytest.approx(
        max(0.0, 0.1 * row.area_m2 - row.built_footprint_m2))
    assert_stored_equals_recomputed(context)


@pytest.mark.parametrize("observation_first", [True, False])
def test_a_building_and_an_observation_in_one_unit_recompute_the_geometry(
        context, monkeypatch, observation_first):
    """The observation's mark (heads only) never hides the building's (geometry too), in
    whichever order they come."""
    generate(context, parcels=40, seed=6)
    with context.database.session() as session:
        parcel = session.scalars(select(Parcel).order_by(Parcel.designation)).first()
        x0, y0, x1, y1 = parcel.geometry.bounds
    counts = _geometry_computed_for(monkeypatch)
    with context.database.session() as session:
        building = Building(bag_id="test-new", storeys=3, created_by="Beheer",
                            device_id="server")
        building.set_geometry(box(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2))
        for item in ([_survey_value(parcel.id, "note", {"text": "x"}), building]
                     if observation_first else
                     [building, _survey_value(parcel.id, "note", {"text": "x"})]):
            session.add(item)
            session.flush()
    assert counts and counts[0] >= 1
    assert_stored_equals_recomputed(context)
