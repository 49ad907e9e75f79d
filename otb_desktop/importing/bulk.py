"""Writing many imported rows at once, inside the caller's session (one transaction).

Measured on 100 000 parcels: ORM bulk insert 4.1 s, Core executemany 2.9 s, plain DBAPI
executemany of prepared tuples 0.65 s. The difference is per-row Python work (type
processing, defaults), so the importer prepares whole columns itself (WKB from shapely, one
timestamp string, ids in one numpy pass) and hands tuples to the driver. Values are converted
with the columns' own bind processors, so what lands in the table is what the ORM would write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

import numpy as np
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_COUNTER_SPAN = 4096    # UUIDv7 rand_a: 12 bits
# Below this many new rows, updating indexes as rows arrive is cheap enough.
_REBUILD_MIN_ROWS = 10_000


def new_ids(count: int) -> list[str]:
    """``count`` UUIDv7 strings (RFC 9562), ascending, made in one numpy pass.

    Like ``domain.ids.new_id`` but ~50x faster for a batch: the 12-bit ``rand_a`` field is a
    counter within the millisecond (RFC 9562 method 1); past 4096 ids the timestamp steps on.
    """
    if count <= 0:
        return []
    sequence = np.arange(count, dtype=np.uint64)
    millis = np.uint64(time.time_ns() // 1_000_000) + sequence // np.uint64(_COUNTER_SPAN)
    high = ((millis << np.uint64(16)) | np.uint64(0x7000)
            | (sequence % np.uint64(_COUNTER_SPAN)))
    random = np.frombuffer(os.urandom(8 * count), dtype=np.uint64)
    low = (random >> np.uint64(2)) | np.uint64(0x8000_0000_0000_0000)
    raw = np.column_stack([high, low]).astype(">u8").view(np.uint8).reshape(count, 16)
    digits = np.empty((count, 32), dtype=np.uint8)
    digits[:, 0::2] = _HEX[raw >> 4]
    digits[:, 1::2] = _HEX[raw & 15]
    text = np.full((count, 36), ord("-"), dtype=np.uint8)
    for start, stop, offset in ((0, 8, 0), (8, 12, 1), (12, 16, 2), (16, 20, 3), (20, 32, 4)):
        text[:, start + offset:stop + offset] = digits[:, start:stop]
    return text.view("S36").ravel().astype("U36").tolist()


def binder(session: Session, table: Table, column: str) -> Callable[[Any], Any]:
    """Converts a value as the column's type would before sending it to the database."""
    processor = table.c[column].type.bind_processor(session.get_bind().dialect)
    return processor or (lambda value: value)


def _placeholder(session: Session) -> str:
    return "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"


def key_index(session: Session, table: Table, key: str) -> dict[str, str]:
    """Existing rows by their natural key (designation, bag_id, name): key -> id."""
    return {key_value: row_id for key_value, row_id in session.execute(
        select(table.c[key], table.c.id))}


def _chunks(rows: Iterable[tuple], count: int, report: Callable[[int], None]
            ) -> Iterator[list[tuple]]:
    step = max(1, count // 100)   # about 1 % per progress report
    rows = iter(rows)
    for start in range(0, count, step):
        yield list(islice(rows, step))
        report(min(start + step, count))


def insert_rows(session: Session, table: Table, columns: Sequence[str],
                rows: Iterable[tuple], count: int, report: Callable[[int], None]) -> None:
    """Insert ``count`` rows (tuples in ``columns`` order; built lazily, a chunk at a time)."""
    mark = _placeholder(session)
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    connection = session.connection()
    with _indexes_rebuilt_after(session, table, count):
        for chunk in _chunks(rows, count, report):
            connection.exec_driver_sql(sql, chunk)


@contextmanager
def _indexes_rebuilt_after(session: Session, table: Table, adding: int) -> Iterator[None]:
    """For a large insert into a small SQLite table: drop the table's secondary indexes and
    build them again afterwards. Building an index from sorted data costs less than updating
    it row by row (100 000 parcels: 0.8 s instead of 1.35 s). The statements are the ones
    SQLite stored, so the indexes come back exactly as the migrations made them; it all
    happens inside the import's transaction, so a failure rolls the indexes back too.
    Unique constraints keep their automatic indexes and keep being checked row by row."""
    connection = session.connection()
    if (connection.dialect.name != "sqlite" or adding < _REBUILD_MIN_ROWS
            or adding < session.execute(select(func.count()).select_from(table)).scalar_one()):
        yield
        return
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL", (table.name,)).all()
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        connection.exec_driver_sql(sql)


def update_rows(session: Session, table: Table, columns: Sequence[str],
                rows: Iterable[tuple], count: int, report: Callable[[int], None]) -> None:
    """Update ``count`` rows by id; each row holds the ``columns`` values, then the id."""
    mark = _placeholder(session)
    sql = (f"UPDATE {table.name} SET {', '.join(f'{c} = {mark}' for c in columns)} "
           f"WHERE id = {mark}")
    connection = session.connection()
    for chunk in _chunks(rows, count, report):
        connection.exec_driver_sql(sql, chunk)
