"""Local database: pragmas, migrations (with data surviving), refusing a newer database."""

import json
import sqlite3
from contextlib import closing, nullcontext

import pytest
from shapely.geometry import box
from sqlalchemy import func, select, text

from otb_desktop.persistence import migrations
from otb_desktop.persistence.database import DatabaseOpenError, make_engine, open_database
from otb_desktop.persistence.migrations import DatabaseTooNewError
from otb_desktop.persistence.models import Draft, Parcel


def test_new_database_is_at_head_with_wal_and_foreign_keys(tmp_path):
    db = open_database(tmp_path / "a.sqlite")
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    with db.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert len(db.device_id) == 36
    db.close()


def test_database_from_first_revision_with_data_upgrades_and_keeps_it(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrations.upgrade(engine, path, revision="0001")
    assert migrations.current_revision(engine) == "0001"
    with engine.begin() as c:  # data written the way revision 0001 knew it
        c.execute(text(
            "INSERT INTO business_park (id, name, in_scope, profile, created_at, created_by, "
            "device_id) VALUES ('p1', 'Westermaat Campus', 1, 'hightech', "
            "'2026-01-01T00:00:00.000000+00:00', 'oud', 'dev')"))
        c.execute(text(
            "INSERT INTO parcel (id, designation, area_m2, park_id, addresses, geometry, min_x,"
            " min_y, max_x, max_y, created_at, created_by, device_id, updated_at) VALUES "
            "('x1', 'HGL01 K 1', 100.0, 'p1', '[\"Demostraat 1\"]', :g, 0, 0, 10, 10, "
            "'2026-01-01T00:00:00.000000+00:00', 'oud', 'dev', "
            "'2026-01-01T00:00:00.000000+00:00')"), {"g": box(0, 0, 10, 10).wkb})
    engine.dispose()

    db = open_database(path)  # what the app does at start-up
    assert migrations.current_revision(db.engine) == migrations.head_revision() != "0001"
    with db.session() as s:
        parcel = s.get(Parcel, "x1")
        assert parcel.designation == "HGL01 K 1"
        assert parcel.geometry.area == pytest.approx(100)
        assert parcel.park.name == "Westermaat Campus"
        assert parcel.addresses == ["Demostraat 1"]
        s.add(Draft(parcel_id="x1", topic="note", values={"text": "x"}))  # new table works
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 1
    backup = tmp_path / "old.sqlite.bak-0001"  # made before migrating, with the data
    with sqlite3.connect(backup) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert c.execute("SELECT designation FROM parcel").fetchall() == [("HGL01 K 1",)]
    db.close()


def test_database_newer_than_app_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="nieuwere versie"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database_gives_dutch_message(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("dit is geen database" * 100)
    with pytest.raises(DatabaseOpenError, match="kan niet worden geopend"):
        open_database(path)


def test_shipped_head_agrees_with_alembic():
    assert migrations.shipped_head() == migrations.head_revision()


def test_ddl_inside_a_unit_of_work_rolls_back_with_it(database):
    """Python's sqlite3 would commit DDL on its own; the engine begins transactions itself."""
    def indexes():
        with database.engine.connect() as c:
            return set(c.execute(text(
                "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='parcel'"
            )).scalars())

    before = indexes()
    assert "ix_parcel_park_id" in before
    with pytest.raises(RuntimeError), database.session() as s:
        s.execute(text("DROP INDEX ix_parcel_park_id"))
        raise RuntimeError("import failed half-way")
    assert indexes() == before


def test_a_locked_database_gives_a_dutch_message_and_saves_nothing(database, tmp_path):
    from otb_desktop.persistence.database import DatabaseBusyError
    from otb_desktop.persistence.models import Setting

    blocker = sqlite3.connect(database.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusyError, match="niets opgeslagen"), \
                database.session() as s:
            s.execute(text("PRAGMA busy_timeout=100"))  # fail fast in the test
            s.add(Setting(key="x", value="y"))
    finally:
        blocker.rollback()
        blocker.close()
    assert database.setting("x") is None


def test_programming_errors_are_not_disguised(database):
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError, match="no such table"), database.session() as s:
        s.execute(text("SELECT * FROM nonexistent"))


@pytest.mark.parametrize("fails", [False, True])
def test_a_unit_that_checkpoints_later_gives_its_connection_back_as_it_was(database, fails):
    """``checkpoint_later``: no automatic checkpoint at this unit's commit, and the
    connection's automatic checkpoint on again after it commits or rolls back."""
    from otb_desktop.persistence.database import WAL_AUTOCHECKPOINT, checkpoint_later

    def setting(session) -> int:
        return session.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()

    with pytest.raises(RuntimeError) if fails else nullcontext(), \
            database.session() as session:
        raw = session.connection().connection.dbapi_connection
        checkpoint_later(session)
        assert setting(session) == 0
        session.connection().exec_driver_sql(
            "INSERT INTO local_setting (key, value) VALUES ('k', 'v')")
        if fails:
            raise RuntimeError("unit fails")
    with database.session() as session:
        assert session.connection().connection.dbapi_connection is raw   # the same one
        assert setting(session) == WAL_AUTOCHECKPOINT == 1000


def test_the_checkpointer_copies_the_wal_into_the_database_on_its_own_thread(database):
    from otb_desktop.persistence.database import Checkpointer, checkpoint_later

    before = database.path.stat().st_size
    with database.session() as session:     # 6 MB, more than 1 000 pages
        checkpoint_later(session)
        session.connection().exec_driver_sql(
            "INSERT INTO local_setting (key, value) SELECT 'k' || value, zeroblob(2000) "
            "FROM json_each(?)", (json.dumps(list(range(3000))),))
    assert database.path.stat().st_size == before   # the pages are in the WAL only
    checkpoints = Checkpointer(database.path)
    checkpoints.request()
    checkpoints.request()                # while one runs: one more after it
    checkpoints.wait()
    assert database.path.stat().st_size > before + 6_000_000
    with closing(sqlite3.connect(database.path)) as connection:
        assert connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1] == \
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[2]
