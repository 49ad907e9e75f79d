"""How each kind of record travels between the local SQLite file and the central server.

A *record carrier* moves insert-only records (observations, photos, every revision family):
push reads the outbox (``sync_outbox``, local migration 0015: filled by triggers on every
local insert, emptied by ``confirm``), the server inserts what it does not have and refuses
the same id with another content; pull inserts what the laptop does not have, without the
outbox triggers (``unqueued_inserts``). Supersedes edges travel inside their record (server
column ``supersedes text[]``), so a record and its edges are always one unit. A *reference
carrier* moves parks, parcels, buildings and BAG verblijfsobjecten, which only the
administrator writes (on the server) and laptops pull and upsert.

Rows travel as plain dicts of Python values (aware datetimes, dicts/lists for JSON, WKB bytes
for geometry); ``canonical`` makes two of them comparable.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
import shapely
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import JSON, Column, MetaData, String, Table, select
from sqlalchemy.orm import Session

from otb_desktop.persistence import bulk, figure_store
from otb_desktop.persistence.families import revision_families
from otb_desktop.persistence.models import (
    Building,
    BusinessPark,
    Observation,
    ObservationSupersedes,
    Parcel,
    Photo,
    SyncCursor,
    Verblijfsobject,
)
from otb_desktop.persistence.types import Geometry, UtcDateTime

Row = dict[str, Any]
SUPERSEDES = "supersedes"
_NO_EDGES = ("[]", None)   # a raw row's supersedes (JSON text) when it supersedes nothing


def canonical(row: Row, columns: Iterable[str]) -> str:
    """One text per content, equal exactly when the records are equal."""
    def norm(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        if isinstance(value, bytes | memoryview):
            return shapely.to_wkt(shapely.from_wkb(bytes(value)), rounding_precision=6)
        if isinstance(value, shapely.Geometry):
            return shapely.to_wkt(value, rounding_precision=6)
        return value
    return json.dumps({c: norm(row.get(c)) for c in columns}, sort_keys=True, default=str)


@dataclass
class Carrier:
    """What every carrier has: its kind (cursor key), local and server tables, columns."""

    kind: str
    local: Table
    server_table: str
    columns: tuple[str, ...]
    family: str | None = None          # revision families share the server table 'revision'
    parents: tuple[tuple[str, str], ...] = ()   # (column, kind of the record it refers to)
    json_columns: frozenset[str] = field(init=False)
    geometry_columns: frozenset[str] = field(init=False)
    time_columns: frozenset[str] = field(init=False)
    raw_local: Table = field(init=False)

    def __post_init__(self) -> None:
        def typed(kind) -> frozenset[str]:
            return frozenset(c for c in self.columns if isinstance(self.local.c[c].type, kind))

        self.json_columns = typed(JSON)
        self.geometry_columns = typed(Geometry)
        self.time_columns = typed(UtcDateTime)
        self.raw_local = _raw_table(self.local)

    # --- server side ------------------------------------------------------------------------

    def _server_columns(self) -> list[str]:
        return list(self.columns)

    @property
    def server_columns(self) -> list[str]:
        """The order of a pulled row's values (``pull_page``, ``raw_rows``, ``apply``)."""
        return self._server_columns()

    def select_sql(self, where: sql.Composable, raw: bool = False) -> sql.Composed:
        """``raw``: JSON and times as the text the local database stores (pull's fast path:
        no parsing here, no serialising there)."""
        def field(name: str) -> sql.Composable:
            column = sql.Identifier(name)
            if name in self.geometry_columns:
                return sql.SQL("ST_AsBinary({0}) AS {0}").format(column)
            if raw and name in self.json_columns:
                return sql.SQL("{0}::text AS {0}").format(column)
            if raw and name == SUPERSEDES:
                # JSON text: parsed only for the few records that supersede something (a
                # list per row would be one more object per row for the cycle collector).
                return sql.SQL("array_to_json({0})::text AS {0}").format(column)
            if raw and name in self.time_columns:
                return sql.SQL("to_char({0} AT TIME ZONE 'UTC', "
                               "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"') AS {0}"
                               ).format(column)
            return column

        fields = [field(c) for c in self._server_columns()]
        family = (sql.SQL(" AND family = {}").format(sql.Literal(self.family))
                  if self.family else sql.SQL(""))
        # The text form gets its own name: "ORDER BY txid" must sort the xid8 column, not
        # its text (where '10' < '9').
        return sql.SQL("SELECT txid::text AS txid_text, {fields} FROM {table} "
                       "WHERE {where}{family}").format(
            fields=sql.SQL(", ").join(fields), table=sql.Identifier(self.server_table),
            where=where, family=family)

    def server_rows(self, cursor: psycopg.Cursor, ids: Sequence[str]) -> dict[str, Row]:
        # The ids as one array literal: psycopg's list adapter costs more than the query.
        cursor.execute(self.select_sql(sql.SQL("id = ANY(%s::text[])")),
                       (_array_literal(ids),))
        return {row["id"]: row for row in map(self._from_server, _dicts(cursor))}

    def pull_page(self, cursor: psycopg.Cursor, bound: int, after: tuple[int, str],
                  limit: int) -> list[tuple]:
        """Rows of transactions that finished before the snapshot's xmin, after the cursor:
        tuples of the transaction id (text) and the ``server_columns`` in raw form, ready for
        ``apply`` (no conversion on either side, no dict per row)."""
        where = sql.SQL("txid < %s::text::xid8 AND (txid, id) > (%s::text::xid8, %s)")
        query = sql.SQL("{} ORDER BY txid, id LIMIT %s").format(self.select_sql(where, raw=True))
        # The planner cannot estimate the row comparison and would sort every remaining row
        # for each page (quadratic); without sorting it walks the (txid, id) index.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(query, (str(bound), str(after[0]), after[1], limit))
        return cursor.fetchall()

    def raw_rows(self, cursor: psycopg.Cursor, ids: Sequence[str]) -> list[tuple]:
        """The server's rows with these ids in raw form, like a pulled page without txid."""
        cursor.execute(self.select_sql(sql.SQL("id = ANY(%s)"), raw=True), (list(ids),))
        return [row[1:] for row in cursor.fetchall()]

    def _from_server(self, row: Row) -> Row:
        row.pop("txid_text", None)
        for name in self.geometry_columns:
            if row.get(name) is not None:
                row[name] = bytes(row[name])
        return row

    def insert_sql(self, on_conflict: str = "DO NOTHING") -> sql.Composed:
        names = self._server_columns() + (["family"] if self.family else [])
        values = [sql.SQL("ST_GeomFromWKB(%s, 28992)") if n in self.geometry_columns
                  else sql.Placeholder() for n in names]
        return sql.SQL("INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT (id) "
                       ).format(table=sql.Identifier(self.server_table),
                                names=sql.SQL(", ").join(map(sql.Identifier, names)),
                                values=sql.SQL(", ").join(values)) + sql.SQL(on_conflict)

    def copy_in(self, cursor: psycopg.Cursor, rows: Sequence[tuple],
                halfway: Callable[[], None] = lambda: None) -> None:
        """Stage raw rows (``outbox``: every value is COPY text already) with one COPY, to be
        inserted by ``insert_staged``; ``halfway`` is called with half of them written."""
        names = self._server_columns() + (["family"] if self.family else [])
        stage = sql.Identifier(f"stage_{self.server_table}")
        cursor.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {} INCLUDING "
                               "DEFAULTS) ON COMMIT DELETE ROWS").format(
            stage, sql.Identifier(self.server_table)))
        if self.family:
            rows = [(*row, self.family) for row in rows]
        half = len(rows) // 2
        with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(
                stage, sql.SQL(", ").join(map(sql.Identifier, names)))) as copy:
            for row in rows[:half]:
                copy.write_row(row)
            halfway()
            for row in rows[half:]:
                copy.write_row(row)

    def insert_staged(self, cursor: psycopg.Cursor) -> None:
        """One plain INSERT statement for the staged rows: the server's arrival checks run
        once. An id the server has fails it (unique violation): the server refuses
        insert-if-absent (central migration c0006)."""
        names = sql.SQL(", ").join(map(sql.Identifier, self._server_columns()
                                       + (["family"] if self.family else [])))
        stage = sql.Identifier(f"stage_{self.server_table}")
        cursor.execute(sql.SQL("INSERT INTO {table} ({names}) SELECT {names} FROM {stage}"
                               ).format(table=sql.Identifier(self.server_table), names=names,
                                        stage=stage))

    def server_values(self, row: Row) -> tuple:
        values = []
        for name in self._server_columns():
            value = row.get(name)
            if name in self.json_columns and value is not None and not isinstance(value, str):
                value = Jsonb(value)    # a str is JSON text already (raw rows)
            elif name in self.geometry_columns and isinstance(value, shapely.Geometry):
                value = shapely.to_wkb(value)
            values.append(value)
        if self.family:
            values.append(self.family)
        return tuple(values)

    # --- local side -------------------------------------------------------------------------

    def local_ids(self, session: Session, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` this laptop has: one query, the ids passed as one JSON array."""
        if not ids:
            return set()
        return {row[0] for row in session.connection().exec_driver_sql(
            f'SELECT id FROM "{self.local.name}" WHERE id IN (SELECT value FROM json_each(?))',
            (json.dumps(list(ids)),))}

    def apply(self, session: Session, rows: Sequence[tuple]) -> int:
        """Store pulled rows (raw tuples in ``server_columns`` order); returns how many."""
        raise NotImplementedError

    def _new_rows(self, session: Session, rows: Sequence[tuple]) -> tuple[list[tuple], int]:
        """The rows this laptop lacks, inserted (their table columns); (new rows, how many
        were present).

        Every row is inserted if its id is absent, without looking the ids up first (nearly
        always all of them are new). When some were present, the new ones are those with a
        rowid above the largest before the insert: SQLite gives a row inserted without one
        the largest rowid plus one, and nothing else writes inside this transaction."""
        at = self.columns.index("id")
        width = len(self.columns)
        connection = session.connection()
        name = self.local.name
        before = connection.exec_driver_sql(f'SELECT max(rowid) FROM "{name}"').scalar() or 0
        own = figure_store.MARKS_OWN_PARCEL.get(name)
        marks: set[str] | None = None if own is None else set()   # read after the block
        with figure_store.unmarked_inserts(session, name, marks, len(rows)):
            inserted = bulk.insert_absent_rows(
                session, self.raw_local, self.columns,
                [r if len(r) == width else r[:width] for r in rows])
            if inserted == len(rows):
                new = list(rows)
            else:
                fresh = {i for (i,) in connection.exec_driver_sql(
                    f'SELECT id FROM "{name}" WHERE rowid > ?', (before,))}
                if len(fresh) != inserted:
                    raise RuntimeError(f"{name}: the inserted rows are not the newest rowids")
                new = [r for r in rows if r[at] in fresh]
            if marks is not None:
                marks.update(r[self.columns.index(own)] for r in new)
        return new, len(rows) - len(new)


@dataclass
class RecordCarrier(Carrier):
    """Insert-only records with optional supersedes edges in their own local table."""

    edge: Table | None = None
    edge_from: str = ""
    edge_to: str = ""

    def _server_columns(self) -> list[str]:
        return list(self.columns) + ([SUPERSEDES] if self.edge is not None else [])

    def outbox(self, session: Session, limit: int, after: str = "") -> list[tuple]:
        """Local records the server has not confirmed, by id, after ``after`` (keyset: a
        push walks the outbox once instead of skipping what it confirmed again each batch).

        Rows are raw tuples in ``server_columns`` order, as the server's COPY reads them:
        JSON and times as the stored text, the supersedes edges as the text of a ``text[]``
        (sorted ids); no dict per row. ``parsed`` turns one into Python values when it must
        be compared.
        """
        names = ", ".join(f't."{c}"' for c in self.columns)
        no_edges = ", '{}'" if self.edge is not None else ""
        at = self.columns.index("id")
        edges: dict[str, list[str]] = {}
        # The sqlite3 cursor itself: one fetchall instead of a SQLAlchemy row per record.
        cursor = session.connection().connection.driver_connection.cursor()
        try:
            # A range of the outbox's key, each record looked up by its id (CROSS JOIN: the
            # outbox is the outer loop, so no confirmed record is walked).
            found = cursor.execute(
                f'SELECT {names}{no_edges} FROM sync_outbox AS o CROSS JOIN '
                f'"{self.local.name}" AS t ON t.id = o.record_id WHERE o.kind = ? AND '
                "o.record_id > ? ORDER BY o.record_id LIMIT ?", (self.kind, after, limit)
            ).fetchall()
            if self.edge is not None and found:
                # The batch's edges in one range of the edge table's key, not a subquery per
                # record (most supersede nothing); those of confirmed records in the range
                # are not asked for below.
                for new, old in cursor.execute(
                        f'SELECT "{self.edge_from}", "{self.edge_to}" FROM "{self.edge.name}" '
                        f'WHERE "{self.edge_from}" BETWEEN ? AND ? ORDER BY 1, 2',
                        (found[0][at], found[-1][at])):
                    edges.setdefault(new, []).append(old)
        finally:
            cursor.close()
        if edges:   # the few rows that supersede something get their edges
            for position, row in enumerate(found):
                if row[at] in edges:
                    found[position] = (*row[:-1], _array_literal(edges[row[at]]))
        return found

    def ids(self, rows: Sequence[tuple]) -> list[str]:
        """The ids of raw rows (``outbox``)."""
        at = self.columns.index("id")
        return [row[at] for row in rows]

    def parsed(self, row: tuple) -> Row:
        """A raw row (``outbox``) with its JSON, times and edges as Python values."""
        result = dict(zip(self._server_columns(), row, strict=True))
        for name in self.json_columns:
            if isinstance(result.get(name), str):
                result[name] = json.loads(result[name])
        for name in self.time_columns:
            if isinstance(result.get(name), str):
                result[name] = dt.datetime.fromisoformat(result[name])
        if SUPERSEDES in result:
            result[SUPERSEDES] = _array_items(result[SUPERSEDES])
        return result

    def outbox_count(self, session: Session) -> int:
        return session.connection().exec_driver_sql(
            "SELECT count(*) FROM sync_outbox WHERE kind = ?", (self.kind,)).scalar()

    def apply(self, session: Session, rows: Sequence[tuple]) -> int:
        """Insert the pulled rows this laptop does not have, outside the outbox (the
        server has them: ``unqueued_inserts``).

        A pulled id this laptop already has is confirmed by the push, never here: it is not
        inserted, so its outbox entry stays; the push compares the contents (a record of
        ours whose id the server holds with other content stays in the outbox and is
        refused loudly), the pull does not."""
        with unqueued_inserts(session, self.local.name):
            new, _ = self._new_rows(session, rows)
        if new and self.edge is not None:
            at, edges_at = self.columns.index("id"), len(self.columns)
            edges = [(r[at], old) for r in new if r[edges_at] not in _NO_EDGES
                     for old in json.loads(r[edges_at])]
            if edges:
                with figure_store.unmarked_inserts(session, self.edge.name):
                    session.connection().exec_driver_sql(
                        f'INSERT INTO "{self.edge.name}" ("{self.edge_from}", '
                        f'"{self.edge_to}") VALUES (?, ?)', edges)
        return len(new)


@dataclass
class ReferenceCarrier(Carrier):
    """Parks, parcels, buildings, verblijfsobjecten: written on the server by the
    administrator only."""

    def apply(self, session: Session, rows: Sequence[tuple]) -> int:
        new, present = self._new_rows(session, rows)
        if present:
            at = self.columns.index("id")
            fresh = {r[at] for r in new}
            old = [r for r in rows if r[at] not in fresh]
            keep = [c for c in self.columns if c != "id"]
            bulk.update_columns(session, self.raw_local, [r[at] for r in old],
                                {c: [r[self.columns.index(c)] for r in old] for c in keep})
        session.expire_all()
        return len(rows)

    def local_rows(self, session: Session, ids: Sequence[str] | None = None) -> list[Row]:
        t = self.local
        query = select(*[t.c[c] for c in self.columns])
        if ids is not None:
            query = query.where(t.c.id.in_(list(ids)))
        return [dict(r._mapping) for r in session.execute(query)]


def confirm(session: Session, kind: str, ids: Sequence[str]) -> None:
    """Record that the server holds these records: they leave the outbox. Called only
    after the server committed them."""
    if ids:   # one statement, the ids as one JSON array (not one execution per id)
        session.connection().exec_driver_sql(
            "DELETE FROM sync_outbox WHERE kind = ? AND record_id IN (SELECT value FROM "
            "json_each(?))", (kind, json.dumps(list(ids))))


OUTBOX_TRIGGER = "outbox_{table}"   # local migration 0015: one per synced record table


@contextmanager
def unqueued_inserts(session: Session, table: str) -> Iterator[None]:
    """Inserts into ``table`` that do not enter the outbox (a pull's rows: the server has
    them): its outbox trigger is dropped for the block and made again after it, inside the
    caller's transaction, so no other connection sees it missing and a failure rolls the
    drop back too (SQLite's DDL is transactional)."""
    name = OUTBOX_TRIGGER.format(table=table)
    connection = session.connection()
    trigger = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).scalar()
    if trigger is None:
        raise RuntimeError(f"{table}: no outbox trigger {name} (a migration is missing)")
    with figure_store.dropped_triggers(connection, [(name, trigger)]):
        yield


@functools.cache
def _raw_table(table: Table) -> Table:
    """The same table with JSON and time columns as plain text, for rows pulled raw (made
    once per table: every sync makes its carriers again)."""
    columns = [Column(c.name, String() if isinstance(c.type, JSON | UtcDateTime) else c.type,
                      primary_key=c.primary_key, nullable=c.nullable) for c in table.columns]
    return Table(table.name, MetaData(), *columns)


def cursor_of(session: Session, kind: str) -> tuple[int, str]:
    row = session.get(SyncCursor, kind)
    return (row.txid, row.last_id) if row else (0, "")


def cursors(session: Session) -> dict[str, tuple[int, str]]:
    """Every kind's cursor in one query (a kind never pulled has none: ``(0, "")``)."""
    return {kind: (txid, last_id) for kind, txid, last_id in session.connection()
            .exec_driver_sql("SELECT kind, txid, last_id FROM sync_cursor")}


def set_cursor(session: Session, kind: str, txid: int, last_id: str) -> None:
    """In the page's transaction; one statement (an ORM merge first reads the row)."""
    session.connection().exec_driver_sql(
        "INSERT OR REPLACE INTO sync_cursor (kind, txid, last_id) VALUES (?, ?, ?)",
        (kind, txid, last_id))


def _array_literal(items: Sequence[str]) -> str:
    """A PostgreSQL text array literal (COPY's text form of ``text[]``), elements quoted."""
    if not items:
        return "{}"
    return "{" + ",".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for i in items) + "}"


_ELEMENT = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def _array_items(literal: str) -> list[str]:
    """The elements of a ``_array_literal`` text."""
    return [_ESCAPED.sub(r"\1", item) for item in _ELEMENT.findall(literal)]


def _dicts(cursor: psycopg.Cursor) -> list[Row]:
    names = [d.name for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _columns(table: Table, leave_out: Iterable[str] = ()) -> tuple[str, ...]:
    skip = set(leave_out)
    return tuple(c.name for c in table.columns if c.name not in skip)


def reference_carriers() -> list[ReferenceCarrier]:
    """In pull order: a parcel refers to its park."""
    return [
        ReferenceCarrier("business_park", BusinessPark.__table__, "business_park",
                         _columns(BusinessPark.__table__)),
        ReferenceCarrier("parcel", Parcel.__table__, "parcel", _columns(Parcel.__table__),
                         parents=(("park_id", "business_park"),)),
        ReferenceCarrier("building", Building.__table__, "building",
                         _columns(Building.__table__)),
        ReferenceCarrier("verblijfsobject", Verblijfsobject.__table__, "verblijfsobject",
                         _columns(Verblijfsobject.__table__)),
    ]


def record_carriers() -> list[RecordCarrier]:
    """In push and pull order: photos before anything that may refer to them."""
    carriers = [
        RecordCarrier("photo", Photo.__table__, "photo", _columns(Photo.__table__),
                      parents=(("parcel_id", "parcel"),)),
        RecordCarrier("observation", Observation.__table__, "observation",
                      _columns(Observation.__table__), parents=(("parcel_id", "parcel"),),
                      edge=ObservationSupersedes.__table__, edge_from="observation_id",
                      edge_to="superseded_id"),
    ]
    for family in revision_families():
        carriers.append(RecordCarrier(
            f"revision:{family.name}", family.revision, "revision",
            ("id", "subject_id", "body", "created_at", "created_by", "device_id"),
            family=family.name, edge=family.edge, edge_from="revision_id",
            edge_to="superseded_id"))
    return carriers


def all_carriers() -> list[Carrier]:
    return [*reference_carriers(), *record_carriers()]
