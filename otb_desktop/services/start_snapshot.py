"""The parcel rows as a start last read them, kept beside the database between starts.

Reading every parcel row from SQLite (three table scans, a million strings made one by one
through the driver) was the largest part of a start at 200 000 parcels; the same rows made
from a ``marshal`` file take about a third of that. The file (``<database stem>-cache/``,
``paths.cache_dir``) holds the rows' columns as read (``StoredRow`` tuples) and each
parcel's WKB, in list order, and names where the database's change log stood when they
were read (``parcel_row_change``, migration 0013: SQLite triggers add an entry with a random
tag for every change to a parcel, its figures, its heads or a park).

Why a snapshot is never stale: it is used only when the entry it names, (seq, tag), is in
the database, read in the same read transaction as everything else. Every change after it
has a later entry, so the parcels of those entries are read again from the database and
replace theirs; a park's entry (no parcel) or too many changed parcels and the rows are read
as before. A database that is not the one the snapshot was read from (a restored backup, a
copy that went its own way) has no entry with that tag; a migrated database does not match
the snapshot's revision, and one that lacks a change-log trigger gets no snapshot. A file that
cannot be read, or was made by another format, is ignored; a folder that cannot be written
costs only speed.
"""

from __future__ import annotations

import logging
import marshal
import os
import sqlite3
import struct
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from otb_desktop.paths import cache_dir

log = logging.getLogger(__name__)

FORMAT = 1
NAME = "parcel-rows.marshal"
CHUNK = 20_000  # rows per marshal call: each holds the GIL throughout (tens of ms)
MAX_CHANGED = 20_000  # more changed parcels since the snapshot: the rows are read as before
_LENGTH = struct.Struct("<Q")


def file_for(database_path: Path | None) -> Path | None:
    """Where the snapshot of the database at ``database_path`` is kept; None without one."""
    return None if database_path is None else cache_dir(database_path) / NAME


# The triggers that fill the change log (migration 0013; a test checks they agree). A
# migration that rebuilds one of their tables drops its triggers: then no snapshot is read
# or written until they are made again.
TRIGGERS = frozenset(
    f"row_change_{table}_{event}"
    for table in ("parcel", "parcel_figures", "parcel_heads", "business_park")
    for event in ("insert", "update", "delete"))


def position(cursor: sqlite3.Cursor) -> tuple[int, bytes] | None:
    """The newest change log entry (seq, tag); None: no log (a database before migration
    0013), an empty one or one without all its triggers, and so no snapshot."""
    try:
        triggers = {name for (name,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'row_change_%'")}
        found = cursor.execute(
            "SELECT seq, tag FROM parcel_row_change ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        return None
    if found is None or not triggers >= TRIGGERS:
        return None
    return found[0], bytes(found[1])


def schema(cursor: sqlite3.Cursor) -> tuple:
    """What a snapshot's rows depend on besides the data: this file's format, the Python
    that wrote it (marshal) and the database's migration (its Alembic revision). Not
    SQLite's ``schema_version``: a pull's page remakes a trigger and a large insert its
    indexes, which changes that number but not what a row is read from; a table rebuilt
    by hand loses its change-log triggers (``position``: no snapshot)."""
    (revision,) = cursor.execute("SELECT version_num FROM alembic_version").fetchone()
    return (FORMAT, sys.implementation.cache_tag, marshal.version, revision)


@dataclass(frozen=True, eq=False)
class Found:
    """A snapshot that may be used: its rows (``StoredRow`` tuples) and WKB in list order,
    and the parcels changed since it was read (to be read again)."""

    rows: list[tuple]
    geometry: list[bytes]
    changed: set[str]


def read(file: Path, cursor: sqlite3.Cursor) -> Found | None:
    """The snapshot in ``file`` if it may be used with the database ``cursor`` reads (in
    the read transaction of the rest of the load); None otherwise."""
    try:
        stream = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return None
    try:
        with stream:
            header = marshal.loads(_chunk(stream))
            key, (seq, tag), count, chunks = header
            if key != schema(cursor):
                return None
            entry = cursor.execute(
                "SELECT tag FROM parcel_row_change WHERE seq = ?", (seq,)).fetchone()
            if entry is None or bytes(entry[0]) != tag:
                return None
            changed = set(map(itemgetter(0), cursor.execute(
                "SELECT DISTINCT parcel_id FROM parcel_row_change WHERE seq > ? LIMIT ?",
                (seq, MAX_CHANGED + 1))))
            if None in changed or len(changed) > MAX_CHANGED:
                return None
            rows: list[tuple] = []
            geometry: list[bytes] = []
            for _ in range(chunks):
                chunk_rows, chunk_geometry = marshal.loads(_chunk(stream))
                rows += chunk_rows
                geometry += chunk_geometry
            if len(rows) != count or len(geometry) != count or stream.read(1):
                raise ValueError("snapshot size does not match its header")
    except sqlite3.Error:
        return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is rewritten, not trusted
        log.warning("Ignoring unreadable start snapshot %s", file, exc_info=True)
        return None
    return Found(rows, geometry, changed)


def _chunk(stream) -> bytes:
    (length,) = _LENGTH.unpack(stream.read(_LENGTH.size))
    data = stream.read(length)
    if len(data) != length:
        raise EOFError("snapshot cut short")
    return data


@dataclass(frozen=True, eq=False)
class Pending:
    """Rows read at ``at`` (change log entry) with ``key`` (``schema``), to be kept in
    ``file`` (``store``) once the window has settled; ``database``: its log is pruned."""

    file: Path
    database: Path
    key: tuple
    at: tuple[int, bytes]
    rows: Sequence[tuple]
    geometry: Sequence[bytes]


def store(pending: Pending) -> bool:
    """Write the snapshot (in ``CHUNK``-row parts, so the GUI thread gets the GIL between
    them), then drop the log entries before it; False when the folder cannot be written
    (the next start reads the rows as before)."""
    rows, geometry = pending.rows, pending.geometry
    folder = pending.file.parent
    chunks = range(0, len(rows), CHUNK)
    try:
        folder.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
        try:
            os.chmod(temporary, 0o644)  # mkstemp's 0600: others sharing the folder may read
            with os.fdopen(handle, "wb") as stream:
                _write(stream, marshal.dumps((pending.key, pending.at, len(rows), len(chunks))))
                for at in chunks:
                    _write(stream, marshal.dumps((list(map(tuple, rows[at : at + CHUNK])),
                                                  list(geometry[at : at + CHUNK]))))
            os.replace(temporary, pending.file)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):  # ValueError: a row marshal cannot write (not stored)
        log.warning("Could not write the start snapshot %s", pending.file, exc_info=True)
        return False
    _prune(pending.database, pending.at[0])
    return True


def _write(stream, data: bytes) -> None:
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)


def _prune(database: Path, seq: int) -> None:
    """Drop the log entries before ``seq``: no snapshot needs them any more (the one just
    written names ``seq``; the log keeps every later entry). Best effort: a busy or
    read-only database keeps them until the next snapshot."""
    try:
        connection = sqlite3.connect(database, timeout=1.0, isolation_level=None)
        try:
            connection.execute("DELETE FROM parcel_row_change WHERE seq < ?", (seq,))
        finally:
            connection.close()
    except sqlite3.Error:
        log.info("Could not prune the parcel row change log of %s", database, exc_info=True)
