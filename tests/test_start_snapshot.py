"""The start snapshot of the parcel rows (issue 7: 200 000 parcels filled in time): what a
start makes from it equals a fresh read of the database, after any edit through the app or
through raw SQL, on a restored copy and after a schema change; a snapshot that cannot be
used or written only costs the start its speed."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
import shapely
from shapely.affinity import translate

from otb_desktop.demo.generator import generate
from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Observation
from otb_desktop.services import parcels as parcels_module
from otb_desktop.services import start_snapshot
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcels import ParcelService, StoredRow
from otb_desktop.services.survey import SurveyService


def _fresh(context: AppContext) -> tuple[list, list[bytes]]:
    return ParcelService(context).rows_and_geometry()


def _start(context: AppContext, file: Path, spy: list | None = None):
    """``start_rows`` with ``file``; ``spy`` receives what ``start_snapshot.read`` found."""
    if spy is None:
        return ParcelService(context).start_rows(file)
    real = start_snapshot.read

    def reading(*args):
        found = real(*args)
        spy.append(found)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(start_snapshot, "read", reading)
        return ParcelService(context).start_rows(file)


def _assert_fresh(context: AppContext, start) -> None:
    rows, geometry = _fresh(context)
    assert [r.id for r in start.rows] == [r.id for r in rows]  # the same order
    assert start.rows == rows  # every field (StoredRow.__eq__: field by field)
    assert start.geometry == geometry
    assert all(type(r) is StoredRow for r in start.rows)
    for row in start.rows[:5]:  # the lazily decoded parts decode as a fresh read's do
        fresh = rows[[r.id for r in rows].index(row.id)]
        assert (row.values, row.observed_at, row.figures, row.addresses, row.conflicts) == \
            (fresh.values, fresh.observed_at, fresh.figures, fresh.addresses, fresh.conflicts)


def _sql(context: AppContext, statement: str, params: tuple = ()) -> None:
    """A write that is not the app's: another program on the same file."""
    with sqlite3.connect(context.database.path) as connection:
        connection.execute(statement, params)


@pytest.fixture
def snapshot_file(context: AppContext) -> Path:
    return start_snapshot.file_for(context.database.path)


def test_an_unchanged_database_starts_from_the_snapshot_without_reading_rows(
        context, snapshot_file, monkeypatch):
    generate(context, parcels=60, seed=11)
    first = _start(context, snapshot_file)
    assert first.snapshot is not None and not snapshot_file.exists()
    assert start_snapshot.store(first.snapshot) is True
    _assert_fresh(context, first)

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the rows were read from the tables")

    with monkeypatch.context() as patch:
        patch.setattr(parcels_module, "_read", no_scan)
        second = _start(context, snapshot_file)
    assert second.snapshot is None  # used as it is: nothing to write
    _assert_fresh(context, second)


def test_random_edits_through_the_app_and_raw_sql_never_give_a_stale_start(
        context, snapshot_file, monkeypatch):
    monkeypatch.setattr(parcels_module, "ROWS_CHUNK", 7)  # rows made in several chunks
    monkeypatch.setattr(start_snapshot, "CHUNK", 9)  # and kept in several parts
    generate(context, parcels=60, seed=12)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    rng = random.Random(7)
    survey = SurveyService(context)

    def some_parcel() -> str:
        return rng.choice(_fresh(context)[0]).id

    def record() -> None:  # the app's write path: observation, heads and figures refreshed
        survey.record(some_parcel(), "condition", {"overall": rng.randint(1, 5)})

    def conflict() -> None:  # an observation from another laptop: a conflict in the heads
        with context.database.session() as session:
            session.add(Observation(
                id=new_id(), parcel_id=some_parcel(), topic="condition",
                values={"overall": rng.randint(1, 5)},
                observed_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), created_by="Ander",
                device_id="other-laptop"))

    def rename() -> None:
        _sql(context, "UPDATE parcel SET designation = ? WHERE id = ?",
             (f"AAA {rng.randint(0, 10**9)}", some_parcel()))

    def addresses() -> None:
        _sql(context, "UPDATE parcel SET addresses = ? WHERE id = ?",
             (f'["Nieuwstraat {rng.randint(1, 99)}, Hengelo"]', some_parcel()))

    def move() -> None:
        pid = some_parcel()
        rows, geometry = _fresh(context)
        wkb = geometry[[r.id for r in rows].index(pid)]
        moved = shapely.to_wkb(translate(shapely.from_wkb(wkb), 3.0, -2.0))
        _sql(context, "UPDATE parcel SET geometry = ? WHERE id = ?", (moved, pid))

    def heads() -> None:  # the stored heads edited behind the app's back
        _sql(context, "UPDATE parcel_heads SET \"values\" = ?, surveyed = surveyed "
             "WHERE parcel_id = ?", ('{"condition": {"overall": 1}}', some_parcel()))

    def figures() -> None:
        _sql(context, "UPDATE parcel_figures SET figures = json_set(figures, "
             "'$.coverage_pct', ?) WHERE parcel_id = ?", (rng.random() * 100, some_parcel()))

    def delete() -> None:
        pid = some_parcel()
        for table, key in (("parcel_figures", "parcel_id"), ("parcel_heads", "parcel_id"),
                           ("observation", "parcel_id"), ("parcel", "id")):
            _sql(context, f"DELETE FROM {table} WHERE {key} = ?", (pid,))  # noqa: S608

    def park() -> None:  # a park's name is in every row of its parcels
        _sql(context, "UPDATE business_park SET name = name || ' (nieuw)' WHERE id = "
             "(SELECT park_id FROM parcel WHERE park_id IS NOT NULL LIMIT 1)")

    def scope() -> None:
        _sql(context, "UPDATE business_park SET in_scope = NOT coalesce(in_scope, 0) "
             "WHERE id = (SELECT park_id FROM parcel WHERE park_id IS NOT NULL LIMIT 1)")

    edits = [record, conflict, rename, addresses, move, heads, figures, delete, park, scope]
    merged = used = 0
    for round_ in range(40):
        for edit in rng.sample(edits, rng.randint(0, 3)):
            edit()
        # A raw write leaves the figures it changed stale; the app's next write unit (here:
        # the read's session) stores them anew. Settled first, so that both reads see them.
        _fresh(context)
        found: list = []
        start = _start(context, snapshot_file, found)
        _assert_fresh(context, start)
        used += found[0] is not None
        merged += found[0] is not None and bool(found[0].changed)
        if start.snapshot is not None and round_ % 3:
            assert start_snapshot.store(start.snapshot)
    assert merged >= 5 and used >= 10  # the snapshot was used, with changes read again


def test_a_restored_copy_of_the_database_does_not_use_a_later_snapshot(
        context, snapshot_file, tmp_path):
    generate(context, parcels=40, seed=13)
    context.database.close()
    copy = tmp_path / "backup.sqlite"
    shutil.copyfile(context.database.path, copy)
    reopened = AppContext(open_database(context.database.path))
    survey = SurveyService(reopened)
    for row in _fresh(reopened)[0][:3]:
        survey.record(row.id, "condition", {"overall": 1})
    assert start_snapshot.store(_start(reopened, snapshot_file).snapshot)
    reopened.database.close()

    restored = AppContext(open_database(copy))  # the backup, then edited otherwise
    restored.set_user_name("Test Gebruiker")
    survey = SurveyService(restored)
    for row in _fresh(restored)[0][-6:]:
        survey.record(row.id, "condition", {"overall": 5})
    found: list = []
    start = _start(restored, snapshot_file, found)
    assert found == [None]  # its log has no entry with the snapshot's tag
    _assert_fresh(restored, start)
    restored.database.close()


def test_a_schema_change_too_many_changes_or_a_park_change_read_the_rows_anew(
        context, snapshot_file, monkeypatch):
    generate(context, parcels=30, seed=14)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    with sqlite3.connect(context.database.path) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    _sql(context, "UPDATE alembic_version SET version_num = '9999'")  # a later migration
    found: list = []
    _assert_fresh(context, _start(context, snapshot_file, found))
    assert found == [None]
    _sql(context, "UPDATE alembic_version SET version_num = ?", (revision,))
    assert _start(context, snapshot_file).snapshot is None  # back at its revision: used

    monkeypatch.setattr(start_snapshot, "MAX_CHANGED", 2)
    for row in _fresh(context)[0][:3]:
        _sql(context, "UPDATE parcel SET addresses = '[]' WHERE id = ?", (row.id,))
    found = []
    _assert_fresh(context, _start(context, snapshot_file, found))
    assert found == [None]

    monkeypatch.setattr(start_snapshot, "MAX_CHANGED", 20_000)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    with sqlite3.connect(context.database.path) as connection:  # a park without parcels
        columns = [c[1] for c in connection.execute("PRAGMA table_info(business_park)")]
        chosen = ", ".join("'p-new'" if c == "id" else "'Nieuw park'" if c == "name" else c
                           for c in columns)
        connection.execute(f"INSERT INTO business_park ({', '.join(columns)}) "  # noqa: S608
                           f"SELECT {chosen} FROM business_park LIMIT 1")
    found = []
    _assert_fresh(context, _start(context, snapshot_file, found))
    assert found == [None]


def test_a_damaged_or_unwritable_snapshot_only_costs_speed(context, snapshot_file,
                                                           monkeypatch, caplog):
    generate(context, parcels=30, seed=15)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    data = snapshot_file.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-1], data + b"x", b"", b"\x00" * 64):
        snapshot_file.write_bytes(damaged)
        found: list = []
        start = _start(context, snapshot_file, found)
        assert found == [None] and start.snapshot is not None
        _assert_fresh(context, start)

    snapshot_file.unlink()

    def refused(*_args, **_kwargs):
        raise PermissionError("read-only share")

    monkeypatch.setattr(start_snapshot.tempfile, "mkstemp", refused)
    start = _start(context, snapshot_file)
    assert start_snapshot.store(start.snapshot) is False
    assert not snapshot_file.exists()
    _assert_fresh(context, _start(context, snapshot_file))


def test_writing_a_snapshot_prunes_the_log_before_it(context, snapshot_file):
    generate(context, parcels=20, seed=16)

    def entries() -> int:
        with sqlite3.connect(context.database.path) as connection:
            return connection.execute("SELECT count(*) FROM parcel_row_change").fetchone()[0]

    assert entries() > 20  # every parcel, its figures and heads were logged
    start = _start(context, snapshot_file)
    assert start_snapshot.store(start.snapshot)
    assert entries() == 1  # the entry the snapshot names stays
    assert _start(context, snapshot_file).snapshot is None  # and the snapshot is used


def test_a_start_writes_the_snapshot_once_settled_and_the_next_start_uses_it(qtbot, tmp_path,
                                                                            monkeypatch):
    from tests.field_window import started_window

    path = tmp_path / "otb.sqlite"
    context = AppContext(open_database(path))
    generate(context, parcels=60, seed=17)
    context.set_user_name("Test")
    context.database.close()
    file = start_snapshot.file_for(path)

    window, loaded = started_window(qtbot, path, tmp_path)
    assert loaded.snapshot is not None
    qtbot.waitUntil(file.exists, timeout=30_000)
    first = list(loaded.rows)
    window.close()
    window.context.database.close()

    def no_scan(*_args, **_kwargs):
        raise AssertionError("the rows were read from the tables")

    monkeypatch.setattr(parcels_module, "_read", no_scan)
    window, loaded = started_window(qtbot, path, tmp_path)
    assert loaded.snapshot is None and loaded.rows == first
    assert window.model.total() == len(first)
    window.close()
    window.context.database.close()


def test_the_triggers_checked_are_the_migrations_and_a_missing_one_stops_the_snapshot(
        context, snapshot_file):
    import importlib.util

    migration = Path(__file__).resolve().parents[1] / "db" / "migrations" / "versions" / \
        "0013_parcel_row_changes.py"
    spec = importlib.util.spec_from_file_location("migration_0013", migration)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.TRIGGERS) == start_snapshot.TRIGGERS

    generate(context, parcels=20, seed=18)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    # A rebuilt table loses its triggers; its changes are no longer logged.
    _sql(context, "DROP TRIGGER row_change_parcel_heads_update")
    found: list = []
    start = _start(context, snapshot_file, found)
    assert found == [] and start.snapshot is None  # neither read nor written
    _sql(context, "UPDATE parcel_heads SET surveyed = surveyed + 1")
    _assert_fresh(context, _start(context, snapshot_file))



def test_a_bulk_insert_that_remakes_a_trigger_or_an_index_keeps_the_snapshot_usable(
        context, snapshot_file):
    """A pull's page of observations drops and remakes their marking trigger, a large insert
    rebuilds indexes (figure_store.unmarked_inserts, bulk.insert_columns): the schema changes
    but not what a row is read from, so the next start still uses the snapshot, with the
    parcels that got observations read again."""
    from otb_desktop.domain.ids import new_ids
    from otb_desktop.persistence import figure_store
    from otb_desktop.persistence.bulk import Same, insert_columns

    generate(context, parcels=30, seed=19)
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    parcels = [r.id for r in _fresh(context)[0][:3]]
    count = figure_store.MARK_ONCE_MIN + 50
    with context.database.session() as session:
        with figure_store.unmarked_inserts(session, "observation", set(parcels), count):
            insert_columns(session, Observation, count, {
                "id": new_ids(count), "parcel_id": [parcels[i % 3] for i in range(count)],
                "topic": Same("condition"),
                "values": [{"overall": 1 + i % 5} for i in range(count)],
                "observed_at": [dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
                                + dt.timedelta(minutes=i) for i in range(count)],
                "created_by": Same("Ander"), "device_id": Same("other-laptop")})
        figure_store.refresh(session)
    found: list = []
    start = _start(context, snapshot_file, found)
    assert found[0] is not None and found[0].changed == set(parcels)
    _assert_fresh(context, start)


def _log(context: AppContext) -> list[str | None]:
    with sqlite3.connect(context.database.path) as connection:
        return [p for (p,) in connection.execute(
            "SELECT parcel_id FROM parcel_row_change ORDER BY seq")]


def _triggers(context: AppContext) -> set[str]:
    with sqlite3.connect(context.database.path) as connection:
        return {n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_a_full_refresh_logs_one_entry_and_the_next_start_reads_every_row(
        context, snapshot_file, monkeypatch):
    """A refresh of every parcel (figure_store.mark_all_stale) or of at least UNLOGGED_MIN
    parcels rewrites their figures and heads without an entry per row (unlogged_rows): one
    entry without a parcel, so a snapshot from before it is not used and the start equals a
    fresh read; the triggers are all back after the commit."""
    from otb_desktop.persistence import figure_store

    generate(context, parcels=30, seed=20)
    every = _triggers(context)
    assert every >= start_snapshot.TRIGGERS
    ids = [r.id for r in _fresh(context)[0]]
    for full in (True, False):
        assert start_snapshot.store(_start(context, snapshot_file).snapshot)
        before = len(_log(context))
        with context.database.session() as session:
            session.connection().exec_driver_sql(  # the stored rows a refresh rewrites
                "UPDATE parcel_heads SET surveyed = surveyed + 7")
            session.connection().exec_driver_sql("UPDATE parcel_figures SET figures = '{}'")
        if full:
            with context.database.session() as session:
                figure_store.mark_all_stale(session)
        else:  # many stale parcels (a demo set, an import): the same
            monkeypatch.setattr(figure_store, "UNLOGGED_MIN", len(ids))
            _sql(context, "INSERT INTO parcel_figures_stale (parcel_id) SELECT id FROM parcel")
            with context.database.session() as session:
                figure_store.refresh(session)
        assert _log(context)[before + 2 * len(ids):] == [None]  # one entry, not 2 per parcel
        assert _triggers(context) == every
        found: list = []
        start = _start(context, snapshot_file, found)
        assert found == [None]
        _assert_fresh(context, start)
        # the stored rows are a recomputation again, not the edited ones
        with context.database.session() as session:
            assert figure_store.stored(session) == figure_store.compute(session)


def test_a_refresh_of_many_parcels_logs_one_entry_per_parcel_and_the_start_reads_them(
        context, snapshot_file, monkeypatch):
    """From LOG_ONCE_MIN stale parcels a refresh logs one entry per stale parcel instead of
    the triggers' entries per row written (stale_logged_once): the next start uses the
    snapshot and reads exactly those parcels again, the rows they were rewritten to; the
    triggers are all back after the commit."""
    from otb_desktop.persistence import figure_store

    generate(context, parcels=30, seed=21)
    every = _triggers(context)
    ids = sorted(r.id for r in _fresh(context)[0])
    stale = ids[::3]
    monkeypatch.setattr(figure_store, "LOG_ONCE_MIN", len(stale))
    marks = ", ".join("?" * len(stale))
    # what the refresh rewrites, made wrong (logged before the snapshot below)
    _sql(context, "UPDATE parcel_heads SET surveyed = surveyed + 7", ())
    _sql(context, "UPDATE parcel_figures SET figures = json_set(figures, '$.vacancy_pct', -1) "
         f"WHERE parcel_id IN ({marks})", tuple(stale))
    assert start_snapshot.store(_start(context, snapshot_file).snapshot)
    before = len(_log(context))
    with context.database.session() as session:  # a pull's observations mark them so
        session.connection().exec_driver_sql(
            "INSERT INTO parcel_figures_stale (parcel_id, geometry_stale) VALUES (?, 0)",
            [(pid,) for pid in stale])
    assert sorted(_log(context)[before:]) == stale  # one entry each, not two per row
    assert _triggers(context) == every
    found: list = []
    start = _start(context, snapshot_file, found)
    assert found[0] is not None and found[0].changed == set(stale)
    _assert_fresh(context, start)
    with context.database.session() as session:  # the stale parcels' rows are recomputed
        assert figure_store.stored(session) == figure_store.compute(session)
        heads = figure_store.stored_heads(session)
        computed = {pid: h.stored() for pid, h in figure_store.compute_heads(session).items()}
    assert {pid for pid in ids if heads[pid][3] == computed[pid][3]} == set(stale)


def test_a_unit_that_fails_without_its_log_triggers_leaves_them_all_in_place(context):
    """unlogged_rows drops the change-log triggers inside the caller's transaction: a failure
    before they are made again rolls the drop back, and the log entry with it."""
    from otb_desktop.persistence import figure_store

    generate(context, parcels=10, seed=21)
    every, log = _triggers(context), _log(context)
    with pytest.raises(RuntimeError), context.database.session() as session:
        figure_store.mark_all_stale(session)
        with figure_store.unlogged_rows(session):
            session.connection().exec_driver_sql("UPDATE parcel SET addresses = '[]'")
            assert not _triggers_in(session) & start_snapshot.TRIGGERS - {
                f"row_change_business_park_{e}" for e in ("insert", "update", "delete")}
            raise RuntimeError("killed mid-unit")
    assert _triggers(context) == every and _log(context) == log
    _sql(context, "UPDATE parcel SET addresses = '[]'")  # logged per row again
    assert len(_log(context)) == len(log) + 10


def _triggers_in(session) -> set[str]:
    return {n for (n,) in session.connection().exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def test_a_first_sync_logs_its_parcels_once_and_the_next_start_reads_every_row(
        central, laptops):
    """A first sync writes every parcel, its figures and heads without an entry per row
    (its parcel pages and its refresh of every parcel, figure_store.unlogged_rows): a
    snapshot from before it (an empty laptop's) is not used, the start equals a fresh read
    and the change-log triggers are all in place after it."""
    from otb_desktop.central.loading import load_demo
    from otb_desktop.sync.engine import sync

    load_demo(central.admin, parcels=40, seed=22)
    anna = central.user("anna")
    laptop = laptops("a", anna)
    snapshot_file = start_snapshot.file_for(laptop.database.path)
    every = _triggers(laptop)
    empty = _start(laptop, snapshot_file)
    assert start_snapshot.store(empty.snapshot) and empty.rows == []
    before = len(_log(laptop))
    report = sync(laptop, central.as_user(anna), page=15)
    assert report.pulled["parcel"] == 40
    logged = _log(laptop)[before:]
    # no entry per parcel: one per park, per page of parcels and for the refresh
    assert logged and set(logged) == {None}
    assert _triggers(laptop) == every
    found: list = []
    start = _start(laptop, snapshot_file, found)
    assert found == [None] and len(start.rows) == 40
    _assert_fresh(laptop, start)
