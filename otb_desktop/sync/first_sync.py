"""A first pull of a kind of record (its local cursor still at the start): the server's pages
are read ahead on a second connection and thread while the engine stores the previous page
locally, so reading from the server and writing SQLite overlap (a new laptop's first sync
reads hundreds of thousands of rows).

The pages are exactly the ones the engine's own loop would read (the same query, the same
page size, each bounded by the xmin of its own snapshot, each continuing after the last row
of the page before it); only *when* they are read changes. The engine stores them in order,
a few pages per local transaction (``UNIT_ROWS``, ``UNIT_PAGES``), each with the cursor of
its last page, so an interrupted first sync resumes after the last transaction stored like
any pull. A page read ahead that never gets stored is simply dropped with the reader.

Likewise, once the parcels, buildings and verblijfsobjecten of a first sync are in, their
geometry-derived figures are computed on another thread (``GeometryAhead``) while the
records are pulled; the refresh at the end uses them only when they were computed from
exactly the rows then in the database.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future

import psycopg

from otb_desktop.persistence import figure_store
from otb_desktop.persistence.database import Database
from otb_desktop.persistence.figure_store import GeometryFigures
from otb_desktop.sync.carriers import Carrier
from otb_desktop.sync.connection import ServerConfig, connect

log = logging.getLogger(__name__)
# A first pull stores several pages per local transaction: until this many rows, or pages.
UNIT_ROWS = 50_000
UNIT_PAGES = 10
AHEAD = 2          # pages read ahead at most (memory: two pages of rows)
_END = object()


def read_page(cursor: psycopg.Cursor, carrier: Carrier, after: tuple[int, str], limit: int
              ) -> list[tuple]:
    """The next page after ``after``, below the xmin of the snapshot of the cursor's
    transaction (rows: the transaction id, then the carrier's ``server_columns``)."""
    cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
    bound = int(cursor.fetchone()[0])
    return carrier.pull_page(cursor, bound, after, limit)


class SpareConnection:
    """A second connection to the server for the page readers of one pull, opened on its own
    thread as soon as the pull knows it has something to read (while the first page is read
    on the engine's connection, not after it) and used by one reader after the other."""

    def __init__(self, config: ServerConfig):
        self._future: Future[psycopg.Connection] = Future()
        threading.Thread(target=self._open, args=(config,), name="pull connection",
                         daemon=True).start()

    def _open(self, config: ServerConfig) -> None:
        try:
            self._future.set_result(connect(config, autocommit=True))
        except BaseException as exc:  # noqa: BLE001 - raised by the reader that wants it
            self._future.set_exception(exc)

    def get(self) -> psycopg.Connection:
        return self._future.result()

    def close(self) -> None:
        """Closed once it is open; a pull that never needed it does not wait for it."""
        self._future.add_done_callback(
            lambda f: f.exception() is None and f.result().close())


class PageReader:
    """Reads the pages of one carrier from the start (or from ``after``) on the pull's
    spare connection and its own thread.

    Use as a context manager; iterate ``pages()`` in the engine's thread. Leaving the block
    (also by an exception) stops the reader; the connection stays the pull's."""

    def __init__(self, connection: SpareConnection, carrier: Carrier, page: int,
                 after: tuple[int, str] = (0, "")):
        self.connection = connection
        self.carrier = carrier
        self.page = page
        self.after = after       # the cursor to read on from (a later pull's second page)
        self._queue: queue.Queue = queue.Queue(maxsize=AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pull {carrier.kind}",
                                        daemon=True)

    def __enter__(self) -> PageReader:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()       # a put waiting for room sees it within 50 ms
        self._thread.join()

    def pages(self) -> Iterator[list[tuple]]:
        """The pages in order; the last one is shorter than the page size (maybe empty)."""
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        at = 1 + self.carrier.server_columns.index("id")
        try:
            connection = self.connection.get()
            after = self.after
            while not self._stop.is_set():
                with connection.transaction(), connection.cursor() as cursor:
                    page = read_page(cursor, self.carrier, after, self.page)
                if not self._put(page) or len(page) < self.page:
                    break
                after = (int(page[-1][0]), page[-1][at])
            self._put(_END)
        except Exception as exc:  # noqa: BLE001 - handed to the engine's thread
            self._put(exc)


class GeometryAhead:
    """Every parcel's geometry-derived figures (``figure_store.geometry_figures``), computed
    on another thread and connection while the pull goes on with records that do not change
    them (observations, photos, revisions: a first sync spends most of its time there). The
    refresh at the end of the pull uses them only if the parcels, buildings and
    verblijfsobjecten they were computed from are still exactly the ones in the database;
    otherwise, and when this failed, it computes them itself."""

    def __init__(self, database: Database):
        self._database = database
        self._result: GeometryFigures | None = None
        self._thread = threading.Thread(target=self._run, name="figures ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._database.engine.connect() as connection, connection.begin():
                self._result = figure_store.geometry_figures(connection)
        except Exception:  # noqa: BLE001 - the refresh computes them itself
            log.exception("Figures computed ahead failed; computed at the end instead")

    def result(self) -> GeometryFigures | None:
        self._thread.join()
        return self._result
