"""The starter package (central migration c0007): built by the administrator, used by an empty
laptop's first sync, never by one with anything of its own, refused or deleted where a
redaction (AVG) could be missing from it."""

from __future__ import annotations

import sqlite3

import numpy as np
import psycopg
import pytest
from PIL import Image

from otb_desktop.central import package as building
from otb_desktop.central.loading import load_demo
from otb_desktop.central.schema import CentralAdminError
from otb_desktop.paths import cache_dir
from otb_desktop.persistence.models import BusinessPark
from otb_desktop.services import start_snapshot
from otb_desktop.services.context import AppContext
from otb_desktop.services.photos import PhotoService, photo_path
from otb_desktop.services.redaction import redact
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync import package as starter
from otb_desktop.sync.connection import connect
from otb_desktop.sync.engine import sync
from tests.central_support import Dropped

SMALL = 64 * 1024      # chunks of a test package: a few dozen of them



@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=40, seed=7)
    return central


def dump(context: AppContext) -> dict[str, list]:
    """Every table's rows (sorted), but the laptop's own settings and the change log (random
    tags); R*Tree boxes by their row's id."""
    with sqlite3.connect(context.database.path) as connection:
        names = [n for (n,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%rtree%' AND name NOT IN ('local_setting', "
            "'parcel_row_change')")]
        result = {n: sorted(connection.execute(f'SELECT * FROM "{n}"').fetchall(),
                            key=repr) for n in names}
        for table in ("parcel", "building"):
            result[f"{table}_rtree"] = connection.execute(
                f"SELECT t.id, r.min_x, r.max_x, r.min_y, r.max_y FROM {table} t "
                f"LEFT JOIN {table}_rtree r ON r.id = t.rowid ORDER BY t.id").fetchall()
        result["settings"] = sorted(connection.execute(
            "SELECT key, value FROM local_setting WHERE key IN ('figures_signature', "
            "'heads_stored')"))
    return result


def packages(central) -> list[tuple]:
    with central.connect() as connection:
        return connection.execute("SELECT id, complete FROM starter_package ORDER BY id"
                                  ).fetchall()


def _photo(path):
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)).save(path)
    return path


def test_a_new_laptop_from_the_package_equals_one_from_a_first_sync(seeded, laptops,
                                                                    tmp_path):
    anna = seeded.user("anna")
    reference = laptops("ref", anna)
    assert not sync(reference, seeded.as_user(anna)).package
    parcel = sqlite3.connect(reference.database.path).execute(
        "SELECT id FROM parcel ORDER BY id LIMIT 1").fetchone()[0]
    PhotoService(reference).add_photos(parcel, [_photo(tmp_path / "gevel.png")], "Gevel")
    sync(reference, seeded.as_user(anna))
    lines = building.build(seeded.admin, chunk=SMALL)
    assert "Startpakket" in lines[0]
    new = laptops("new", "nina")
    device = new.database.device_id
    report = sync(new, seeded.admin)
    assert report.package
    assert report.pulled["parcel"] == 40 and report.pulled["observation"] > 40
    assert dump(new) == dump(reference)
    # Built from a pulled database: nothing waits in its outbox, and its outbox triggers
    # came along (a record made here waits).
    with sqlite3.connect(new.database.path) as connection:
        assert connection.execute("SELECT count(*) FROM sync_outbox").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name GLOB 'outbox_*'").fetchone()[0] >= 8
    made = SurveyService(new).record(parcel, "note", {"text": "na het pakket"}).id
    with sqlite3.connect(new.database.path) as connection:
        assert connection.execute("SELECT kind, record_id FROM sync_outbox").fetchall() == [
            ("observation", made)]
    # The laptop keeps its own identity; nothing of the building machine came along.
    assert new.database.setting("device_id") == device and new.user_name == "nina"
    assert new.database.setting(starter.CONTENT_SETTINGS[0])
    assert report.photos_downloaded == 1
    with sqlite3.connect(new.database.path) as connection:
        shas = [s for (s,) in connection.execute("SELECT DISTINCT sha256 FROM photo")]
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert shas and all(photo_path(new.photo_dir, s).exists() for s in shas)
    assert not new.database.setting("package_photos_pending")
    assert not list(cache_dir(new.database.path).glob("starter-package-*"))
    # A second sync is an ordinary one (it sends the note).
    again = sync(new, seeded.admin)
    assert not again.package and sum(again.pulled.values()) == 0
    assert again.pushed == {"observation": 1}
    assert not again.photos_downloaded


def test_a_newer_package_replaces_the_older_one_and_starts_from_it(seeded, laptops):
    anna = seeded.user("anna")
    writer = laptops("writer", anna)
    sync(writer, seeded.as_user(anna))
    building.build(seeded.admin, chunk=SMALL)
    first = packages(seeded)
    parcel = sqlite3.connect(writer.database.path).execute(
        "SELECT id FROM parcel ORDER BY id LIMIT 1").fetchone()[0]
    SurveyService(writer).record(parcel, "note", {"text": "tussen twee pakketten"})
    sync(writer, seeded.as_user(anna))
    assert "vanaf het vorige startpakket" in building.build(seeded.admin, chunk=SMALL)[0]
    second = packages(seeded)
    assert len(first) == len(second) == 1 and first != second and second[0][1]
    new = laptops("new", anna)
    assert sync(new, seeded.as_user(anna)).package
    assert dump(new) == dump(writer)


def test_a_laptop_with_anything_of_its_own_never_uses_the_package(seeded, laptops,
                                                                 monkeypatch):
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("own")
    with laptop.database.session() as session:
        session.add(BusinessPark(id="p-own", name="Eigen terrein", in_scope=True,
                                 profile="gemengd", created_by="own", device_id="d"))
    monkeypatch.setattr(starter, "download", lambda *a, **k: pytest.fail("downloaded"))
    report = sync(laptop, seeded.admin)
    assert not report.package and report.pulled["parcel"] == 40
    with sqlite3.connect(laptop.database.path) as connection:
        assert connection.execute("SELECT name FROM business_park WHERE id = 'p-own'"
                                  ).fetchone() == ("Eigen terrein",)


def test_records_pushed_after_the_package_are_pulled_after_it(seeded, laptops):
    anna = seeded.user("anna")
    writer = laptops("writer", anna)
    sync(writer, seeded.as_user(anna))
    building.build(seeded.admin, chunk=SMALL)
    parcel = sqlite3.connect(writer.database.path).execute(
        "SELECT id FROM parcel ORDER BY id LIMIT 1").fetchone()[0]
    later = SurveyService(writer).record(parcel, "note", {"text": "na het pakket"}).id
    sync(writer, seeded.as_user(anna))
    new = laptops("new", anna)
    report = sync(new, seeded.as_user(anna))
    assert report.package
    assert sqlite3.connect(new.database.path).execute(
        "SELECT count(*) FROM observation WHERE id = ?", (later,)).fetchone()[0] == 1
    assert dump(new) == dump(writer)



def dropped_at_chunk(number: int):
    """A fault hook that drops the connection as the package's chunk ``number`` (1-based)
    is fetched."""
    fetched = 0

    def drop(point: str) -> None:
        nonlocal fetched
        if point == "package-chunk":
            fetched += 1
            if fetched == number:
                raise Dropped(point)

    return drop

def test_an_interrupted_download_continues_at_the_next_chunk(seeded, laptops):
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("cut")
    with pytest.raises(Dropped):
        sync(laptop, seeded.admin, fault=dropped_at_chunk(3))
    with laptop.database.session() as session:
        assert starter.is_empty(session)
    parts = list(cache_dir(laptop.database.path).glob("starter-package-*.part"))
    assert len(parts) == 1 and parts[0].stat().st_size == 3 * SMALL
    steps: list[int] = []

    def progress(done: int, total: int, text: str) -> None:
        if text == "Startpakket ophalen":
            steps.append(done)

    report = sync(laptop, seeded.admin, progress=progress)
    assert report.package and steps[0] == 3
    reference = laptops("ref")
    with connect(seeded.admin, autocommit=True) as connection:
        connection.execute("DELETE FROM starter_package")
    sync(reference, seeded.admin)
    assert dump(laptop) == dump(reference)


def test_a_corrupted_package_is_not_used_and_the_pull_goes_on(seeded, laptops):
    building.build(seeded.admin, chunk=SMALL)
    with seeded.connect() as connection:
        connection.execute("UPDATE starter_package_chunk SET data = "
                           "overlay(data placing '\\x00ff'::bytea from 100) WHERE n = 1")
    laptop, texts = laptops("bad"), []
    report = sync(laptop, seeded.admin, progress=lambda d, t, text: texts.append(text))
    assert not report.package and report.pulled["parcel"] == 40
    assert any(t.startswith("Startpakket niet gebruikt") for t in texts)
    assert not list(cache_dir(laptop.database.path).glob("starter-package-*"))


def test_a_package_of_another_local_schema_revision_is_ignored(seeded, laptops, monkeypatch):
    building.build(seeded.admin, chunk=SMALL)
    with seeded.connect() as connection:
        connection.execute("UPDATE starter_package SET local_revision = '0001'")
    monkeypatch.setattr(starter, "download", lambda *a, **k: pytest.fail("downloaded"))
    report = sync(laptops("other"), seeded.admin)
    assert not report.package and report.pulled["parcel"] == 40


def test_a_redaction_deletes_every_package_built_before_it(seeded, laptops):
    coordinator = seeded.user("cora", "coordinator")
    laptop = laptops("cora", coordinator)
    sync(laptop, seeded.as_user(coordinator))
    building.build(seeded.admin, chunk=SMALL)
    assert len(packages(seeded)) == 1
    observation, values = sqlite3.connect(laptop.database.path).execute(
        "SELECT id, \"values\" FROM observation WHERE topic = 'condition' LIMIT 1").fetchone()
    redact(laptop, observation, "overall", "Persoonsgegeven (AVG)")
    sync(laptop, seeded.as_user(coordinator))
    assert packages(seeded) == []
    # Rebuilt after it, the package holds the redaction and may be used.
    building.build(seeded.admin, chunk=SMALL)
    assert sync(laptops("new"), seeded.admin).package


def test_publishing_refuses_a_package_without_a_redaction_on_the_server(seeded, laptops):
    coordinator = seeded.user("cora", "coordinator")
    laptop = laptops("cora", coordinator)
    sync(laptop, seeded.as_user(coordinator))
    observation = sqlite3.connect(laptop.database.path).execute(
        "SELECT id FROM observation WHERE topic = 'condition' LIMIT 1").fetchone()[0]
    redact(laptop, observation, "overall", "Persoonsgegeven (AVG)")
    sync(laptop, seeded.as_user(coordinator))
    with seeded.connect() as connection:   # a package whose pull ended before it
        package = connection.execute(
            "INSERT INTO starter_package (local_revision, sha256, size, chunk_size, chunks, "
            "redaction_txid, redaction_id) VALUES ('x', 'x', 0, 1, 0, '0', '') RETURNING id"
        ).fetchone()[0]
        assert connection.execute("SELECT otb_publish_package(%s)", (package,)
                                  ).fetchone()[0] is False
    assert packages(seeded) == []


def test_a_field_user_reads_complete_packages_but_cannot_write_one(seeded):
    boss = seeded.user("boss", "admin")          # an administrator, not the superuser
    building.build(seeded.as_user(boss), chunk=SMALL)
    anna = seeded.user("anna")
    with connect(seeded.as_user(anna), autocommit=True) as connection:
        assert len(connection.execute("SELECT id FROM starter_package").fetchall()) == 1
        for statement in (
                "INSERT INTO starter_package (local_revision, sha256, size, chunk_size, "
                "chunks, redaction_txid, redaction_id) VALUES ('x', 'x', 0, 1, 0, '0', '')",
                "INSERT INTO starter_package_chunk VALUES (1, 99, 'x')",
                "DELETE FROM starter_package",
                "SELECT otb_publish_package(1)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(statement)
    with pytest.raises(CentralAdminError, match="beheerder"):
        building.build(seeded.as_user(anna), chunk=SMALL)
    assert len(packages(seeded)) == 1
    with seeded.connect() as connection:   # an unfinished upload is not offered
        connection.execute("UPDATE starter_package SET complete = false")
    with connect(seeded.as_user(anna), autocommit=True) as connection:
        assert connection.execute("SELECT id FROM starter_package").fetchall() == []


def test_a_start_snapshot_from_before_the_package_is_not_used(seeded, laptops):
    """The package replaces the change log too: the entry a snapshot names is gone. The
    window's connection stays open meanwhile (the copy then goes through the WAL)."""
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("snap")
    window = sqlite3.connect(laptop.database.path)
    try:
        cursor = window.cursor()      # an empty window's rows, as a start stores them
        at, key = start_snapshot.position(cursor), start_snapshot.schema(cursor)
        file = start_snapshot.file_for(laptop.database.path)
        assert start_snapshot.store(start_snapshot.Pending(file, laptop.database.path, key,
                                                           at, [], []))
        assert start_snapshot.read(file, window.cursor()) is not None
        assert sync(laptop, seeded.admin).package
        assert start_snapshot.read(file, window.cursor()) is None
        assert window.execute("SELECT count(*) FROM parcel").fetchone()[0] == 40
    finally:
        window.close()


def test_a_cache_folder_that_cannot_be_written_means_a_normal_pull(seeded, laptops):
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("blocked")
    cache_dir(laptop.database.path).write_text("geen map")   # a file where the folder goes
    report = sync(laptop, seeded.admin)
    assert not report.package and report.pulled["parcel"] == 40


def test_something_saved_during_the_download_is_never_overwritten(seeded, laptops):
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("busy")

    def save_meanwhile(point: str) -> None:
        if point == "package-chunk":
            with laptop.database.session() as session:
                if session.get(BusinessPark, "p-own") is None:
                    session.add(BusinessPark(id="p-own", name="Eigen terrein", in_scope=True,
                                             profile="gemengd", created_by="own",
                                             device_id="d"))

    report = sync(laptop, seeded.admin, fault=save_meanwhile)
    assert not report.package and report.pulled["parcel"] == 40
    with sqlite3.connect(laptop.database.path) as connection:
        assert connection.execute("SELECT count(*) FROM business_park WHERE id = 'p-own'"
                                  ).fetchone()[0] == 1


def test_an_unfinished_download_of_a_package_that_went_is_removed(seeded, laptops):
    """A redaction deletes the package while a laptop holds half of it: the next sync pulls
    normally and removes the partial file, so no unredacted copy stays on the disk (AVG)."""
    building.build(seeded.admin, chunk=SMALL)
    laptop = laptops("cut")
    with pytest.raises(Dropped):
        sync(laptop, seeded.admin, fault=dropped_at_chunk(2))
    folder = cache_dir(laptop.database.path)
    assert len(list(folder.glob("starter-package-*.part"))) == 1
    with connect(seeded.admin, autocommit=True) as connection:   # as a redaction does
        connection.execute("DELETE FROM starter_package")
    report = sync(laptop, seeded.admin)
    assert not report.package and report.pulled["parcel"] > 0
    assert list(folder.glob("starter-package-*.part")) == []
