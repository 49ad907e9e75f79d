"""The administrator's loads into the central database: reference data and the demo set.

They go through the laptop's own code: the file (or the demo generator) is read into a
scratch SQLite database by exactly the readers a laptop uses (so ids are derived the same
way), after the server's parks (and, for park boundaries, its parcels) were pulled into it;
then the reference rows are upserted on the server and survey records pushed like any
laptop's, in one server transaction per batch.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import sql

from otb_desktop.persistence.database import open_database
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.sync import carriers as carrying
from otb_desktop.sync.carriers import ReferenceCarrier
from otb_desktop.sync.connection import ServerConfig, connect, handshake
from otb_desktop.sync.engine import SyncEngine

UPLOAD_BATCH = 5_000


def upsert_reference(connection: psycopg.Connection, carrier: ReferenceCarrier,
                     rows: list[dict], progress: Progress = no_progress) -> None:
    """Insert or update reference rows (provenance of existing rows is kept)."""
    keep = {"id", "created_at", "created_by", "device_id"}
    updates = sql.SQL(", ").join(
        sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c))
        for c in carrier.columns if c not in keep)
    statement = carrier.insert_sql(on_conflict="") + sql.SQL("DO UPDATE SET ") + updates
    with connection.transaction(), connection.cursor() as cursor:
        for start in range(0, len(rows), UPLOAD_BATCH):
            cursor.executemany(statement, [carrier.server_values(r)
                                           for r in rows[start:start + UPLOAD_BATCH]])
            progress(min(start + UPLOAD_BATCH, len(rows)), len(rows),
                     f"Centraal opslaan: {carrier.kind}")


def _scratch(config: ServerConfig, work: Callable[[AppContext, psycopg.Connection], list[str]]
             ) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="otb-central-") as folder:
        context = AppContext(open_database(Path(folder) / "scratch.sqlite"))
        try:
            context.set_user_name(config.params().get("user") or "beheerder")
            with connect(config, autocommit=True) as connection:
                handshake(connection, f"De server {config.safe_label()}")
                return work(context, connection)
        finally:
            context.database.close()


def _upload_all(context: AppContext, connection: psycopg.Connection, kinds: tuple[str, ...],
                progress: Progress) -> dict[str, int]:
    counts = {}
    for carrier in carrying.reference_carriers():
        if carrier.kind in kinds:
            with context.database.session() as session:
                rows = carrier.local_rows(session)
            upsert_reference(connection, carrier, rows, progress)
            counts[carrier.kind] = len(rows)
    return counts


def import_reference(config: ServerConfig, kind: str, path: Path, layer: str | None = None,
                     mapping: Path | None = None, progress: Progress = no_progress
                     ) -> list[str]:
    """``central import parcels|buildings|verblijfsobjecten|parks FILE``: the laptop's
    reader, central rows."""
    from otb_desktop.importing import gis
    from otb_desktop.importing.verblijfsobjecten import import_verblijfsobjecten

    def work(context: AppContext, connection: psycopg.Connection) -> list[str]:
        needed = {"parks": ("business_park", "parcel"), "parcels": ("business_park",),
                  "buildings": (), "verblijfsobjecten": ()}[kind]
        SyncEngine(context, config).pull_kinds(connection, needed)
        importer = {"parks": gis.import_parks, "parcels": gis.import_parcels,
                    "buildings": gis.import_buildings,
                    "verblijfsobjecten": import_verblijfsobjecten}[kind]
        report = importer(context, path, layer=layer, mapping=mapping, progress=progress)
        uploads = {"parks": ("business_park", "parcel"), "parcels": ("business_park", "parcel"),
                   "buildings": ("building",), "verblijfsobjecten": ("verblijfsobject",)}[kind]
        counts = _upload_all(context, connection, uploads, progress)
        stored = ", ".join(f"{n} {k}" for k, n in counts.items())
        return [*report.summary_lines(), f"Centraal opgeslagen op {config.safe_label()}: "
                f"{stored}."]

    return _scratch(config, work)


def load_demo(config: ServerConfig, parcels: int | None = None, seed: int = 2026,
              progress: Progress = no_progress) -> list[str]:
    """``central demo``: the laptop's demo set, reference data and survey records."""
    from otb_desktop.demo.generator import generate

    def work(context: AppContext, connection: psycopg.Connection) -> list[str]:
        summary = generate(context, parcels=parcels, seed=seed, progress=progress)
        _upload_all(context, connection, ("business_park", "parcel", "building",
                                          "verblijfsobject"), progress)
        engine = SyncEngine(context, config, batch=UPLOAD_BATCH, progress=progress)
        engine.push(connection)
        return [*summary.summary_lines(),
                f"Centraal opgeslagen op {config.safe_label()}; een laptop krijgt het bij "
                "zijn eerste synchronisatie."]

    return _scratch(config, work)
