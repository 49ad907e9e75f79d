"""The outbox table (local migration 0015): every record made here waits in it, whatever code
path made it; pulled records never enter it; a pull killed while its outbox triggers are
dropped leaves them in place; the migration keeps exactly the unconfirmed records."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from PIL import Image
from sqlalchemy import text

from otb_desktop.central.loading import load_demo
from otb_desktop.demo.generator import generate
from otb_desktop.domain.ranking.criteria import CRITERION_KEYS
from otb_desktop.domain.ranking.weights import WeightProfile
from otb_desktop.importing.observations import import_observations
from otb_desktop.persistence import migrations
from otb_desktop.persistence.database import make_engine, open_database
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService
from otb_desktop.services.park_facts import ParkFactService
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.redaction import redact
from otb_desktop.services.sites import SiteService
from otb_desktop.services.survey import SurveyService
from otb_desktop.services.weight_profiles import WeightProfileService
from otb_desktop.sync import carriers as carrying
from otb_desktop.sync.engine import sync
from tests.central_support import Dropped

KINDS = {c.kind: c.local.name for c in carrying.record_carriers()}


def _rows(path: Path, query: str, params: tuple = ()) -> set[tuple]:
    with sqlite3.connect(path) as connection:
        return set(connection.execute(query, params).fetchall())


def records(path: Path) -> set[tuple[str, str]]:
    """(kind, id) of every synced record in the database."""
    return set().union(*(_rows(path, f'SELECT ?, id FROM "{table}"', (kind,))
                         for kind, table in KINDS.items()))


def waiting(path: Path) -> set[tuple[str, str]]:
    return _rows(path, "SELECT kind, record_id FROM sync_outbox")


def triggers(path: Path) -> set[str]:
    return {n for (n,) in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                      "AND name GLOB 'outbox_*'")}


def _photo(path: Path) -> Path:
    rng = np.random.default_rng(3)
    Image.fromarray(rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)).save(path)
    return path


def test_every_record_carrier_has_its_outbox_trigger(database):
    """A revision family added without its migration's trigger would never be sent."""
    assert triggers(database.path) == {carrying.OUTBOX_TRIGGER.format(table=t)
                                       for t in KINDS.values()}
    assert len(KINDS) >= 8 and "revision:redaction_revision" in KINDS


def test_every_record_made_here_waits_in_the_outbox_whatever_made_it(context: AppContext,
                                                                     tmp_path):
    """Bulk writes (the demo, an observation import) and each service that makes a record:
    the outbox holds exactly every record, of every kind, and no more; confirming some takes
    exactly those out."""
    generate(context, parcels=12, seed=5, today=dt.date(2026, 11, 30))
    path = context.database.path
    after_demo = records(path)
    assert after_demo and waiting(path) == after_demo
    parcels = sorted(i for (i,) in _rows(path, "SELECT id FROM parcel"))
    designation = next(iter(_rows(path, "SELECT designation FROM parcel WHERE id = ?",
                                  (parcels[0],))))[0]
    csv = tmp_path / "in.csv"
    csv.write_text("perceel;onderwerp;Bouwkundige staat: Conditiescore totaal (NEN 2767)\r\n"
                   f"{designation};condition;4\r\n", encoding="utf-8-sig")
    assert import_observations(context, csv).imported == 1
    observation = SurveyService(context).record(parcels[1], "condition", {"overall": 3}).id
    [photo] = PhotoService(context).add_photos(parcels[2], [_photo(tmp_path / "g.png")], "G")
    PhotoService(context).set_caption(photo.id, "Gevel")
    site = SiteService(context).create([parcels[3]], "Locatie test")
    IntakeService(context).start(site_id=site.id, plan_kind="verbouwing",
                                 requested_on=dt.date(2026, 11, 2))
    facts = ParkFactService(context)
    facts.record(next(iter(facts.park_ids().values())), {"note": "vereniging actief"})
    WeightProfileService(context).save(WeightProfile(
        "Eigen profiel", dict.fromkeys(CRITERION_KEYS, 1.0)))
    redact(context, observation, "overall", "test")
    everything = records(path)
    assert {kind for kind, _ in everything} == set(KINDS)    # every kind was made
    assert len(everything - after_demo) >= 9
    assert waiting(path) == everything
    some = sorted(i for k, i in everything if k == "observation")[::3]
    with context.database.session() as session:
        carrying.confirm(session, "observation", some)
        carrying.confirm(session, "photo", some)            # another kind: nothing
        counted = {k: c.outbox_count(session) for c in carrying.record_carriers()
                   for k in [c.kind]}
    assert waiting(path) == everything - {("observation", i) for i in some}
    assert counted == {k: sum(1 for kind, _ in waiting(path) if kind == k) for k in KINDS}


# --- migration 0015 --------------------------------------------------------------------------


def _schema(path: Path) -> set[tuple]:
    return _rows(path, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                       "WHERE name NOT LIKE 'sqlite_%'")


def _migrate(path: Path, how: str, revision: str) -> None:
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            getattr(command, how)(migrations.alembic_config(connection), revision)
    finally:
        engine.dispose()


def test_migration_0015_keeps_exactly_the_unconfirmed_records_and_round_trips(tmp_path,
                                                                              context):
    """A database at 0014 with some records confirmed (in ``sync_record``, also an entry of
    another kind under a record's id and one of a record that is not there) and others not:
    0015's outbox holds exactly the unconfirmed ones; downgrading gives back exactly the
    confirmed ones and 0014's schema, upgrading again 0015's."""
    generate(context, parcels=10, seed=3, today=dt.date(2026, 11, 30))
    SiteService(context).create([sorted(i for (i,) in _rows(
        context.database.path, "SELECT id FROM parcel"))[0]], "Locatie")
    context.database.close()
    path = context.database.path
    fresh = {}
    for revision in ("0014", "0015"):
        other = tmp_path / f"fresh-{revision}.sqlite"
        engine = make_engine(other)
        migrations.upgrade(engine, other, revision=revision)
        engine.dispose()
        fresh[revision] = _schema(other)
    assert _schema(path) == fresh["0015"]

    _migrate(path, "downgrade", "0014")
    assert _schema(path) == fresh["0014"]
    everything = records(path)
    assert _rows(path, "SELECT kind, record_id FROM sync_record") == set()   # none confirmed
    kinds = {k for k, _ in everything}
    assert {"observation", "revision:site_revision"} <= kinds
    confirmed = {r for n, r in enumerate(sorted(everything)) if n % 3 == 0}
    assert {k for k, _ in confirmed} >= {"observation", "revision:site_revision"}
    one = next(i for k, i in sorted(everything - confirmed) if k == "observation")
    with sqlite3.connect(path) as connection:
        connection.executemany("INSERT INTO sync_record VALUES (?, ?)", sorted(confirmed))
        connection.execute("INSERT OR IGNORE INTO sync_record VALUES ('photo', ?)", (one,))
        connection.execute("INSERT INTO sync_record VALUES ('observation', 'not-here')")

    _migrate(path, "upgrade", "0015")
    assert _schema(path) == fresh["0015"]
    assert waiting(path) == everything - confirmed
    assert ("observation", one) in waiting(path)     # confirmed as a photo is not confirmed

    _migrate(path, "downgrade", "0014")
    assert _schema(path) == fresh["0014"]
    assert _rows(path, "SELECT kind, record_id FROM sync_record") == confirmed
    _migrate(path, "upgrade", "head")
    database = open_database(path)
    try:
        assert waiting(path) == everything - confirmed
        assert triggers(path) == {carrying.OUTBOX_TRIGGER.format(table=t)
                                  for t in KINDS.values()}
    finally:
        database.close()


# --- with the server ---------------------------------------------------------------------------


@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=20, seed=17)
    return central


def test_pulled_records_never_enter_the_outbox(seeded, laptops):
    """A first sync and later pulls store every kind of record without an outbox entry; a
    record made here waits until its push, then leaves."""
    anna, cora = seeded.user("anna"), seeded.user("cora", "coordinator")
    a, b = laptops("a", cora), laptops("b", anna)
    for laptop, user in ((a, cora), (b, anna)):
        sync(laptop, seeded.as_user(user))
        assert records(laptop.database.path) and waiting(laptop.database.path) == set()
    parcel = sorted(i for (i,) in _rows(a.database.path, "SELECT id FROM parcel"))[0]
    made = SurveyService(a).record(parcel, "condition", {"overall": 2}).id
    SiteService(a).create([parcel], "Van Cora")
    redact(a, made, "overall", "test")
    assert len(waiting(a.database.path)) == 3
    sync(a, seeded.as_user(cora))
    assert waiting(a.database.path) == set()
    mine = SurveyService(b).record(parcel, "note", {"text": "van Anna"}).id
    assert waiting(b.database.path) == {("observation", mine)}
    report = sync(b, seeded.as_user(anna))
    assert report.pulled["observation"] == 1 and report.pulled["revision:site_revision"] == 1
    assert report.pulled["revision:redaction_revision"] == 1
    assert waiting(b.database.path) == set()
    assert records(b.database.path) == records(a.database.path) | {("observation", mine)}
    assert triggers(b.database.path) == triggers(a.database.path) and len(triggers(
        a.database.path)) == len(KINDS)


def test_a_pull_failing_inside_its_outbox_free_inserts_leaves_the_triggers(seeded, laptops,
                                                                            monkeypatch):
    """The triggers are dropped inside the pull's transaction: a failure there rolls the
    drop back with the rows; the next record made here still enters the outbox."""
    laptop = laptops("a")
    real = carrying.bulk.insert_absent_rows

    def failing(session, table, names, rows):
        inserted = real(session, table, names, rows)
        assert carrying.OUTBOX_TRIGGER.format(table=table.name) not in {
            n for (n,) in session.connection().exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        if table.name == "observation":
            raise Dropped("inside")
        return inserted

    monkeypatch.setattr(carrying.bulk, "insert_absent_rows", failing)
    with pytest.raises(Dropped):
        sync(laptop, seeded.admin)
    path = laptop.database.path
    assert _rows(path, "SELECT count(*) FROM observation") == {(0,)}
    assert len(triggers(path)) == len(KINDS)
    monkeypatch.undo()
    sync(laptop, seeded.admin)
    assert waiting(path) == set() and _rows(path, "SELECT count(*) > 20 FROM observation") \
        == {(1,)}
    parcel = sorted(i for (i,) in _rows(path, "SELECT id FROM parcel"))[0]
    made = SurveyService(laptop).record(parcel, "note", {"text": "daarna"}).id
    assert waiting(path) == {("observation", made)}


def test_a_pull_killed_inside_its_outbox_free_inserts_leaves_the_triggers(seeded, laptops,
                                                                           tmp_path):
    """kill -9 of the sync process while a pull page's observations are inserted with their
    outbox trigger dropped: the transaction never committed, so the trigger is there, no
    pulled row is, and the next sync and the next record made here behave."""
    laptop = laptops("a")
    path = laptop.database.path
    laptop.database.close()
    mark = tmp_path / "inside"
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from otb_desktop.sync import carriers
        real = carriers.bulk.insert_absent_rows
        def killing(session, table, names, rows):
            inserted = real(session, table, names, rows)
            if table.name == "observation":
                Path({str(mark)!r}).write_text("x")
                os.kill(os.getpid(), signal.SIGKILL)
            return inserted
        carriers.bulk.insert_absent_rows = killing
        from otb_desktop.cli import main
        sys.exit(main(["--db", {str(path)!r}, "sync", "--server", {seeded.admin.url!r}]))
    """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True,
                             timeout=120, env=os.environ)
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()
    assert mark.exists()
    assert _rows(path, "SELECT count(*) FROM observation") == {(0,)}
    assert len(triggers(path)) == len(KINDS) and waiting(path) == set()
    database = open_database(path)
    context = AppContext(database)
    try:
        sync(context, seeded.admin)
        assert waiting(path) == set()
        assert _rows(path, "SELECT count(*) > 20 FROM observation") == {(1,)}
        parcel = sorted(i for (i,) in _rows(path, "SELECT id FROM parcel"))[0]
        made = SurveyService(context).record(parcel, "note", {"text": "daarna"}).id
        assert waiting(path) == {("observation", made)}
        with database.session() as session:
            assert session.execute(text("SELECT count(*) FROM sync_outbox")).scalar() == 1
    finally:
        database.close()
