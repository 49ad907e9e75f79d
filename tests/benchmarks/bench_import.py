"""Benchmark: importing a BRK-like parcel GeoPackage against ``ogr2ogr -f SQLite`` of it.

    .venv/bin/python tests/benchmarks/bench_import.py --parcels 100000

Generates a synthetic GeoPackage in the PDOK kadastralekaart layout (layer ``perceel``,
snake_case field names, RD New; a few self-intersecting parcels to repair) plus boundaries for
the 14 parks over part of it. The baseline is ogr2ogr copying the GeoPackage into a SQLite file.
The import runs in a child process on a fresh database whose parks already have boundaries,
so that park assignment is part of the work, and only ``import_parcels`` is timed; the
child's peak RSS is its own. Not a test: pytest skips tests/benchmarks.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

CELL = 40.0            # metres between parcel origins
VERTICES = 10          # per parcel ring (BRK parcels have roughly this many)
ORIGIN = (245_000.0, 470_000.0)
AKR_CODES = np.array(["HGL01", "HGL02", "HGL03", "BNE01"], dtype=object)
SECTIONS = np.array(list("ABCDEFGHKLMNOPRS"), dtype=object)


def parcel_geometries(count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    columns = int(np.ceil(np.sqrt(count)))
    index = np.arange(count)
    x0 = ORIGIN[0] + (index % columns) * CELL
    y0 = ORIGIN[1] + (index // columns) * CELL
    side = CELL * 0.9
    walk = np.linspace(0, 4, VERTICES, endpoint=False)   # around the square's perimeter
    dx = np.select([walk < 1, walk < 2, walk < 3], [walk * side, side, (3 - walk) * side], 0)
    dy = np.select([walk < 1, walk < 2, walk < 3], [0, (walk - 1) * side, side],
                   (4 - walk) * side)
    coords = np.empty((count, VERTICES + 1, 2))
    coords[:, :VERTICES, 0] = x0[:, None] + dx + rng.normal(0, 0.3, (count, VERTICES))
    coords[:, :VERTICES, 1] = y0[:, None] + dy + rng.normal(0, 0.3, (count, VERTICES))
    # One parcel in 2 000 is a bowtie (two corners swapped): the import must repair it.
    bowties = index[::2000]
    coords[bowties, 1], coords[bowties, 3] = coords[bowties, 3], coords[bowties, 1].copy()
    coords[:, VERTICES] = coords[:, 0]
    return shapely.polygons(coords)


def write_parcels(path: Path, count: int, seed: int) -> None:
    geometries = parcel_geometries(count, seed)
    index = np.arange(count)
    fields = {
        "identificatie_namespace": np.full(count, "NL.IMKAD.KadastraalObject", dtype=object),
        "identificatie_lokaal_id": np.array([f"{84_000_000_000_000 + i}" for i in index],
                                            dtype=object),
        "kadastrale_gemeente_waarde": np.full(count, "Hengelo", dtype=object),
        "akr_kadastrale_gemeente_code_waarde": AKR_CODES[index % len(AKR_CODES)],
        "sectie": SECTIONS[(index // len(AKR_CODES)) % len(SECTIONS)],
        "perceelnummer": (index // (len(AKR_CODES) * len(SECTIONS)) + 1).astype(np.int32),
        "kadastrale_grootte_waarde": np.round(shapely.area(geometries)),
        "soort_grootte_waarde": np.full(count, "Vastgesteld", dtype=object),
        "status_historie_waarde": np.full(count, "Geldig", dtype=object),
    }
    pyogrio.raw.write(path, shapely.to_wkb(geometries), list(fields.values()), list(fields),
                      layer="perceel", driver="GPKG", geometry_type="Polygon",
                      crs="EPSG:28992")


def write_parks(path: Path, count: int) -> None:
    """14 park rectangles side by side over the lower 60 % of the parcel grid."""
    from otb_desktop.domain.parks import load_park_definitions
    from otb_desktop.paths import resources_dir

    names = [p.name for p in load_park_definitions(resources_dir() / "parks.json")]
    width = np.ceil(np.sqrt(count)) * CELL
    height = 0.6 * width
    step = width / len(names)
    boxes = shapely.box(ORIGIN[0] + np.arange(len(names)) * step, ORIGIN[1],
                        ORIGIN[0] + (np.arange(len(names)) + 1) * step, ORIGIN[1] + height)
    pyogrio.raw.write(path, shapely.to_wkb(boxes), [np.array(names, dtype=object)], ["naam"],
                      driver="GeoJSON", geometry_type="Polygon", crs="EPSG:28992")


def child(database: Path, parcels: Path, parks: Path) -> None:
    """Runs in its own process: fresh database, parks first, then the timed parcel import."""
    from otb_desktop.importing import gis
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    context = AppContext(open_database(database))
    gis.import_parks(context, parks)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu = time.perf_counter(), time.process_time()
    report = gis.import_parcels(context, parcels)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu": cpu, "maxrss_kb": peak,
                      "maxrss_before_kb": before,
                      "created": report.created, "repaired": len(report.repaired),
                      "outside": report.outside_parks}))


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ogr2ogr_run(source: Path, folder: Path) -> dict:
    target = folder / "ogr2ogr.sqlite"
    target.unlink(missing_ok=True)
    start, cpu = time.perf_counter(), cpu_of_children()
    subprocess.run(["ogr2ogr", "-f", "SQLite", str(target), str(source)], check=True,
                   capture_output=True)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_of_children() - cpu}


def import_run(source: Path, parks: Path, folder: Path) -> dict:
    database = folder / "import.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--child", str(database), str(source),
                             str(parks)], check=True, capture_output=True, text=True)
    run = json.loads(result.stdout.strip().splitlines()[-1])
    return {**run, "process_seconds": time.perf_counter() - start}


def line(label: str, runs: list[float]) -> str:
    return (f"{label:<34}: median {statistics.median(runs):5.2f} s, best {min(runs):5.2f} s "
            f"(runs: {', '.join(f'{s:.2f}' for s in runs)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if shutil.which("ogr2ogr") is None:
        sys.exit("ogr2ogr (gdal-bin) is needed for the baseline")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="otb-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source, parks = folder / "perceel.gpkg", folder / "parks.geojson"
    start = time.perf_counter()
    write_parcels(source, args.parcels, args.seed)
    write_parks(parks, args.parcels)
    print(f"generated {args.parcels} parcels ({source.stat().st_size / 1e6:.1f} MB) in "
          f"{time.perf_counter() - start:.1f} s: {source}")
    baseline, imports = [], []
    for _ in range(args.runs):   # interleaved, so both see the same machine load
        baseline.append(ogr2ogr_run(source, folder))
        imports.append(import_run(source, parks, folder))
    rows = {
        "ogr2ogr -f SQLite, wall": [r["seconds"] for r in baseline],
        "import_parcels, wall": [r["seconds"] for r in imports],
        "ogr2ogr -f SQLite, CPU": [r["cpu"] for r in baseline],
        "import_parcels, CPU": [r["cpu"] for r in imports],
        "import child process incl. start-up": [r["process_seconds"] for r in imports],
    }
    for label, runs in rows.items():
        print(line(label, runs))
    for what in ("wall", "CPU"):
        base = rows[f"ogr2ogr -f SQLite, {what}"]
        ours = rows[f"import_parcels, {what}"]
        median = statistics.median(ours) / statistics.median(base)
        print(f"{'ratio, ' + what:<34}: median {median:.2f}x, best {min(ours) / min(base):.2f}x")
    last = imports[-1]
    print(f"peak memory (import child)        : {last['maxrss_kb'] / 1024:.0f} MB "
          f"({last['maxrss_before_kb'] / 1024:.0f} MB before the import started)")
    print(f"created {last['created']}, repaired {last['repaired']}, outside parks "
          f"{last['outside']}")
    if not args.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
