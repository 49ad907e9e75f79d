"""Stored derived figures: recomputed for the parcels whose inputs changed, in the same
write unit, just before it commits.

SQLite triggers (migration 0011) list every parcel whose inputs changed in
``parcel_figures_stale``: a new or removed observation or supersedes edge (saves, imports,
conflict resolution, sync), a parcel inserted or its geometry/area/park changed, a building
inserted, removed or changed (the parcels its bounding box overlaps), a park's profile
changed. Because the triggers sit on the tables, every write path (ORM, bulk inserts, raw
SQL) is covered without the writer having to remember. ``Database`` calls ``refresh`` from
its sessions' ``before_commit``: it recomputes those parcels with the same vectorised code a
full recomputation uses (``compute``) and empties the list, so a committed database never
holds stale figures. A parcel marked only for its observations (migration 0014:
``geometry_stale`` 0) keeps the geometry-derived areas its stored figures hold; only a change
of its shape, a building near it or a dwelling computes those again.

The same refresh stores each stale parcel's *heads* (``parcel_heads``, migration 0012): per
topic the values and time of the newest head, the topics in conflict and the summaries the
list and the map read (``Heads``); the triggers that mark figures stale already fire on every
observation and supersedes edge (and, since 0012, on an observation's in-place redaction).
``ensure_heads`` fills the table once for a database from before 0012. Rows already stored
are updated in place where a value differs (``_store_rows``), not deleted and inserted again.

One exception, for bulk writers that commit page by page (a sync's pull): a unit marked with
``defer_figures`` commits its stale list as it is, and the writer opens one ordinary unit at
its end, which computes them all once (a first sync would otherwise compute every parcel
after its parcels, again after the buildings and again after the observations). A writer
killed in between leaves the list behind: the next write unit, or the next open
(``Database.ensure_figures``), computes it.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any

import numpy as np
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from otb_desktop.domain.figures import (
    FIGURES_SIGNATURE,
    FigureInputs,
    built_areas,
    distance_to_sensitive_m,
    floors,
    stored_figures,
    verblijfsobject_floor_areas,
)
from otb_desktop.domain.topics import LOG_TOPICS

SIGNATURE_KEY = "figures_signature"
HEADS_KEY = "heads_stored"  # local_setting: "1" once parcel_heads holds every parcel
_STALE = "SELECT parcel_id FROM parcel_figures_stale"


_DEFER = "otb_defer_figures"


def defer_figures(session: Session) -> None:
    """This write unit commits without computing the figures it made stale (see above)."""
    session.info[_DEFER] = True


def deferred(session: Session) -> bool:
    return bool(session.info.get(_DEFER))


def has_stale(session: Session) -> bool:
    return session.execute(text("SELECT 1 FROM parcel_figures_stale LIMIT 1")).first() \
        is not None


ALL = "*"  # a stale row meaning "every parcel" (a dwelling changes distances far away)


def mark_all_stale(session: Session) -> None:
    """Every parcel's figures are to be computed at the end of this (deferred) bulk write."""
    session.connection().exec_driver_sql(
        "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id) VALUES (?)", (ALL,))


def all_stale(session: Session) -> bool:
    return session.connection().exec_driver_sql(
        "SELECT 1 FROM parcel_figures_stale WHERE parcel_id = ?", (ALL,)).first() is not None


# The triggers (migration 0011) that mark parcels stale when rows are inserted.
_INSERT_TRIGGERS = {"observation": "figures_observation_insert",
                    "observation_supersedes": "figures_supersedes_insert",
                    "parcel": "figures_parcel_insert", "building": "figures_building_insert"}
# Tables whose insert trigger marks a parcel named in the inserted row itself (an
# observation: its parcel_id): a bulk writer knows those parcels without the trigger. Like
# the trigger it marks them for their heads only (``geometry_stale`` 0, migration 0014).
MARKS_OWN_PARCEL = {"observation": "parcel_id"}
MARK_ONCE_MIN = 200   # rows from which marking their parcels once beats the trigger per row


@contextmanager
def unmarked_inserts(session: Session, table: str, marks: Iterable[str] | None = None,
                     count: int = 0) -> Iterator[None]:
    """Inserts into ``table`` without its marking trigger, made again after them inside the
    caller's transaction (a failure rolls the drop back too):

    - while every parcel is stale anyway (the ``ALL`` row): the trigger has nothing to add
      (for a building: an R*Tree query per row);
    - for a bulk insert of ``count`` rows (at least ``MARK_ONCE_MIN``) into a table of
      ``MARKS_OWN_PARCEL``, given ``marks``, exactly the parcels the trigger would mark for
      the rows inserted: they are marked once, in one statement, after the inserts (a
      sync's page of 5 000 observations on 200 parcels: 200 marks instead of 5 000 trigger
      runs). ``marks`` is read after the block (the caller may fill it there)."""
    name = _INSERT_TRIGGERS.get(table)
    if name is None:
        yield
        return
    every = all_stale(session)
    once = not every and marks is not None and table in MARKS_OWN_PARCEL \
        and count >= MARK_ONCE_MIN
    connection = session.connection()
    trigger = None if not (every or once) else \
        connection.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name = ?", (name,)).scalar()
    if trigger is None:
        yield
        return
    with dropped_triggers(connection, [(name, trigger)]):
        yield
    if once and marks:   # none when every id was present
        connection.exec_driver_sql(
            "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id, geometry_stale) "
            "VALUES (?, 0)", [(pid,) for pid in set(marks)])


# Parcels from which a refresh logs one change-log entry for them all (``unlogged_rows``):
# the start snapshot re-reads at most that many changed parcels one by one
# (services/start_snapshot.py, MAX_CHANGED) and reads every row after more.
UNLOGGED_MIN = 20_000
_ROW_CHANGE_TABLES = ("parcel", "parcel_figures", "parcel_heads")


@contextmanager
def unlogged_rows(session: Session, tables: Iterable[str] = _ROW_CHANGE_TABLES
                  ) -> Iterator[None]:
    """Writes to ``tables`` without the change log's entry per row (migration 0013), for a
    unit that rewrites (nearly) every parcel's row anyway: a full figure refresh, a first
    sync's parcels. One entry without a parcel, in the same transaction, makes a start
    snapshot from before this unit read every row again, as a park's change does; the
    entries per row (one per table and parcel) would add nothing to that. The triggers are
    dropped and made again inside the caller's transaction, before it commits: no other
    connection sees one missing, and a failure rolls the drop back too."""
    connection = session.connection()
    triggers = _row_change_triggers(connection, tables)
    if not triggers:  # no change log (a database being migrated to 0013)
        yield
        return
    connection.exec_driver_sql(
        "INSERT INTO parcel_row_change (parcel_id, tag) VALUES (NULL, randomblob(8))")
    with dropped_triggers(connection, triggers):
        yield


# Stale parcels from which a refresh logs one change-log entry per stale parcel, in one
# statement (``stale_logged_once``), instead of the triggers' entry per row it writes.
LOG_ONCE_MIN = 200


@contextmanager
def stale_logged_once(session: Session) -> Iterator[None]:
    """The stale parcels' rows of ``parcel_figures`` and ``parcel_heads`` written without
    the change log's entry per row (migration 0013), after one entry per stale parcel: the
    start snapshot reads which parcels changed, not how often, and the triggers' entries
    (one per row and table) were half the cost of writing a pull's refreshed rows. The
    triggers are dropped and made again inside the caller's transaction (see
    ``unlogged_rows``)."""
    connection = session.connection()
    triggers = _row_change_triggers(connection, ("parcel_figures", "parcel_heads"))
    if not triggers:  # no change log (a database being migrated to 0013)
        yield
        return
    connection.exec_driver_sql(
        "INSERT INTO parcel_row_change (parcel_id, tag) "
        "SELECT parcel_id, randomblob(8) FROM parcel_figures_stale")
    with dropped_triggers(connection, triggers):
        yield


def _row_change_triggers(connection, tables: Iterable[str]) -> list[tuple[str, str]]:
    """(name, SQL) of the change log's triggers on ``tables``."""
    names = ", ".join(f"'{t}'" for t in tables)
    return [tuple(row) for row in connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        f"AND name GLOB 'row_change_*' AND tbl_name IN ({names})")]


@contextmanager
def dropped_triggers(connection, triggers: Iterable[tuple[str, str]]) -> Iterator[None]:
    """The triggers (name, the SQL that makes them) dropped for the block and made again
    after it, inside the caller's transaction: no other connection sees one missing, and a
    failure in the block rolls the drop back with the rest."""
    triggers = list(triggers)
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)


def refresh(session: Session) -> int:
    """Recompute and store the figures of every stale parcel; returns how many."""
    connection = session.connection()
    if all_stale(session):
        where = "1"
        heads = compute_heads(session)
        figures = compute(session, heads=heads, geometry=session.info.pop(_GEOMETRY, None))
    else:
        where = "parcel_id IN (" + _STALE + ")"
        heads = compute_heads(session, stale=True)
        figures = compute(session, stale=True, heads=heads)
    with _row_logging(session, where, len(heads)):
        _store_rows(connection, "parcel_figures", ("figures",),
                    [(pid, json.dumps(values)) for pid, values in figures.items()], where)
        _store_heads(connection, heads, where)
    connection.exec_driver_sql("DELETE FROM parcel_figures_stale")
    return len(figures)


def _row_logging(session: Session, where: str, count: int):
    """How a refresh of ``count`` parcels logs the rows it writes: the triggers' entry per
    row for a few parcels, one entry per parcel from ``LOG_ONCE_MIN``, one entry for all
    of them when it writes (nearly) every parcel's rows."""
    if where == "1" or count >= UNLOGGED_MIN:
        return unlogged_rows(session, ("parcel_figures", "parcel_heads"))
    if count >= LOG_ONCE_MIN:
        return stale_logged_once(session)
    return nullcontext()


def _store_heads(connection, heads: dict[str, Heads], where: str) -> None:
    _store_rows(connection, "parcel_heads", _HEAD_COLUMNS,
                [(pid, *h.stored()) for pid, h in heads.items()], where)


_HEAD_COLUMNS = ('"values"', "observed_at", "conflicts", "surveyed", "first_observed",
                 "last_observed")


def _store_rows(connection, table: str, columns: tuple[str, ...], rows: list[tuple],
                where: str) -> None:
    """Store the rows (parcel id, ``columns``) computed for every existing parcel that
    ``where`` selects in ``table``, and delete the rows ``where`` selects of parcels removed
    since. A row already there is updated in place, and only where a value differs: deleting
    and inserting every row again cost a fifth of a pull's refresh, with the change log's
    entries for both (migration 0013), while most rows come out as they were (a note changes
    no figure). A row not rewritten needs no change-log entry: it is what it was."""
    connection.exec_driver_sql(
        f"DELETE FROM {table} WHERE {where} AND parcel_id NOT IN (SELECT id FROM parcel)")
    if not rows:
        return
    names = ", ".join(columns)
    new = ", ".join(f"excluded.{c}" for c in columns)
    connection.exec_driver_sql(
        f"INSERT INTO {table} (parcel_id, {names}) VALUES ({', '.join('?' * len(rows[0]))}) "
        f"ON CONFLICT (parcel_id) DO UPDATE SET ({names}) = ({new}) "
        f"WHERE ({names}) IS NOT ({new})", rows)


def ensure_heads(session: Session) -> bool:
    """Store every parcel's heads once (a database from before migration 0012); False when
    they were stored already. No geometry work, but one pass over every head observation:
    about half a minute for 200 000 parcels on a busy two-core machine, once."""
    connection = session.connection()
    row = connection.exec_driver_sql("SELECT value FROM local_setting WHERE key = ?",
                                     (HEADS_KEY,)).first()
    if row is not None and row[0] == "1":
        return False
    _store_heads(connection, compute_heads(session), "1")
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO local_setting (key, value) VALUES (?, '1')", (HEADS_KEY,))
    return True


class Heads:
    """The current survey state of one parcel, as stored in ``parcel_heads``.

    Head values are kept as the JSON text their observation stores, parsed when read
    (``values``) or when two heads of a topic differ in text, and stored as that text: no
    parsing and writing again for every head of every parcel."""

    __slots__ = ("raw", "observed_at", "conflicts", "_values")

    def __init__(self) -> None:
        self.raw: dict[str, str] = {}          # topic -> JSON text of the newest head
        self.observed_at: dict[str, str] = {}  # ISO UTC text as stored, sortable
        self.conflicts: set[str] = set()
        self._values: dict[str, Any] | None = None

    def add(self, topic: str, values: Any, observed_at: str) -> None:
        """One head (its values as JSON text, or as values); heads come oldest first, so the
        newest wins for display. Heads with identical values are one value; a log topic
        (notes) has many heads by design."""
        raw = values if isinstance(values, str) else json.dumps(values)
        before = self.raw.get(topic)
        if before is not None and before != raw and topic not in LOG_TOPICS \
                and json.loads(before) != json.loads(raw):
            self.conflicts.add(topic)
        self.raw[topic] = raw
        self.observed_at[topic] = observed_at
        self._values = None

    @property
    def values(self) -> dict[str, Any]:
        """Every topic's newest head values, parsed."""
        if self._values is None:
            self._values = {topic: json.loads(raw) for topic, raw in self.raw.items()}
        return self._values

    def read_values(self) -> Mapping[str, Any]:
        """The newest head values, each topic parsed when it is read: the stored figures
        read four topics, while a parcel's heads hold a dozen (notes among them), and
        parsing them all was a third of a refresh."""
        return _ParsedOnRead(self.raw)

    def stored(self) -> tuple[str, str, str, int, str | None, str | None]:
        """(values, observed_at, conflicts as JSON; surveyed topics; first and last survey
        observation) as the columns of ``parcel_heads`` hold them. The values object is
        written around each topic's stored JSON text, not parsed and written again."""
        moments = [w for t, w in self.observed_at.items() if t not in LOG_TOPICS]
        values = "{" + ", ".join(f"{_key(t)}: {r}" for t, r in self.raw.items()) + "}"
        return (values, json.dumps(self.observed_at),
                json.dumps(sorted(self.conflicts)) if self.conflicts else "[]", len(moments),
                min(moments) if moments else None, max(moments) if moments else None)


class _ParsedOnRead(Mapping):
    """Topic -> values, parsed from the head's JSON text at every read (the figures read
    each topic once)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw

    def __getitem__(self, topic: str) -> Any:
        return json.loads(self._raw[topic])

    def get(self, topic: str, default: Any = None) -> Any:
        raw = self._raw.get(topic)
        return default if raw is None else json.loads(raw)

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


@functools.cache
def _key(topic: str) -> str:
    """A topic as a JSON object key (a handful of topics, written for every parcel)."""
    return json.dumps(topic)


def compute_heads(session: Session, stale: bool = False,
                  parcel_ids: Iterable[str] | None = None) -> dict[str, Heads]:
    """Heads of the stale parcels (``stale``), of ``parcel_ids``, or of every parcel; every
    parcel asked for gets an entry, also one without observations."""
    connection = session.connection()
    where, params = _where(connection, stale, parcel_ids)
    heads = {pid: Heads() for (pid,) in connection.exec_driver_sql(
        f"SELECT p.id FROM parcel AS p WHERE {where}", params)}
    # The driver's own cursor: SQLAlchemy's result would fetch and wrap rows one by one.
    driver = connection.connection.dbapi_connection
    heads_of = ("FROM observation AS o JOIN parcel AS p ON p.id = o.parcel_id WHERE "
                f"{where} AND o.topic {{}} IN ({', '.join('?' * len(_LOGS))}) AND NOT EXISTS "
                "(SELECT 1 FROM observation_supersedes AS s WHERE s.superseded_id = o.id)")
    # Every head of a survey topic counts (two differing ones are a conflict). Of a log
    # topic (notes, most of the heads) only the newest shows, at the place of the oldest
    # among the parcel's topics: one row per parcel and log topic, keyed by its oldest head.
    rows = driver.execute(
        f"SELECT {_ORDER}, o.parcel_id, o.topic, o.\"values\", o.observed_at "
        + heads_of.format("NOT"), params + _LOGS).fetchall()
    rows += driver.execute(
        "SELECT g.oldest, g.parcel_id, g.topic, n.\"values\", n.observed_at FROM "
        f"(SELECT o.parcel_id, o.topic, min({_ORDER}) AS oldest, max({_ORDER}) AS newest "
        + heads_of.format("") + " GROUP BY o.parcel_id, o.topic) AS g JOIN observation AS n "
        "ON n.id = substr(g.newest, instr(g.newest, char(1)) + 1)", params + _LOGS).fetchall()
    rows.sort()   # oldest first: by time, then id (no time holds the separator)
    for _key, pid, topic, raw, observed_at in rows:
        heads[pid].add(topic, raw, observed_at)
    return heads


# A head's place among a parcel's heads: its time, then its id, as one text that sorts alike.
_ORDER = "o.observed_at || char(1) || o.id"
_LOGS = tuple(sorted(LOG_TOPICS))


def stored_heads(session: Session) -> dict[str, tuple]:
    """The stored heads of every parcel, decoded (for tests and checks)."""
    rows = session.connection().exec_driver_sql(
        "SELECT parcel_id, \"values\", observed_at, conflicts, surveyed, first_observed, "
        "last_observed FROM parcel_heads").all()
    return {pid: (json.loads(v), json.loads(o), json.loads(c), n, first, last)
            for pid, v, o, c, n, first, last in rows}


def mark_all_stale_if_changed(session: Session) -> bool:
    """When the set of stored figures changed (a figure added to STORED_FIGURES), mark every
    parcel stale so this write unit recomputes them all once."""
    row = session.execute(text("SELECT value FROM local_setting WHERE key = :k"),
                          {"k": SIGNATURE_KEY}).first()
    if row is not None and row[0] == FIGURES_SIGNATURE:
        return False
    session.execute(text("INSERT OR REPLACE INTO parcel_figures_stale (parcel_id) "
                         "SELECT id FROM parcel"))
    session.execute(text("INSERT OR REPLACE INTO local_setting (key, value) VALUES (:k, :v)"),
                    {"k": SIGNATURE_KEY, "v": FIGURES_SIGNATURE})
    return True


def _where(connection, stale: bool, parcel_ids: Iterable[str] | None) -> tuple[str, tuple]:
    """SQL condition on ``parcel AS p``: the stale parcels, ``parcel_ids``, or all."""
    if stale:
        where, params = "p.id IN (" + _STALE + ")", ()
    elif parcel_ids is not None:
        ids = list(parcel_ids)
        if not ids:
            return "0", ()
        connection.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS figures_wanted (parcel_id TEXT PRIMARY KEY)")
        connection.exec_driver_sql("DELETE FROM figures_wanted")
        connection.exec_driver_sql("INSERT OR IGNORE INTO figures_wanted VALUES (?)",
                                   [(i,) for i in ids])
        where, params = "p.id IN (SELECT parcel_id FROM figures_wanted)", ()
    else:
        where, params = "1", ()
    return where, params


def compute(session: Session, stale: bool = False,
            parcel_ids: Iterable[str] | None = None,
            heads: dict[str, Heads] | None = None,
            geometry: GeometryFigures | None = None) -> dict[str, dict[str, Any]]:
    """Figures of the stale parcels (``stale``), of ``parcel_ids``, or of every parcel.

    Reads only what the figures depend on: the parcels, the buildings whose boxes overlap
    them, their current observations (newest head per topic) and the parks' profiles.
    ``heads``: those parcels' heads when the caller computed them already. ``geometry``:
    every parcel's geometry-derived figures computed ahead (``geometry_figures``); used only
    when computing every parcel and the rows they were computed from are still the ones in
    the database, otherwise computed again here.
    """
    connection = session.connection()
    if parcel_ids is not None and not stale:
        parcel_ids = list(parcel_ids)
    where, params = _where(connection, stale, parcel_ids)
    kept = _kept_areas(connection) if stale else []
    parcels, buildings = _geometry_rows(connection, _GEOMETRY_STALE if stale else where,
                                        params)
    if not parcels and not kept:
        return {}
    if heads is None:
        heads = compute_heads(session, stale, None if stale else parcel_ids)
    values = {pid: h.read_values() for pid, h in heads.items()}
    result = {pid: stored_figures(FigureInputs(
        area, figures["built_footprint_m2"], figures["existing_floor_area_m2"],
        values.get(pid, {}), profile, figures["floor_area_from_bag"],
        figures["distance_to_sensitive_m"])) for pid, area, profile, figures in kept}
    if not parcels:
        return result
    if geometry is not None and where == "1" and geometry.computed_from(
            parcels, buildings, _verblijfsobject_rows(connection)):
        areas = geometry.areas
    else:
        areas = _geometry_areas(connection, parcels, buildings)
    footprints, floor_areas, from_bag, distances = areas
    result.update({p[0]: stored_figures(FigureInputs(
        p[2], float(footprints[i]), float(floor_areas[i]), values.get(p[0], {}), p[3],
        bool(from_bag[i]), None if np.isnan(distances[i]) else float(distances[i])))
        for i, p in enumerate(parcels)})
    return result


# Stale parcels whose geometry-derived areas are computed again: marked for a change of
# their shape, buildings or dwellings (``geometry_stale``, migration 0014), or without stored
# figures to take them from.
_GEOMETRY_STALE = ("p.id IN (SELECT s.parcel_id FROM parcel_figures_stale AS s WHERE "
                   "s.geometry_stale OR NOT EXISTS (SELECT 1 FROM parcel_figures AS f "
                   "WHERE f.parcel_id = s.parcel_id))")


def _kept_areas(connection) -> list[tuple[str, float, str | None, dict[str, Any]]]:
    """The other stale parcels, whose observations alone changed: (id, area, park profile,
    stored figures). Their stored built footprint, floor area (and whether it came from BAG)
    and distance to dwellings are what computing them again gives: every change those read
    (the parcel's shape, a building near it, any dwelling) marks it ``geometry_stale``, and
    JSON gives the stored floats back exactly."""
    return [(pid, area, profile, json.loads(figures)) for pid, area, profile, figures in
            _tuples(connection,
                    "SELECT p.id, p.area_m2, b.profile, f.figures FROM parcel_figures_stale "
                    "AS s JOIN parcel AS p ON p.id = s.parcel_id JOIN parcel_figures AS f ON "
                    "f.parcel_id = p.id LEFT JOIN business_park AS b ON b.id = p.park_id "
                    "WHERE NOT s.geometry_stale")]


def _geometry_rows(connection, where: str, params: tuple) -> tuple[list, list]:
    """The parcels asked for (id, geometry, area, park profile) and the buildings that may
    touch them (geometry, storeys, height)."""
    parcels = _tuples(connection,
        "SELECT p.id, p.geometry, p.area_m2, b.profile FROM parcel AS p "
        f"LEFT JOIN business_park AS b ON b.id = p.park_id WHERE {where}", params)
    if not parcels:
        return [], []
    if where == "1":
        buildings = _tuples(connection, "SELECT geometry, storeys, height_m FROM building")
    else:
        buildings = _tuples(connection,
            "SELECT b.geometry, b.storeys, b.height_m FROM building AS b WHERE b.rowid IN ("
            "SELECT r.id FROM parcel AS p JOIN parcel_rtree AS pr ON pr.id = p.rowid "
            "JOIN building_rtree AS r ON r.min_x <= pr.max_x AND r.max_x >= pr.min_x "
            f"AND r.min_y <= pr.max_y AND r.max_y >= pr.min_y WHERE {where})", params)
    return parcels, buildings


def _tuples(connection, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows as the driver's plain tuples: for every parcel, building and verblijfsobject a
    SQLAlchemy row costs more than reading it, and comparing them (``computed_from``) runs
    Python per row where tuples compare in C."""
    return connection.connection.dbapi_connection.execute(sql, params).fetchall()


Areas = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _geometry_areas(connection, parcels: list, buildings: list) -> Areas:
    """Per parcel: built footprint, existing floor area, whether that came from BAG
    verblijfsobjecten, distance to the nearest dwelling (NaN: none imported)."""
    parcel_geoms = shapely.from_wkb(np.asarray([p[1] for p in parcels], dtype=object))
    building_geoms = (shapely.from_wkb(np.asarray([b[0] for b in buildings], dtype=object))
                      if buildings else np.empty(0, dtype=object))
    storeys = np.array([floors(b[1], b[2]) for b in buildings])
    footprints, floor_areas = built_areas(parcel_geoms, building_geoms, storeys)
    bag_floor, distances = _verblijfsobjecten(connection, parcel_geoms)
    from_bag = ~np.isnan(bag_floor)
    floor_areas = np.where(from_bag, bag_floor, floor_areas)
    return footprints, floor_areas, from_bag, distances


def _verblijfsobject_rows(connection) -> list:
    """Everything of the verblijfsobjecten that the figures read."""
    return _tuples(connection,
                   "SELECT rowid, x, y, floor_area_m2, residential FROM verblijfsobject")


class GeometryFigures:
    """Every parcel's geometry-derived figures (the slow part of computing every parcel),
    with the rows they were computed from: ``compute`` uses them only when those rows are
    still exactly the ones in the database, so the figures are the ones it would compute."""

    def __init__(self, rows: tuple[list, list, list], areas: Areas):
        self._rows = rows
        self.areas = areas

    def computed_from(self, parcels: list, buildings: list, verblijfsobjecten: list) -> bool:
        return self._rows == (parcels, buildings, verblijfsobjecten)


def geometry_figures(connection) -> GeometryFigures | None:
    """Every parcel's geometry-derived figures, read and computed in one read transaction
    of ``connection`` (a bulk writer computes them ahead, on another thread, while it writes
    what does not change them: a first sync's observations). None without parcels."""
    parcels, buildings = _geometry_rows(connection, "1", ())
    if not parcels:
        return None
    rows = (parcels, buildings, _verblijfsobject_rows(connection))
    return GeometryFigures(rows, _geometry_areas(connection, parcels, buildings))


_GEOMETRY = "otb_geometry_figures"


def use_geometry(session: Session, geometry: GeometryFigures | None) -> None:
    """This write unit's refresh may use these figures computed ahead (see ``compute``)."""
    session.info[_GEOMETRY] = geometry


NEAR_M = 2_000.0  # dwellings read near the parcels first; farther ones only where needed


def _verblijfsobjecten(connection, shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(BAG floor area per parcel, NaN where none; distance to the nearest woonfunctie,
    NaN when no dwelling is imported). Dwellings within ``NEAR_M`` of the parcels' box are
    read first; a parcel with none that near is measured against all of them."""
    nothing = np.full(len(shapes), np.nan)
    if not len(shapes) or connection.exec_driver_sql(
            "SELECT 1 FROM verblijfsobject LIMIT 1").first() is None:
        return nothing, nothing
    x0, y0, x1, y1 = shapely.total_bounds(shapes)
    on = _points(connection, "floor_area_m2 IS NOT NULL", (x0, y0, x1, y1), "floor_area_m2")
    floor = verblijfsobject_floor_areas(shapes, on[0], on[1])
    near = (x0 - NEAR_M, y0 - NEAR_M, x1 + NEAR_M, y1 + NEAR_M)
    distances = distance_to_sensitive_m(shapes, _points(connection, "residential", near)[0])
    far = np.flatnonzero(np.isnan(distances) | (distances > NEAR_M))
    if len(far):
        distances[far] = distance_to_sensitive_m(
            shapes[far], _points(connection, "residential")[0])
    return floor, distances


def _points(connection, condition: str, box=None, value: str | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Verblijfsobject points (and one value column) matching ``condition`` in ``box``."""
    columns = ["x", "y"] + ([value] if value else [])
    sql = f"SELECT {', '.join(columns)} FROM verblijfsobject WHERE {condition}"
    params: tuple = ()
    if box is not None:
        sql += " AND x BETWEEN ? AND ? AND y BETWEEN ? AND ?"
        params = (box[0], box[2], box[1], box[3])
    rows = connection.exec_driver_sql(sql, params).fetchall()
    if not rows:
        return np.empty(0, dtype=object), np.empty(0)
    table = np.fromiter(itertools.chain.from_iterable(rows), dtype=float,
                        count=len(rows) * len(columns)).reshape(len(rows), len(columns))
    return shapely.points(table[:, :2]), (table[:, 2] if value else np.empty(0))


def stored(session: Session) -> dict[str, dict[str, Any]]:
    """The stored figures of every parcel, decoded (for tests and checks)."""
    rows = session.connection().exec_driver_sql(
        "SELECT parcel_id, figures FROM parcel_figures").all()
    return {pid: json.loads(raw) for pid, raw in rows}
