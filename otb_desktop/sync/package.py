"""The starter package on a new laptop: the administrator's prepared first sync, downloaded
and copied into the empty local database instead of pulling every row one by one.

The server keeps at most one complete package (central migration c0007, built by
``otb-desktop central package``): a laptop database exactly as a first pull leaves it, its
cursors included, without laptop-specific settings. It is used only when nothing local can
be lost: the laptop database holds no data at all (``is_empty``) and was made by the same
local migration as the package. Then:

1. the chunks are downloaded into a file in the database's cache folder
   (``paths.cache_dir``); an interrupted download continues there at the next chunk;
2. the file's SHA-256 must be the package's, else it is deleted and the normal pull goes on
   with the database untouched;
3. SQLite's backup API copies it into the open database (the app's own connection), this
   laptop's settings (device id, user name, server) are written back, and the normal pull
   continues from the package's cursors: whatever was pushed after the package was built.

The database's change log (``parcel_row_change``) is the package's after the copy, so a start
snapshot written before names an entry the new database lacks and is not used.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from otb_desktop.persistence import figure_store
from otb_desktop.persistence.database import Database
from otb_desktop.persistence.models import Base, Setting
from otb_desktop.progress import Progress

log = logging.getLogger(__name__)

CHUNK = 8 * 1024 * 1024
# Settings that describe the database's content, not the laptop: they travel with the
# package. Every other setting (device id, user name, server, chosen profile) is the
# laptop's own: removed when a package is built, kept when one is used.
CONTENT_SETTINGS = (figure_store.SIGNATURE_KEY, figure_store.HEADS_KEY)
# Tables whose rows follow from the others or belong to the file, not to anyone's work.
_DERIVED = frozenset({"local_setting", "parcel_figures", "parcel_heads", "parcel_figures_stale",
                      "parcel_row_change"})
_PART = "starter-package-{sha}.part"


class PackageUnusable(Exception):  # noqa: N818 - a reason to pull normally, not an error
    """The package cannot be used now; the laptop pulls as without one (nothing changed)."""


@dataclass(frozen=True)
class Package:
    id: int
    local_revision: str
    sha256: str
    size: int
    chunk_size: int
    chunks: int


def local_revision(session: Session) -> str | None:
    return session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(session: Session) -> bool:
    """True when the database holds nothing anyone made or pulled: every table but the
    settings and what is derived from the rest is empty (no parcels, buildings or parks, no
    records, drafts or outbox, every sync cursor at the start)."""
    return not session.execute(text(_ANY_DATA)).scalar()


# One query: does any table hold data (``is_empty``)?
_ANY_DATA = "SELECT " + " OR ".join(
    f'EXISTS (SELECT 1 FROM "{name}")' for name in sorted(Base.metadata.tables)
    if name not in _DERIVED)


def newest(connection: psycopg.Connection) -> Package | None:
    """The server's complete package, or None (none, or a server before migration c0007)."""
    with connection.transaction(), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.starter_package') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT id, local_revision, sha256, size, chunk_size, chunks "
                       "FROM starter_package WHERE complete ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return Package(*row) if row else None


def download(connection: psycopg.Connection, package: Package, folder: Path,
             progress: Progress, fault=lambda point: None) -> Path:
    """The package as a file in ``folder``, its SHA-256 checked. A partial file of this
    package continues at its next whole chunk; files of other packages are removed. Raises
    ``PackageUnusable`` when the package went (a newer one or a redaction replaced it) or
    the file does not hash to its name (then the file is removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / _PART.format(sha=package.sha256)
    discard_partial(folder, keep=target)
    digest = hashlib.sha256()
    done = 0
    if target.exists():
        done = min(target.stat().st_size // package.chunk_size, package.chunks)
        with target.open("r+b") as stream:
            stream.truncate(done * package.chunk_size)
            while block := stream.read(CHUNK):
                digest.update(block)

    def keep(data: bytes) -> None:
        stream.write(data)
        stream.flush()
        digest.update(data)

    # The next chunk is read from the server while the previous one is written and hashed
    # (both let go of the GIL): one chunk in flight, the file always whole chunks in order.
    with target.open("ab") as stream, connection.cursor(binary=True) as cursor, \
            ThreadPoolExecutor(1, thread_name_prefix="otb-package") as writer:
        writing = None
        for n in range(done, package.chunks):
            progress(n, package.chunks, "Startpakket ophalen")
            cursor.execute("SELECT data FROM starter_package_chunk WHERE package_id = %s "
                           "AND n = %s", (package.id, n))
            row = cursor.fetchone()
            if writing is not None:
                writing.result()
                fault("package-chunk")
            if row is None:
                raise PackageUnusable("het startpakket is op de server vervangen")
            writing = writer.submit(keep, row[0])
        if writing is not None:
            writing.result()
            fault("package-chunk")
    if digest.hexdigest() != package.sha256 or target.stat().st_size != package.size:
        target.unlink(missing_ok=True)
        raise PackageUnusable("het gedownloade startpakket is beschadigd")
    return target


def discard_partial(folder: Path, keep: Path | None = None) -> None:
    """Remove unfinished downloads of packages from ``folder`` (all but ``keep``). A package
    holds copies of observations: one that will not be continued (the server replaced or,
    after a redaction, deleted it; the laptop has data of its own now) must not stay on
    the disk with what a redaction blanked since (AVG)."""
    for part in folder.glob(_PART.format(sha="*")):
        if part != keep:
            try:
                part.unlink(missing_ok=True)
            except OSError:   # the next sync tries again; the pull itself goes on
                log.warning("Unfinished starter package %s could not be removed", part)


def restore(database: Database, file: Path) -> None:
    """Copy the package ``file`` into the open ``database`` (SQLite's backup API, on a
    connection of the app's own engine), keeping this laptop's own settings: they are
    written into the file first, so the copy brings them in the same step. Before the copy
    the file is checked (an OTB database of this laptop's revision and page size; else
    ``PackageUnusable``, nothing changed)."""
    with database.session() as session:
        own = [(s.key, s.value) for s in session.scalars(select(Setting))
               if s.key not in CONTENT_SETTINGS]
        revision = local_revision(session)
    with closing(sqlite3.connect(file)) as source:
        try:
            theirs = source.execute("SELECT version_num FROM alembic_version").fetchone()
            page = source.execute("PRAGMA page_size").fetchone()[0]
            if theirs is None or theirs[0] != revision:
                raise PackageUnusable("het startpakket hoort bij een andere versie van de app")
            with source:
                source.execute("DELETE FROM local_setting WHERE key NOT IN "
                               f"({', '.join('?' * len(CONTENT_SETTINGS))})", CONTENT_SETTINGS)
                source.executemany("INSERT INTO local_setting (key, value) VALUES (?, ?)", own)
        except sqlite3.DatabaseError as exc:
            raise PackageUnusable(f"het startpakket is geen OTB-database ({exc})") from exc
        # Pooled connections would keep the file open in WAL mode; one connection remains.
        database.engine.dispose()
        raw = database.engine.raw_connection()
        try:
            target = raw.driver_connection
            if target.execute("PRAGMA page_size").fetchone()[0] != page:
                raise PackageUnusable("het startpakket heeft een andere paginagrootte")
            # Checked again just before the copy: something saved during the download
            # (the window stays usable) is never overwritten.
            if target.execute(_ANY_DATA).fetchone()[0]:
                raise PackageUnusable("er is intussen lokaal iets opgeslagen")
            # Out of WAL for the copy: its pages go to the file once instead of through
            # the WAL and a checkpoint (an interrupted copy rolls back through the journal).
            # Another connection open on the file (the window's) keeps it in WAL: slower,
            # not wrong.
            target.execute("PRAGMA busy_timeout=0")
            try:
                target.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.OperationalError:
                log.info("Another connection is open: the package is copied through the WAL")
            target.execute("PRAGMA busy_timeout=5000")
            try:
                source.backup(target)
            finally:
                target.execute("PRAGMA journal_mode=WAL")
        finally:
            raw.close()
