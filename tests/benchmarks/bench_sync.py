"""Benchmark: sync against raw psycopg COPY of the same rows, measured in the same run.

    .venv/bin/python tests/benchmarks/bench_sync.py --observations 10000 \
        --first-sync-parcels 200000

1. Push of N local observations (engine: batches, content check, insert-if-absent, local
   confirmation) against ``COPY observation_copy FROM STDIN`` of the same rows; pull of those
   N observations by a second laptop against ``COPY (SELECT …) TO STDOUT``.
   The push is also compared with ``COPY`` into a logged table with the observation table's
   indexes (``LIKE observation INCLUDING ALL``), which is what writing the rows costs at all,
   and with ``COPY`` into the observation table itself (its arrival checks: parcel, edges;
   as superuser, so without row-level security; rolled back).
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


def laptop(folder: Path, name: str) -> AppContext:
    context = AppContext(open_database(folder / name / "otb.sqlite"))
    context.set_user_name("postgres")
    return context


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def local_observations(context: AppContext, count: int) -> None:
    with context.database.session() as session:
        parcels = [r[0] for r in session.execute(sql_text("SELECT id FROM parcel"))]
        now = utcnow()
        insert_columns(session, Observation, count, {
            "id": new_ids(count), "parcel_id": [parcels[i % len(parcels)] for i in range(count)],
            "topic": Same("note"), "values": [{"text": f"waarneming {i}"} for i in range(count)],
            "observed_at": Same(now), "created_at": Same(now), "created_by": Same("postgres"),
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


def bench_records(config: ServerConfig, folder: Path, count: int) -> None:
    a, b = laptop(folder, "a"), laptop(folder, "b")
    with connect(config, autocommit=True) as connection:
        SyncEngine(a, config).pull(connection)
        SyncEngine(b, config).pull(connection)
        local_observations(a, count)
        engine = SyncEngine(a, config)
        carrier = engine.records[1]
        with a.database.session() as session:
            rows = [dict(zip(carrier.server_columns, r, strict=True))
                    for r in carrier.outbox(session, count)]
        copy_rows = [tuple(r[c] for c in COLUMNS) for r in rows]   # the same text
        baseline_in = timed(lambda: copy_in(connection, copy_rows))
        indexed_in = timed(lambda: copy_in(connection, copy_rows, indexed=True))
        connection.execute("DROP TABLE observation_indexed")
        into_table = copy_into_observation(connection, copy_rows)
        push = timed(lambda: engine.push(connection))
        baseline_out = timed(lambda: copy_out(
            connection, "SELECT txid, * FROM observation WHERE device_id = "
                        f"'{a.device_id}'"))
        pull = timed(lambda: SyncEngine(b, config).pull(connection))
    print(f"push {count} observations: {push:.2f} s; COPY FROM STDIN {baseline_in:.2f} s; "
          f"ratio {push / baseline_in:.1f}x (COPY into an indexed table {indexed_in:.2f} s; "
          f"ratio {push / indexed_in:.1f}x; COPY into the observation table itself, with its "
          f"arrival checks, {into_table:.2f} s; ratio "
          f"{push / into_table:.1f}x)")
    print(f"pull {count} observations: {pull:.2f} s; COPY TO STDOUT {baseline_out:.2f} s; "
          f"ratio {pull / baseline_out:.1f}x")


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
        try:
            with tempfile.TemporaryDirectory() as folder:
                load_demo(config, parcels=200, seed=1)
                bench_records(config, Path(folder), args.observations)
        finally:
            _drop(args.server, name)
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
