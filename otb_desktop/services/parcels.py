"""The parcel table: every parcel with its park, current survey values and derived figures.

One query per table (parcels with their stored figures, parks, current observations): no
geometry is read or computed, the figures are stored (persistence/figure_store.py). The UI's
list, the exports and the survey progress overview read the same rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from otb_desktop.domain.figures import vacancy_figures
from otb_desktop.domain.topics import SURVEY_TOPICS, Topic

if TYPE_CHECKING:
    from otb_desktop.services.context import AppContext

__all__ = ["SURVEY_TOPICS", "ParcelRow", "ParcelService", "vacancy"]


@dataclass(frozen=True)
class ParcelRow:
    """One parcel as the list, the map, the exports and the progress view read it.

    Rows made by ``ParcelService.rows`` decode their JSON parts (addresses, figures, survey
    values, observation times) on first access, so reading 200 000 of them does not decode
    what nobody looks at; the summaries the list and the map need for every row (surveyed
    topics, first and last survey observation, conflicts) come stored (``parcel_heads``).
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

    def __getattr__(self, name: str) -> Any:
        """A lazy field's first access (only called when it is not decoded yet)."""
        state = self.__dict__
        raw = state.get("_raw")
        if raw is None or name not in _LAZY:
            raise AttributeError(name)
        value = _LAZY[name](self, raw)
        state[name] = value  # frozen: set once, as the constructor would have
        return value

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
        stored = self.__dict__.get("_surveyed")
        return stored if stored is not None else sum(1 for t in SURVEY_TOPICS if t in self.values)

    @property
    def first_observed(self) -> dt.datetime | None:
        """The oldest current survey observation (notes do not count)."""
        return self._observed_summary("_first", min)

    @property
    def first_observed_text(self) -> str | None:
        """``first_observed`` as stored: ISO UTC text with microseconds, sortable."""
        state = self.__dict__
        if "_first" in state:
            return state["_first"]
        first = self.first_observed
        return (
            None if first is None else first.astimezone(dt.UTC).isoformat(timespec="microseconds")
        )

    @property
    def last_observed(self) -> dt.datetime | None:
        """The newest current survey observation (notes do not count)."""
        return self._observed_summary("_last", max)

    def _observed_summary(self, key: str, pick) -> dt.datetime | None:
        state = self.__dict__
        if key in state:
            text = state[key]
            return None if text is None else _moment(text)
        times = [self.observed_at[t] for t in SURVEY_TOPICS if t in self.observed_at]
        return pick(times) if times else None

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


_FIGURE_FIELDS = (
    "built_footprint_m2",
    "coverage_pct",
    "existing_floor_area_m2",
    "unused_coverage_m2",
    "unused_floor_area_m2",
)
# Lazy fields of a row from ParcelService.rows: raw = (addresses, figures, values, times).
_LAZY: dict[str, Any] = {
    "addresses": lambda _row, raw: tuple(_json(raw[0]) or ()),
    "figures": lambda _row, raw: _json(raw[1]),
    "values": lambda _row, raw: _json(raw[2]),
    "observed_at": lambda _row, raw: {t: _moment(v) for t, v in _json(raw[3]).items()},
    **{name: (lambda row, _raw, n=name: row.figures[n]) for name in _FIGURE_FIELDS},
}
_EMPTY: frozenset[str] = frozenset()


def decode_rows(rows: list[ParcelRow]) -> None:
    """Decode the lazy JSON parts of ``rows`` now, one ``json.loads`` per part for them all.

    For a reader that will touch every row anyway (an export): one document per part
    decodes in about half the time of one small document per row.
    """
    pending = [r.__dict__ for r in rows if "_raw" in r.__dict__ and "values" not in r.__dict__]
    if not pending:
        return
    parts = []
    for index in range(4):
        texts = [state["_raw"][index] for state in pending]
        if all(isinstance(t, str) for t in texts):
            parts.append(json.loads(f"[{','.join(texts)}]"))
        else:  # computed in memory (no stored figures or heads): already decoded
            parts.append([_json(t) for t in texts])
    for state, addresses, figures, values, times in zip(pending, *parts, strict=True):
        state["addresses"] = tuple(addresses or ())
        state["figures"] = figures
        state.update((name, figures[name]) for name in _FIGURE_FIELDS)
        state["values"] = values
        state["observed_at"] = {t: _moment(v) for t, v in times.items()}


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
            parks = {
                pid: (name, None if in_scope is None else bool(in_scope))
                for pid, name, in_scope in cursor.execute(
                    "SELECT id, name, in_scope FROM business_park")
            }
            parcels, figures, heads = _read(cursor, parcel_ids, geometry is not None)
        ids = [p[0] for p in parcels]
        present = set(ids)  # the set's own loops (in C) find the few without figures or heads
        lacking = present.difference(figures) | present.difference(heads)
        no_figures = [pid for pid in ids if pid in lacking and pid not in figures]
        no_heads = [pid for pid in ids if pid in lacking and pid not in heads]
        if no_figures or no_heads:
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
        rows = []
        append = rows.append
        new = object.__new__
        set_state = object.__setattr__  # the frozen row's __dict__ in one go, as made
        get_park = parks.get
        no_park = (None, None)
        if geometry is not None:
            geometry.extend(p[6] for p in parcels)
        for pid, designation, park_id, area, registered, addresses, _wkb in parcels:
            _pid, conflicts, surveyed, first, last, values, times = heads[pid]
            park_name, in_scope = get_park(park_id, no_park) if park_id else no_park
            row = new(ParcelRow)
            set_state(row, "__dict__", {
                "id": pid,
                "designation": designation,
                "park_id": park_id,
                "park_name": park_name,
                "in_scope": in_scope,
                "area_m2": area,
                "registered_area_m2": registered,
                "conflicts": _EMPTY if conflicts is None or conflicts == "[]"
                else frozenset(json.loads(conflicts)),
                "_surveyed": surveyed,
                "_first": first,
                "_last": last,
                "_raw": (addresses, figures[pid], values, times),
            })
            append(row)
        return rows

    def rows_and_geometry(self) -> tuple[list[ParcelRow], list[bytes]]:
        """Every parcel (``rows()``) and its geometry as WKB in the same order: one scan of
        the parcel table for the list and the map (``MapDataService.load(parcels=...)``)
        instead of one each (200 000 parcels: a quarter of a second less)."""
        geometry: list[bytes] = []
        return self.rows(None, geometry), geometry

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
    figures = dict(
        cursor.execute(
            "SELECT parcel_id, figures FROM parcel_figures " + where.format("parcel_id"), params
        ).fetchall()
    )
    heads = {  # the whole row (parcel id first): slicing 200 000 of them took 0.1 s
        h[0]: h
        for h in cursor.execute(
            # No conflicts (nearly every parcel) read as NULL: None, not a new "[]" each.
            "SELECT parcel_id, NULLIF(conflicts, '[]'), surveyed, first_observed, "
            "last_observed, "
            '"values", observed_at FROM parcel_heads ' + where.format("parcel_id"),
            params,
        ).fetchall()
    }
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
