"""Intake sheets (3F) per second for a batch of demo sites, against a bare ReportLab page.

Baseline in the same run: a one-page SimpleDocTemplate with one 25 × 4 table in Helvetica
(no font embedding, no map, no photos), written to memory; its pages per second. The sheets
are two pages each (map drawn from the vector geometry, embedded DejaVu subsets, KeepInFrame
shrink-to-fit). Goal: sheets/s ≥ 1/3 of the baseline's pages/s.

    .venv/bin/python tests/benchmarks/bench_sheets.py --sites 100

Figures: render only (SheetData ready, one PDF per site and one PDF for the whole batch),
gathering only (database → SheetData), and the whole batch end to end (print_sheets).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from otb_desktop.demo.generator import generate
from otb_desktop.exporting.sheets.batch import print_sheets
from otb_desktop.exporting.sheets.document import write_sheets
from otb_desktop.persistence.database import open_database
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.sheet_data import gather_sheets

TODAY = dt.date(2026, 11, 30)


def bare_pages_per_second(count: int) -> float:
    rows = [[f"r{r}c{c}" for c in range(4)] for r in range(25)]
    start = time.perf_counter()
    for _ in range(count):
        SimpleDocTemplate(io.BytesIO(), pagesize=A4).build([Table(rows)])
    return count / (time.perf_counter() - start)


def make_sites(context: AppContext, wanted: int) -> list[str]:
    """The demo's sites plus single-parcel sites made by intakes, up to ``wanted``."""
    sites = [s.id for s in site_store.list_sites(context)]
    taken = {p for s in site_store.list_sites(context) for p in s.parcel_ids}
    service = IntakeService(context)
    rows = [r for r in ParcelService(context).rows() if r.in_scope and r.id not in taken]
    step = max(1, len(rows) // max(1, wanted - len(sites)))
    for row in rows[::step]:
        if len(sites) >= wanted:
            break
        sites.append(service.start(parcel_ids=[row.id], plan_kind="verbouwing").site_id)
    return sites[:wanted]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--parcels", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sheets-"))
    database = open_database(folder / "bench.sqlite")
    context = AppContext(database)
    context.set_user_name("Benchmark")
    generate(context, parcels=args.parcels, today=TODAY)
    site_ids = make_sites(context, args.sites)
    n = len(site_ids)

    bare_pages_per_second(20)  # warm up imports and caches
    write_sheets(gather_sheets(context, site_ids[:2], "extern", TODAY), io.BytesIO())
    rounds: dict[str, list[float]] = {k: [] for k in ("bare", "file", "batch", "gather",
                                                      "end")}
    for _ in range(args.rounds):  # interleaved, best of each: the machine is shared
        rounds["bare"].append(bare_pages_per_second(max(100, 2 * n)))
        start = time.perf_counter()
        sheets = gather_sheets(context, site_ids, "extern", TODAY)
        rounds["gather"].append(n / (time.perf_counter() - start))
        start = time.perf_counter()
        for sheet in sheets:
            write_sheets([sheet], io.BytesIO())
        rounds["file"].append(n / (time.perf_counter() - start))
        start = time.perf_counter()
        write_sheets(sheets, io.BytesIO())
        rounds["batch"].append(n / (time.perf_counter() - start))
        start = time.perf_counter()
        print_sheets(context, site_ids, folder / "batch.pdf", printed_on=TODAY)
        rounds["end"].append(n / (time.perf_counter() - start))
    bare, per_file, one_pdf, gather, end_to_end = (
        max(rounds[k]) for k in ("bare", "file", "batch", "gather", "end"))
    database.close()

    print(f"sites: {n} (demo {args.parcels} parcels), best of {args.rounds} rounds")
    print(f"baseline  bare one-page doc with one table: {bare:8.1f} pages/s")
    print(f"sheets    render, one PDF per site:          {per_file:8.1f} sheets/s  "
          f"ratio {per_file / bare:.2f} (goal ≥ 0.33)")
    print(f"sheets    render, one PDF for the batch:     {one_pdf:8.1f} sheets/s  "
          f"ratio {one_pdf / bare:.2f}")
    print(f"gather    database → SheetData:              {gather:8.1f} sheets/s")
    print(f"batch     print_sheets end to end:           {end_to_end:8.1f} sheets/s  "
          f"ratio {end_to_end / bare:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
