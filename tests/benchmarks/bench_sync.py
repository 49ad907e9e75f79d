"""Benchmark: sync against raw psycopg COPY of the same rows, measured in the same run.

    .venv/bin/python tests/benchmarks/bench_sync.py --observations 10000 \
        --first-sync-parcels 200000

1. Push of N local observations (engine: batches, content check, insert-if-absent, local
   confirmation) against ``COPY observation_copy FROM STDIN`` of the same rows; pull of those
   N observations by a second laptop against ``COPY (SELECT …) TO STDOUT``.
   The push is also compared with ``COPY`` into a logged table with the observation table's
   indexes (``LIKE observation INCLUDING ALL``), which is what writing the rows costs at all,
   and with ``COPY`` into the observation table itself (its arrival checks: parcel, edges;
   as superuser, so without row-level security; rolled back). Push and pull run as a field
   user, as in the field, and each ratio is also given against its *floor*, the same work
   without the engine: for the push a staging COPY plus one INSERT … SELECT (row-level
   security refuses COPY into the table itself), for the pull the COPY TO STDOUT plus one
   ``executemany`` of the rows into a copy of the laptop's observation table. ``--rounds``
   rounds, medians. The rows land on the parcels of a demo server of ``--records-parcels``
   parcels (default 200); a pull refreshes the stored figures and heads of every parcel it
   touches, so spreading them over more parcels costs the pull more.
2. First sync of a new laptop from a server holding the demo set of P parcels (with its
   buildings, sites and photos) and O observations (default 2.5 per parcel: 500 000 for
   200 000 parcels; the demo makes about 3.9 per parcel, so observations that nothing
   supersedes and that supersede nothing are removed until O remain) against
   ``COPY … TO STDOUT`` of the same rows (every table the sync pulls). The starter package
   is built first (``central package``, timed apart: the administrator's preparation, like
   loading the server); the new laptop's first sync uses it. The first run also measures a
   first sync as without the package (``--skip-without`` leaves it out).

A fresh database on the local server (OTB_TEST_PG, default postgresql://postgres@127.0.0.1)
is made and dropped. To iterate on the first sync, ``--keep-server NAME --skip-records``
loads the server database NAME once and reuses it on later runs (``--repeat 3`` for a
median); the baseline is measured in every run against that same server.
Goal: each ratio within 3x. Not a test: pytest skips tests/benchmarks.
"""

from __future__ import annotations

import argparse
import io
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from otb_desktop.central import package, schema  # noqa: E402
from otb_desktop.central.loading import load_demo  # noqa: E402
from otb_desktop.domain.ids import new_ids  # noqa: E402
from otb_desktop.persistence.bulk import Same, insert_columns  # noqa: E402
from otb_desktop.persistence.database import open_database  # noqa: E402
from otb_desktop.persistence.models import Observation  # noqa: E402
from otb_desktop.persistence.types import utcnow  # noqa: E402
from otb_desktop.services.context import AppContext  # noqa: E402
from otb_desktop.sync import package as starter  # noqa: E402
from otb_desktop.sync.connection import ServerConfig, connect  # noqa: E402
from otb_desktop.sync.engine import SyncEngine  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432"
COLUMNS = ("id", "parcel_id", "topic", "values", "observed_at", "created_at", "created_by",
           "device_id", "supersedes")


def laptop(folder: Path, name: str, user: str = "postgres") -> AppContext:
    context = AppContext(open_database(folder / name / "otb.sqlite"))
    context.set_user_name(user)
    return context


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def local_observations(context: AppContext, count: int) -> None:
    user = context.user_name
    with context.database.session() as session:
        parcels = [r[0] for r in session.execute(sql_text("SELECT id FROM parcel"))]
        now = utcnow()
        insert_columns(session, Observation, count, {
            "id": new_ids(count), "parcel_id": [parcels[i % len(parcels)] for i in range(count)],
            "topic": Same("note"), "values": [{"text": f"waarneming {i}"} for i in range(count)],
            "observed_at": Same(now), "created_at": Same(now), "created_by": Same(user),
            "device_id": Same(context.device_id)})


def sql_text(query: str):
    from sqlalchemy import text

    return text(query)


def copy_in(connection: psycopg.Connection, rows: list[tuple], indexed: bool = False) -> None:
    """COPY into a bare temporary table, or (``indexed``) into a logged table with the
    observation table's indexes, defaults and generated column."""
    table = "observation_indexed" if indexed else "observation_copy"
    create = ("CREATE TABLE IF NOT EXISTS observation_indexed (LIKE observation INCLUDING ALL)"
              if indexed else "CREATE TEMP TABLE IF NOT EXISTS observation_copy "
              "(LIKE observation INCLUDING DEFAULTS)")
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute(create)
        cursor.execute(f"TRUNCATE {table}")
    with connection.transaction(), connection.cursor() as cursor:
        names = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), names)) as copy:
            for row in rows:
                copy.write_row(row)


def copy_into_observation(connection: psycopg.Connection, rows: list[tuple]) -> float:
    """COPY the rows into the observation table itself (its arrival checks and indexes; as the
    server's superuser, so without row-level security) and roll it back: what
    putting these rows where the push puts them costs without the sync engine. Returns the
    COPY's time, the rollback not counted."""
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            started = time.perf_counter()
            names = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
            with cursor.copy(sql.SQL("COPY observation ({}) FROM STDIN").format(names)) as copy:
                for row in rows:
                    copy.write_row(row)
            return time.perf_counter() - started
        finally:
            cursor.execute("ROLLBACK")


def copy_out(connection: psycopg.Connection, query: str) -> int:
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for block in copy:
            buffer.write(block)
    return buffer.tell()


def push_floor(connection: psycopg.Connection, rows: list[tuple]) -> float:
    """What row-level security leaves a field user at the least, without the sync engine:
    COPY the rows into a temporary table, then one INSERT … SELECT into the observation table
    (a role under row-level security may not COPY into it); rolled back."""
    names = sql.SQL(", ").join(map(sql.Identifier, COLUMNS))
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            started = time.perf_counter()
            cursor.execute("CREATE TEMP TABLE floor_stage (LIKE observation INCLUDING "
                           "DEFAULTS) ON COMMIT DROP")
            with cursor.copy(sql.SQL("COPY floor_stage ({}) FROM STDIN").format(names)) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(sql.SQL("INSERT INTO observation ({0}) SELECT {0} FROM floor_stage"
                                   ).format(names))
            return time.perf_counter() - started
        finally:
            cursor.execute("ROLLBACK")


def database_copy(context: AppContext, folder: Path) -> Path:
    """A copy of the laptop's database file (``VACUUM INTO``)."""
    copy = folder / f"copy-{secrets.token_hex(3)}" / "otb.sqlite"
    copy.parent.mkdir()
    raw = context.database.engine.raw_connection()
    try:
        raw.execute(f"VACUUM INTO '{copy}'")
    finally:
        raw.close()
    return copy


def copy_of(context: AppContext, folder: Path) -> AppContext:
    """Another laptop that is a copy of this one (same device, settings and cursors)."""
    return AppContext(open_database(database_copy(context, folder)))


def store_floor(context: AppContext, folder: Path, rows: list[tuple]) -> float:
    """What storing the rows on a laptop costs at the least, without the sync engine: one
    ``executemany`` into the observation table of a copy of this laptop's database (its
    indexes and foreign key; its figure triggers dropped, as a pull of many rows does), in
    one transaction with the pull's page cache."""
    connection = sqlite3.connect(database_copy(context, folder), isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA cache_size = -65536")
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = "
                                          "'trigger' AND tbl_name = 'observation'").fetchall():
            connection.execute(f'DROP TRIGGER "{name}"')
        local = [c for c in COLUMNS if c != "supersedes"]
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(
            f'INSERT INTO observation ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in local)}) '
            f'VALUES ({", ".join("?" * len(local))})', [r[:len(local)] for r in rows])
        connection.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        connection.close()


def bench_records(admin: ServerConfig, user: str, folder: Path, count: int, rounds: int
                  ) -> None:
    """``rounds`` times: ``count`` new observations pushed by laptop a, pulled by a copy of
    laptop b as it was after its first sync, as the field user ``user`` (so under row-level
    security, as in the field); medians. After each round the server forgets the round's
    observations, so every round pushes into and pulls from the same server and laptop (the
    rounds do not pile 10 000 notes per round onto the demo's 200 parcels)."""
    config = ServerConfig(admin.url, user=user)
    a, b = laptop(folder, "a", user), laptop(folder, "b", user)
    figures: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        figures.setdefault(name, []).append(seconds)

    with connect(config, autocommit=True) as connection, \
            connect(admin, autocommit=True) as superuser:
        SyncEngine(a, config).pull(connection)
        SyncEngine(b, config).pull(connection)
        for _ in range(rounds):
            local_observations(a, count)
            engine = SyncEngine(a, config)
            carrier = engine.records[1]
            with a.database.session() as session:
                rows = [dict(zip(carrier.server_columns, r, strict=True))
                        for r in carrier.outbox(session, count)]
            copy_rows = [tuple(r[c] for c in COLUMNS) for r in rows]   # the same text
            note("copy_in", timed(copy_in, connection, copy_rows))
            note("indexed_in", timed(copy_in, superuser, copy_rows, indexed=True))
            superuser.execute("DROP TABLE observation_indexed")
            note("into_table", copy_into_observation(superuser, copy_rows))
            note("push_floor", push_floor(connection, copy_rows))
            note("push", timed(engine.push, connection))
            note("copy_out", timed(copy_out, connection,
                                   "SELECT txid, * FROM observation WHERE device_id = "
                                   f"'{a.device_id}' AND created_at = '{copy_rows[0][5]}'"))
            note("store_floor", store_floor(b, folder, copy_rows))
            pulling = copy_of(b, folder)
            note("pull", timed(SyncEngine(pulling, config).pull, connection))
            pulling.database.close()
            superuser.execute("DELETE FROM observation WHERE device_id = %s", (a.device_id,))
    m = {name: statistics.median(values) for name, values in figures.items()}
    pull_floor = m["copy_out"] + m["store_floor"]
    print(f"{count} observations, medians of {rounds} rounds, as a field user:")
    print(f"push {m['push']:.3f} s; COPY FROM STDIN into a bare temporary table "
          f"{m['copy_in']:.3f} s: ratio {m['push'] / m['copy_in']:.1f}x. "
          f"COPY into an indexed table {m['indexed_in']:.3f} s "
          f"({m['push'] / m['indexed_in']:.1f}x); "
          f"COPY into the observation table itself (superuser) {m['into_table']:.3f} s "
          f"({m['push'] / m['into_table']:.1f}x). Floor under row-level security (staging COPY "
          f"+ INSERT, no engine) {m['push_floor']:.3f} s = {m['push_floor'] / m['copy_in']:.1f}x "
          f"the bare COPY; the push is {m['push'] / m['push_floor']:.2f}x that floor")
    print(f"pull {m['pull']:.3f} s; COPY TO STDOUT {m['copy_out']:.3f} s: ratio "
          f"{m['pull'] / m['copy_out']:.1f}x. Floor (that COPY + one executemany of the rows "
          f"into the laptop's observation table, no engine) {pull_floor:.3f} s = "
          f"{pull_floor / m['copy_out']:.1f}x the COPY; the pull is "
          f"{m['pull'] / pull_floor:.2f}x that floor")


PULLED = ("business_park", "parcel", "building", "verblijfsobject", "observation", "revision",
          "photo")


def trim_observations(connection: psycopg.Connection, keep: int) -> None:
    """Remove observations that nothing supersedes and that supersede nothing (the same ones
    every run: ordered by a hash of the id) until ``keep`` remain."""
    connection.execute("""
        WITH referenced AS (SELECT DISTINCT unnest(supersedes) AS id FROM observation),
        loose AS (SELECT o.id FROM observation o WHERE o.supersedes = '{}'
                  AND NOT EXISTS (SELECT 1 FROM referenced r WHERE r.id = o.id)
                  ORDER BY md5(o.id) LIMIT greatest((SELECT count(*) FROM observation) - %s, 0))
        DELETE FROM observation WHERE id IN (SELECT id FROM loose)""", (keep,))
    connection.execute("VACUUM ANALYZE observation")


def prepare_first_sync_server(config: ServerConfig, parcels: int, observations: int) -> None:
    started = time.perf_counter()
    load_demo(config, parcels=parcels, seed=2026)
    with connect(config, autocommit=True) as connection:
        trim_observations(connection, observations)
    print(f"server loaded in {time.perf_counter() - started:.0f} s")


@contextmanager
def no_package():
    """A first sync as without a starter package on the server (the server keeps its own)."""
    real = starter.newest
    starter.newest = lambda connection: None
    try:
        yield
    finally:
        starter.newest = real


def build_package(config: ServerConfig) -> None:
    """The administrator's preparation (like loading the server): not part of a sync. The
    package of an earlier run is deleted first, so the build pulls everything."""
    with connect(config, autocommit=True) as connection:
        connection.execute("DELETE FROM starter_package")
    seconds = timed(lambda: package.build(config))
    with connect(config, autocommit=True) as connection:
        size = connection.execute("SELECT size FROM starter_package WHERE complete"
                                  ).fetchone()[0]
    print(f"starter package built and uploaded in {seconds:.1f} s ({size / 1e6:.0f} MB)",
          flush=True)


def bench_first_sync(config: ServerConfig, folder: Path, parcels: int, without: bool
                     ) -> float:
    """A new laptop's first sync with the server's starter package (and, ``without``, one
    as without it) against COPY TO STDOUT of the same rows, measured in the same run."""
    with connect(config, autocommit=True) as connection:
        counts = {t: connection.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier(t))).fetchone()[0] for t in PULLED}
        print(f"server holds {counts}")
        baseline = timed(lambda: [copy_out(connection, f"SELECT * FROM {t}") for t in PULLED])
        label = f"({parcels} parcels, {counts['observation']} observations)"
        if without:
            fresh = laptop(folder, "without")
            with no_package():
                first = timed(lambda: SyncEngine(fresh, config, page=10_000).pull(connection))
            fresh.database.close()
            print(f"first sync without package {label}: {first:.1f} s; COPY TO STDOUT "
                  f"{baseline:.1f} s; ratio {first / baseline:.1f}x", flush=True)
        fresh = laptop(folder, "new")
        engine = SyncEngine(fresh, config, page=10_000)
        first = timed(lambda: engine.pull(connection))
        fresh.database.close()
    assert engine.report.package, "the starter package was not used"
    print(f"first sync with package {label}: {first:.1f} s; COPY TO STDOUT {baseline:.1f} s; "
          f"ratio {first / baseline:.1f}x", flush=True)
    return first / baseline


def _exists(server: str, name: str) -> bool:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  (name,)).fetchone() is not None


def _drop(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--first-sync-parcels", type=int, default=20_000)
    parser.add_argument("--first-sync-observations", type=int, default=None,
                        help="observations on the server (default 2.5 per parcel)")
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--keep-server", metavar="NAME", default=None,
                        help="the first sync's server database: loaded (demo, trimmed) when "
                             "it does not exist, reused as it is when it does, never dropped "
                             "(drop it yourself; a reused one must have been made with the "
                             "same --first-sync-parcels and --first-sync-observations)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="first syncs of a new laptop each, against the same server; "
                             "the median ratio is printed")
    parser.add_argument("--records-parcels", type=int, default=200,
                        help="parcels of part 1's server: the N observations are spread over "
                             "them (200: 50 notes per parcel, the figures of 200 parcels "
                             "refreshed; 20 000: one note on each of 10 000 parcels)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="push and pull rounds of --observations each (medians)")
    parser.add_argument("--skip-records", action="store_true",
                        help="leave out part 1 (push and pull of --observations)")
    parser.add_argument("--skip-without", action="store_true",
                        help="leave out the first sync as without a starter package")
    args = parser.parse_args()
    observations = args.first_sync_observations or int(2.5 * args.first_sync_parcels)
    name = f"otb_bench_{secrets.token_hex(3)}"
    config = ServerConfig(f"{args.server}/{name}")
    if not args.skip_records:
        schema.init(config)
        user = f"bench_field_{secrets.token_hex(3)}"
        try:
            schema.add_user(config, user, "field")
            with tempfile.TemporaryDirectory() as folder:
                load_demo(config, parcels=args.records_parcels, seed=1)
                bench_records(config, user, Path(folder), args.observations, args.rounds)
        finally:
            _drop(args.server, name)
            with psycopg.connect(f"{args.server}/postgres", autocommit=True) as connection:
                schema.drop_user(connection, user)
    keep = args.keep_server
    first_name = keep or name
    config = ServerConfig(f"{args.server}/{first_name}")
    try:
        if keep is not None and _exists(args.server, keep):
            schema.upgrade(config)
        else:
            try:
                schema.init(config)
                prepare_first_sync_server(config, args.first_sync_parcels, observations)
            except BaseException:
                _drop(args.server, first_name)   # never keep a half-loaded server
                raise
        build_package(config)
        ratios = []
        for run in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                ratios.append(bench_first_sync(config, Path(folder), args.first_sync_parcels,
                                               without=run == 0 and not args.skip_without))
        if args.repeat > 1:
            print(f"first sync: median ratio {statistics.median(ratios):.1f}x of "
                  f"{len(ratios)} runs ({', '.join(f'{r:.1f}' for r in ratios)})")
    finally:
        if keep is None:
            _drop(args.server, first_name)


if __name__ == "__main__":
    main()
