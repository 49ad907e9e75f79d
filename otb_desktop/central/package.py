"""Build the starter package (``otb-desktop central package``): a new laptop's first sync,
prepared once by the administrator and stored on the server (central migration c0007).

Exactly what a new laptop would get: a fresh local database in a temporary folder, the normal
first pull into it (``SyncEngine.pull``, cursors included; like a new laptop's, it starts
from the current package when there is one of this revision, so a refresh after an import
costs the pull of what changed, not of everything; a redaction deletes the package, so the
next one is pulled whole), then what is the building
machine's own removed (every setting but those describing the content,
``package.CONTENT_SETTINGS``: device id, user name, server), written compactly with
``VACUUM INTO`` and uploaded in chunks with its SHA-256, size and the local schema revision
it was made by. Publishing it deletes every older package; the server refuses it when a
redaction (AVG) arrived that it does not hold (then build again).
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path

import psycopg
from sqlalchemy import delete

from otb_desktop.central.schema import CentralAdminError
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Setting
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.redaction import FAMILY as REDACTION_FAMILY
from otb_desktop.sync import carriers as carrying
from otb_desktop.sync.connection import ServerConfig, connect, handshake
from otb_desktop.sync.package import CHUNK, CONTENT_SETTINGS, local_revision


def build(config: ServerConfig, progress: Progress = no_progress, chunk: int = CHUNK
          ) -> list[str]:
    """Build and upload the package; Dutch lines for the administrator."""
    from otb_desktop.sync.engine import SyncEngine

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="otb-package-") as folder, \
            connect(config, autocommit=True) as connection:
        handshake(connection, f"De server {config.safe_label()}")
        context = AppContext(open_database(Path(folder) / "otb.sqlite"))
        try:
            progress(0, 0, "Startpakket: alles ophalen zoals een nieuwe laptop")
            engine = SyncEngine(context, config, progress=progress)
            engine.pull(connection)
            if engine.report.behind:
                raise CentralAdminError(
                    "De server was nog bezig met andere opslag, dus het startpakket zou niet "
                    "alles bevatten; probeer 'central package' zo opnieuw. Er is niets "
                    "opgeslagen.")
            with context.database.session() as session:
                revision = local_revision(session)
                if any(c.outbox_count(session) for c in engine.records):
                    raise AssertionError("a package's database has records not on the server")
                redactions = carrying.cursor_of(session, f"revision:{REDACTION_FAMILY}")
                session.execute(delete(Setting).where(Setting.key.not_in(CONTENT_SETTINGS)))
        finally:
            context.database.close()
        file = Path(folder) / "package.sqlite"
        progress(0, 0, "Startpakket: database comprimeren")
        with closing(sqlite3.connect(Path(folder) / "otb.sqlite")) as database:
            database.execute("VACUUM INTO ?", (str(file),))
        size, sha = file.stat().st_size, _sha256(file)
        package = _upload(connection, file, revision, size, sha, redactions, chunk, progress)
    seconds = time.perf_counter() - started
    start = " (vanaf het vorige startpakket)" if engine.report.package else ""
    return [f"Startpakket {package} op {config.safe_label()} gezet in {seconds:.0f} s{start}: "
            f"{size / 1e6:.0f} MB, appversie (schema) {revision}. Nieuwe laptops halen het "
            "bij hun eerste synchronisatie op; oudere startpakketten zijn verwijderd."]


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _upload(connection: psycopg.Connection, file: Path, revision: str, size: int, sha: str,
            redactions: tuple[int, str], chunk: int, progress: Progress) -> int:
    """The package row (incomplete), its chunks (one transaction each), then published."""
    chunks = max(1, -(-size // chunk))
    try:
        with connection.transaction():
            package = connection.execute(
                "INSERT INTO starter_package (local_revision, sha256, size, chunk_size, "
                "chunks, redaction_txid, redaction_id) VALUES (%s, %s, %s, %s, %s, "
                "%s::text::xid8, %s) RETURNING id",
                (revision, sha, size, chunk, chunks, str(redactions[0]), redactions[1])
            ).fetchone()[0]
        with file.open("rb") as stream:
            for n in range(chunks):
                progress(n, chunks, "Startpakket versturen")
                with connection.transaction():
                    connection.execute("INSERT INTO starter_package_chunk (package_id, n, "
                                       "data) VALUES (%s, %s, %s)",
                                       (package, n, stream.read(chunk)))
        with connection.transaction():
            published = connection.execute("SELECT otb_publish_package(%s)",
                                           (package,)).fetchone()[0]
    except psycopg.errors.InsufficientPrivilege as exc:
        raise CentralAdminError(
            "Alleen een beheerder (rol admin) kan een startpakket op de server zetten; er is "
            "niets veranderd.") from exc
    if not published:
        raise CentralAdminError(
            "Tijdens het bouwen kwam er een verwijdering (AVG) binnen die niet in het "
            "startpakket zit; het is niet gebruikt. Voer 'central package' opnieuw uit.")
    return package
