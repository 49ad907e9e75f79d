"""The parcel table: every parcel with its park, current survey values and derived figures.

One query per table (parcels with their stored figures, parks, current observations): no
geometry is read or computed, the figures are stored (persistence/figure_store.py). The UI's
list, the exports and the survey progress overview read the same rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field, fields
from itertools import compress, repeat
from operator import add, attrgetter, itemgetter, not_
from pathlib import Path
from typing import TYPE_CHECKING, Any

from otb_desktop.domain.figures import vacancy_figures
from otb_desktop.domain.topics import SURVEY_TOPICS, Topic
from otb_desktop.services import start_snapshot

if TYPE_CHECKING:
    from otb_desktop.services.context import AppContext

__all__ = ["SURVEY_TOPICS", "ParcelRow", "ParcelService", "StartRows", "StoredRow", "vacancy"]


@dataclass(frozen=True)
class ParcelRow:
    """One parcel as the list, the map, the exports and the progress view read it.

    ``ParcelService.rows`` makes ``StoredRow``s: the same fields, read from the columns as
    stored and decoded when first used.
    """

    id: str
    designation: str
    park_id: str | None
    park_name: str | None
    in_scope: bool | None
    addresses: tuple[str, ...]
    area_m2: float
    registered_area_m2: float | None
    built_footprint_m2: float
    coverage_pct: float
    existing_floor_area_m2: float
    unused_coverage_m2: float | None
    unused_floor_area_m2: float | None
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    observed_at: dict[str, dt.datetime] = field(default_factory=dict)
    conflicts: frozenset[str] = frozenset()
    # Every stored figure by name (domain.figures.STORED_FIGURES), as stored.
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def floor_area_from_bag(self) -> bool:
        """True: existing floor area is the sum of the BAG verblijfsobjecten on the parcel;
        False: estimated from footprint × storeys (indicatief)."""
        return bool(self.figures.get("floor_area_from_bag"))

    @property
    def distance_to_sensitive_m(self) -> float | None:
        """Nearest BAG verblijfsobject with woonfunctie; None when none is imported."""
        return self.figures.get("distance_to_sensitive_m")

    @property
    def surveyed_topics(self) -> int:
        return sum(1 for t in SURVEY_TOPICS if t in self.values)

    @property
    def first_observed(self) -> dt.datetime | None:
        """The oldest current survey observation (notes do not count)."""
        times = [self.observed_at[t] for t in SURVEY_TOPICS if t in self.observed_at]
        return min(times) if times else None

    @property
    def first_observed_text(self) -> str | None:
        """``first_observed`` as stored: ISO UTC text with microseconds, sortable."""
        first = self.first_observed
        return (
            None if first is None else first.astimezone(dt.UTC).isoformat(timespec="microseconds")
        )

    @property
    def last_observed(self) -> dt.datetime | None:
        """The newest current survey observation (notes do not count)."""
        times = [self.observed_at[t] for t in SURVEY_TOPICS if t in self.observed_at]
        return max(times) if times else None

    @property
    def completeness(self) -> float:
        return self.surveyed_topics / len(SURVEY_TOPICS)

    def value(self, topic: str, name: str) -> Any:
        return self.values.get(topic, {}).get(name)


def _json(raw: Any) -> Any:
    return json.loads(raw) if isinstance(raw, str) else raw


@functools.lru_cache(maxsize=65536)
def _moment(text: str) -> dt.datetime:
    """Stored ISO text as an aware datetime (many parcels share a survey day)."""
    return dt.datetime.fromisoformat(text)


@functools.lru_cache(maxsize=4096)
def _conflict_set(text: str) -> frozenset[str]:
    """Stored conflicts (JSON text) as a set; few parcels have any, many share them."""
    return _EMPTY if text == "[]" else frozenset(json.loads(text))


_EMPTY: frozenset[str] = frozenset()
_FIELDS = tuple(f.name for f in fields(ParcelRow))
_field_values = attrgetter(*_FIELDS)

# What a StoredRow holds: the parcel's columns (id, designation, park id, area, registered
# area, addresses), its stored head (a tuple: parcel id, conflicts or None, surveyed topics,
# first and last observation text, values and times as JSON text), its stored figures (JSON
# text), its park's name and whether the park is in scope, and, what a load reads of every
# row, its oldest survey observation (text) and its conflicts (a set). Figures or heads
# computed in memory (a database without them) are there as the decoded values.
_ADDRESSES, _HEAD, _FIGURES, _PARK_NAME, _IN_SCOPE, _FIRST_TEXT, _CONFLICT_SET = range(5, 12)
_CONFLICTS, _SURVEYED, _FIRST, _LAST, _VALUES, _TIMES = 1, 2, 3, 4, 5, 6  # in the head
_PARCEL_COLUMNS = itemgetter(slice(0, 6))


def _unordered(self, other):  # rows are not ordered (a dataclass without order=True)
    return NotImplemented


class StoredRow(tuple, ParcelRow):
    """A ``ParcelRow`` as ``ParcelService.rows`` reads it: the columns as read, in one tuple
    (made in C, no Python per parcel: 200 000 rows with a dict each took half a second of
    the start), every field read from them when asked, the JSON parts decoded at their
    first use and kept. Equal to a ``ParcelRow`` with the same fields."""

    __slots__ = ()
    __init__ = tuple.__init__  # type: ignore[assignment]  # not the dataclass's

    def __new__(cls, *args: Any, **fields_: Any) -> Any:
        """``dataclasses.replace`` (fields by name) makes a ``ParcelRow``; ``rows`` makes
        stored rows with ``tuple.__new__`` (``_stored``)."""
        if args:
            return tuple.__new__(cls, *args)
        return ParcelRow(**fields_)
    __repr__ = ParcelRow.__repr__
    __hash__ = ParcelRow.__hash__
    __lt__ = __le__ = __gt__ = __ge__ = _unordered  # type: ignore[assignment]

    id = property(itemgetter(0))  # type: ignore[assignment]
    designation = property(itemgetter(1))  # type: ignore[assignment]
    park_id = property(itemgetter(2))  # type: ignore[assignment]
    area_m2 = property(itemgetter(3))  # type: ignore[assignment]
    registered_area_m2 = property(itemgetter(4))  # type: ignore[assignment]
    park_name = property(itemgetter(_PARK_NAME))  # type: ignore[assignment]
    in_scope = property(itemgetter(_IN_SCOPE))  # type: ignore[assignment]
    conflicts = property(itemgetter(_CONFLICT_SET))  # type: ignore[assignment]
    # The oldest survey observation as stored, for classifying without a call per row
    # (domain.colouring.survey_statuses).
    _first = property(itemgetter(_FIRST_TEXT))
    first_observed_text = property(itemgetter(_FIRST_TEXT))  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParcelRow):
            return NotImplemented
        return self is other or _field_values(self) == _field_values(other)

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    @functools.cached_property
    def addresses(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(_json(self[_ADDRESSES]) or ())

    @functools.cached_property
    def figures(self) -> dict[str, Any]:  # type: ignore[override]
        return _json(self[_FIGURES])

    @functools.cached_property
    def values(self) -> dict[str, dict[str, Any]]:  # type: ignore[override]
        return _json(self[_HEAD][_VALUES])

    @functools.cached_property
    def observed_at(self) -> dict[str, dt.datetime]:  # type: ignore[override]
        return {t: _moment(v) for t, v in _json(self[_HEAD][_TIMES]).items()}

    @property
    def built_footprint_m2(self) -> float:  # type: ignore[override]
        return self.figures["built_footprint_m2"]

    @property
    def coverage_pct(self) -> float:  # type: ignore[override]
        return self.figures["coverage_pct"]

    @property
    def existing_floor_area_m2(self) -> float:  # type: ignore[override]
        return self.figures["existing_floor_area_m2"]

    @property
    def unused_coverage_m2(self) -> float | None:  # type: ignore[override]
        return self.figures["unused_coverage_m2"]

    @property
    def unused_floor_area_m2(self) -> float | None:  # type: ignore[override]
        return self.figures["unused_floor_area_m2"]

    @property
    def surveyed_topics(self) -> int:
        stored = self[_HEAD][_SURVEYED]
        return stored if stored is not None else sum(1 for t in SURVEY_TOPICS if t in self.values)

    @property
    def first_observed(self) -> dt.datetime | None:
        text = self[_FIRST_TEXT]
        return None if text is None else _moment(text)

    @property
    def last_observed(self) -> dt.datetime | None:
        text = self[_HEAD][_LAST]
        return None if text is None else _moment(text)


_stored = functools.partial(tuple.__new__, StoredRow)  # in C, without StoredRow.__new__


def decode_rows(rows: list[ParcelRow]) -> None:
    """Decode the lazy JSON parts of ``rows`` now, one ``json.loads`` per part for them all.

    For a reader that will touch every row anyway (an export): one document per part
    decodes in about half the time of one small document per row.
    """
    pending = [r for r in rows if isinstance(r, StoredRow) and "values" not in r.__dict__]
    if not pending:
        return
    parts = []
    for get in (itemgetter(_ADDRESSES), itemgetter(_FIGURES),
                lambda row: row[_HEAD][_VALUES], lambda row: row[_HEAD][_TIMES]):
        texts = list(map(get, pending))
        if all(isinstance(t, str) for t in texts):
            parts.append(json.loads(f"[{','.join(texts)}]"))
        else:  # computed in memory (no stored figures or heads): already decoded
            parts.append([_json(t) for t in texts])
    for row, addresses, figures, values, times in zip(pending, *parts, strict=True):
        state = row.__dict__
        state["addresses"] = tuple(addresses or ())
        state["figures"] = figures
        state["values"] = values
        state["observed_at"] = {t: _moment(v) for t, v in times.items()}


def _stored_rows(parcels: list[tuple], ids: list[str], figures: dict, heads: dict,
                 parks: dict) -> list[ParcelRow]:
    """One ``StoredRow`` per parcel, made in C: its columns, its head, its figures, its park
    (KeyError: a parcel without stored figures or heads). ``ROWS_CHUNK`` rows per C call:
    a call holds the GIL throughout, and the GUI thread waits meanwhile."""
    rows: list[ParcelRow] = []
    for at in range(0, len(parcels), ROWS_CHUNK):
        chunk, chunk_ids = parcels[at : at + ROWS_CHUNK], ids[at : at + ROWS_CHUNK]
        chunk_heads = list(map(heads.__getitem__, chunk_ids))
        chunk_parks = list(map(parks.get, map(itemgetter(2), chunk), repeat(_NO_PARK)))
        conflict_texts = list(map(itemgetter(_CONFLICTS), chunk_heads))
        conflict_sets = {t: _conflict_set(t) for t in set(conflict_texts) if t is not None}
        rows += map(_stored, map(add, map(_PARCEL_COLUMNS, chunk), zip(
            chunk_heads,
            map(figures.__getitem__, chunk_ids),
            map(itemgetter(0), chunk_parks),
            map(itemgetter(1), chunk_parks),
            map(itemgetter(_FIRST), chunk_heads),
            map(conflict_sets.get, conflict_texts, repeat(_EMPTY)),
            strict=True,
        )))
    return rows


ROWS_CHUNK = 20_000  # about 25 ms of held GIL
_NO_PARK = (None, None)


class ParcelService:
    def __init__(self, context: AppContext):
        self.context = context

    def rows(self, parcel_ids: list[str] | None = None,
             geometry: list[bytes] | None = None) -> list[ParcelRow]:
        """All parcels (or the given ones), sorted by designation; ``geometry``, when given,
        receives each row's WKB in the same order (``rows_and_geometry``).

        The derived figures and the current survey values are read as stored
        (persistence/figure_store.py: ``parcel_figures``, ``parcel_heads``), not recomputed,
        and decoded when first used; a parcel without them (a read-only database from before
        they were stored) gets them computed here, in memory.
        """
        # Plain sqlite3 (Database.reading): the window's first load needs no SQLAlchemy.
        with self.context.database.reading() as cursor:
            parks = _parks(cursor)
            read = _read(cursor, parcel_ids, geometry is not None)
        return self._rows(parks, *read, geometry)[0]

    def _rows(self, parks: dict, parcels: list[tuple], figures: dict, heads: dict,
              geometry: list[bytes] | None) -> tuple[list[ParcelRow], bool]:
        """``rows()`` of what it read (after the read transaction: the few rows without
        stored figures or heads are computed in a session), and whether any was."""
        ids = list(map(itemgetter(0), parcels))
        if geometry is not None:
            geometry.extend(map(itemgetter(6), parcels))
        try:
            return _stored_rows(parcels, ids, figures, heads, parks), False
        except KeyError:  # a parcel without stored figures or heads (rare): computed below
            pass
        present = set(ids)  # the set's own loops (in C) find the few without figures or heads
        lacking = present.difference(figures) | present.difference(heads)
        no_figures = [pid for pid in ids if pid in lacking and pid not in figures]
        no_heads = [pid for pid in ids if pid in lacking and pid not in heads]
        from otb_desktop.persistence import figure_store

        with self.context.database.session() as session:
            if no_figures:
                computed = figure_store.compute(session, parcel_ids=no_figures)
                figures.update(computed)  # dicts: _json takes them as they are
            if no_heads:
                computed = figure_store.compute_heads(session, parcel_ids=no_heads)
                for pid, h in computed.items():
                    values, times, conflicts, surveyed, first, last = h.stored()
                    heads[pid] = (pid, conflicts, surveyed, first, last, values, times)
        return _stored_rows(parcels, ids, figures, heads, parks), True

    def rows_and_geometry(self) -> tuple[list[ParcelRow], list[bytes]]:
        """Every parcel (``rows()``) and its geometry as WKB in the same order: one scan of
        the parcel table for the list and the map (``MapDataService.load(parcels=...)``)
        instead of one each (200 000 parcels: a quarter of a second less)."""
        geometry: list[bytes] = []
        return self.rows(None, geometry), geometry

    def start_rows(self, snapshot: Path | None) -> StartRows:
        """``rows_and_geometry()``, made from the start snapshot in the file ``snapshot``
        when it may be used (services/start_snapshot.py), the parcels changed since read
        again; with the snapshot to write once the window has settled, when there is one
        to write (``store``)."""
        database = self.context.database
        with database.reading() as cursor:
            at = start_snapshot.position(cursor)
            key = None if at is None else start_snapshot.schema(cursor)
            found = None if at is None or snapshot is None else \
                start_snapshot.read(snapshot, cursor)
            made = None if found is None else _from_snapshot(cursor, found)
            if made is None:
                parks = _parks(cursor)
                read = _read(cursor, None, True)
        computed = False
        if made is None:
            geometry: list[bytes] = []
            rows, computed = self._rows(parks, *read, geometry)
        else:
            rows, geometry = made
        # Nothing to write: no change log or file, the snapshot used as it is, or rows
        # computed here (their inputs are not in the change log).
        if at is None or snapshot is None or database.path is None or computed or \
                (made is not None and not found.changed):
            return StartRows(rows, geometry, None)
        return StartRows(rows, geometry, start_snapshot.Pending(
            snapshot, Path(database.path), key, at, rows, geometry))

    def labels(self) -> list[tuple[str, str]]:
        """(id, "designation — first address") of every parcel, for choosing one by name."""
        from sqlalchemy import select

        from otb_desktop.persistence.models import Parcel

        with self.context.database.session() as session:
            rows = session.execute(
                select(Parcel.id, Parcel.designation, Parcel.addresses).order_by(Parcel.designation)
            ).all()
        return [
            (pid, f"{name} — {addresses[0]}" if addresses else name)
            for pid, name, addresses in rows
        ]


@dataclass(frozen=True, eq=False)
class StartRows:
    """``ParcelService.start_rows``: the rows, their WKB in the same order, and the start
    snapshot to write (``start_snapshot.store``) or None."""

    rows: list[ParcelRow]
    geometry: list[bytes]
    snapshot: start_snapshot.Pending | None


def _parks(cursor) -> dict[str, tuple[str | None, bool | None]]:
    return {
        pid: (name, None if in_scope is None else bool(in_scope))
        for pid, name, in_scope in cursor.execute("SELECT id, name, in_scope FROM business_park")
    }


def _from_snapshot(cursor, found: start_snapshot.Found
                   ) -> tuple[list[ParcelRow], list[bytes]] | None:
    """The rows and WKB of a usable snapshot, the changed parcels read again (in the
    snapshot's read transaction) in their place; None when one of those lacks its stored
    figures or heads (the caller reads every row as before)."""
    rows: list[ParcelRow] = []
    for at in range(0, len(found.rows), ROWS_CHUNK):  # GIL let go between the chunks
        rows += map(_stored, found.rows[at : at + ROWS_CHUNK])
    geometry = found.geometry
    if not found.changed:
        return rows, geometry
    parcels, figures, heads = _read(cursor, sorted(found.changed), True)
    try:
        fresh = _stored_rows(parcels, list(map(itemgetter(0), parcels)), figures, heads,
                             _parks(cursor))
    except KeyError:
        return None
    kept = list(map(not_, map(found.changed.__contains__, map(itemgetter(0), rows))))
    rows = [*compress(rows, kept), *fresh]
    geometry = [*compress(geometry, kept), *map(itemgetter(6), parcels)]
    # In designation order, as _read sorts (designations are unique).
    order = sorted(range(len(rows)), key=list(map(itemgetter(1), rows)).__getitem__)
    return list(map(rows.__getitem__, order)), list(map(geometry.__getitem__, order))


def _read(cursor, parcel_ids: list[str] | None,
          geometry: bool = False) -> tuple[list[tuple], dict, dict]:
    """The parcels (sorted by designation; their WKB last when ``geometry``, else None), their
    stored figures and their stored heads (parcel id, conflicts or None for none, surveyed,
    first, last, values, times) by parcel id: each table read on its own and joined here.
    At 200 000 parcels the joined query's index lookups took 3 s, three scans and two dicts
    under 2."""
    if parcel_ids is None:
        where, params = "", ()
    else:
        where, params = (
            "WHERE {} IN (SELECT value FROM json_each(?))",
            (json.dumps(list(parcel_ids)),),
        )
    figures = dict(cursor.execute(  # from the cursor: no list of pairs in between
        "SELECT parcel_id, figures FROM parcel_figures " + where.format("parcel_id"), params
    ))
    found = cursor.execute(
        # No conflicts (nearly every parcel) read as NULL: None, not a new "[]" each.
        "SELECT parcel_id, NULLIF(conflicts, '[]'), surveyed, first_observed, "
        "last_observed, "
        '"values", observed_at FROM parcel_heads ' + where.format("parcel_id"),
        params,
    ).fetchall()
    # The whole row (parcel id first) by parcel id, in C: slicing 200 000 took 0.1 s.
    heads = dict(zip(map(itemgetter(0), found), found, strict=True))
    parcels = cursor.execute(
        "SELECT id, designation, park_id, area_m2, registered_area_m2, addresses"
        + (", geometry" if geometry else ", NULL") + " FROM parcel " + where.format("id"),
        params,
    ).fetchall()
    parcels.sort(key=itemgetter(1))  # code-point order: SQLite's BINARY on UTF-8
    return parcels, figures, heads


def vacancy(row: ParcelRow, today: dt.date | None = None) -> dict[str, Any] | None:
    values = row.values.get(Topic.VACANCY)
    return vacancy_figures(values, today or dt.date.today()) if values else None
