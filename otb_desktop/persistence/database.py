"""The local SQLite database: opening, pragmas, migration and short-lived sessions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ids import new_id
from otb_desktop.persistence import migrations
from otb_desktop.persistence.models import Setting


class DatabaseOpenError(OtbError):
    pass


class DatabaseBusyError(OtbError):
    """Locked by another program, read-only or a failing disk: the user can act on it."""


_USER_FIXABLE = ("locked", "busy", "readonly", "read-only", "disk", "full")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Python's sqlite3 opens a transaction only at the first INSERT/UPDATE/DELETE, so DDL
    # before it (an import dropping indexes, a migration) would commit on its own. Take
    # transaction control away from the driver and BEGIN explicitly (SQLAlchemy's recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


_writer = threading.local()


def begin_immediate_in_this_thread(value: bool = True) -> None:
    """Every transaction of this thread takes the write lock at BEGIN (BEGIN IMMEDIATE).

    A deferred BEGIN that later writes fails at once with "database is locked" when another
    connection wrote in between (WAL cannot upgrade a stale read snapshot); an immediate one
    waits up to the busy timeout for its turn. The window's writer thread and the command
    line's writing commands call this; readers stay deferred so they never wait for a writer.
    """
    _writer.immediate = value


@contextmanager
def immediate_transactions() -> Iterator[None]:
    """Write units inside this block start with BEGIN IMMEDIATE (see above)."""
    before = getattr(_writer, "immediate", False)
    _writer.immediate = True
    try:
        yield
    finally:
        _writer.immediate = before


def _begin(connection) -> None:
    # Only the thread's outermost unit takes the lock: a nested short read (a setting read
    # while recording) on a second connection must not wait for its own thread's lock.
    if getattr(_writer, "immediate", False) and getattr(_writer, "holder", None) is None:
        _writer.holder = connection.connection.dbapi_connection
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _end(connection) -> None:
    if getattr(_writer, "holder", None) is connection.connection.dbapi_connection:
        _writer.holder = None


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    event.listen(engine, "commit", _end)
    event.listen(engine, "rollback", _end)
    return engine


class Database:
    """One local database file. Sessions are short-lived: one per operation."""

    def __init__(self, path: Path, engine: Engine):
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._device_id = ""

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if not any(word in str(exc.orig).lower() for word in _USER_FIXABLE):
                raise  # a programming error (no such table, bad SQL): fail loudly
            raise DatabaseBusyError(
                f"De database {self.path.name} kan nu niet worden bijgewerkt ({exc.orig}). "
                "Er is niets opgeslagen. Probeer het zo opnieuw; blijft dit gebeuren, sluit "
                "dan andere programma's die de database gebruiken of controleer de schijf."
            ) from exc

    def setting(self, key: str) -> str | None:
        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.session() as s:
            s.merge(Setting(key=key, value=value))

    @property
    def device_id(self) -> str:
        """Made once per database at first open; cached because every record carries it."""
        if not self._device_id:
            self._device_id = self.setting("device_id") or ""
        return self._device_id

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path, upgrade: bool = True) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    Raises DatabaseOpenError / DatabaseTooNewError with a Dutch message the user can act on.
    """
    path = Path(path).expanduser().resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseOpenError(
            f"De map {path.parent} kan niet worden aangemaakt ({exc.strerror}). Kies met "
            "--db een andere plek voor de database.") from exc
    engine = make_engine(path)
    try:
        if upgrade:
            migrations.upgrade(engine, path)
        database = Database(path, engine)
        if not database.device_id:
            database.set_setting("device_id", new_id())
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseOpenError(
            f"{path} kan niet worden geopend als OTB-database ({exc.orig}). Controleer of het "
            "bestand een OTB Desktop-database is, of kies met --db een ander bestand.") from exc
    except BaseException:
        engine.dispose()
        raise
    return database

