"""The synthetic demo data set: complete, valid, labelled, deterministic, refused over data."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import shapely
from sqlalchemy import select

from otb_desktop import cli
from otb_desktop.demo import generator
from otb_desktop.demo.generator import DEFAULT_PARCELS, DemoDataError, generate
from otb_desktop.demo.plan import DEMO_DEVICE_ID, DEMO_SOURCE
from otb_desktop.demo.sites import STAGES
from otb_desktop.domain import designation, topics
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import (
    Building,
    BusinessPark,
    Observation,
    ObservationSupersedes,
    Parcel,
    Site,
    SiteParcel,
)
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.parks import list_parks
from otb_desktop.services.survey import SurveyService

TODAY = dt.date(2026, 5, 20)


def _fresh(path: Path) -> AppContext:
    context = AppContext(open_database(path))
    context.set_user_name("Test Gebruiker")
    return context


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> AppContext:
    """The default demo set, made once for the read-only tests of this module."""
    context = _fresh(tmp_path_factory.mktemp("demo") / "otb.sqlite")
    generate(context, today=TODAY)
    yield context
    context.database.close()


def _parcels(context: AppContext):
    with context.database.session() as s:
        return s.execute(select(Parcel).order_by(Parcel.designation)).scalars().all()


def _parks(context: AppContext) -> dict[str, BusinessPark]:
    with context.database.session() as s:
        return {p.id: p for p in s.scalars(select(BusinessPark))}


def test_default_set_fills_all_ten_parks_in_scope(demo):
    parks = _parks(demo)
    per_park = Counter(p.park_id for p in _parcels(demo))
    in_scope = [pid for pid, park in parks.items() if park.in_scope]
    out_of_scope = [pid for pid, park in parks.items() if not park.in_scope]
    assert len(in_scope) == 10 and len(out_of_scope) == 4
    assert sum(per_park.values()) == DEFAULT_PARCELS
    assert sum(per_park[pid] for pid in in_scope) >= 1_500
    assert min(per_park[pid] for pid in in_scope) >= 50
    # the parks outside the OTB are there too, but smaller
    assert all(0 < per_park[pid] < min(per_park[p] for p in in_scope) for pid in out_of_scope)
    assert all(park.geometry is not None for park in parks.values())


def test_everything_is_labelled_synthetic(demo):
    parcels = _parcels(demo)
    assert {p.source for p in parcels} == {DEMO_SOURCE}
    with demo.database.session() as s:
        assert set(s.scalars(select(Building.source))) == {DEMO_SOURCE}
        authors = set(s.scalars(select(Observation.created_by)))
        devices = set(s.scalars(select(Observation.device_id)))
    assert authors and all(a.startswith("Demo: ") for a in authors)
    assert devices == {DEMO_DEVICE_ID}
    assert demo.database.setting("demo_data") == "synthetisch, seed 2026"


def test_parcels_are_valid_inside_their_park_near_hengelo(demo):
    parcels = _parcels(demo)
    parks = _parks(demo)
    geoms = np.array([p.geometry for p in parcels], dtype=object)
    assert shapely.is_valid(geoms).all()
    assert set(shapely.get_type_id(geoms).tolist()) == {shapely.GeometryType.POLYGON}
    boundaries = np.array([parks[p.park_id].geometry for p in parcels], dtype=object)
    assert shapely.contains(boundaries, geoms).all()
    min_x, min_y, max_x, max_y = shapely.total_bounds(geoms)
    assert 245_000 < min_x < max_x < 258_000
    assert 471_000 < min_y < max_y < 483_000
    centre = shapely.centroid(shapely.union_all(list(boundaries)))
    assert abs(centre.x - 250_000) < 3_000 and abs(centre.y - 477_000) < 3_000
    boxes = [(p.min_x, p.min_y, p.max_x, p.max_y) for p in parcels]
    assert np.allclose(boxes, shapely.bounds(geoms))


def test_parks_do_not_overlap(demo):
    boundaries = [p.geometry for p in _parks(demo).values()]
    for i, a in enumerate(boundaries):
        assert a.is_valid
        for b in boundaries[i + 1:]:
            assert not a.intersects(b)


def test_parcel_sizes_areas_and_designations_look_real(demo):
    parcels = _parcels(demo)
    areas = np.array([p.area_m2 for p in parcels])
    assert np.allclose(areas, shapely.area([p.geometry for p in parcels]))
    assert areas.min() >= 500 and areas.max() <= 20_000
    assert 1_000 <= np.median(areas) <= 5_000
    assert ((areas >= 1_000) & (areas <= 5_000)).mean() > 0.6
    registered = np.array([p.registered_area_m2 for p in parcels])
    assert np.all(np.abs(registered - areas) <= 0.01 * areas)
    assert not np.allclose(registered, areas)  # close to, not equal to the drawn area
    names = [p.designation for p in parcels]
    assert len(set(names)) == len(names)
    for p in parcels:
        assert str(designation.parse(p.designation)) == p.designation
        assert p.designation == f"{p.akr_code} {p.section} {p.number}"
        assert p.short_key == designation.search_key(f"{p.section}{p.number}")
        assert p.akr_code in {"HGL01", "HGL02"}
        assert 1 <= len(p.addresses) <= 3
        assert all(a.endswith(", Hengelo") for a in p.addresses)
    # a few merged, L-shaped plots: more than four corners
    corners = shapely.get_num_coordinates([p.geometry for p in parcels]) - 1
    assert 0 < (corners > 4).sum() < 0.1 * len(parcels)


def test_addresses_are_unique_and_numbered_by_side(demo):
    addresses = [a for p in _parcels(demo) for a in p.addresses]
    assert len(set(addresses)) == len(addresses)
    assert Counter(len(p.addresses) for p in _parcels(demo))[2] > 0


def test_buildings_lie_inside_one_parcel_with_bag_facts(demo):
    parcels = _parcels(demo)
    with demo.database.session() as s:
        buildings = s.scalars(select(Building)).all()
    assert len(parcels) <= len(buildings) <= 3 * len(parcels)
    parcel_geoms = np.array([p.geometry for p in parcels], dtype=object)
    building_geoms = np.array([b.geometry for b in buildings], dtype=object)
    tree = shapely.STRtree(parcel_geoms)
    b_idx, p_idx = tree.query(building_geoms, predicate="within")
    assert sorted(b_idx.tolist()) == list(range(len(buildings)))  # each in exactly one
    per_parcel = np.bincount(p_idx, minlength=len(parcels))
    assert per_parcel.max() <= 3 and (per_parcel == 0).any()
    coverage = np.bincount(p_idx, shapely.area(building_geoms[b_idx]), len(parcels)) \
        / shapely.area(parcel_geoms)
    built = coverage[per_parcel > 0]
    assert built.max() <= 0.80 and 0.20 <= np.median(built) <= 0.75
    bag_ids = [b.bag_id for b in buildings]
    assert len(set(bag_ids)) == len(bag_ids)
    assert all(len(i) == 16 and i.isdigit() and i.startswith("0164") for i in bag_ids)
    assert all(1960 <= b.year_built <= 2023 and 1 <= b.storeys <= 4 for b in buildings)
    assert all(b.height_m >= 3 for b in buildings)
    statuses = Counter(b.status for b in buildings)
    assert statuses.most_common(1)[0][0] == "Pand in gebruik"


def test_every_observation_is_valid_and_dated_in_the_last_30_months(demo):
    with demo.database.session() as s:
        observations = s.scalars(select(Observation)).all()
        parcels = len(s.scalars(select(Parcel.id)).all())
    assert observations
    for obs in observations:
        assert topics.validate(obs.topic, obs.values, today=obs.observed_at.date()) \
            == obs.values
    ages = np.array([(TODAY - o.observed_at.date()).days for o in observations])
    assert ages.min() >= 1 and ages.max() <= 913
    assert 0.05 < (ages > 365).mean() < 0.3  # a kept-up inventory: most values younger than a year
    current = Counter((o.parcel_id, o.topic) for o in observations)
    share = Counter(topic for _, topic in current)
    assert 0.8 < share["planning_capacity"] / parcels < 0.97
    assert 0.4 < share["vacancy"] / parcels < 0.75
    assert 0.02 < share["note"] / parcels < 0.2
    assert set(share) == {str(t) for t in topics.Topic}
    vacancies = [o.values for o in observations if o.topic == "vacancy"]
    vacant = [v["vacant_floor_area_m2"] > 0 for v in vacancies]
    assert 0.1 < np.mean(vacant) < 0.5


def test_histories_supersede_and_leave_one_head_per_topic(demo):
    with demo.database.session() as s:
        edges = s.execute(select(ObservationSupersedes.observation_id,
                                 ObservationSupersedes.superseded_id)).all()
        by_id = {o.id: o for o in s.scalars(select(Observation))}
    parcels_with_history = {by_id[new].parcel_id for new, _ in edges}
    assert 0.02 * DEFAULT_PARCELS < len(parcels_with_history) < 0.1 * DEFAULT_PARCELS
    for new, old in edges:
        assert by_id[new].parcel_id == by_id[old].parcel_id
        assert by_id[new].topic == by_id[old].topic
        assert by_id[new].observed_at > by_id[old].observed_at
        assert new > old  # ids keep the order in which records were made
    survey = SurveyService(demo)
    lengths = Counter()
    for parcel_id in sorted(parcels_with_history):
        heads = survey.heads(parcel_id)
        assert all(len(views) == 1 for views in heads.values())
        for topic in heads:
            history = survey.history(parcel_id, topic)
            assert history[0].id == heads[topic][0].id  # newest is the head
            lengths[len(history)] += 1
    assert set(lengths) <= {1, 2, 3} and lengths[2] > 0 and lengths[3] > 0
    assert not any(row.conflicts for row in ParcelService(demo).rows())


def test_parcel_rows_have_derived_figures(demo):
    rows = ParcelService(demo).rows()
    assert len(rows) == DEFAULT_PARCELS
    unused = [r.unused_coverage_m2 for r in rows if r.unused_coverage_m2 is not None]
    assert len(unused) > 0.8 * len(rows)
    assert sum(1 for u in unused if u > 0) > 0.3 * len(rows)
    assert any(u == 0 for u in unused)  # some are built beyond their planning rules
    assert sum(1 for r in rows if r.built_footprint_m2 > 0) > 0.85 * len(rows)
    assert all(r.park_name for r in rows)


def test_sites_hold_touching_parcels_at_every_stage(demo):
    with demo.database.session() as s:
        sites = s.scalars(select(Site)).all()
        members = s.execute(select(SiteParcel.site_id, Parcel.geometry).join(
            Parcel, Parcel.id == SiteParcel.parcel_id)).all()
    assert 4 <= len(sites) <= 40
    assert {site.stage for site in sites} == set(STAGES)
    geometry: dict[str, list] = {}
    for site_id, geom in members:
        geometry.setdefault(site_id, []).append(geom)
    assert set(geometry) == {site.id for site in sites}
    assert any(len(g) > 1 for g in geometry.values())
    for parts in geometry.values():
        assert 1 <= len(parts) <= 3
        merged = shapely.union_all(parts).buffer(0.01)
        assert merged.geom_type == "Polygon"  # one piece: the parcels touch
    assert all(site.roles for site in sites if site.stage in ("approach_chosen", "done"))


def test_same_seed_gives_the_same_data_and_ids(demo, tmp_path):
    again = _fresh(tmp_path / "again.sqlite")
    generate(again, today=TODAY)
    try:
        for query in (
            "SELECT id, designation, geometry, addresses, park_id FROM parcel ORDER BY id",
            'SELECT id, parcel_id, topic, "values", observed_at FROM observation ORDER BY id',
            "SELECT id, bag_id, geometry FROM building ORDER BY id",
            "SELECT * FROM observation_supersedes ORDER BY observation_id",
            "SELECT id, name, stage FROM site ORDER BY id",
            "SELECT id, name, geometry FROM business_park ORDER BY id",
        ):
            assert _rows(demo, query) == _rows(again, query)
    finally:
        again.database.close()
    ids = [r[0] for r in _rows(demo, "SELECT id FROM observation")]
    assert all(uuid.UUID(i).version == 7 and uuid.UUID(i).variant == uuid.RFC_4122
               for i in ids)


def test_another_seed_gives_other_data(tmp_path):
    first, second = _fresh(tmp_path / "a.sqlite"), _fresh(tmp_path / "b.sqlite")
    generate(first, parcels=200, seed=1, today=TODAY)
    generate(second, parcels=200, seed=2, today=TODAY)
    query = "SELECT designation, geometry FROM parcel ORDER BY designation"
    a, b = _rows(first, query), _rows(second, query)
    assert len(a) == len(b) == 200
    assert {g for _, g in a}.isdisjoint({g for _, g in b})
    assert set(_rows(first, "SELECT id FROM parcel")).isdisjoint(
        _rows(second, "SELECT id FROM parcel"))
    assert second.database.setting("demo_data") == "synthetisch, seed 2"


def _rows(context: AppContext, query: str) -> list[tuple]:
    with sqlite3.connect(context.database.path) as connection:
        return connection.execute(query).fetchall()


@pytest.mark.parametrize("count", [1, 37, 2_500])
def test_parcels_n_gives_n_parcels(context, count):
    summary = generate(context, parcels=count, today=TODAY)
    assert summary.parcels == count
    assert len(_parcels(context)) == count
    assert all(p.geometry is not None for p in _parks(context).values())


def test_uses_the_parks_the_app_already_made(context):
    before = {p.name: p.id for p in list_parks(context)}  # as at the app's first start
    generate(context, parcels=100, today=TODAY)
    after = {p.name: (p.id, p.geometry) for p in list_parks(context)}
    assert {name: pid for name, (pid, _) in after.items()} == before
    assert all(geometry is not None for _, geometry in after.values())
    assert {p.park_id for p in _parcels(context)} <= set(before.values())


def test_rerun_with_the_same_seed_changes_nothing(context):
    first = generate(context, parcels=120, today=TODAY)
    ids = _rows(context, "SELECT id FROM observation ORDER BY id")
    again = generate(context, parcels=120, today=TODAY)
    assert again.already_present and not first.already_present
    assert (again.parcels, again.buildings, again.observations, again.sites) == (
        first.parcels, first.buildings, first.observations, first.sites)
    assert _rows(context, "SELECT id FROM observation ORDER BY id") == ids
    assert "staat al in deze database" in again.summary_lines()[0]
    with pytest.raises(DemoDataError, match="seed 7"):
        generate(context, parcels=120, seed=7, today=TODAY)
    with pytest.raises(DemoDataError, match="120 percelen"):
        generate(context, parcels=500, today=TODAY)


def test_refuses_a_database_with_real_parcels(context):
    with context.database.session() as s:
        parcel = Parcel(designation="OTL02 B 2298", area_m2=100.0, addresses=[],
                        source="BRK", created_by="x", device_id="d")
        parcel.set_geometry(shapely.box(250_000, 477_000, 250_010, 477_010))
        s.add(parcel)
    with pytest.raises(DemoDataError, match="nieuw databasebestand"):
        generate(context, parcels=10, today=TODAY)
    assert len(_parcels(context)) == 1


def test_refuses_to_overwrite_park_boundaries(context):
    generate(context, parcels=10, today=TODAY)  # creates the parks with boundaries
    with context.database.session() as s:
        s.query(Observation).delete()  # leave only the park boundaries behind
        s.query(ObservationSupersedes).delete()
        s.query(SiteParcel).delete()
        s.query(Site).delete()
        s.query(Parcel).delete()
        s.query(Building).delete()
    with pytest.raises(DemoDataError, match="grenzen"):
        generate(context, parcels=10, today=TODAY)


@pytest.mark.parametrize("count", [0, -5, 600_000])
def test_refuses_a_silly_parcel_count(context, count):
    with pytest.raises(DemoDataError, match="aantal percelen"):
        generate(context, parcels=count)


def test_progress_is_reported_and_ends_complete(context):
    calls = []
    generate(context, parcels=300, today=TODAY, progress=lambda *c: calls.append(c))
    assert calls and all(0 <= done <= total for done, total, _ in calls if total)
    assert all(message.startswith("Demodata") for _, _, message in calls)
    done, total, _ = calls[-1]
    assert done == total > 300


def test_failure_midway_leaves_the_database_untouched(context, monkeypatch):
    def boom(*args):
        raise RuntimeError("stop")

    monkeypatch.setattr(generator, "_site_columns", boom)
    with pytest.raises(RuntimeError):
        generate(context, parcels=50, today=TODAY)
    assert _parcels(context) == []
    assert context.database.setting("demo_data") is None


def test_summary_lines_are_dutch(context):
    lines = generate(context, parcels=1_234, seed=5, today=TODAY).summary_lines()
    assert "synthetisch, seed 5" in lines[0] and "verzonnen" in lines[0]
    assert "1.234 percelen" in lines[1] and "10 binnen de OTB-afbakening" in lines[1]
    assert "waarnemingen" in lines[2]


def test_default_date_is_today(context):
    generate(context, parcels=30)
    with context.database.session() as s:
        newest = max(s.scalars(select(Observation.observed_at)))
    assert newest < dt.datetime.now(dt.UTC)
    assert (dt.datetime.now(dt.UTC) - newest).days <= 100


def test_cli_demo_command(tmp_path, capsys):
    path = tmp_path / "cli.sqlite"
    assert cli.main(["--db", str(path), "demo", "--parcels", "40", "--seed", "3"]) == 0
    assert "40 percelen" in capsys.readouterr().out
    assert cli.main(["--db", str(path), "demo", "--parcels", "40", "--seed", "3"]) == 0
    assert "staat al" in capsys.readouterr().out
    assert cli.main(["--db", str(path), "demo", "--parcels", "41", "--seed", "3"]) == 1
    assert "nieuw databasebestand" in capsys.readouterr().err
