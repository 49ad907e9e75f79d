"""Benchmark: the stored figures' and heads' refresh (figure_store.refresh) per parcel.

    .venv/bin/python tests/benchmarks/bench_refresh.py --parcels 20000 --stale 10000 \
        [--against /path/to/other/checkout] [--rounds 5]

A demo laptop of P parcels is made once. Then, in a session rolled back afterwards:

- *pull*: S parcels marked stale for their observations only (``geometry_stale`` 0, what a
  sync's pull of observations on S parcels marks), refreshed;
- *all*: every parcel marked stale (``mark_all_stale``), refreshed.

Each case runs in a process of its own per code tree (the fastest of ``REPEAT`` refreshes
counts); with ``--against`` the same cases run interleaved with another checkout's code (its
``otb_desktop`` imported from there); medians over ``--rounds`` rounds, and the ratio (this
tree / the other) are printed.
``--dump FILE`` (with ``--worker``) writes the refreshed rows of ``parcel_figures`` and
``parcel_heads`` ordered by parcel, to compare two trees' results byte for byte.
Not a test: pytest skips tests/benchmarks.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CASES = ("pull", "all")
REPEAT = 3  # refreshes per process (rolled back), the fastest counts: the machine is noisy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--stale", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path)
    parser.add_argument("--worker", nargs=3, metavar=("ROOT", "DB", "CASE"))
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print every run's time")
    args = parser.parse_args()
    if args.worker:
        root, db, case = args.worker
        print(_worker(Path(root), Path(db), case, args.stale, args.dump))
        return
    trees = {"this": ROOT} | ({"against": args.against.resolve()} if args.against else {})
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "otb_desktop", "--db", str(db), "demo",
                        "--parcels", str(args.parcels)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for case in CASES:
                for name, root in trees.items():
                    copy = Path(tmp) / "run.db"
                    shutil.copyfile(db, copy)
                    out = subprocess.run(
                        [sys.executable, __file__, "--stale", str(args.stale), "--worker",
                         str(root), str(copy), case], check=True, capture_output=True,
                        text=True).stdout
                    times.setdefault((case, name), []).append(float(out.split()[-1]))
                    if args.verbose:
                        print(case, name, out.split()[-1], flush=True)
    for case in CASES:
        count = args.stale if case == "pull" else args.parcels
        line = [f"{case:5} ({count} parcels)"]
        for name in trees:
            median = statistics.median(times[case, name])
            line.append(f"{name} {median:.3f} s ({1000 * median / count:.3f} ms/parcel)")
        if len(trees) > 1:
            line.append(f"ratio {statistics.median(times[case, 'this']) / statistics.median(times[case, 'against']):.2f}")  # noqa: E501
        print("  ".join(line))


def _worker(root: Path, db: Path, case: str, stale: int, dump: Path | None) -> float:
    """Seconds of one refresh of ``case`` with the code of ``root`` (run in its own process,
    so that tree's ``otb_desktop`` is the one imported)."""
    sys.path.insert(0, str(root))
    from otb_desktop.persistence import figure_store
    from otb_desktop.persistence.database import open_database

    assert Path(figure_store.__file__).is_relative_to(root), figure_store.__file__
    database = open_database(db)
    seconds = []
    for _ in range(1 if dump else REPEAT):
        with database.session() as session:
            connection = session.connection()
            if case == "all":
                figure_store.mark_all_stale(session)
            else:  # every other parcel, as a pull's observations ("geometry": a shape) mark
                connection.exec_driver_sql(
                    "INSERT INTO parcel_figures_stale (parcel_id, geometry_stale) SELECT id, ? "
                    "FROM parcel WHERE rowid % 2 = 0 ORDER BY id LIMIT ?",
                    (int(case == "geometry"), stale))
            _scramble(connection)
            start = time.perf_counter()
            figure_store.refresh(session)
            seconds.append(time.perf_counter() - start)
            if dump is not None:
                _dump(connection, dump)
            session.rollback()
    return min(seconds)


def _scramble(connection) -> None:
    """The stale parcels' stored heads and survey-derived figures made wrong or removed, so
    a dump shows that the refresh wrote them (and not that it left them alone)."""
    stale = "SELECT parcel_id FROM parcel_figures_stale"
    every = connection.exec_driver_sql(
        "SELECT 1 FROM parcel_figures_stale WHERE parcel_id = '*'").first() is not None
    where = "1" if every else f"parcel_id IN ({stale})"
    connection.exec_driver_sql(f"DELETE FROM parcel_heads WHERE {where} AND rowid % 2 = 0")
    connection.exec_driver_sql(
        f"UPDATE parcel_heads SET \"values\" = '{{}}', surveyed = -1 WHERE {where}")
    connection.exec_driver_sql(f"DELETE FROM parcel_figures WHERE {where} AND rowid % 5 = 0")
    connection.exec_driver_sql(
        "UPDATE parcel_figures SET figures = json_set(figures, '$.vacancy_pct', -1, "
        "'$.climate_score', -1, '$.unused_coverage_m2', -1, '$.profile_fit', -1) "
        f"WHERE {where}")


def _dump(connection, path: Path) -> None:
    with path.open("w") as out:
        for table, columns in (("parcel_figures", "*"), ("parcel_heads", "*")):
            for row in connection.exec_driver_sql(
                    f"SELECT {columns} FROM {table} ORDER BY parcel_id"):
                out.write(f"{table}\t" + "\t".join(map(repr, row)) + "\n")


if __name__ == "__main__":
    main()
