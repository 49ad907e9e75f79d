"""Benchmark: the three exports against a plain pyogrio write of the same table, same run.

    .venv/bin/python tests/benchmarks/bench_export.py --parcels 100000 [--rounds 3]

Makes (once, cached in the temp folder) a demo database of ``--parcels`` parcels. The baseline
is the table every export holds (the same rows, columns and MultiPolygons, built beforehand in
memory, not timed) written with one ``pyogrio.raw.write`` to a GeoPackage: the cost of the
writing alone. Each export runs in a child process on that database and is timed whole
(reading, figures, writing), with the child's own peak RSS. Goal (issue 7): each within 3×
of the baseline. With ``--rounds`` the baseline is measured again before each round and the
median ratio counts (the machine's other work disturbs a single run); the CPU-time ratio is
printed beside it. "XlsxWriter alone" is the floor of XlsxWriter's per-cell path: writing
cells prepared beforehand; it is why the XLSX export streams the parcel rows as XML itself
(exporting/xlsx_rows.py) and leaves XlsxWriter the rest of the workbook. Not a test: pytest
skips tests/benchmarks.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("gpkg", "csv", "xlsx")
GOAL = 3.0


def _open(database: Path):
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    return AppContext(open_database(database, create=False))


def baseline_child(database: Path, out: Path) -> dict:
    import numpy as np
    import pyogrio.raw
    import shapely

    from otb_desktop.exporting import parcels as export
    from otb_desktop.services.parcel_table import columns, table
    from otb_desktop.services.parcels import ParcelService

    context = _open(database)
    rows = ParcelService(context).rows()
    cols = columns()
    data, masks = zip(*map(export._field_array, cols, table(cols, rows)), strict=True)
    geometries = np.concatenate([export._geometries(context, rows[i:i + 20_000])
                                 for i in range(0, len(rows), 20_000)])
    # MultiPolygons already (the export leaves making Polygons multi to GDAL, timed there).
    geometries = np.array([shapely.to_wkb(export._multipolygon(g))
                           for g in shapely.from_wkb(geometries)], dtype=object)
    started = _clock()
    pyogrio.raw.write(str(out), geometries, list(data), [c.key for c in cols],
                      field_mask=list(masks), layer="percelen", driver="GPKG",
                      geometry_type="MultiPolygon", crs="EPSG:28992")
    return {**_since(started), "parcels": len(rows)}


def xlsxwriter_child(database: Path, out: Path) -> dict:
    """XlsxWriter's own share of the XLSX export: the cells prepared beforehand (not timed),
    then only their writing and the closing of the workbook timed: the floor of the per-cell
    path (the export no longer takes it for the parcel rows)."""
    import xlsxwriter

    from otb_desktop.exporting import parcels as export
    from otb_desktop.services.parcel_table import columns, table
    from otb_desktop.services.parcels import ParcelService

    rows = ParcelService(_open(database)).rows()
    cols = columns()
    cells = [export._xlsx_cells(c, values, rows, cols)
             for c, values in zip(cols, table(cols, rows), strict=True)]
    started = _clock()
    book = xlsxwriter.Workbook(str(out), export.XLSX_OPTIONS)
    sheet = book.add_worksheet(export.SHEET_TITLE)
    export._xlsx_write(sheet, export._xlsx_styles(export._xlsx_formats(book), cols), cells, 0)
    book.close()
    return {**_since(started), "parcels": len(rows)}


def export_child(database: Path, fmt: str, out: Path) -> dict:
    from otb_desktop.exporting import parcels as export

    context = _open(database)
    writer = {"gpkg": export.export_gpkg, "csv": export.export_csv,
              "xlsx": export.export_xlsx}[fmt]
    started = _clock()
    report = writer(context, out)
    return {**_since(started), "parcels": report.parcels}


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(started: tuple[float, float]) -> dict:
    """Wall-clock seconds (the goal) and the process's CPU seconds (less disturbed when other
    work shares the machine's cores)."""
    return {"seconds": time.perf_counter() - started[0],
            "cpu": time.process_time() - started[1]}


def run_child(*args: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def ensure_database(parcels: int) -> Path:
    database = Path(tempfile.gettempdir()) / f"otb-bench-export-{parcels}.sqlite"
    if not database.exists():
        print(f"demo database of {parcels} parcels: {database}", flush=True)
        subprocess.run([sys.executable, "-m", "otb_desktop", "--db", str(database), "demo",
                        "--parcels", str(parcels)], check=True)
    return database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat baseline and exports; the medians count")
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, database, out = args.child[0], Path(args.child[1]), Path(args.child[-1])
        figures = (baseline_child(database, out) if kind == "baseline"
                   else xlsxwriter_child(database, out) if kind == "xlsxwriter"
                   else export_child(database, kind, out))
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    database = ensure_database(args.parcels)
    ratios: dict[str, list[float]] = {fmt: [] for fmt in (*FORMATS, "xlsxwriter")}
    cpu_ratios: dict[str, list[float]] = {fmt: [] for fmt in ratios}
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(1, args.rounds + 1):
            if args.rounds > 1:
                print(f"round {round_} of {args.rounds}")
            base = run_child("baseline", str(database), str(Path(folder) / "baseline.gpkg"))
            print(f"baseline pyogrio.raw.write ({base['parcels']} parcels): "
                  f"{base['seconds']:.2f} s (CPU {base['cpu']:.2f} s), "
                  f"peak RSS {base['peak_rss_mb']:.0f} MB (table built in memory beforehand)")
            for fmt in ratios:
                figures = run_child(fmt, str(database), str(Path(folder) / f"out.{fmt}"))
                ratios[fmt].append(figures["seconds"] / base["seconds"])
                cpu_ratios[fmt].append(figures["cpu"] / base["cpu"])
                what = ("(XlsxWriter alone, writing the prepared cells)" if fmt == "xlsxwriter"
                        else f"export {fmt:4}:")
                print(f"{what} {figures['seconds']:6.2f} s = {ratios[fmt][-1]:4.2f}× baseline "
                      f"(CPU {cpu_ratios[fmt][-1]:4.2f}×), "
                      f"peak RSS {figures['peak_rss_mb']:.0f} MB", flush=True)
    if args.rounds > 1:
        print(f"median of {args.rounds} rounds: " + ", ".join(
            f"{fmt} {statistics.median(ratios[fmt]):.2f}× "
            f"(CPU {statistics.median(cpu_ratios[fmt]):.2f}×)" for fmt in ratios))
    worst = max(statistics.median(ratios[fmt]) for fmt in FORMATS)
    print(f"worst ratio {worst:.2f}× (goal ≤ {GOAL:.0f}×): "
          f"{'met' if worst <= GOAL else 'NOT met'}")

if __name__ == "__main__":
    main()
