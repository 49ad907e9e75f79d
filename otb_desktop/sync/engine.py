"""Push the outbox, then pull everyone else's records: idempotent, resumable, never lossy.

Push, per carrier, in batches: photo bytes first (content-addressed, resumable chunks), then
the records, one server transaction per batch: ids the server has are compared (same id,
other content: ``SameIdDifferentContentError``, nothing of the batch is written), the rest
are inserted if absent. Only after the server committed does the local transaction mark the
batch confirmed. A crash in between leaves the batch in the outbox; sending it again changes
nothing on the server.

Pull, per carrier, in pages after the local cursor and below the snapshot's xmin (see
ARCHITECTURE.md): a few pages, the records they refer to (fetched by id when the cursor has
not brought them yet) and the cursor of the last one are one local transaction. Photo files
are written before the rows that name them. A failed transaction leaves the laptop exactly as
the one before left it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from otb_desktop import gc_pause
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.wording import count, number
from otb_desktop.paths import cache_dir
from otb_desktop.persistence import figure_store, spatial_index
from otb_desktop.persistence.database import Checkpointer, checkpoint_later
from otb_desktop.persistence.models import Photo, Setting
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import SYNC_SERVER_KEY, AppContext
from otb_desktop.services.photos import atomic_write, photo_path
from otb_desktop.services.redaction import FAMILY as REDACTION_FAMILY
from otb_desktop.services.redaction import apply_redactions, redacted_values, redactions_of
from otb_desktop.sync import carriers as carrying
from otb_desktop.sync import package as starter
from otb_desktop.sync.carriers import Carrier, RecordCarrier, Row, canonical
from otb_desktop.sync.connection import ServerConfig, connect, handshake
from otb_desktop.sync.first_sync import (
    UNIT_PAGES,
    UNIT_ROWS,
    GeometryAhead,
    PageReader,
    SpareConnection,
)

BATCH = 2_000
PAGE = 5_000
PHOTO_CHUNK = 256 * 1024
PULL_WAIT_S = 10.0   # how long a pull waits for older transactions still open on the server
SERVER_KEY, USER_KEY, LAST_SYNC_KEY = SYNC_SERVER_KEY, "sync_user", "sync_last"
# Set when a starter package was copied in, until the files of its photos are downloaded.
PACKAGE_PHOTOS_KEY = "package_photos_pending"

log = logging.getLogger(__name__)


class SyncError(OtbError):
    pass


class SameIdDifferentContentError(SyncError):
    """The server holds a record with this id and another content: never overwritten."""


class ServerRefusedError(SyncError):
    pass


# A test hook: called at named points ("push-batch-sent", "push-committed", "pull-page",
# "photo-chunk"); raising from it simulates a dropped connection. For a really killed process
# the tests set OTB_SYNC_TEST_PAUSE=<point> and OTB_SYNC_TEST_MARK=<file>: the sync then
# writes the file and waits there to be killed.
Fault = Callable[[str], None]


def _pause_for_tests(point: str) -> None:
    if os.environ.get("OTB_SYNC_TEST_PAUSE") == point:
        Path(os.environ["OTB_SYNC_TEST_MARK"]).write_text(point, encoding="utf-8")
        time.sleep(120)


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    photos_uploaded: int = 0
    photos_downloaded: int = 0
    seconds: float = 0.0
    behind: bool = False     # an open transaction on the server held part of the pull back
    package: bool = False    # the server's starter package was copied in (a new laptop)

    def summary_lines(self) -> list[str]:
        pushed, pulled = sum(self.pushed.values()), sum(self.pulled.values())
        photos = count(self.photos_uploaded, "foto", "foto's")
        return [f"Gesynchroniseerd in {number(self.seconds, 1)} s: "
                f"{count(pushed, 'record', 'records')} verstuurd, {number(pulled)} ontvangen, "
                f"{photos} verstuurd en "
                f"{number(self.photos_downloaded)} ontvangen.",
                *(["De eerste synchronisatie begon met het startpakket van de server."]
                  if self.package else []),
                *(["Nog niet alles ontvangen: de server was nog bezig met andere opslag; de "
                   "rest komt bij de volgende synchronisatie."] if self.behind else [])]


class SyncEngine:
    def __init__(self, context: AppContext, config: ServerConfig, *, batch: int = BATCH,
                 page: int = PAGE, progress: Progress = no_progress,
                 fault: Fault = _pause_for_tests, wait: float = PULL_WAIT_S):
        self.context = context
        self.config = config
        self.batch = batch
        self.page = page
        self.progress = progress
        self.fault = fault
        self.wait = wait
        self.report = SyncReport()
        self.references = carrying.reference_carriers()
        self.records = carrying.record_carriers()
        self.by_kind: dict[str, Carrier] = {c.kind: c for c in [*self.references,
                                                                 *self.records]}
        self._ahead: GeometryAhead | None = None
        self._spare: SpareConnection | None = None   # the page readers' (``_reader_connection``)
        self._checkpoints = Checkpointer(context.database.path)   # see ``_pull_session``
        # Ids of parents (parks, parcels) a first pull of this run stored and committed: a
        # page referring to them needs no look-up (``_missing_parents``).
        self._stored: dict[str, set[str]] = {}
        self._parent_kinds = {kind for c in self.by_kind.values() for _, kind in c.parents}

    def run(self) -> SyncReport:
        started = time.perf_counter()
        with connect(self.config, autocommit=True) as connection:
            handshake(connection, f"De server {self.config.safe_label()}")
            refused = self.push(connection, defer_refusals=True)
            self.pull(connection)
        self.report.seconds = time.perf_counter() - started
        self.context.database.set_setting(LAST_SYNC_KEY, _now_text())
        if refused:   # after the pull: one refused kind of record never blocks the rest
            raise refused[0]
        return self.report

    # --- push -------------------------------------------------------------------------------

    def push(self, connection: psycopg.Connection, defer_refusals: bool = False
             ) -> list[SyncError]:
        """Send the outbox. A kind of record the server refuses stays in the outbox and the
        other kinds still go; the refusal is raised at the end (``defer_refusals``: returned,
        so that the pull happens first)."""
        refused: list[SyncError] = []
        for carrier in self.records:
            try:
                self._push_carrier(connection, carrier)
            except (ServerRefusedError, SameIdDifferentContentError) as exc:
                refused.append(exc)
        if refused and not defer_refusals:
            raise refused[0]
        return refused

    def _push_carrier(self, connection: psycopg.Connection, carrier: RecordCarrier) -> None:
        """The outbox of one kind, batch by batch. The local work runs on a second thread
        while the server works on a batch: reading the next batch (keyset after this one,
        so it does not depend on this one's confirmation) and confirming the previous one
        (only ever after the server committed it). One thread, so the local reads and
        writes keep their order; leaving waits for every confirmation handed to it."""
        database = self.context.database

        def read(after: str) -> list[tuple]:
            with database.session() as session:
                return carrier.outbox(session, self.batch, after)

        def confirm(ids: list[str]) -> int:
            with database.session() as session:
                carrying.confirm(session, carrier.kind, ids)
            return len(ids)

        with ThreadPoolExecutor(1, thread_name_prefix="otb-push-local") as local:
            ahead = local.submit(read, "")
            confirming: Future[int] | None = None
            try:
                while rows := ahead.result():
                    ids = carrier.ids(rows)
                    ahead = local.submit(read, ids[-1])
                    self.progress(0, 0, f"{_label(carrier.kind)} versturen")
                    if carrier.kind == "photo":
                        self._upload_photos(connection, carrier, rows)
                    self._push_batch(connection, carrier, rows)
                    self.fault("push-committed")
                    if confirming is not None:      # the previous batch's, done meanwhile
                        done, confirming = confirming, None
                        self._count_pushed(carrier, done.result())
                    confirming = local.submit(confirm, ids)
            except BaseException:
                # A batch failed: the one committed before it is still confirmed (and
                # counted); the failure is what is raised.
                if confirming is not None and confirming.exception() is None:
                    self._count_pushed(carrier, confirming.result())
                raise
            if confirming is not None:
                self._count_pushed(carrier, confirming.result())

    def _count_pushed(self, carrier: RecordCarrier, count: int) -> None:
        self.report.pushed[carrier.kind] = self.report.pushed.get(carrier.kind, 0) + count

    def _push_batch(self, connection: psycopg.Connection, carrier: RecordCarrier,
                    rows: list[tuple]) -> None:
        """One server transaction for the batch. Nearly always every id is new to the
        server, so the batch is first sent as it is and inserted by a plain INSERT (no look-up
        of its ids). An id the server has makes that INSERT fail (unique violation of its
        primary key, whatever the content), which rolls the whole transaction back; the batch
        is then sent again the careful way (``_push_known``). Nothing is ever skipped
        silently in either way."""
        try:
            try:
                with connection.transaction(), connection.cursor() as cursor:
                    self._stage(cursor, carrier, rows)
                    carrier.insert_staged(cursor)
            except pg_errors.UniqueViolation:
                self._push_known(connection, carrier, rows)
        except pg_errors.InsufficientPrivilege as exc:
            raise ServerRefusedError(
                f"De server weigert {carrier.kind}-records van deze laptop "
                f"({_first_line(exc)}). Records kunnen alleen worden verstuurd onder de naam "
                f"van de ingelogde gebruiker ({self.config.params().get('user', '?')}) en "
                "binnen de rechten van zijn rol; er is niets van deze partij verstuurd."
            ) from exc
        except psycopg.IntegrityError as exc:    # every SQLSTATE 23…: key, reference, edge
            raise ServerRefusedError(
                f"De server weigert {carrier.kind}-records ({_first_line(exc)}); er is niets "
                "van deze partij verstuurd.") from exc

    def _stage(self, cursor: psycopg.Cursor, carrier: RecordCarrier, rows: list[tuple]
               ) -> None:
        """COPY the rows into the staging table (the test hook sees a batch half sent)."""
        carrier.copy_in(cursor, rows, halfway=lambda: self.fault("push-batch-sent"))

    def _push_known(self, connection: psycopg.Connection, carrier: RecordCarrier,
                    rows: list[tuple]) -> None:
        """The batch when the server has some of its ids: those are compared (other
        content: ``SameIdDifferentContentError``; the same: left out), the rest inserted.
        Another transaction may insert one of the rest after the look-up and commit while
        this INSERT waits on it: the INSERT fails (unique violation) and the batch is looked
        up and compared once more, that id now visible. A second failure is raised."""
        for last in (False, True):
            try:
                with connection.transaction(), connection.cursor() as cursor:
                    existing = self._refuse_other_content(cursor, carrier, rows)
                    self._stage(cursor, carrier, [r for i, r in zip(carrier.ids(rows), rows,
                                                                    strict=True)
                                                  if i not in existing])
                    carrier.insert_staged(cursor)
                return
            except pg_errors.UniqueViolation:
                if last:
                    raise

    def _refuse_other_content(self, cursor: psycopg.Cursor, carrier: RecordCarrier,
                              rows: list[tuple]) -> dict[str, Row]:
        """The server's copies of these records (by id); raises when one differs from ours
        (after blanking what a redaction blanked: a redacted copy is the same record)."""
        columns = carrier.server_columns
        ids = carrier.ids(rows)
        existing = carrier.server_rows(cursor, ids)
        if not existing:
            return existing
        blanked = self._redactions(cursor, carrier, list(existing))
        for record_id, row in zip(ids, rows, strict=True):
            there = existing.get(record_id)
            if there is not None and canonical(
                    _blank(there, blanked.get(record_id)), columns) != canonical(
                    _blank(carrier.parsed(row), blanked.get(record_id)), columns):
                raise SameIdDifferentContentError(
                    f"De server heeft al een {carrier.kind}-record met id {record_id} maar "
                    "met een andere inhoud; het wordt niet overschreven en er is niets van "
                    "deze partij verstuurd. Neem contact op met de beheerder (dit wijst op "
                    "een gekopieerde of beschadigde database).")
        return existing

    def _redactions(self, cursor: psycopg.Cursor, carrier: Carrier, ids: list[str]
                    ) -> dict[str, list[dict]]:
        """Redactions of these observations, here or on the server: a redacted copy is the
        same record (the value was blanked on purpose, not changed)."""
        if carrier.kind != "observation" or not ids:
            return {}
        with self.context.database.session() as session:
            found = redactions_of(session, ids)
        cursor.execute("SELECT subject_id, body FROM revision WHERE family = %s AND "
                       "subject_id = ANY(%s)", (REDACTION_FAMILY, ids))
        for subject, body in cursor.fetchall():
            found.setdefault(subject, []).append(body)
        return found

    def _upload_photos(self, connection: psycopg.Connection, carrier: RecordCarrier,
                       rows: list[tuple]) -> None:
        """Every photo's bytes are on the server before its record is sent."""
        at = carrier.server_columns.index("sha256")
        for sha in sorted({r[at] for r in rows}):
            path = photo_path(self.context.photo_dir, sha)
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise SyncError(
                    f"Fotobestand {path} ontbreekt of is onleesbaar ({exc.strerror}); de foto "
                    "kan niet worden verstuurd. Zet het bestand terug.") from exc
            if hashlib.sha256(data).hexdigest() != sha:
                raise SyncError(f"Fotobestand {path} is beschadigd (andere inhoud dan "
                                "vastgelegd); de foto kan niet worden verstuurd.")
            if upload_blob(connection, sha, data, self.fault):
                self.report.photos_uploaded += 1

    # --- pull -------------------------------------------------------------------------------

    def pull(self, connection: psycopg.Connection) -> None:
        """Everything committed before the pull began arrives in this pull: pages are
        bounded by the snapshot's xmin, so while an older transaction (of any database on
        the server) is still open, wait for it a little, then leave the rest for next time.

        Each page commits on its own (a pull resumes after the last one), but the stored
        figures of the parcels the pages changed are computed once, at the end
        (``figure_store``): a first sync would otherwise compute every parcel's figures
        after its parcels, again after the buildings and again after the observations.

        An empty laptop starts from the server's starter package when there is one for its
        schema (``_use_package``); the pull then brings only what came after it.

        Without cyclic garbage collection meanwhile (``gc_pause``): a full collection in the
        middle of the pages walks every object of the process (in a benchmark's process
        about 60 ms, more than half of a pull of 10 000 observations)."""
        with gc_pause.paused():
            try:
                self.report.package = self._use_package(connection)
                self.report.behind = not self._pull_until_current(connection)
            finally:
                self._close_reader_connection()
                self._refresh_figures()
                self._checkpoints.wait()
        self._package_photos(connection)

    def _use_package(self, connection: psycopg.Connection) -> bool:
        """Copy the server's starter package into the database when nothing local can be
        lost (``package.is_empty``) and it was built by this laptop's schema revision. True
        when it was; False (the database untouched) when there is none or it cannot be
        used (any failure before the copy: the folder, the server, the file). A dropped
        connection during the download raises, as in any pull; the next sync continues the
        download where it stopped."""
        database = self.context.database
        folder = cache_dir(database.path)
        with self._pull_session() as session:
            empty = starter.is_empty(session)
            revision = starter.local_revision(session)
        found = starter.newest(connection) if empty else None
        if found is None or found.local_revision != revision:
            starter.discard_partial(folder)    # nothing left to continue
            return False
        try:
            file = starter.download(connection, found, folder, self.progress, self.fault)
            self.progress(0, 0, "Startpakket overnemen")
            try:
                starter.restore(database, file)
            finally:
                file.unlink(missing_ok=True)
        except (starter.PackageUnusable, OSError, sqlite3.DatabaseError,
                psycopg.DatabaseError) as exc:
            if isinstance(exc, psycopg.OperationalError):
                raise   # the connection dropped: the next sync continues the download
            log.warning("Starter package %s not used: %s", found.id, exc)
            starter.discard_partial(folder)
            self.progress(0, 0, f"Startpakket niet gebruikt ({exc}); alles wordt opgehaald")
            return False
        with self._pull_session() as session:
            session.add(Setting(key=PACKAGE_PHOTOS_KEY, value="1"))
            for carrier in [*self.references, *self.records]:
                self.report.pulled[carrier.kind] = session.execute(
                    select(func.count()).select_from(carrier.local)).scalar()
        return True

    def _package_photos(self, connection: psycopg.Connection) -> None:
        """The files of the photos a starter package brought (it holds their records only),
        downloaded once after it was copied in; an interrupted download goes on at the next
        sync."""
        with self._pull_session() as session:
            if session.get(Setting, PACKAGE_PHOTOS_KEY) is None:
                return
            shas = sorted(session.scalars(select(Photo.sha256).distinct()))
        self.progress(0, 0, "Foto's ontvangen")
        with connection.transaction(), connection.cursor() as cursor:
            self._download_blobs(cursor, shas)
        with self._pull_session() as session:
            session.execute(delete(Setting).where(Setting.key == PACKAGE_PHOTOS_KEY))

    def pull_kinds(self, connection: psycopg.Connection, kinds: tuple[str, ...]) -> None:
        """Pull only these kinds, to the end (the administrator's scratch copies). Like
        ``pull`` it waits for older transactions still open on the server; a scratch copy
        must be complete, so when they stay open it refuses instead of going on."""
        with gc_pause.paused():
            try:
                if not self._pull_until_current(connection, kinds):
                    raise SyncError("De server is nog bezig met andere opslag, dus niet alles "
                                    "kon worden gelezen; probeer het zo opnieuw. Er is niets "
                                    "opgeslagen.")
            finally:
                self._close_reader_connection()
                self._refresh_figures()
                self._checkpoints.wait()

    def _pull_until_current(self, connection: psycopg.Connection,
                            kinds: tuple[str, ...] | None = None) -> bool:
        """Pull pages of ``kinds`` (all when None) until everything committed before the
        start has arrived (True) or ``wait`` seconds passed with older transactions still
        open on the server (False).

        Each round reads the snapshot's xmin once and, in the same query, which kinds have
        rows below it after their cursors (``_kinds_with_news``): a kind with nothing new
        costs no page query and no local transaction. The round whose xmin had reached the
        start's xmax pulled everything committed before the start, so it is the last."""
        target = _snapshot(connection, "pg_snapshot_xmax")
        deadline = time.monotonic() + self.wait
        carriers = [c for c in [*self.references, *self.records]
                    if kinds is None or c.kind in kinds]
        while True:
            with self._pull_session() as session:
                stored = carrying.cursors(session)
            cursors = {c.kind: stored.get(c.kind, (0, "")) for c in carriers}
            bound, news = _kinds_with_news(connection, carriers, cursors)
            if news - {"photo"}:
                self._reader_connection()   # opening while the first page is read
            ahead_checked = False
            for carrier in carriers:
                if carrier.kind not in news:
                    continue
                if carrier in self.records and not ahead_checked:
                    self._geometry_ahead()   # a first sync: reference data is in
                    ahead_checked = True
                after = cursors[carrier.kind]
                if after == (0, "") and self._pull_first(connection, carrier):
                    continue
                if carrier.kind != "photo":   # photos: their files come with each page
                    self._pull_later(connection, carrier, bound, after)
                    continue
                while after is not None:
                    after = self._pull_page(connection, carrier, bound, after)
            if bound >= target:
                return True
            if time.monotonic() > deadline:
                return False
            if _snapshot(connection, "pg_snapshot_xmin") < target:
                time.sleep(0.05)     # still held back: give it a moment

    def _reader_connection(self) -> SpareConnection:
        """The second connection the page readers use, opened once per pull, on its own
        thread: a full first page is followed by a reader without waiting for a connect."""
        if self._spare is None:
            self._spare = SpareConnection(self.config)
        return self._spare

    def _close_reader_connection(self) -> None:
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.close()

    def _refresh_figures(self) -> None:
        """The figures the pulled pages left stale (a session's commit computes them)."""
        ahead, self._ahead = self._ahead, None
        with self.context.database.session() as session:
            if ahead is not None:
                figure_store.use_geometry(session, ahead.result())

    def _geometry_ahead(self) -> None:
        """Once the reference data is in and every parcel's figures are to be computed at
        the end (a first sync), start computing their geometry-derived part now, on another
        thread (``first_sync.GeometryAhead``)."""
        if self._ahead is not None:
            return
        with self._pull_session() as session:
            if not figure_store.all_stale(session):
                return
        self._ahead = GeometryAhead(self.context.database)

    @contextmanager
    def _pull_session(self) -> Iterator[Session]:
        """A local unit of work of the pull: its commit leaves the figures to the end, and
        the WAL checkpoint to another thread (``database.checkpoint_later``), where it runs
        while the pull goes on (the next pages, the figures); the pull waits for it at its
        end."""
        with self.context.database.session() as session:
            figure_store.defer_figures(session)
            checkpoint_later(session)
            raw = session.connection().connection.dbapi_connection
            before = raw.total_changes
            # 64 MB of page cache instead of 2: a first sync's inserts into the indexes of
            # 200 000 parcels no longer go back to the file (the connection keeps it).
            raw.execute("PRAGMA cache_size = -65536")
            yield session
            wrote = raw.total_changes != before
        if wrote:
            self._checkpoints.request()

    def _pull_page(self, connection: psycopg.Connection, carrier: Carrier, bound: int,
                   after: tuple[int, str]) -> tuple[int, str] | None:
        """One page of ``carrier`` after the cursor ``after`` and below ``bound`` (an xmin of
        a snapshot taken this round), stored with its new cursor in one local transaction;
        returns that cursor when the page was full (more may follow), else None."""
        with connection.transaction(), connection.cursor() as cursor:
            page = carrier.pull_page(cursor, bound, after, self.page)
            if not page:
                return None
            rows = [row[1:] for row in page]       # without the transaction id
            if carrier.kind == "photo":
                self._download_photos(cursor, carrier, rows)
            with self._pull_session() as session:
                parents = self._missing_parents(session, cursor, carrier, rows)
        self._store_page(carrier, page, parents, first=after == (0, ""))
        return (int(page[-1][0]), rows[-1][carrier.columns.index("id")]) \
            if len(page) == self.page else None

    def _pull_first(self, connection: psycopg.Connection, carrier: Carrier) -> bool:
        """A kind pulled for the first time (its cursor at the start): its pages are read
        ahead on a second connection (``first_sync.PageReader``) while the previous ones are
        stored (``_store_pages``). False (nothing done) for a kind pulled before, and for
        photos (their files come with the page)."""
        if carrier.kind == "photo":
            return False
        with self._pull_session() as session:
            if carrying.cursor_of(session, carrier.kind) != (0, ""):
                return False
        with PageReader(self._reader_connection(), carrier, self.page) as reader:
            self._store_pages(connection, carrier, reader.pages(), True)
        return True

    def _pull_later(self, connection: psycopg.Connection, carrier: Carrier, bound: int,
                    after: tuple[int, str]) -> None:
        """A kind pulled before: its first page after the cursor ``after`` and below
        ``bound`` (an xmin of a snapshot taken this round) is read here; when it is full,
        the pages after it are read ahead on a second connection (``PageReader``, each
        bounded by its own snapshot's xmin, as in a first pull) while it is stored."""
        with connection.transaction(), connection.cursor() as cursor:
            page = carrier.pull_page(cursor, bound, after, self.page)
        if len(page) < self.page:
            self._store_pages(connection, carrier, iter([page]), False)
            return
        at = 1 + carrier.server_columns.index("id")
        with PageReader(self._reader_connection(), carrier, self.page,
                        (int(page[-1][0]), page[-1][at])) as reader:
            self._store_pages(connection, carrier, itertools.chain([page], reader.pages()),
                              False)

    def _store_pages(self, connection: psycopg.Connection, carrier: Carrier,
                     pages: Iterator[list[tuple]], first: bool) -> None:
        """Store ``pages`` (``first``: the kind's first pull) in order, several per local
        transaction (``first_sync.UNIT_ROWS``, at most ``first_sync.UNIT_PAGES``): each
        transaction rewrites the pages of the indexes its rows touch and the WAL, so fewer,
        larger ones write far less. Each still ends with the cursor of its last page, so an
        interrupted pull resumes after the last one stored."""
        more = True
        at = 1 + carrier.server_columns.index("id")
        pages = (page for page in pages if page)
        while more:
            added = rows = count = 0
            ids: list[str] = []
            with self._pull_session() as session, _spatial_index_after(session, carrier):
                for page in pages:
                    with connection.cursor() as cursor:
                        parents = self._missing_parents(session, cursor, carrier, page, 1)
                    self.fault("pull-page")
                    self.progress(0, 0, f"{_label(carrier.kind)} ontvangen")
                    added += self._apply_page(session, carrier, page, parents, first)
                    if carrier.kind in self._parent_kinds:
                        ids.extend(r[at] for r in page)
                    first = False
                    rows, count = rows + len(page), count + 1
                    if rows >= UNIT_ROWS or count >= UNIT_PAGES:
                        break
                else:
                    more = False
            self._stored.setdefault(carrier.kind, set()).update(ids)   # committed
            self.report.pulled[carrier.kind] = (self.report.pulled.get(carrier.kind, 0)
                                                + added)

    def _store_page(self, carrier: Carrier, page: list[tuple],
                    parents: list[tuple[Carrier, list[tuple]]], first: bool) -> None:
        """One local transaction: the parents the page lacks, its rows, the new cursor."""
        self.fault("pull-page")
        self.progress(0, 0, f"{_label(carrier.kind)} ontvangen")
        with self._pull_session() as session:
            added = self._apply_page(session, carrier, page, parents, first)
        self.report.pulled[carrier.kind] = self.report.pulled.get(carrier.kind, 0) + added

    def _apply_page(self, session: Session, carrier: Carrier, page: list[tuple],
                    parents: list[tuple[Carrier, list[tuple]]], first: bool) -> int:
        """Store a page (and the parents it lacks) and move the cursor; how many rows were
        new."""
        rows = [row[1:] for row in page]
        if carrier.kind == "parcel" and first:
            # A first sync: every parcel's figures once at the end, and no stale marks
            # per inserted row until then.
            figure_store.mark_all_stale(session)
        for parent, parent_rows in parents:
            parent.apply(session, parent_rows)
        # While every parcel's figures and heads are to be rewritten (a first sync), its
        # parcels are logged once for the start snapshot, not once per row.
        logging = figure_store.unlogged_rows(session, ("parcel",)) \
            if carrier.kind == "parcel" and figure_store.all_stale(session) else nullcontext()
        with logging:
            added = carrier.apply(session, rows)
        if carrier.kind == f"revision:{REDACTION_FAMILY}":
            names = carrier.server_columns
            subject, body = names.index("subject_id"), names.index("body")
            apply_redactions(session, [{"subject_id": r[subject],
                                        "body": json.loads(r[body])} for r in rows])
        carrying.set_cursor(session, carrier.kind, int(page[-1][0]),
                            rows[-1][carrier.columns.index("id")])
        return added

    def _missing_parents(self, session: Session, cursor: psycopg.Cursor, carrier: Carrier,
                         rows: list[tuple], skip: int = 0
                         ) -> list[tuple[Carrier, list[tuple]]]:
        """Records the page refers to that the laptop lacks (their own cursor is behind:
        transaction ids and commit order differ), fetched by id, parents first; looked up
        in ``session``, the unit that is to store the page. ``skip``: values before the
        carrier's columns in each row (a page's transaction id)."""
        result: list[tuple[Carrier, list[tuple]]] = []
        for column, kind in carrier.parents:
            parent = self.by_kind[kind]
            at = skip + carrier.server_columns.index(column)
            wanted = sorted({r[at] for r in rows if r[at]} - self._stored.get(kind, set()))
            if not wanted:
                continue
            missing = sorted(set(wanted) - parent.local_ids(session, wanted))
            if missing:
                fetched = parent.raw_rows(cursor, missing)
                result = self._missing_parents(session, cursor, parent, fetched) + result
                result.append((parent, fetched))
        return result

    def _download_photos(self, cursor: psycopg.Cursor, carrier: Carrier, rows: list[tuple]
                         ) -> None:
        at = carrier.server_columns.index("sha256")
        self._download_blobs(cursor, sorted({r[at] for r in rows}))

    def _download_blobs(self, cursor: psycopg.Cursor, shas: list[str]) -> None:
        """The files of these photos that are not here yet, checked against their name."""
        for sha in shas:
            target = photo_path(self.context.photo_dir, sha)
            if target.exists():
                continue
            cursor.execute("SELECT data FROM photo_blob WHERE sha256 = %s", (sha,))
            data = bytes(cursor.fetchone()[0])
            if hashlib.sha256(data).hexdigest() != sha:
                raise SyncError(f"Foto {sha[:12]}… van de server is beschadigd; probeer het "
                                "later opnieuw.")
            atomic_write(target, data)
            self.report.photos_downloaded += 1


_LABELS = {"business_park": "Bedrijventerreinen", "parcel": "Percelen", "building": "Panden",
           "verblijfsobject": "Verblijfsobjecten", "photo": "Foto's",
           "observation": "Waarnemingen",
           f"revision:{REDACTION_FAMILY}": "Verwijderingen (AVG)"}


def _label(kind: str) -> str:
    """Dutch for the status bar; a family without a label shows its table name."""
    return _LABELS.get(kind, kind.removeprefix("revision:").replace("_", " ").capitalize())


def _kinds_with_news(connection: psycopg.Connection, carriers: list[Carrier],
                     cursors: dict[str, tuple[int, str]]) -> tuple[int, set[str]]:
    """The xmin of a snapshot taken now and the kinds that have rows of transactions before
    it after their cursor: one query (one index probe per kind) instead of a page query and
    a local transaction for every kind."""
    probes = [sql.SQL("EXISTS (SELECT 1 FROM {table} WHERE txid < b.bound AND (txid, id) > "
                      "(%s::text::xid8, %s){family})").format(
        table=sql.Identifier(c.server_table),
        family=sql.SQL(" AND family = {}").format(sql.Literal(c.family)) if c.family
        else sql.SQL("")) for c in carriers]
    query = sql.SQL("WITH b AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS bound) "
                    "SELECT {columns} FROM b").format(
        columns=sql.SQL(", ").join([sql.SQL("b.bound::text"), *probes]))
    params = [v for c in carriers for v in (str(cursors[c.kind][0]), cursors[c.kind][1])]
    bound, *found = connection.execute(query, params).fetchone()
    return int(bound), {c.kind for c, new in zip(carriers, found, strict=True) if new}


@contextmanager
def _spatial_index_after(session: Session, carrier: Carrier) -> Iterator[None]:
    """The R*Tree of a first pull's parcels or buildings filled once per local transaction
    instead of once per page (``spatial_index.filled_after``, inside the transaction)."""
    if carrier.local.name not in spatial_index.SPATIAL_TABLES:
        yield
        return
    with spatial_index.filled_after(session.connection(), carrier.local.name, UNIT_ROWS):
        yield


def _snapshot(connection: psycopg.Connection, part: str) -> int:
    return int(connection.execute(
        sql.SQL("SELECT {}(pg_current_snapshot())::text").format(sql.Identifier(part))
    ).fetchone()[0])


def upload_blob(connection: psycopg.Connection, sha: str, data: bytes,
                fault: Fault = lambda point: None) -> bool:
    """Resumable: each chunk commits on its own; a new attempt continues where the server's
    copy ends. True when bytes were sent, False when the server had the photo already."""
    at = 0
    sent = False
    while True:
        with connection.transaction():
            have = connection.execute("SELECT otb_upload_chunk(%s, %s, %s)",
                                      (sha, at, data[at:at + PHOTO_CHUNK])).fetchone()[0]
        if have == -1:
            return sent
        sent = True
        fault("photo-chunk")
        if have >= len(data):
            break
        at = have
    with connection.transaction():
        done = connection.execute(sql.SQL("SELECT otb_finish_upload(%s)"), (sha,)).fetchone()[0]
    if not done:
        raise SyncError(f"Foto {sha[:12]}… kwam beschadigd aan op de server; probeer het "
                        "opnieuw.")
    return True


def _blank(row: Row, redactions: list[dict] | None) -> Row:
    if not redactions:
        return row
    return {**row, "values": redacted_values(row["values"], redactions)}


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _now_text() -> str:
    from otb_desktop.persistence.types import utcnow

    return utcnow().isoformat(timespec="seconds")


def sync(context: AppContext, config: ServerConfig, progress: Progress = no_progress,
         **options) -> SyncReport:
    """One sync run (push, then pull); remembers the server so imports know about it."""
    report = SyncEngine(context, config, progress=progress, **options).run()
    context.database.set_setting(SERVER_KEY, config.url)
    if config.user:
        context.database.set_setting(USER_KEY, config.user)
    return report
