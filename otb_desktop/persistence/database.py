"""The local SQLite database: opening, pragmas, migration and short-lived sessions.

SQLAlchemy (and the models) are imported when first needed, not with this module: the
window's start (``fast_open``) checks an up-to-date database with plain ``sqlite3``, reads
list and map with it (``Database.reading``) and leaves the engine to be made after the
window is filled (``Database.engine``), about half a second later on the critical path.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from otb_desktop.domain.errors import OtbError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


class DatabaseOpenError(OtbError):
    pass


class DatabaseMissingError(DatabaseOpenError):
    """The file does not exist and the command only reads."""


class NotAnOtbDatabaseError(DatabaseOpenError):
    """SQLite, but another program's (a GeoPackage, the app's own export): left untouched."""


class ReadOnlyFolderError(DatabaseOpenError):
    """The database's folder (or the file) cannot be written and the command writes."""


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


def _read_only_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA query_only=ON")


def make_engine(path: Path, read_only: bool = False) -> Engine:
    from sqlalchemy import create_engine, event

    if read_only:
        # immutable=1: SQLite needs no -wal/-shm files (which it could not make in a
        # read-only folder) and takes no locks. Fine for reading and exporting.
        engine = create_engine(f"sqlite:///file:{path}?immutable=1&uri=true")
        event.listen(engine, "connect", _read_only_pragmas)
    else:
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin)
    event.listen(engine, "commit", _end)
    event.listen(engine, "rollback", _end)
    return engine


def _refresh_figures(session: Session) -> None:
    """Before a write unit commits, store the figures of the parcels whose inputs it changed
    (persistence/figure_store.py): the same transaction, so never stale after a commit."""
    from otb_desktop.persistence import figure_store

    if figure_store.deferred(session):
        return
    session.flush()
    if figure_store.has_stale(session):
        figure_store.refresh(session)


WAL_AUTOCHECKPOINT = 1_000   # pages: SQLite's default, set again after ``checkpoint_later``


def checkpoint_later(session: Session) -> None:
    """This write unit's commit leaves the WAL as it is: SQLite's automatic checkpoint (the
    committing connection copies the WAL into the database file once it holds more than
    ``WAL_AUTOCHECKPOINT`` pages: 10 000 pulled records, about 10 ms) is off for it, for a
    bulk writer that checkpoints on another thread meanwhile (``Checkpointer``). It is on
    again as soon as the unit commits or rolls back, before the connection goes back to the
    pool. The checkpoint changes nothing a reader sees, only where the committed pages are."""
    from sqlalchemy import event

    raw = session.connection().connection.dbapi_connection
    raw.execute("PRAGMA wal_autocheckpoint = 0")

    def again(_session: Session) -> None:
        raw.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")

    event.listen(session, "after_commit", again, once=True)
    event.listen(session, "after_rollback", again, once=True)


class Checkpointer:
    """WAL checkpoints on a thread and connection of their own (``checkpoint_later``):
    ``request`` after a unit committed, ``wait`` before the writer is done. PASSIVE, so it
    never waits for (or blocks) readers and writers; a request while one runs gives one
    more run after it."""

    def __init__(self, path: Path):
        self._path = path
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._running = False
        self._again = False

    def request(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
            self._thread = threading.Thread(target=self._run, name="wal checkpoint",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        again = True
        try:
            while again:
                with closing(sqlite3.connect(self._path, isolation_level=None)) as connection:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                with self._lock:
                    again, self._again = self._again, False
                    self._running = again
        except sqlite3.Error:   # the next automatic checkpoint does it; nothing is lost
            log.exception("WAL checkpoint failed")
            with self._lock:
                self._running = self._again = False

    def wait(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join()


class Database:
    """One local database file. Sessions are short-lived: one per operation.

    ``engine`` None (``fast_open``): the engine, and SQLAlchemy with it, is made at its first
    use (``Database.engine``, any session), on whichever thread that is.
    """

    def __init__(self, path: Path, engine: Engine | None, read_only: bool = False,
                 notice: str | None = None):
        self.path = path
        self.read_only = read_only
        self.notice = notice  # a Dutch line to show once (read-only opening), or None
        self.migrated_from: str | None = None  # the revision before this open migrated it
        self.migrated_to: str | None = None
        self._device_id = ""
        self._engine: Engine | None = None
        self._sessions = None
        self._engine_lock = threading.Lock()
        if engine is not None:
            self._adopt(engine)

    def _adopt(self, engine: Engine) -> None:
        from sqlalchemy import event
        from sqlalchemy.orm import sessionmaker

        sessions = sessionmaker(engine, expire_on_commit=False)
        if not self.read_only:
            event.listen(sessions, "before_commit", _refresh_figures)
        self._sessions = sessions
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._adopt(make_engine(self.path))
        return self._engine

    def _session_factory(self):
        if self._sessions is None:
            _ = self.engine  # made now (fast_open)
        return self._sessions

    @property
    def engine_made(self) -> bool:
        """False while a ``fast_open`` database has not needed its engine yet."""
        return self._engine is not None

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Cursor]:
        """A plain ``sqlite3`` cursor in one read transaction, for bulk reads (every parcel,
        the map): the engine's connection when it is made, else one of its own, so the
        window's first load needs no SQLAlchemy."""
        if self._engine is not None:
            with self.session() as session:
                cursor = session.connection().connection.driver_connection.cursor()
                try:
                    yield cursor
                finally:
                    cursor.close()
            return
        with closing(sqlite3.connect(self.path, isolation_level=None,
                                     check_same_thread=False)) as connection:
            connection.execute("PRAGMA busy_timeout=5000")
            connection.execute("PRAGMA query_only=ON")
            connection.execute("BEGIN")  # one snapshot for every query of the read
            cursor = connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
                connection.execute("COMMIT")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        from sqlalchemy.exc import OperationalError

        try:
            with self._session_factory()() as session, session.begin():
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
        if self._engine is None:  # fast_open: no SQLAlchemy for a setting
            with self.reading() as cursor:
                row = cursor.execute("SELECT value FROM local_setting WHERE key = ?",
                                     (key,)).fetchone()
            return row[0] if row else None
        from otb_desktop.persistence.models import Setting

        with self.session() as s:
            row = s.get(Setting, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        from otb_desktop.persistence.models import Setting

        with self.session() as s:
            s.merge(Setting(key=key, value=value))

    @property
    def device_id(self) -> str:
        """Made once per database at first open; cached because every record carries it."""
        if not self._device_id:
            self._device_id = self.setting("device_id") or ""
        return self._device_id

    def ensure_figures(self) -> None:
        """Store every parcel's figures once when the set of figures changed (or after the
        migration that introduced them), its heads once after migration 0012, and the
        figures a bulk writer killed before its end left stale
        (``figure_store.defer_figures``); a no-op otherwise."""
        from otb_desktop.persistence import figure_store

        # A plain read first: an up-to-date database (the usual case) takes no write lock.
        with self._session_factory()() as session:
            current = not figure_store.has_stale(session)
        if current and self.setting(figure_store.SIGNATURE_KEY) == \
                figure_store.FIGURES_SIGNATURE and self.setting(figure_store.HEADS_KEY) == "1":
            return
        with immediate_transactions(), self.session() as session:
            figure_store.ensure_heads(session)
            figure_store.mark_all_stale_if_changed(session)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def folder_permissions(folder: Path) -> str:
    """``drwxr-xr-x, eigenaar root`` for messages about a folder that cannot be written."""
    try:
        info = folder.stat()
    except OSError:
        return "onbekend"
    try:
        import pwd

        owner = pwd.getpwuid(info.st_uid).pw_name
    except (ImportError, KeyError):
        owner = str(info.st_uid)
    return f"{stat.filemode(info.st_mode)}, eigenaar {owner}"


def writable(path: Path) -> bool:
    """Whether the database file and its folder (for -wal, -shm, backups) can be written."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _check_is_otb_database(path: Path) -> None:
    """Refuse, without writing a byte, a SQLite file that is not an OTB database."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(
            f"{path} kan niet worden geopend als OTB-database ({exc}). Controleer of het "
            "bestand een OTB Desktop-database is, of kies met --db een ander bestand.") from exc
    if not tables or {"alembic_version", "parcel", "local_setting"} <= tables:
        return
    what = ("een GeoPackage (bijvoorbeeld een export van OTB Desktop)"
            if "gpkg_contents" in tables else "een SQLite-bestand van een ander programma")
    raise NotAnOtbDatabaseError(
        f"{path.name} is {what}, geen OTB-database; het is niet gewijzigd. Kies met --db een "
        "OTB-database, of importeer percelen uit dit bestand met 'otb-desktop import parcels "
        f"{path.name}'.")


def open_database(path: Path, upgrade: bool = True, create: bool = True,
                  read_only: bool = False) -> Database:
    """Open and migrate the database at ``path``; create it only when ``create``.

    ``read_only`` allows opening read-only when the folder cannot be written (reading,
    exporting); the Database then carries a ``notice`` naming the folder's permissions.
    Raises DatabaseOpenError / DatabaseTooNewError with a Dutch message the user can act on.
    """
    path = Path(path).expanduser().resolve()
    if not path.exists():
        if not create:
            raise DatabaseMissingError(
                f"De database {path} bestaat niet; er is niets gelezen. Controleer de naam "
                "en de map, of maak een database met 'otb-desktop --db BESTAND demo' of "
                "'otb-desktop --db BESTAND import parcels BESTAND'.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(
                f"De map {path.parent} kan niet worden aangemaakt ({exc.strerror}). Kies met "
                "--db een andere plek voor de database.") from exc
    from sqlalchemy.exc import DatabaseError

    from otb_desktop.domain.ids import new_id
    from otb_desktop.persistence import migrations, spatial_index

    _check_is_otb_database(path)
    if not writable(path):
        permissions = folder_permissions(path.parent)
        if not (read_only and path.exists()):
            raise ReadOnlyFolderError(
                f"In de map {path.parent} mag niet worden geschreven (rechten {permissions}), "
                f"dus {path.name} kan niet worden bijgewerkt; er is niets gewijzigd. Kopieer de "
                "database naar een map waarin u mag schrijven en kies die met --db.")
        return _open_read_only(path, permissions)
    engine = make_engine(path)
    try:
        before = migrations.current_revision(engine) if upgrade else None
        migrated = upgrade and migrations.upgrade(engine, path)
        if upgrade:
            with engine.begin() as connection:
                spatial_index.ensure(connection)
        database = Database(path, engine)
        if migrated:
            database.migrated_from = before or "leeg"
            database.migrated_to = migrations.current_revision(engine)
        if not database.device_id:
            database.set_setting("device_id", new_id())
        if upgrade:
            database.ensure_figures()
    except DatabaseError as exc:
        engine.dispose()
        raise DatabaseOpenError(
            f"{path} kan niet worden geopend als OTB-database ({exc.orig}). Controleer of het "
            "bestand een OTB Desktop-database is, of kies met --db een ander bestand.") from exc
    except BaseException:
        engine.dispose()
        raise
    return database


def fast_open(path: Path) -> Database | None:
    """The database at ``path`` without SQLAlchemy, when opening it would change nothing;
    None otherwise (then ``open_database`` checks, backs up and migrates as usual).

    What ``open_database`` would do, checked with plain ``sqlite3`` and read-only: the file
    exists and can be written, is an OTB database at the head revision the app ships, its
    R*Trees are current, it has a device id, and its stored figures and heads are complete
    and of this app's figures (``ensure_figures`` would be a no-op). The engine is made at
    its first use (``Database.engine``).
    """
    from otb_desktop.domain.figures import FIGURES_SIGNATURE
    from otb_desktop.persistence import migrations, spatial_index

    path = Path(path).expanduser().resolve()
    try:
        if not path.is_file() or path.stat().st_size == 0 or not writable(path):
            return None
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("PRAGMA query_only=ON")
            connection.execute("PRAGMA busy_timeout=5000")
            connection.execute("BEGIN")

            def fetch(sql: str, params: tuple = ()) -> list:
                return connection.execute(sql, params).fetchall()

            tables = {name for (name,) in fetch(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "parcel", "local_setting", "parcel_figures",
                    "parcel_figures_stale", "parcel_heads"} <= tables:
                return None
            revision = fetch("SELECT version_num FROM alembic_version")
            if [row[0] for row in revision] != [migrations.shipped_head()]:
                return None
            if not all(spatial_index.is_current(fetch, name)
                       for name in spatial_index.SPATIAL_TABLES):
                return None
            settings = dict(fetch(
                "SELECT key, value FROM local_setting WHERE key IN (?, ?, ?)",
                ("device_id", _SIGNATURE_KEY, _HEADS_KEY)))
            if not settings.get("device_id") or settings.get(_HEADS_KEY) != "1" or \
                    settings.get(_SIGNATURE_KEY) != FIGURES_SIGNATURE:
                return None
            if fetch("SELECT 1 FROM parcel_figures_stale LIMIT 1"):
                return None
            connection.execute("COMMIT")
    except sqlite3.Error:
        return None  # open_database says what is wrong
    database = Database(path, None)
    database._device_id = settings["device_id"]
    return database


# persistence/figure_store.py's keys (that module imports SQLAlchemy); a test checks they agree.
_SIGNATURE_KEY = "figures_signature"
_HEADS_KEY = "heads_stored"


def _open_read_only(path: Path, permissions: str) -> Database:
    from otb_desktop.persistence import migrations

    engine = make_engine(path, read_only=True)
    current = migrations.current_revision(engine)
    if current != migrations.shipped_head():
        engine.dispose()
        raise ReadOnlyFolderError(
            f"{path.name} moet worden bijgewerkt naar deze versie van OTB Desktop, maar in de map "
            f"{path.parent} mag niet worden geschreven (rechten {permissions}). Kopieer de "
            "database naar een map waarin u mag schrijven en kies die met --db.")
    notice = (f"Alleen lezen: in de map {path.parent} mag niet worden geschreven (rechten "
              f"{permissions}); {path.name} is geopend zonder iets te kunnen opslaan.")
    wal = path.with_name(f"{path.name}-wal")
    if wal.exists() and wal.stat().st_size:
        notice += (f" Let op: de laatste wijzigingen staan nog in {wal.name} en worden zo niet "
                   "gelezen; open de database eerst één keer in een map waarin u mag "
                   "schrijven.")
    return Database(path, engine, read_only=True, notice=notice)
