"""The local SQLite database: opening, pragmas, migration and short-lived sessions."""

from __future__ import annotations

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


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN"))
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

