"""Fast bulk inserts of column-wise data, through the tables' own column types.

``session.execute(insert(Model), rows)`` spends its time per row and per value (parameter
dicts, type processors): for the demo's half a million rows that was most of the run. Here a
value shared by every row is converted once, geometry columns are turned into WKB in one
vectorised call (what the Geometry type does value by value), other values go through their
column's own bind processor, and the driver's executemany gets plain tuples. Columns left out
get their Python-side default, as an ORM insert would give them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from sqlalchemy import Table
from sqlalchemy.orm import Session

from otb_desktop.persistence.types import Geometry

CHUNK = 5_000
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


@dataclass(frozen=True)
class Same:
    """One value for every row."""

    value: Any


def insert_columns(session: Session, model: Any, count: int,
                   columns: Mapping[str, Sequence[Any] | np.ndarray | Same],
                   progress: Callable[[int], None] = lambda done: None) -> None:
    """Insert ``count`` rows given as one sequence (or ``Same``) per column name."""
    table: Table = model.__table__
    dialect = session.get_bind().dialect
    columns = {**_defaults(table, columns, count), **columns}
    prepared: list[Iterable[Any]] = []
    for name, values in columns.items():
        column = table.c[name]
        process = column.type.bind_processor(dialect)
        if isinstance(values, Same):
            value = process(values.value) if process and values.value is not None \
                else values.value
            prepared.append(itertools.repeat(value, count))
            continue
        if len(values) != count:
            raise ValueError(f"{table.name}.{name}: {len(values)} values for {count} rows")
        if isinstance(column.type, Geometry):
            prepared.append(shapely.to_wkb(np.asarray(values, dtype=object)).tolist())
        elif isinstance(values, np.ndarray):
            prepared.append(_mapped(process, values.tolist()))
        else:
            prepared.append(_mapped(process, values))
    quote = dialect.identifier_preparer.quote
    mark = _PLACEHOLDER[dialect.paramstyle]
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    rows = zip(*prepared)  # noqa: B905 - lengths checked above; repeat() is endless
    connection = session.connection()
    done = 0
    while batch := list(itertools.islice(rows, CHUNK)):
        connection.exec_driver_sql(sql, batch)
        done += len(batch)
        progress(done)


def _mapped(process, values: Sequence[Any]) -> Iterable[Any]:
    if process is None:
        return values
    return (None if v is None else process(v) for v in values)


def _defaults(table: Table, given: Mapping[str, Any], count: int) -> dict[str, Any]:
    """Python-side defaults of the columns not given; refuses required ones without."""
    result: dict[str, Any] = {}
    for column in table.columns:
        if column.key in given or column.server_default is not None:
            continue
        default = column.default
        if default is None:
            if not column.nullable:
                raise ValueError(f"{table.name}.{column.key} is required")
            continue
        if default.is_scalar:
            result[column.key] = Same(default.arg)
        else:
            result[column.key] = [default.arg(None) for _ in range(count)]
    return result
