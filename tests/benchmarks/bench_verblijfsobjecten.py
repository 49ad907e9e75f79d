"""What BAG verblijfsobjecten cost the parcel rows: a city's dwellings against none.

The parcel rows read every residential point (the nearest dwelling may lie far from the
parcels asked for) and the verblijfsobjecten on the parcels' box. Baseline in the same run:
the same demo database without verblijfsobjecten. Measured for the whole table (start, export)
and for one parcel (the refresh after a save).

    .venv/bin/python tests/benchmarks/bench_verblijfsobjecten.py --parcels 20000 --dwellings 40000
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from sqlalchemy import delete
from timing import median_seconds  # a sibling module: benchmarks run as scripts

from otb_desktop.demo.generator import generate
from otb_desktop.domain.ids import new_ids
from otb_desktop.persistence.bulk import Same, insert_columns
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Verblijfsobject
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcels import ParcelService


def measure(context: AppContext, repeat: int) -> tuple[float, float]:
    service = ParcelService(context)
    one = [service.rows()[len(service.rows()) // 2].id]
    return (median_seconds(service.rows, repeat),
            median_seconds(lambda: service.rows(one), repeat * 5))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=5000)
    parser.add_argument("--dwellings", type=int, default=40_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        context = AppContext(open_database(Path(folder) / "bench.sqlite", create=True))
        context.set_user_name("bench")
        generate(context, parcels=args.parcels)
        with context.database.session() as session:
            session.execute(delete(Verblijfsobject))     # baseline: none at all
        base_all, base_one = measure(context, args.repeat)
        rng = np.random.default_rng(1)
        n = args.dwellings
        with context.database.session() as session:
            insert_columns(session, Verblijfsobject, n, {
                "id": new_ids(n), "bag_id": [f"0164018{i:09d}" for i in range(n)],
                "floor_area_m2": rng.uniform(60, 200, n), "uses": Same(["woonfunctie"]),
                "residential": Same(True), "x": rng.uniform(245_000, 262_000, n),
                "y": rng.uniform(468_000, 482_000, n), "created_by": Same("bench"),
                "device_id": Same(context.device_id)})
        with_all, with_one = measure(context, args.repeat)
        context.database.close()
    print(f"{args.parcels} parcels, {n} dwellings (woonfunctie)")
    print(f"all rows: {with_all * 1000:.0f} ms vs {base_all * 1000:.0f} ms without "
          f"verblijfsobjecten (ratio {with_all / base_all:.2f})")
    print(f"one row:  {with_one * 1000:.1f} ms vs {base_one * 1000:.1f} ms "
          f"(ratio {with_one / base_one:.2f})")


if __name__ == "__main__":
    main()
