"""Sync against the real central server: never lose, never duplicate, converge, show conflicts."""

from __future__ import annotations

import datetime as dt
import gc
import json
import random
import sqlite3
import threading
import uuid

import psycopg
import pyogrio.raw
import pytest

from otb_desktop.central.loading import load_demo
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Observation, ObservationSupersedes
from otb_desktop.services.context import AppContext
from otb_desktop.services.redaction import redact
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync import carriers as carrying
from otb_desktop.sync import engine as engine_module
from otb_desktop.sync.connection import connect
from otb_desktop.sync.engine import (
    SameIdDifferentContentError,
    ServerRefusedError,
    SyncEngine,
    SyncReport,
    sync,
)
from tests.central_support import Dropped

SEED = 11



@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=40, seed=SEED)
    return central


def parcel_ids(context: AppContext) -> list[str]:
    return rows(context, "SELECT id FROM parcel ORDER BY id", column=True)


def rows(context: AppContext, query: str, column: bool = False) -> list:
    with sqlite3.connect(context.database.path) as connection:
        found = connection.execute(query).fetchall()
    return [r[0] for r in found] if column else found


EDITED = "planning_capacity"   # a topic whose edits supersede (notes are a log)


def note(context: AppContext, parcel: str, text: str) -> str:
    """An edit of one topic, its text in plan_reference."""
    return SurveyService(context).record(parcel, EDITED, {
        "plan_reference": text, "max_height_m": 12, "max_coverage_pct": 60}).id


def observations(context: AppContext) -> set[tuple]:
    """Content compared as values: jsonb gives pulled copies its own key order."""
    return {(*r[:3], json.dumps(json.loads(r[3]), sort_keys=True), *r[4:]) for r in rows(
        context, 'SELECT id, parcel_id, topic, "values", created_by, device_id FROM observation')}


def edges(context: AppContext) -> set[tuple]:
    return set(rows(context, "SELECT observation_id, superseded_id FROM "
                             "observation_supersedes"))


def outbox(context: AppContext) -> int:
    return rows(context, "SELECT count(*) FROM observation o JOIN sync_outbox s ON "
                         "s.kind = 'observation' AND s.record_id = o.id")[0][0]


def run(context: AppContext, central, user: str | None, **options):
    return sync(context, central.as_user(user) if user else central.admin, **options)


def test_first_sync_brings_the_central_data_set_and_a_second_changes_nothing(seeded, laptops):
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    first = run(laptop, seeded, anna)
    assert first.pulled["parcel"] == 40 == len(parcel_ids(laptop))
    assert first.pulled["observation"] == seeded.count("observation") > 40
    before = observations(laptop), edges(laptop)
    second = run(laptop, seeded, anna)
    assert sum(second.pulled.values()) == sum(second.pushed.values()) == 0
    assert (observations(laptop), edges(laptop)) == before


def test_two_laptops_exchange_offline_edits_exactly_once(seeded, laptops):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcels = parcel_ids(a)
    made_a = [note(a, parcels[i], f"Anna {i}") for i in range(7)]
    made_b = [note(b, parcels[i + 20], f"Bram {i}") for i in range(5)]
    assert outbox(a) == 7 and outbox(b) == 5
    run(a, seeded, anna, batch=3)            # three batches
    run(b, seeded, bram, batch=2)
    run(a, seeded, anna, page=4)
    assert outbox(a) == outbox(b) == 0
    assert observations(a) == observations(b)
    assert edges(a) == edges(b)
    with seeded.connect() as connection:
        server = {r[0]: r[1] for r in connection.execute(
            "SELECT id, created_by FROM observation WHERE id = ANY(%s)", (made_a + made_b,))}
        assert len(server) == 12
        assert {server[i] for i in made_a} == {anna} and {server[i] for i in made_b} == {bram}
        assert connection.execute("SELECT count(*), count(DISTINCT id) FROM observation"
                                  ).fetchone() == (len(observations(a)),) * 2


@pytest.mark.parametrize("point", ["push-batch-sent", "push-committed", "pull-page"])
def test_interrupted_sync_resumes_without_loss_or_duplicates(seeded, laptops, point):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcels = parcel_ids(a)
    made = [note(a, parcels[i % 40], f"offline {i}") for i in range(9)]
    note(b, parcels[3], "van Bram")
    hits = {"n": 0}
    fired = []

    def drop(where: str) -> None:
        if where == point:
            hits["n"] += 1
            if hits["n"] in (1, 3):        # the first and the third time it gets there
                fired.append(where)
                raise Dropped(where)

    for laptop, user in ((a, anna), (b, bram)):
        hits["n"] = 0
        for _ in range(6):                   # keep trying, as the timer would
            try:
                run(laptop, seeded, user, batch=4, page=5, fault=drop)
                break
            except Dropped:
                continue
        else:
            pytest.fail("sync never completed")
    run(a, seeded, anna)
    assert len(fired) >= 2
    assert outbox(a) == outbox(b) == 0
    assert observations(a) == observations(b)
    with seeded.connect() as connection:
        total, distinct = connection.execute(
            "SELECT count(*), count(DISTINCT id) FROM observation").fetchone()
        assert total == distinct == len(observations(a))
        assert connection.execute("SELECT count(*) FROM observation WHERE id = ANY(%s)",
                                  (made,)).fetchone()[0] == 9


def test_a_failed_pull_leaves_the_laptop_untouched(seeded, laptops):
    anna = seeded.user("anna")
    laptop = laptops("a", anna)

    def fail(where: str) -> None:
        if where == "pull-page":
            raise Dropped(where)

    with pytest.raises(Dropped):
        run(laptop, seeded, anna, fault=fail)
    assert parcel_ids(laptop) == []
    assert rows(laptop, "SELECT count(*) FROM sync_cursor")[0][0] == 0


@pytest.mark.parametrize("page", [1, 7, 5000])
def test_the_result_does_not_depend_on_the_page_size(seeded, laptops, page):
    reference = laptops("ref")
    run(reference, seeded, None)
    laptop = laptops("p")
    run(laptop, seeded, None, page=page)
    for query in ("SELECT id, designation, park_id, geometry FROM parcel ORDER BY id",
                  'SELECT id, "values", created_at FROM observation ORDER BY id',
                  "SELECT * FROM observation_supersedes ORDER BY 1, 2"):
        assert rows(laptop, query) == rows(reference, query)


def test_same_id_with_other_content_is_refused_loudly(seeded, laptops):
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    made = note(laptop, parcel_ids(laptop)[0], "origineel")
    run(laptop, seeded, anna)
    # A copied or tampered database: same id, other content, back in the outbox.
    with sqlite3.connect(laptop.database.path) as connection:
        connection.execute("""UPDATE observation SET "values" = json_set("values", """
                           "'$.plan_reference', 'anders') WHERE id = ?", (made,))
        connection.execute("INSERT INTO sync_outbox VALUES ('observation', ?)", (made,))
    with pytest.raises(SameIdDifferentContentError, match="andere inhoud"):
        run(laptop, seeded, anna)
    with seeded.connect() as connection:
        assert connection.execute('SELECT "values"->>\'plan_reference\' FROM observation '
                                  "WHERE id = %s", (made,)).fetchone()[0] == "origineel"
    assert outbox(laptop) == 1        # not marked as synced


def test_same_id_inserted_by_another_transaction_during_the_push_is_refused(seeded, laptops):
    """Another transaction inserts our id with other content and commits while the push's
    INSERT waits on that id: the INSERT fails, the push looks the id up and refuses."""
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    made = note(laptop, parcel_ids(laptop)[0], "van deze laptop")
    other = seeded.connect()
    other.autocommit = False
    other.execute(
        'INSERT INTO observation (id, parcel_id, topic, "values", observed_at, created_at, '
        "created_by, device_id) VALUES (%s, %s, %s, %s, now(), now(), %s, 'kopie')",
        (made, parcel_ids(laptop)[0], EDITED,
         json.dumps({"plan_reference": "van een kopie", "max_height_m": 12,
                     "max_coverage_pct": 60}), anna))
    outcome: list[BaseException | None] = []

    def push() -> None:
        try:
            run(laptop, seeded, anna)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - inspected below
            outcome.append(exc)

    pusher = threading.Thread(target=push)
    pusher.start()
    with seeded.connect() as watcher:          # until the push waits on the other's id
        for _ in range(400):
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = "
                "'transactionid'").fetchone()[0]
            if waiting or not pusher.is_alive():
                break
            threading.Event().wait(0.05)
    assert waiting, "the push did not wait on the other transaction's insert"
    other.commit()
    other.close()
    pusher.join(60)
    assert len(outcome) == 1 and isinstance(outcome[0], SameIdDifferentContentError)
    with seeded.connect() as connection:
        assert connection.execute('SELECT "values"->>\'plan_reference\' FROM observation '
                                  "WHERE id = %s", (made,)).fetchone()[0] == "van een kopie"
    assert outbox(laptop) == 1        # not marked as synced


def test_concurrent_edits_of_one_topic_become_a_visible_conflict(seeded, laptops):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcel = parcel_ids(a)[5]
    base = note(a, parcel, "v1")
    run(a, seeded, anna)
    run(b, seeded, bram)
    mine = [note(a, parcel, "v2"), note(a, parcel, "v3")]     # a chain on one laptop
    theirs = note(b, parcel, "v4")                             # one edit on the other
    for laptop, user in ((a, anna), (b, bram), (a, anna)):
        run(laptop, seeded, user)
    for laptop in (a, b):
        heads = SurveyService(laptop).heads(parcel)[EDITED]
        assert {h.id for h in heads} == {mine[-1], theirs}
        assert base in {s for h in heads for s in h.supersedes} | {
            s for o in SurveyService(laptop).history(parcel, EDITED) for s in o.supersedes}


def test_a_field_user_cannot_push_records_in_another_name(seeded, laptops):
    anna = seeded.user("anna")
    laptop = laptops("a", "iemand anders")
    run(laptop, seeded, anna)
    note(laptop, parcel_ids(laptop)[0], "onder valse naam")
    with pytest.raises(ServerRefusedError, match="ingelogde gebruiker"):
        SyncEngine(laptop, seeded.as_user(anna)).run()
    assert outbox(laptop) == 1


def test_concurrent_pushers_and_a_puller_never_miss_a_row(seeded, laptops):
    """A row whose transaction got its id early but commits late is still pulled."""
    anna = seeded.user("anna")
    puller = laptops("p", anna)
    run(puller, seeded, anna)
    parcel = parcel_ids(puller)[0]
    late = psycopg.connect(seeded.admin.url)          # transaction 1: early id, commits late
    late.execute("INSERT INTO observation (id, parcel_id, topic, \"values\", observed_at, "
                 "created_at, created_by, device_id) VALUES ('00000000-0000-7000-8000-"
                 "00000000late', %s, 'note', '{\"text\": \"laat\"}', now(), now(), 'x', 'd')",
                 (parcel,))
    with seeded.connect() as early:                   # transaction 2: later id, commits now
        early.execute("INSERT INTO observation (id, parcel_id, topic, \"values\", "
                      "observed_at, created_at, created_by, device_id) VALUES "
                      "('00000000-0000-7000-8000-0000000early', %s, 'note', "
                      "'{\"text\": \"vroeg\"}', now(), now(), 'x', 'd')", (parcel,))
    report = run(puller, seeded, anna, wait=0.3)
    texts = {r[0] for r in rows(puller, "SELECT json_extract(\"values\", '$.text') "
                                        "FROM observation")}
    assert "vroeg" not in texts or "laat" not in texts  # cursor waits behind the open one
    assert report.behind and "Nog niet alles" in report.summary_lines()[-1]
    late.commit()
    late.close()
    run(puller, seeded, anna)
    texts = {r[0] for r in rows(puller, "SELECT json_extract(\"values\", '$.text') "
                                        "FROM observation")}
    assert {"vroeg", "laat"} <= texts


def test_a_row_held_back_by_an_older_open_transaction_arrives_when_it_ends(seeded, laptops):
    """Committed before the pull began but behind an older transaction still open: the pull
    waits, and when that one ends (within ``wait``) the row arrives in the same pull."""
    import threading

    anna = seeded.user("anna")
    puller = laptops("p", anna)
    run(puller, seeded, anna)
    parcel = parcel_ids(puller)[0]
    older = psycopg.connect(seeded.admin.url)
    older.execute("SELECT pg_current_xact_id()")          # an open transaction with an id
    with seeded.connect() as connection:
        connection.execute("INSERT INTO observation (id, parcel_id, topic, \"values\", "
                           "observed_at, created_at, created_by, device_id) VALUES "
                           "('00000000-0000-7000-8000-0000000after', %s, 'note', "
                           "'{\"text\": \"erna\"}', now(), now(), 'x', 'd')", (parcel,))
    ending = threading.Timer(0.5, older.rollback)
    ending.start()
    try:
        report = run(puller, seeded, anna, wait=20)
    finally:
        ending.join()
        older.close()
    assert not report.behind and report.pulled == {"observation": 1}
    assert "erna" in {r[0] for r in rows(puller, "SELECT json_extract(\"values\", '$.text') "
                                                 "FROM observation")}


def test_a_pull_asks_for_pages_only_of_the_kinds_with_new_rows(seeded, laptops, monkeypatch):
    """One query per round says which kinds have new rows; the others cost no page query."""
    from otb_desktop.sync import carriers

    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    note(a, parcel_ids(a)[0], "nieuw")
    run(a, seeded, anna)
    asked: list[str] = []
    page = carriers.Carrier.pull_page

    def counted(self, *args):
        asked.append(self.kind)
        return page(self, *args)

    monkeypatch.setattr(carriers.Carrier, "pull_page", counted)
    report = run(b, seeded, bram)
    assert report.pulled == {"observation": 1}
    assert asked == ["observation"]
    asked.clear()
    assert sum(run(b, seeded, bram).pulled.values()) == 0 and asked == []


def test_conflicts_show_base_mine_theirs_until_a_synced_resolution(seeded, laptops, capsys):
    from otb_desktop.cli import main
    from otb_desktop.services.conflicts import find_conflicts

    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcel, other = parcel_ids(a)[7], parcel_ids(a)[8]
    base = note(a, parcel, "v1")
    note(a, other, "zelfde")
    run(a, seeded, anna)
    run(b, seeded, bram)
    before = len(find_conflicts(a))
    note(a, parcel, "v2")
    mine = note(a, parcel, "v3")
    theirs = note(b, parcel, "v4")
    SurveyService(b).record(parcel, "condition", {"overall": 4})      # another topic: merges
    note(a, other, "gelijk")                                     # identical values: one
    note(b, other, "gelijk")
    for laptop, user in ((a, anna), (b, bram), (a, anna)):
        run(laptop, seeded, user)
    [conflict_a] = [c for c in find_conflicts(a) if c.subject_id == parcel]
    [conflict_b] = [c for c in find_conflicts(b) if c.subject_id == parcel]
    assert len(find_conflicts(a)) == before + 1
    assert conflict_a.topic == EDITED and conflict_a.base.id == base
    assert [v.id for v in conflict_a.mine] == [mine] == [v.id for v in conflict_b.theirs]
    assert [v.id for v in conflict_a.theirs] == [theirs] == [v.id for v in conflict_b.mine]
    assert main(["--db", str(a.database.path), "conflicts"]) == 0
    shown = capsys.readouterr().out
    assert "basis" in shown and "plan_reference=v1" in shown and "plan_reference=v3" in shown
    assert "plan_reference=v4" in shown and "Perceel" in shown
    resolution = note(b, parcel, "v5 (opgelost)")
    for laptop, user in ((b, bram), (a, anna)):
        run(laptop, seeded, user)
    assert len(find_conflicts(a)) == len(find_conflicts(b)) == before
    heads = SurveyService(a).heads(parcel)[EDITED]
    assert [h.id for h in heads] == [resolution]
    assert set(heads[0].supersedes) == {mine, theirs}


def test_the_exports_of_two_synced_laptops_are_identical(seeded, laptops, tmp_path):
    from otb_desktop.exporting.parcels import export_csv, export_gpkg

    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcels = parcel_ids(a)
    note(a, parcels[1], "van Anna")
    note(b, parcels[1], "van Bram")                 # a conflict, on both sides the same
    SurveyService(b).record(parcels[2], "condition", {"overall": 2})
    for laptop, user in ((a, anna), (b, bram), (a, anna)):
        run(laptop, seeded, user)
    csv_a = export_csv(a, tmp_path / "a.csv").path     # notes: named for personal data
    csv_b = export_csv(b, tmp_path / "b.csv").path
    assert csv_a.read_bytes() == csv_b.read_bytes()
    text = csv_a.read_text(encoding="utf-8-sig")
    assert "van Bram" in text or "van Anna" in text
    export_gpkg(a, tmp_path / "a.gpkg")
    export_gpkg(b, tmp_path / "b.gpkg")
    table_a = pyogrio.raw.read(tmp_path / "a.gpkg")
    table_b = pyogrio.raw.read(tmp_path / "b.gpkg")
    assert [list(map(str, f)) for f in table_a[3]] == [list(map(str, f)) for f in table_b[3]]
    assert list(table_a[2]) == list(table_b[2])


def test_pages_are_ordered_by_transaction_id_not_by_its_text(central):
    """'10' sorts before '9' as text: a page ordered by the text form would skip rows once
    transaction ids gain a digit. Every carrier's page query sorts the xid8 column."""
    from psycopg import sql as pg_sql

    from otb_desktop.sync.carriers import all_carriers

    where = pg_sql.SQL("txid < %s::text::xid8 AND (txid, id) > (%s::text::xid8, %s)")
    with central.connect() as connection:
        connection.execute("SET enable_indexscan = off")      # so that the plan has a sort
        connection.execute("SET enable_bitmapscan = off")
        for carrier in all_carriers():
            query = pg_sql.SQL("EXPLAIN VERBOSE {} ORDER BY txid, id LIMIT 5").format(
                carrier.select_sql(where, raw=True))
            plan = [r[0].strip() for r in connection.execute(query, ("9", "0", ""))]
            [sort_key] = [line for line in plan if line.startswith("Sort Key:")]
            assert sort_key.endswith(f"{carrier.server_table}.txid, "
                                     f"{carrier.server_table}.id"), sort_key
            ordered = connection.execute(pg_sql.SQL(
                "SELECT x FROM (VALUES ('9'::xid8), ('10'::xid8)) v(x) ORDER BY x")).fetchall()
            assert [str(r[0]) for r in ordered] == ["9", "10"]


def stored_equals_recomputed(context: AppContext) -> bool:
    with context.database.session() as session:
        stored, fresh = figure_store.stored(session), figure_store.compute(session)
    return set(stored) == set(fresh) == set(parcel_ids(context)) and all(
        stored[p][name] == (pytest.approx(value, rel=1e-9, abs=1e-6)
                            if isinstance(value, float) else value)
        for p, figures in fresh.items() for name, value in figures.items())


def test_a_pull_computes_the_stored_figures_once_and_a_stopped_one_at_the_next_open(
        seeded, laptops, monkeypatch):
    computed = []
    compute = figure_store.compute
    monkeypatch.setattr(figure_store, "compute",
                        lambda *a, **k: computed.append(1) or compute(*a, **k))
    laptop = laptops("a")
    run(laptop, seeded, None, page=7)
    assert len(computed) == 1           # not once per page (parcels, buildings, observations)
    assert stored_equals_recomputed(laptop)

    def stop(where: str) -> None:
        if where == "pull-page":
            pages.append(where)
            if len(pages) == 12:        # parcels and buildings are in, observations not all
                raise Dropped(where)

    dropped, pages = laptops("b"), []
    with pytest.raises(Dropped):
        run(dropped, seeded, None, page=7, fault=stop)
    assert stored_equals_recomputed(dropped)    # a failed pull still ends with its figures

    # Killed between pages: the end of the pull never comes.
    monkeypatch.setattr(SyncEngine, "_refresh_figures", lambda self: None)
    killed, pages = laptops("c"), []
    with pytest.raises(Dropped):
        run(killed, seeded, None, page=7, fault=stop)
    with killed.database.session() as session:
        figure_store.defer_figures(session)      # only look
        assert figure_store.has_stale(session)  # left for later, committed with the pages
    killed.database.close()
    reopened = AppContext(open_database(killed.database.path))
    try:
        with reopened.database.session() as session:
            assert not figure_store.has_stale(session)
        assert stored_equals_recomputed(reopened)
    finally:
        reopened.database.close()


def test_a_first_sync_computes_the_geometry_figures_ahead_and_stores_a_full_recomputation(
        seeded, laptops, monkeypatch):
    """The parcels' geometry-derived figures are computed once, on another thread while the
    records are pulled, and what the first sync stores is exactly a full recomputation."""
    threads = []
    areas = figure_store._geometry_areas
    monkeypatch.setattr(figure_store, "_geometry_areas", lambda *a: threads.append(
        threading.current_thread().name) or areas(*a))
    laptop = laptops("a")
    run(laptop, seeded, None, page=7)
    assert threads == ["figures ahead"]      # not again at the end
    with laptop.database.session() as session:
        stored, fresh = figure_store.stored(session), figure_store.compute(session)
        heads = figure_store.compute_heads(session)
        stored_heads = figure_store.stored_heads(session)
    assert set(fresh) == set(parcel_ids(laptop)) and stored == json.loads(json.dumps(fresh))
    assert stored_heads == {pid: (h.values, h.observed_at, sorted(h.conflicts),
                                  *h.stored()[3:]) for pid, h in heads.items()}

def _stored_heads_equal_recomputed(context: AppContext) -> bool:
    with context.database.session() as session:
        figure_store.defer_figures(session)      # only look
        assert not figure_store.has_stale(session)
        stored, heads = figure_store.stored_heads(session), figure_store.compute_heads(session)
    return stored == {pid: (h.values, h.observed_at, sorted(h.conflicts), *h.stored()[3:])
                      for pid, h in heads.items()}


@pytest.mark.parametrize("mark_once_min", [1, 10**9])   # parcels marked once, or per row
def test_a_pull_of_new_records_stores_heads_and_figures_equal_to_a_recomputation(
        seeded, laptops, monkeypatch, mark_once_min):
    """A laptop that synced before pulls many pages of another laptop's edits (notes, edits
    that supersede, one that conflicts with its own), several pages per local transaction;
    a pull dropped halfway changes nothing (not even the marking triggers), the next one
    leaves heads, conflicts and figures exactly as a full recomputation gives them."""
    monkeypatch.setattr(figure_store, "MARK_ONCE_MIN", mark_once_min)
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcels = parcel_ids(a)
    service = SurveyService(a)
    for i in range(30):
        service.record(parcels[i % 12], "note", {"text": f"notitie {i}"})
        note(a, parcels[i % 9], f"Anna {i}")          # supersedes the parcel's head
    note(b, parcels[0], "Bram, offline")               # the same topic: a conflict
    run(a, seeded, anna)
    before = observations(b), edges(b), _local_state(b)
    triggers = rows(b, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                       "ORDER BY name")

    def drop(where: str) -> None:
        if where == "pull-page":
            hits.append(where)
            if len(hits) == 3:
                raise Dropped(where)

    hits: list[str] = []
    with connect(seeded.as_user(bram), autocommit=True) as connection, \
            pytest.raises(Dropped):
        SyncEngine(b, seeded.as_user(bram), page=5, fault=drop).pull(connection)
    assert hits == ["pull-page"] * 3
    assert (observations(b), edges(b), _local_state(b)) == before
    assert rows(b, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                   "ORDER BY name") == triggers

    report = run(b, seeded, bram, page=5)
    assert report.pulled == {"observation": 60}   # twelve pages, two local transactions
    run(a, seeded, anna)                           # Bram's edit
    assert observations(b) == observations(a) and edges(b) == edges(a)
    assert rows(b, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                   "ORDER BY name") == triggers
    assert _stored_heads_equal_recomputed(b) and stored_equals_recomputed(b)
    with b.database.session() as session:
        conflicted = figure_store.stored_heads(session)[parcels[0]][2]
    assert EDITED in conflicted


def _put(context: AppContext, parcel: str, topic: str, values: dict, moment: dt.datetime,
         supersedes: list[str] = (), oid: str | None = None) -> str:
    """An observation with a random id (so a chain's order by id, the order a pull's pages
    bring one transaction's rows in, is random too)."""
    oid = oid or str(uuid.uuid4())
    with context.database.session() as session:
        session.add(Observation(id=oid, parcel_id=parcel, topic=topic, values=values,
                                observed_at=moment, created_by=context.user_name,
                                device_id=context.device_id,
                                supersedes=[ObservationSupersedes(superseded_id=s)
                                            for s in supersedes]))
    return oid


def _heads_of(context: AppContext, parcel: str, topic: str) -> list[str]:
    return rows(context, "SELECT id FROM observation AS o WHERE parcel_id = '" + parcel
                + "' AND topic = '" + topic + "' AND NOT EXISTS (SELECT 1 FROM "
                "observation_supersedes AS s WHERE s.superseded_id = o.id)", column=True)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_random_pulls_leave_heads_and_figures_equal_to_a_recomputation(seeded, laptops,
                                                                      monkeypatch, seed):
    """After every pull (pages marked once: the bulk path), heads and figures equal a full
    recomputation: random edit chains, second heads from other laptops (conflicts; equal
    values written in another key order), heads at the very same moment as stored ones,
    chains whose superseding observation comes pages before the one it supersedes,
    redactions, a pull killed between its pages (one, two or ten pages per transaction)."""
    rng = random.Random(seed)
    monkeypatch.setattr(figure_store, "MARK_ONCE_MIN", 1)
    monkeypatch.setattr(engine_module, "UNIT_PAGES", rng.choice([1, 2, 10]))
    kill_at = rng.randint(2, 4)   # a round brings at least four pages
    anna, bram, cora = seeded.user("anna"), seeded.user("bram"), seeded.user("cora",
                                                                               "coordinator")
    a, b, c = laptops("a", anna), laptops("b", bram), laptops("c", cora)
    for laptop, user in ((a, anna), (b, bram), (c, cora)):
        run(laptop, seeded, user)
    parcels = parcel_ids(a)[:6]
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    condition = [{"overall": 2, "remark": "x"}, {"remark": "x", "overall": 2},
                 {"overall": 4, "remark": "x"}]
    made: list[str] = []
    pages: list[str] = []

    def stop(where: str) -> None:
        if where == "pull-page":
            pages.append(where)
            if len(pages) == kill_at:
                raise Dropped(where)

    for round_ in range(5):
        for _ in range(12):
            parcel, moment = rng.choice(parcels), start + dt.timedelta(
                hours=rng.randint(0, 3))   # the same moments again: ties
            what = rng.random()
            if what < 0.3:
                made.append(_put(a, parcel, "note", {"text": f"n{rng.random()}"}, moment))
            elif what < 0.6:      # a second head: a conflict unless the same values
                made.append(_put(a, parcel, "condition", rng.choice(condition), moment))
            else:                 # an edit: supersedes the topic's heads (a chain)
                made.append(_put(a, parcel, "condition", rng.choice(condition), moment,
                                 _heads_of(a, parcel, "condition")))
        if rng.random() < 0.5:    # Bram's own head on the same parcels: conflicts
            _put(b, rng.choice(parcels), "condition", rng.choice(condition), start)
        run(a, seeded, anna)
        if round_ and rng.random() < 0.7:   # a coordinator redacts a pulled observation
            run(c, seeded, cora)
            chosen = rng.choice([m for m in made if rows(
                c, f"SELECT topic FROM observation WHERE id = '{m}'", column=True)
                == ["condition"]] or [None])
            if chosen is not None:
                redact(c, chosen, "overall", "Persoonsgegeven (AVG)")
                run(c, seeded, cora)
        if round_ == 2:           # killed between pages: the end of the pull never comes
            with monkeypatch.context() as killed:
                killed.setattr(SyncEngine, "_refresh_figures", lambda self: None)
                with pytest.raises(Dropped):
                    run(b, seeded, bram, page=3, fault=stop)
            with b.database.session():   # the next write unit computes what is left
                pass
            assert _stored_heads_equal_recomputed(b) and stored_equals_recomputed(b)
        run(b, seeded, bram, page=3)
        assert _stored_heads_equal_recomputed(b) and stored_equals_recomputed(b)
    run(a, seeded, anna)
    assert observations(b) == observations(a) and edges(b) == edges(a)


def test_a_chain_split_by_a_killed_pull_still_gives_exact_heads(seeded, laptops,
                                                                monkeypatch):
    """An edit and the observation it supersedes, pushed together, arrive in the order of
    their ids: the edit first. A pull killed between them leaves the edit's page committed
    and its figures computed at the next write; the next pull brings the superseded one,
    which must not become a head (it is superseded by an edge already here)."""
    monkeypatch.setattr(figure_store, "MARK_ONCE_MIN", 1)
    monkeypatch.setattr(engine_module, "UNIT_PAGES", 1)
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    run(a, seeded, anna)
    run(b, seeded, bram)
    parcel = rows(a, "SELECT id FROM parcel WHERE id NOT IN (SELECT parcel_id FROM "
                     "observation WHERE topic = 'condition') ORDER BY id LIMIT 1", column=True)[0]
    moment = dt.datetime(2030, 3, 1, 9, tzinfo=dt.UTC)
    old = _put(a, parcel, "condition", {"overall": 2}, moment,
               oid="ffffffff-0000-4000-8000-000000000000")
    _put(a, parcel, "condition", {"overall": 5}, moment + dt.timedelta(hours=1), [old],
         oid="00000000-0000-4000-8000-000000000000")
    run(a, seeded, anna)
    pages: list[str] = []

    def stop(where: str) -> None:
        if where == "pull-page":
            pages.append(where)
            if len(pages) == 2:
                raise Dropped(where)

    with pytest.raises(Dropped):
        run(b, seeded, bram, page=1, fault=stop)
    assert rows(b, f"SELECT count(*) FROM observation WHERE id = '{old}'") == [(0,)]
    assert _stored_heads_equal_recomputed(b)
    run(b, seeded, bram, page=1)
    assert _stored_heads_equal_recomputed(b) and stored_equals_recomputed(b)
    with b.database.session() as session:
        assert figure_store.stored_heads(session)[parcel][0]["condition"] == {"overall": 5}
        assert "condition" not in figure_store.stored_heads(session)[parcel][2]


def _local_state(context: AppContext) -> tuple:
    """Everything a pull writes, comparable between laptops (not the device's own id): the
    R*Tree boxes by the row's id, since rowids may differ."""
    with context.database.session() as session:
        figure_store.defer_figures(session)      # only look
        figures, heads = figure_store.stored(session), figure_store.stored_heads(session)
    return (rows(context, "SELECT id, designation, park_id, geometry FROM parcel ORDER BY id"),
            rows(context, "SELECT id, bag_id, geometry FROM building ORDER BY id"),
            observations(context), edges(context),
            rows(context, "SELECT kind, record_id FROM sync_outbox ORDER BY 1, 2"),
            rows(context, "SELECT kind, txid, last_id FROM sync_cursor ORDER BY 1"),
            *(rows(context, f"SELECT t.id, r.min_x, r.max_x, r.min_y, r.max_y, (SELECT count(*) "
                            f"FROM {t}_rtree) FROM {t} AS t LEFT JOIN {t}_rtree AS r "
                            "ON r.id = t.rowid ORDER BY t.id") for t in ("parcel", "building")),
            figures, heads)


def test_a_first_sync_interrupted_at_every_page_resumes_to_the_same_laptop(seeded, laptops):
    """A new laptop's first sync dropped at each page in turn (several pages go in one local
    transaction there), then run again, ends exactly like one that was never interrupted."""
    reference = laptops("ref")
    seen = []
    run(reference, seeded, None, page=7, fault=seen.append)
    pages = seen.count("pull-page")
    assert pages > 20
    expected = _local_state(reference)
    for boxes in expected[6:8]:     # every parcel and building in its R*Tree, once
        assert boxes and all(b[1] is not None and b[5] == len(boxes) for b in boxes)
    for at in range(1, pages + 1):
        laptop, hits = laptops(f"cut{at}"), []

        def drop(where: str, at=at, hits=hits) -> None:
            if where == "pull-page":
                hits.append(where)
                if len(hits) == at:
                    raise Dropped(where)

        with pytest.raises(Dropped):
            run(laptop, seeded, None, page=7, fault=drop)
        run(laptop, seeded, None, page=7)
        assert _local_state(laptop) == expected, at


def test_a_batch_the_server_partly_has_is_completed_without_duplicates(seeded, laptops):
    """A push first inserts a batch as it is; ids the server already has (a confirmation
    lost after the commit) fail that insert, and the batch is sent again the careful way:
    the known ones are compared and left, the new ones arrive, each once."""
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    parcels = parcel_ids(laptop)
    known = [note(laptop, parcels[i], f"bekend {i}") for i in range(3)]
    run(laptop, seeded, anna)
    with sqlite3.connect(laptop.database.path) as connection:     # confirmations lost
        connection.executemany("INSERT INTO sync_outbox VALUES ('observation', ?)",
                               [(i,) for i in known[:2]])
    fresh = [note(laptop, parcels[i], f"nieuw {i}") for i in range(3)]
    assert outbox(laptop) == 5
    report = run(laptop, seeded, anna, batch=10)
    assert report.pushed["observation"] == 5
    assert outbox(laptop) == 0
    with seeded.connect() as connection:
        assert connection.execute(
            "SELECT count(*), count(DISTINCT id) FROM observation WHERE id = ANY(%s)",
            (known + fresh,)).fetchone() == (6, 6)


def test_one_known_id_with_other_content_keeps_its_whole_batch_off_the_server(
        seeded, laptops):
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    parcels = parcel_ids(laptop)
    made = note(laptop, parcels[0], "origineel")
    run(laptop, seeded, anna)
    fresh = [note(laptop, parcels[i], f"nieuw {i}") for i in range(1, 3)]
    with sqlite3.connect(laptop.database.path) as connection:
        connection.execute("""UPDATE observation SET "values" = json_set("values", """
                           "'$.plan_reference', 'anders') WHERE id = ?", (made,))
        connection.execute("INSERT INTO sync_outbox VALUES ('observation', ?)", (made,))
    with pytest.raises(SameIdDifferentContentError):
        run(laptop, seeded, anna, batch=10)
    assert outbox(laptop) == 3
    with seeded.connect() as connection:
        assert connection.execute("SELECT count(*) FROM observation WHERE id = ANY(%s)",
                                  (fresh,)).fetchone()[0] == 0


def test_batches_are_confirmed_only_after_the_server_committed_them(seeded, laptops):
    """The confirmations run on another thread than the server's work: a batch committed
    before a failure is confirmed, the failing one is neither on the server nor confirmed."""
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    parcels = parcel_ids(laptop)
    made = sorted(note(laptop, parcels[i], f"partij {i}") for i in range(6))
    sent = {"n": 0}

    def drop(where: str) -> None:
        if where == "push-batch-sent":
            sent["n"] += 1
            if sent["n"] == 2:
                raise Dropped(where)

    with pytest.raises(Dropped):
        run(laptop, seeded, anna, batch=3, fault=drop)
    with sqlite3.connect(laptop.database.path) as connection:
        confirmed = set(made) - {r[0] for r in connection.execute(
            "SELECT record_id FROM sync_outbox WHERE kind = 'observation'")}
    assert confirmed == set(made[:3])
    with seeded.connect() as connection:
        on_server = {r[0] for r in connection.execute(
            "SELECT id FROM observation WHERE id = ANY(%s)", (made,))}
    assert on_server == set(made[:3])


def test_the_outbox_carries_each_records_own_edges_sorted_batch_by_batch(seeded, laptops):
    """A batch's edges are read as one range of the edge table: records confirmed in that
    range (with edges of their own) lend none of them to the records sent."""
    laptop = laptops("e")
    run(laptop, seeded, None)
    parcel = parcel_ids(laptop)[0]
    moment = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    chain = {f"e-{i}": sorted({f"e-{i - 1}", f"x-{i}"}) if i else [] for i in range(7)}
    for oid, older in chain.items():
        _put(laptop, parcel, EDITED, {"n": oid}, moment, older, oid=oid)
    carrier = SyncEngine(laptop, seeded.admin).by_kind["observation"]
    with laptop.database.session() as session:
        carrying.confirm(session, "observation", ["e-1", "e-4"])
        sent, after = [], ""
        while batch := carrier.outbox(session, 2, after):
            sent.append({row["id"]: row["supersedes"] for row in map(carrier.parsed, batch)})
            after = carrier.ids(batch)[-1]
    assert sent == [{"e-0": [], "e-2": ["e-1", "x-2"]}, {"e-3": ["e-2", "x-3"],
                    "e-5": ["e-4", "x-5"]}, {"e-6": ["e-5", "x-6"]}]


def test_a_resent_record_whose_edges_need_quoting_is_the_same_record(seeded, laptops):
    """The outbox carries edges as the text of a text[] (quoted, escaped); the careful way
    reads them back to compare with the server's copy: a record whose confirmation was lost
    is recognised as the same record (left out, confirmed), not refused."""
    laptop = laptops("q")
    run(laptop, seeded, None)
    parcel = parcel_ids(laptop)[0]
    moment = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    odd = ['a"b', "c\\d", "e,f}", "{g h}", "i\\\"j", "NULL"]
    oid = _put(laptop, parcel, EDITED, {"n": 1}, moment, odd)
    run(laptop, seeded, None)
    with seeded.connect() as connection:
        assert sorted(connection.execute("SELECT supersedes FROM observation WHERE id = %s",
                                         (oid,)).fetchone()[0]) == sorted(odd)
    with sqlite3.connect(laptop.database.path) as connection:
        connection.execute("INSERT INTO sync_outbox VALUES ('observation', ?)", (oid,))
    carrier = SyncEngine(laptop, seeded.admin).by_kind["observation"]
    with laptop.database.session() as session:
        (row,) = carrier.outbox(session, 10)
    assert carrier.parsed(row)["supersedes"] == sorted(odd)
    run(laptop, seeded, None)
    assert outbox(laptop) == 0


@pytest.mark.parametrize("same", [True, False])
def test_an_id_another_transaction_commits_while_the_push_compares_is_looked_up_again(
        seeded, laptops, same):
    """The batch holds an id the server has (its confirmation was lost), so it goes the
    careful way; between that look-up and the INSERT another transaction commits one of the
    other ids: the INSERT fails and the batch is compared once more. The same record is then
    left out and the batch confirmed; another content under that id is refused."""
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    run(laptop, seeded, anna)
    parcels = parcel_ids(laptop)
    sent = note(laptop, parcels[0], "verstuurd")
    run(laptop, seeded, anna)
    with sqlite3.connect(laptop.database.path) as connection:
        connection.execute("INSERT INTO sync_outbox VALUES ('observation', ?)", (sent,))
    late = note(laptop, parcels[1], "tegelijk")
    carrier = SyncEngine(laptop, seeded.admin).by_kind["observation"]
    with laptop.database.session() as session:
        row = next(r for r in carrier.outbox(session, 10) if r[0] == late)
    if not same:
        values = carrier.server_columns.index("values")
        row = (*row[:values], json.dumps({"plan_reference": "van een kopie"}),
               *row[values + 1:])
    calls: list[str] = []

    def meanwhile(point: str) -> None:
        if point == "push-batch-sent":
            calls.append(point)
            if len(calls) == 2:            # staging the careful way, after its look-up
                with seeded.connect() as other, other.transaction(), \
                        other.cursor() as cursor:
                    carrier.copy_in(cursor, [row])
                    carrier.insert_staged(cursor)

    if same:
        run(laptop, seeded, anna, fault=meanwhile)
        assert outbox(laptop) == 0
    else:
        with pytest.raises(SameIdDifferentContentError):
            run(laptop, seeded, anna, fault=meanwhile)
        assert outbox(laptop) == 2
    # Staged: the first INSERT, the careful way and (the same record left out) once more.
    assert len(calls) == (3 if same else 2)
    with seeded.connect() as connection:
        assert connection.execute("SELECT count(*) FROM observation WHERE id = ANY(%s)",
                                  ([sent, late],)).fetchone()[0] == 2


def test_the_page_readers_of_a_pull_share_one_second_connection(seeded, laptops,
                                                                monkeypatch):
    """A first sync reads the pages of every kind ahead, on one connection opened once for
    the pull (not one per kind), and closes it at the end."""
    from otb_desktop.sync import first_sync

    opened: list[psycopg.Connection] = []

    def counting(config, autocommit=False):
        opened.append(connect(config, autocommit=autocommit))
        return opened[-1]

    monkeypatch.setattr(first_sync, "connect", counting)
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    first = run(laptop, seeded, anna, page=7)
    assert first.pulled["parcel"] == 40 and len(parcel_ids(laptop)) == 40
    assert len(opened) == 1
    for _ in range(100):    # closed on the opener's thread once it was open
        if opened[0].closed:
            break
        threading.Event().wait(0.01)
    assert opened[0].closed


def test_the_sync_summary_reads_dutch_counts_and_numbers():
    """One number format and Dutch grammar of counts, like every other message."""
    report = SyncReport(pushed={"observation": 1}, pulled={"parcel": 10_000, "building": 591},
                        photos_uploaded=1, photos_downloaded=1_250, seconds=12.25)
    assert report.summary_lines()[0] == (
        "Gesynchroniseerd in 12,2 s: 1 record verstuurd, 10.591 ontvangen, 1 foto verstuurd "
        "en 1.250 ontvangen.")


@pytest.mark.parametrize("mark_once_min", [1, 10**9])   # parcels marked once, or per row
def test_a_page_partly_present_here_stores_only_the_absent_rows(seeded, laptops, monkeypatch,
                                                                 mark_once_min):
    """Pulled rows are inserted if absent without looking their ids up first: the rows whose
    id this laptop has stay exactly as stored here and unconfirmed (the push compares them),
    only the absent ones are inserted, with their edges, outside the outbox, counted and
    their parcels marked; a page of present ids only changes nothing."""
    monkeypatch.setattr(figure_store, "MARK_ONCE_MIN", mark_once_min)
    anna = seeded.user("anna")
    a, b = laptops("a", anna), laptops("b", seeded.user("bram"))
    run(a, seeded, anna)
    run(b, seeded, seeded.user("bram"))
    parcels = parcel_ids(a)
    for i in range(12):
        note(a, parcels[i % 4], f"Anna {i}")       # each supersedes the one before
    run(a, seeded, anna)
    carrier = SyncEngine(b, seeded.admin).by_kind["observation"]
    with connect(seeded.admin, autocommit=True) as connection, connection.cursor() as cursor:
        page = [row[1:] for row in carrier.pull_page(cursor, 2**62, (0, ""), 100_000)]
    pulled = {r[0] for r in page if r[carrier.columns.index("device_id")] == a.device_id}
    assert len(pulled) == 12
    present = set(rows(b, "SELECT id FROM observation", column=True))
    absent = {r[0] for r in page} - present
    assert absent == pulled

    def stored() -> set[tuple]:
        return set(rows(b, 'SELECT id, "values", observed_at FROM observation'))

    with b.database.session() as session:     # a present one with other content, unconfirmed
        kept = sorted(present)[0]
        session.connection().exec_driver_sql(
            "UPDATE observation SET \"values\" = '{\"kept\": 1}' WHERE id = ?", (kept,))
        session.connection().exec_driver_sql(
            "INSERT INTO sync_outbox VALUES ('observation', ?)", (kept,))
    before, waiting = stored(), set(rows(b, "SELECT record_id FROM sync_outbox", column=True))
    assert kept in waiting
    with b.database.session() as session:
        figure_store.defer_figures(session)
        assert carrier.apply(session, [r for r in page if r[0] not in pulled]) == 0
        assert not figure_store.has_stale(session)
        assert carrier.apply(session, page) == 12
        marked = set(session.connection().exec_driver_sql(
            "SELECT parcel_id FROM parcel_figures_stale").scalars())
    after = stored()
    assert before <= after and {r[0] for r in after - before} == pulled
    # The pulled rows do not enter the outbox, the present one stays in it (unconfirmed).
    assert set(rows(b, "SELECT record_id FROM sync_outbox", column=True)) == waiting
    assert marked == set(parcels[:4])
    at = carrier.columns.index("id")
    wanted = {(r[at], old) for r in page if r[at] in pulled
              for old in json.loads(r[len(carrier.columns)])}
    assert len(wanted) >= 8 and {e for e in edges(b) if e[0] in pulled} == wanted
    assert observations(b) >= observations(a) - {o for o in observations(a) if o[0] == kept}


def test_a_pull_runs_without_cyclic_collection(seeded, laptops):
    """A full collection in the middle of the pages would walk every object of the process
    (``gc_pause``): collection is off while the pages are stored and on again after."""
    anna = seeded.user("anna")
    a = laptops("a", anna)
    seen: list[tuple[str, bool]] = []
    run(a, seeded, anna, fault=lambda point: seen.append((point, gc.isenabled())))
    assert ("pull-page", False) in seen and ("pull-page", True) not in seen
    assert gc.isenabled()
