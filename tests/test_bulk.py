"""Bulk writes: the same rows as the ORM writes, defaults, updates, index rebuild, rollback."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import shapely
from shapely.geometry import box
from sqlalchemy import select, text

from otb_desktop.persistence import bulk
from otb_desktop.persistence.bulk import Same, insert_columns, key_index, update_columns
from otb_desktop.persistence.models import Building, Parcel
from otb_desktop.progress import Cancelled

MADE = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
PROVENANCE = {"created_at": Same(MADE), "created_by": Same("Test"), "device_id": Same("dev")}


def parcel_columns(count: int, start: int = 0) -> dict:
    numbers = np.arange(start, start + count)
    shapes = shapely.box(numbers * 10.0, 0.0, numbers * 10.0 + 8.0, 8.0)
    bounds = shapely.bounds(shapes)
    return {
        "id": [f"id-{n}" for n in numbers.tolist()],
        "designation": [f"HGL01 B {n + 1}" for n in numbers.tolist()],
        "short_key": [f"B {n + 1}" for n in numbers.tolist()],
        "area_m2": shapely.area(shapes), "geometry": shapes,
        "min_x": bounds[:, 0], "min_y": bounds[:, 1], "max_x": bounds[:, 2],
        "max_y": bounds[:, 3], "updated_at": Same(MADE), **PROVENANCE,
    }


def indexes(session, table: str = "parcel") -> list[str]:
    return sorted(session.execute(text(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
        "AND sql IS NOT NULL"), {"t": table}).scalars())


def test_insert_columns_writes_what_the_orm_writes(database):
    shape = box(0, 0, 30, 20)
    common = dict(akr_code="HGL01", section="B", number=7, short_key="B 7", area_m2=600.0,
                  registered_area_m2=None, addresses=["Hoofdstraat 1"], source="kaart.gpkg",
                  min_x=0.0, min_y=0.0, max_x=30.0, max_y=20.0, updated_at=MADE,
                  created_at=MADE, created_by="Test", device_id="dev")
    with database.session() as s:
        s.add(Parcel(id="orm", designation="HGL01 B 7", geometry=shape, **common))
        s.flush()
        insert_columns(s, Parcel, 1, {
            "id": ["bulk"], "designation": np.array(["HGL01 B 8"], dtype=object),
            "geometry": [shape], "number": np.array([7]), "addresses": [["Hoofdstraat 1"]],
            "area_m2": np.array([600.0]), "min_x": np.array([0]),   # int array, Float column
            **{k: Same(v) for k, v in common.items()
               if k not in ("number", "addresses", "area_m2", "min_x")}})
    with database.engine.connect() as c:
        rows = {r.id: r._asdict() for r in c.execute(text("SELECT * FROM parcel"))}
    assert set(rows) == {"orm", "bulk"}
    for row in rows.values():
        del row["id"], row["designation"]
    assert rows["bulk"] == rows["orm"]
    assert rows["bulk"]["addresses"] == '["Hoofdstraat 1"]'
    assert rows["bulk"]["updated_at"].startswith("2026-01-02T03:04:05.000000")


def test_columns_left_out_get_their_defaults_and_required_ones_are_refused(database):
    with database.session() as s:
        columns = parcel_columns(2)
        del columns["created_at"]
        insert_columns(s, Parcel.__table__, 2, columns)
        with pytest.raises(ValueError, match="designation"):
            insert_columns(s, Parcel, 1, {"id": ["x"]})
    with database.session() as s:
        parcels = s.scalars(select(Parcel).order_by(Parcel.designation)).all()
        assert [p.addresses for p in parcels] == [[], []]       # default=list
        assert [p.registered_area_m2 for p in parcels] == [None, None]
        assert all(p.created_at.tzinfo is not None for p in parcels)   # default=utcnow


def test_geometry_column_takes_shapes_or_ready_wkb(database):
    shapes = [box(0, 0, 1, 1), box(5, 5, 7, 8), box(10, 0, 11, 3)]
    mixed = np.array([shapes[0], shapely.to_wkb(shapes[1]), shapely.to_wkb(shapes[2])],
                     dtype=object)
    with database.session() as s:
        insert_columns(s, Building, 3, {
            "id": ["a", "b", "c"], "bag_id": ["1", "2", "3"], "geometry": mixed,
            "min_x": [0, 5, 10], "min_y": [0, 5, 0], "max_x": [1, 7, 11], "max_y": [1, 8, 3],
            "updated_at": Same(MADE), **PROVENANCE})
    with database.session() as s:
        stored = s.scalars(select(Building.geometry).order_by(Building.bag_id)).all()
    assert [g.equals(shape) for g, shape in zip(stored, shapes, strict=True)] == [True] * 3


def test_wrong_number_of_values_is_refused(database):
    with database.session() as s, pytest.raises(ValueError, match="parcel.short_key: 1 values"):
        insert_columns(s, Parcel, 2, {**parcel_columns(2), "short_key": ["B 1"]})


def test_update_columns_changes_only_the_given_rows_and_columns(database):
    later = MADE + dt.timedelta(days=1)
    with database.session() as s:
        insert_columns(s, Parcel, 300, parcel_columns(300))
        before = {p.id: (p.short_key, p.area_m2) for p in s.scalars(select(Parcel))}
    changed = [f"id-{n}" for n in range(0, 300, 2)]
    seen = []
    with database.session() as s:
        update_columns(s, Parcel, changed,
                       {"short_key": [f"X {n}" for n in range(150)],
                        "geometry": shapely.box(np.arange(150.0), 0.0, np.arange(150.0) + 1, 1),
                        "updated_at": Same(later)}, seen.append)
    assert seen[-1] == 150 and seen == sorted(seen) and len(seen) >= 100   # about 1 % a time
    with database.session() as s:
        parcels = {p.id: p for p in s.scalars(select(Parcel))}
    for n, row_id in enumerate(changed):
        parcel = parcels[row_id]
        assert (parcel.short_key, parcel.updated_at) == (f"X {n}", later)
        assert parcel.geometry.equals(box(n, 0, n + 1, 1))
        assert parcel.area_m2 == before[row_id][1]          # not given: untouched
    untouched = [p for p in parcels.values() if p.id not in set(changed)]
    assert len(untouched) == 150
    assert all((p.short_key, p.area_m2) == before[p.id] and p.updated_at == MADE
               for p in untouched)


def test_key_index_maps_natural_keys_to_ids(database):
    with database.session() as s:
        insert_columns(s, Parcel, 3, parcel_columns(3))
        assert key_index(s, Parcel.__table__, "designation") == {
            "HGL01 B 1": "id-0", "HGL01 B 2": "id-1", "HGL01 B 3": "id-2"}


def test_large_insert_rebuilds_the_indexes_it_dropped(database):
    count = bulk._REBUILD_MIN_ROWS
    with database.session() as s:
        original = indexes(s)
        during = []
        insert_columns(s, Parcel, count + 1, parcel_columns(count + 1),
                       lambda done: during.append(len(indexes(s))))
        assert set(during) == {0} and len(original) == 2  # park_id, short_key
        assert indexes(s) == original
        # Fewer new rows than the table holds: the indexes stay and are updated as they go.
        during.clear()
        insert_columns(s, Parcel, count, parcel_columns(count, start=count + 1),
                       lambda done: during.append(len(indexes(s))))
        assert set(during) == {len(original)}
    with database.session() as s:
        # The R*Tree's triggers saw every bulk-inserted row.
        assert s.scalar(text("SELECT count(*) FROM parcel_rtree")) == 2 * count + 1
        assert s.scalar(select(Parcel.id).where(Parcel.short_key == f"B {2 * count + 1}")) \
            == f"id-{2 * count}"
        plan = s.execute(text("EXPLAIN QUERY PLAN SELECT id FROM parcel WHERE short_key = 'B 5'"))
        assert "ix_parcel_short_key" in " ".join(str(r) for r in plan)


def test_cancelled_large_insert_leaves_rows_and_indexes_as_before(database):
    count = bulk._REBUILD_MIN_ROWS

    def cancel_halfway(done):
        if done > count / 2:
            raise Cancelled

    with database.session() as s:
        original = indexes(s)
    with pytest.raises(Cancelled), database.session() as s:
        insert_columns(s, Parcel, count, parcel_columns(count), cancel_halfway)
    with database.session() as s:
        assert s.scalar(select(Parcel.id).limit(1)) is None
        assert indexes(s) == original


def test_large_insert_fills_the_rtree_once_and_keeps_its_trigger(database):
    count = 1_500
    with database.session() as s:
        insert_columns(s, Parcel, 10, parcel_columns(10))          # row by row: trigger
        insert_columns(s, Parcel, count, parcel_columns(count, start=10))  # filled after
        triggers = set(s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
        assert "parcel_rtree_insert" in triggers
        assert s.scalar(text("SELECT count(*) FROM parcel_rtree")) == count + 10
        mismatched = s.scalar(text(
            "SELECT count(*) FROM parcel p JOIN parcel_rtree r ON r.id = p.rowid "
            "WHERE r.min_x > p.min_x OR r.max_x < p.max_x"))
        assert mismatched == 0


def test_cancelled_large_insert_leaves_the_rtree_and_trigger_as_before(database):
    def cancel_halfway(done):
        if done > 600:
            raise Cancelled

    with pytest.raises(Cancelled), database.session() as s:
        insert_columns(s, Parcel, 1_500, parcel_columns(1_500), cancel_halfway)
    with database.session() as s:
        assert s.scalar(text("SELECT count(*) FROM parcel_rtree")) == 0
        assert "parcel_rtree_insert" in set(s.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
