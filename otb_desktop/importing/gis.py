"""Import parcels, buildings and business-park boundaries from GIS files.

Sources: BRK cadastral parcels and BAG buildings as PDOK publishes them (GML v4/v5, BAG
extract XML, GeoPackage, GeoJSON) are recognised by their field names; anything else needs a
mapping file (mappings.py). Coordinates in any CRS are stored in RD New (EPSG:28992).

Guarantees:

- One import is one transaction: if anything fails, the database is exactly as before.
- The whole file is checked before anything is written. Invalid geometries are repaired
  (``make_valid``, polygonal part) and reported per feature; a feature that stays unusable
  (no geometry, not polygonal, no key) refuses the whole file, naming the features.
- Importing again updates what is there, matched by designation (parcels), BAG id
  (buildings) or name (parks), and never duplicates. Features of one file that share a key are
  merged into one record (geometries united), and the report says how many.
- Parcels go to the park that holds most of them (``domain.spatial.assign_to_parks``);
  importing park boundaries re-assigns every parcel. Buildings are not assigned: their figures
  per parcel come from geometry when needed.
- Unknown park names (not among the 14 of resources/parks.json) become new parks, *out of
  scope* with profile ``gemengd`` unless the mapping supplies ``in_scope``/``profile``; the
  report lists them, so a typo is noticed and can be fixed in the file.

Speed: columns are read as numpy arrays, geometry work is vectorised, rows are written with
one executemany per ~1 % of the features (see persistence/bulk.py). 100 000 parcels from a
GeoPackage take about 1.9 s, 1.7 times ``ogr2ogr -f SQLite`` of the same file
(tests/benchmarks/bench_import.py); half of that is SQLite itself (binding 21 values a row
from Python, the unique indexes on id and designation, the WAL written and checkpointed).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from sqlalchemy import Table
from sqlalchemy.orm import Session

from otb_desktop.domain import designation as designations
from otb_desktop.domain.ids import reference_id, reference_ids
from otb_desktop.domain.parks import Profile, load_park_definitions
from otb_desktop.domain.wording import count, number
from otb_desktop.importing import columns, geometry, park_assignment
from otb_desktop.importing.errors import (
    CentralReferenceDataError,
    ImportSourceError,
    NoParkBoundariesError,
    RefusedFeaturesError,
)
from otb_desktop.importing.mappings import (
    KIND_NAMES,
    Mapping,
    ResolvedMapping,
    choose,
    load_mapping,
    normalise,
)
from otb_desktop.importing.report import ImportReport
from otb_desktop.importing.sources import SourceTable, open_source
from otb_desktop.paths import resources_dir
from otb_desktop.persistence import bulk
from otb_desktop.persistence.bulk import Same
from otb_desktop.persistence.models import Building, BusinessPark, Parcel
from otb_desktop.persistence.types import utcnow
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import SYNC_SERVER_KEY, AppContext
from otb_desktop.services.parks import ensure_parks

# How many refused features an error message names; the rest are counted.
LISTED_REFUSALS = 10


@dataclass
class _Features:
    """The features of a file that will be stored: one per key, valid polygons in RD."""

    rows: np.ndarray                 # index into the source table (first feature of a key)
    keys: list[str]
    geometries: np.ndarray
    wkb: np.ndarray
    repaired: list[tuple[str, str]]
    skipped: int
    merged: int
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.keys)


# --- reading and checking ---------------------------------------------------------------------

def _read(kind: str, path: Path, layer: str | None, mapping: Path | Mapping | None,
          progress: Progress) -> tuple[SourceTable, ResolvedMapping, str | None]:
    path = Path(path)
    progress(0, 0, f"{path.name} lezen")
    chosen = load_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    with open_source(path) as source:
        resolved = choose(kind, source.layers, chosen, layer, path.name)
        table = source.read(resolved.layer.name, resolved.source_fields)
    if not len(table):
        raise ImportSourceError(
            f"{path.name}: laag '{table.layer}' bevat geen objecten, er is niets geïmporteerd. "
            "Controleer of dit het goede bestand (en de goede laag) is.")
    return table, resolved, source.format_name


def _label(index: int, key: str | None) -> str:
    return f"object {index + 1}" + (f" ({key})" if key else "")


def _refuse(table: SourceTable, kind: str, refused: list[tuple[int, str]],
            keys: list[str | None]) -> RefusedFeaturesError:
    listed = "; ".join(f"{_label(i, keys[i])}: {why}" for i, why in refused[:LISTED_REFUSALS])
    more = (f"; en nog {len(refused) - LISTED_REFUSALS}"
            if len(refused) > LISTED_REFUSALS else "")
    return RefusedFeaturesError(
        f"{table.path.name}: {number(len(refused))} van de {number(len(table))} objecten "
        f"{'kan' if len(refused) == 1 else 'kunnen'} niet als "
        f"{KIND_NAMES[kind]} worden geïmporteerd, daarom is niets opgeslagen. {listed}{more}. "
        "Herstel of verwijder deze objecten in het bestand (bijvoorbeeld in QGIS) en "
        "importeer opnieuw.")


def _current(table: SourceTable, resolved: ResolvedMapping) -> np.ndarray:
    """Rows that describe the present, not history (BAG extracts carry old versions too)."""
    keep = np.ones(len(table), dtype=bool)
    if "valid_until" in resolved.columns:
        values = columns.texts(table.fields[resolved.columns["valid_until"]])
        keep &= ~np.asarray(columns.ended(values, dt.date.today()), dtype=bool)
    if "inactive" in resolved.columns:
        flags = columns.bools(table.fields[resolved.columns["inactive"]])
        keep &= ~np.asarray([flag is True for flag in flags], dtype=bool)
    return keep


def _prepare(kind: str, table: SourceTable, resolved: ResolvedMapping,
             keys: list[str | None], problems: dict[int, str], progress: Progress,
             group_key: Callable[[str], str] = lambda key: key,
             apart: Callable[[str, np.ndarray, list[str]], list[list[int]]] | None = None
             ) -> _Features:
    """Check every feature; refuse the file or return what to store."""
    total = len(table)
    progress(0, total, "Geometrie controleren")
    current = _current(table, resolved)
    rows = np.flatnonzero(current)
    skipped = total - len(rows)
    notes = []
    if skipped:
        versions = count(skipped, "historische of beëindigde versie",
                         "historische of beëindigde versies")
        notes.append(f"{versions} overgeslagen.")
    clean = geometry.clean(table.wkb[rows], table.crs, table.path.name)
    if clean.crs_note:
        notes.append(clean.crs_note)
    refused = [(int(rows[i]), why) for i, why in clean.refused]
    refused += [(int(i), why) for i, why in problems.items() if current[i]]
    if refused:
        raise _refuse(table, kind, sorted(refused), keys)
    wkb = geometry.polygon_wkb(clean, table.wkb[rows])
    geometries = clean.geometries
    repaired = [(_label(int(rows[i]), keys[rows[i]]), why) for i, why in clean.repaired]
    kept_keys = [keys[i] for i in rows.tolist()]

    # Features of one file that share a key become one record: BAG panden drawn in parts,
    # parks made of several polygons; unless ``apart`` splits them (unrelated buildings that
    # carry one placeholder id).
    grouped_keys = [group_key(key) for key in kept_keys]
    merged = 0
    if len(set(grouped_keys)) < len(grouped_keys):    # rare: only then look for the groups
        by_key: dict[str, list[int]] = {}
        for position, grouped in enumerate(grouped_keys):
            by_key.setdefault(grouped, []).append(position)
        clusters: list[list[int]] = []
        for members in by_key.values():
            parts = ([list(range(len(members)))] if len(members) == 1 or apart is None
                     else apart(kept_keys[members[0]], geometries[members], notes))
            for number, part in enumerate(parts):
                positions = [members[i] for i in part]
                if number:
                    kept_keys[positions[0]] = f"{kept_keys[positions[0]]}-{number + 1}"
                clusters.append(positions)
        clusters.sort(key=lambda positions: positions[0])
        for positions in clusters:
            if len(positions) > 1:
                head = positions[0]
                geometries[head] = shapely.union_all(geometries[positions])
                wkb[head] = shapely.to_wkb(geometries[head])
                merged += len(positions) - 1
        keep = np.asarray([positions[0] for positions in clusters])
        rows, geometries, wkb = rows[keep], geometries[keep], wkb[keep]
        kept_keys = [kept_keys[i] for i in keep.tolist()]
    return _Features(rows, kept_keys, geometries, wkb, repaired, skipped, merged, notes)


@dataclass(frozen=True)
class _Designations:
    """Per source feature: canonical designation ('OTL02 B 2298') and its parts (None when
    unreadable, with the reason in ``problems``)."""

    keys: list[str | None]
    akr_codes: list[str | None]
    sections: list[str | None]
    numbers: list[int | None]
    problems: dict[int, str]


def _designations(table: SourceTable, resolved: ResolvedMapping) -> _Designations:
    if not resolved.designation_parts:
        parsed = [designations.parse(text or "") for text in columns.texts(
            table.fields[resolved.columns["designation"]])]
        problems = {i: "kadastrale aanduiding ontbreekt of is onleesbaar"
                    for i, d in enumerate(parsed) if d is None}
        return _Designations([str(d) if d else None for d in parsed],
                             [d.akr_code if d else None for d in parsed],
                             [d.section if d else None for d in parsed],
                             [d.number if d else None for d in parsed], problems)
    names = resolved.designation_parts
    akr = columns.texts(table.fields[names["akr_code"]])
    section = columns.texts(table.fields[names["section"]])
    number = columns.ints(table.fields[names["number"]])
    # A file has few distinct (AKR code, section) pairs: check and normalise those once.
    canonical: dict[tuple[str | None, str | None], tuple[str, str] | None] = {}
    for pair in set(zip(akr, section, strict=True)):
        parsed = designations.parse(f"{pair[0]} {pair[1]} 1") if all(pair) else None
        canonical[pair] = (parsed.akr_code, parsed.section) if parsed else None
    keys: list[str | None] = []
    parts: list[tuple[str, str] | None] = []
    problems: dict[int, str] = {}
    for index, (a, s, n) in enumerate(zip(akr, section, number, strict=True)):
        pair = canonical[(a, s)]
        if pair is None or n is None or not 0 < n < 100_000:
            problems[index] = ("kadastrale aanduiding onvolledig of onleesbaar "
                               f"(AKR-code {a}, sectie {s}, perceelnummer {n})")
            pair = None
        keys.append(None if pair is None else f"{pair[0]} {pair[1]} {n}")
        parts.append(pair)
    return _Designations(keys, [None if p is None else p[0] for p in parts],
                         [None if p is None else p[1] for p in parts], number, problems)


def _text_keys(column: np.ndarray, what: str, pad_digits: int = 0
               ) -> tuple[list[str | None], dict[int, str]]:
    keys = columns.texts(column)
    if pad_digits and column.dtype.kind in "iuf":
        # A numeric id column lost its leading zeros (BAG ids are 16 digits: 0228100000076787).
        keys = [None if v is None else v.zfill(pad_digits) for v in keys]
    elif pad_digits:
        # "NL.IMBAG.Pand.0228100000076787" (BAG 2.0, OGC API) is the same id.
        keys = [v.rsplit(".", 1)[-1] if v and v.startswith("NL.") else v for v in keys]
    problems = {i: f"{what} ontbreekt" for i, key in enumerate(keys) if key is None}
    return keys, problems


def _report(kind: str, table: SourceTable, resolved: ResolvedMapping, source_format: str | None,
            features: _Features, started: float, **counts) -> ImportReport:
    mapping = resolved.mapping.name + (f", {source_format}" if source_format else "")
    return ImportReport(
        kind=kind, source=table.path.name, layer=table.layer, mapping=mapping, read=len(table),
        repaired=tuple(features.repaired), merged=features.merged,
        notes=tuple(features.notes + counts.pop("notes", [])),
        seconds=time.perf_counter() - started, **counts)


# --- parcels ----------------------------------------------------------------------------------

def _refuse_when_central(context: AppContext, what: str) -> None:
    """Reference data has one writer: the central database. A laptop that syncs with a
    server gets parcels and buildings from there; one without a server imports as before."""
    server = context.database.setting(SYNC_SERVER_KEY)
    if server:
        raise CentralReferenceDataError(
            f"Deze laptop synchroniseert met een centrale server, dus {what} komen alleen "
            "van daar: de beheerder importeert ze met 'otb-desktop central import', daarna "
            "brengt 'otb-desktop sync' ze hier. Er is niets geïmporteerd.")


# Slivers: digitising leftovers, not parcels. Below a square metre, or thinner than this on
# average (twice the area over the perimeter is the width of a long strip).
SLIVER_AREA_M2 = 1.0
SLIVER_WIDTH_M = 0.1


def slivers(geometries: np.ndarray) -> dict[int, str]:
    """Index → Dutch reason for every geometry too small or too thin to be a parcel."""
    areas = shapely.area(geometries)
    widths = 2 * areas / np.maximum(shapely.length(geometries), 1e-12)
    found = {}
    for i in np.flatnonzero((areas < SLIVER_AREA_M2) | (widths < SLIVER_WIDTH_M)).tolist():
        found[i] = (f"splinter: {number(areas[i], 2)} m²" if areas[i] < SLIVER_AREA_M2 else
                    f"splinter: gemiddeld {number(widths[i], 3)} m breed")
    return found


def _check_slivers(table: SourceTable, features: _Features, allow: bool) -> None:
    found = slivers(features.geometries)
    if not found:
        return
    labels = [(_label(int(features.rows[i]), features.keys[i]), why) for i, why in found.items()]
    if allow:
        features.notes.append(
            f"{count(len(found), 'splinter', 'splinters')} toch geïmporteerd (--allow-slivers): "
            + "; ".join(f"{label}: {why}" for label, why in labels[:LISTED_REFUSALS]))
        return
    listed = "; ".join(f"{label}: {why}" for label, why in labels[:LISTED_REFUSALS])
    more = f"; en nog {len(labels) - LISTED_REFUSALS}" if len(labels) > LISTED_REFUSALS else ""
    what = count(len(found), "object is een splinter", "objecten zijn splinters")
    raise RefusedFeaturesError(
        f"{table.path.name}: {what} (kleiner dan {number(SLIVER_AREA_M2)} m² of smaller dan "
        f"{number(SLIVER_WIDTH_M, 1)} m), daarom is niets opgeslagen. {listed}{more}. "
        "Verwijder ze in het bestand, of importeer ze toch met --allow-slivers.")

def import_parcels(context: AppContext, path: Path, layer: str | None = None,
                   mapping: Path | Mapping | None = None, inside_parks_only: bool = False,
                   progress: Progress = no_progress, allow_slivers: bool = False
                   ) -> ImportReport:
    """Import cadastral parcels; see the module docstring for what is guaranteed."""
    _refuse_when_central(context, "percelen")
    started = time.perf_counter()
    if inside_parks_only:
        with context.database.session() as session:
            if not park_assignment.park_geometries(session)[0]:
                raise NoParkBoundariesError(
                    "Er zijn nog geen grenzen van bedrijventerreinen, dus geen percelen "
                    "binnen een terrein. Importeer eerst de grenzen met 'otb-desktop import "
                    "parks BESTAND', of laat --inside-parks-only weg.")
    table, resolved, source_format = _read("parcels", path, layer, mapping, progress)
    found = _designations(table, resolved)
    features = _prepare("parcels", table, resolved, found.keys, found.problems, progress)
    _check_slivers(table, features, allow_slivers)
    total = len(features)
    rows = features.rows
    sections = _column(found.sections, rows)
    numbers = _column(found.numbers, rows)
    values: dict[str, np.ndarray | Same] = {
        "designation": np.asarray(features.keys, dtype=object),
        "akr_code": _column(found.akr_codes, rows),
        "section": sections,
        "number": numbers,
        # designation.search_key of "B 2298", built directly: parts are canonical already.
        "short_key": np.asarray([f"{s} {n}" for s, n in zip(sections.tolist(), numbers.tolist(),
                                                            strict=True)], dtype=object),
        "area_m2": shapely.area(features.geometries),
        "source": Same(table.path.name),
        "geometry": features.wkb,
        **_bounds(features.geometries),
    }
    for target, convert in (("registered_area_m2", columns.floats), ("source_id", columns.texts),
                            ("addresses", columns.text_lists)):
        if target in resolved.columns:
            values[target] = _column(convert(table.fields[resolved.columns[target]][rows]))
    parcel = Parcel.__table__
    with context.database.session() as session:
        park_ids, parks = park_assignment.park_geometries(session)
        in_park = park_assignment.assign(features.geometries, parks)
        values["park_id"] = np.asarray([*park_ids, None], dtype=object)[in_park]
        selected = in_park >= 0 if inside_parks_only else np.ones(total, dtype=bool)
        created, updated = _store(session, context, parcel, "designation", values, selected,
                                  progress, "Percelen opslaan",
                                  insert_defaults={"addresses": Same([]),
                                                   "registered_area_m2": Same(None),
                                                   "source_id": Same(None)},
                                  kind="parcel")
    notes = []
    if not len(parks):
        notes.append("Er zijn nog geen grenzen van bedrijventerreinen; alle percelen staan "
                     "'buiten'. Importeer de grenzen met 'import parks', dan worden de "
                     "percelen alsnog toegekend.")
    return _report("parcels", table, resolved, source_format, features, started,
                   created=created, updated=updated,
                   skipped=features.skipped + total - int(selected.sum()),
                   outside_parks=int((in_park < 0).sum()), notes=notes)


def _column(values: list, rows: np.ndarray | None = None) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array if rows is None else array[rows]


def _bounds(geometries: np.ndarray) -> dict[str, np.ndarray]:
    bounds = shapely.bounds(geometries)
    return {name: bounds[:, c] for c, name in enumerate(("min_x", "min_y", "max_x", "max_y"))}


def _store(session: Session, context: AppContext, table: Table, key: str,
           values: dict[str, np.ndarray | Same], selected: np.ndarray, progress: Progress,
           message: str, insert_defaults: dict[str, Same], kind: str) -> tuple[int, int]:
    """Insert the selected features whose key is new, update those whose key exists.

    A new record's id is derived from its key (``domain.ids.reference_id``), so every import
    of the same source, on any laptop or on the central server, gives the same ids.

    ``values`` holds one array per column (or ``Same``: one value for every row). Updates
    leave out the key, provenance and columns the source does not have, so a re-import
    keeps, e.g., addresses that came from elsewhere.
    """
    keys = values[key]
    existing = bulk.key_index(session, table, key)
    known = np.fromiter((k in existing for k in keys.tolist()), dtype=bool, count=len(keys))
    new, old = np.flatnonzero(selected & ~known), np.flatnonzero(selected & known)
    now = Same(utcnow())
    provenance = {"created_at": now, "created_by": Same(context.author),
                  "device_id": Same(context.device_id), "updated_at": now}
    done = len(new) + len(old)
    progress(0, done, message)

    def taking(columns: dict[str, np.ndarray | Same], rows: np.ndarray
               ) -> dict[str, np.ndarray | Same]:
        # rows are sorted and unique: as many as values means all of them, in order.
        return {name: value if isinstance(value, Same) or len(rows) == len(value)
                else value[rows] for name, value in columns.items()}

    bulk.insert_columns(session, table, len(new),
                        {"id": reference_ids(kind, keys[new].tolist()),
                         **taking({**insert_defaults, **values, **provenance}, new)},
                        lambda count: progress(count, done, message))
    updating = {name: value for name, value in values.items() if name != key}
    updating["updated_at"] = now
    bulk.update_columns(session, table, [existing[k] for k in keys[old].tolist()],
                        taking(updating, old),
                        lambda count: progress(len(new) + count, done, message))
    session.expire_all()
    progress(done, done, "Klaar")
    return len(new), len(old)


# --- buildings --------------------------------------------------------------------------------

# A BAG pand id is municipality (4) + object type 10 + a 10-digit number. Kadaster draws
# buildings it has no BAG id for with a placeholder: all nines (or zeros) as the number; the
# real BRK v5 sample has 0228109999999999 on two parts 44 m apart.
_PLACEHOLDER_BAG_ID = re.compile(r"^\d{4}10(9{10}|0{10})$")
# Parts of one pand closer than this belong together (drawn in pieces along a shared wall).
PART_TOUCH_M = 0.5


def building_parts(bag_id: str, geometries: np.ndarray, notes: list[str]) -> list[list[int]]:
    """Which features with one BAG id form one building: indexes into ``geometries``.

    A placeholder id names no building, so each feature stays apart; a real id on parts that
    do not touch is most likely a data error, so those parts are kept apart too. Either way
    the report says so, naming the id and the stored keys (``<id>-2``, ``-3``).
    """
    pieces = len(geometries)
    if _PLACEHOLDER_BAG_ID.match(bag_id):
        parts = [[i] for i in range(pieces)]
        reason = "is een plaatshouder, geen echt pand-id"
    else:
        parts = _touching(geometries)
        if len(parts) == 1:
            return parts
        reason = "staat op delen die niet aan elkaar liggen"
    farthest = max(float(shapely.distance(geometries[a[0]], geometries[b[0]]))
                   for a in parts for b in parts)
    stored = ", ".join([bag_id] + [f"{bag_id}-{n}" for n in range(2, len(parts) + 1)])
    notes.append(f"BAG-id {bag_id} {reason} ({pieces} delen, tot {number(farthest)} m uit "
                 f"elkaar): niet samengevoegd, apart opgeslagen als {stored}. Controleer "
                 "deze panden in de BAG.")
    return parts


def _touching(geometries: np.ndarray) -> list[list[int]]:
    """Groups of geometries within PART_TOUCH_M of each other (connected components)."""
    group = list(range(len(geometries)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i in range(len(geometries)):
        for j in range(i + 1, len(geometries)):
            if shapely.dwithin(geometries[i], geometries[j], PART_TOUCH_M):
                group[root(j)] = root(i)
    components: dict[int, list[int]] = {}
    for i in range(len(geometries)):
        components.setdefault(root(i), []).append(i)
    return list(components.values())


def import_buildings(context: AppContext, path: Path, layer: str | None = None,
                     mapping: Path | Mapping | None = None,
                     progress: Progress = no_progress) -> ImportReport:
    """Import BAG buildings (panden), matched on BAG id; not assigned to parcels or parks."""
    _refuse_when_central(context, "panden")
    started = time.perf_counter()
    table, resolved, source_format = _read("buildings", path, layer, mapping, progress)
    keys, problems = _text_keys(table.fields[resolved.columns["bag_id"]], "BAG-id",
                                pad_digits=16)
    features = _prepare("buildings", table, resolved, keys, problems, progress,
                        apart=building_parts)
    values: dict[str, np.ndarray | Same] = {
        "bag_id": np.asarray(features.keys, dtype=object),
        "source": Same(table.path.name),
        "geometry": features.wkb,
        **_bounds(features.geometries),
    }
    for target, convert in (("year_built", columns.ints), ("status", columns.texts),
                            ("height_m", columns.floats), ("storeys", columns.ints)):
        if target in resolved.columns:
            values[target] = _column(convert(table.fields[resolved.columns[target]][
                features.rows]))
    if "ground_elevation_m" in resolved.columns and "height_m" in values:
        values["height_m"] = _height_above_ground(
            values["height_m"], columns.floats(table.fields[resolved.columns[
                "ground_elevation_m"]][features.rows]))
    with context.database.session() as session:
        created, updated = _store(
            session, context, Building.__table__, "bag_id", values,
            np.ones(len(features), dtype=bool), progress, "Panden opslaan",
            insert_defaults={"year_built": Same(None), "status": Same(None),
                             "height_m": Same(None), "storeys": Same(None)},
            kind="building")
    return _report("buildings", table, resolved, source_format, features, started,
                   created=created, updated=updated, skipped=features.skipped)


def _height_above_ground(roof: np.ndarray | Same, ground: list) -> np.ndarray | Same:
    """3D BAG b3_h_* are elevations above NAP: height = roof elevation − ground elevation.

    Without a ground elevation the roof elevation is no height at all, so it stays unknown.
    """
    if isinstance(roof, Same):
        return roof
    result = np.empty(len(roof), dtype=object)
    for i, (top, base) in enumerate(zip(roof.tolist(), ground, strict=True)):
        ok = top is not None and base is not None and top == top and base == base
        result[i] = max(0.0, float(top) - float(base)) if ok else None
    return result


# --- parks ------------------------------------------------------------------------------------

def _park_key(name: str) -> str:
    """'Twentekanaal Noord 1 en 2' and 'twentekanaal noord 1 & 2' name the same park, and a
    known alternative name (IBIS: 'Twentekanaal Noord') names the park of chapter 2.2."""
    key = _plain_park_key(name)
    return _park_aliases().get(key, key)


def _plain_park_key(name: str) -> str:
    return normalise(name.replace("&", " en "))


@functools.cache
def _park_aliases() -> dict[str, str]:
    return {_plain_park_key(alias): _plain_park_key(d.name)
            for d in load_park_definitions(resources_dir() / "parks.json") for alias in d.aliases}


def _fixed_scope() -> dict[str, bool]:
    """The 14 parks of chapter 2.2 and whether they are in the OTB: fixed, never imported."""
    return {_plain_park_key(d.name): d.in_scope
            for d in load_park_definitions(resources_dir() / "parks.json")}


def _profiles(column: np.ndarray) -> tuple[list[Profile | None], dict[int, str]]:
    by_text = {normalise(p.value): p for p in Profile}
    result: list[Profile | None] = []
    problems: dict[int, str] = {}
    for index, text in enumerate(columns.texts(column)):
        profile = by_text.get(normalise(text)) if text else None
        if text and profile is None:
            problems[index] = (f"profiel '{text}' onbekend; kies uit "
                               f"{', '.join(p.value for p in Profile)}")
        result.append(profile)
    return result, problems


def import_parks(context: AppContext, path: Path, layer: str | None = None,
                 mapping: Path | Mapping | None = None,
                 progress: Progress = no_progress) -> ImportReport:
    """Import park boundaries, matched by name to the parks of resources/parks.json, and put
    every parcel in the database in its park again."""
    _refuse_when_central(context, "grenzen van bedrijventerreinen")
    started = time.perf_counter()
    table, resolved, source_format = _read("parks", path, layer, mapping, progress)
    keys, problems = _text_keys(table.fields[resolved.columns["name"]], "naam")
    profiles: list[Profile | None] = [None] * len(table)
    if "profile" in resolved.columns:
        profiles, profile_problems = _profiles(table.fields[resolved.columns["profile"]])
        problems.update(profile_problems)
    scopes = (columns.bools(table.fields[resolved.columns["in_scope"]])
              if "in_scope" in resolved.columns else [None] * len(table))
    features = _prepare("parks", table, resolved, keys, problems, progress,
                        group_key=_park_key)
    created: list[str] = []
    kept_scope: list[str] = []
    fixed = _fixed_scope()
    updated = 0
    with context.database.session() as session:
        by_key = {_park_key(name): park for name, park in ensure_parks(session, context).items()}
        for name, row, shape in zip(features.keys, features.rows.tolist(),
                                    features.geometries, strict=True):
            park = by_key.get(_park_key(name))
            in_scope, profile = scopes[row], profiles[row]
            if park is None:
                park = BusinessPark(id=reference_id("park", _park_key(name)), name=name,
                                    in_scope=bool(in_scope),
                                    profile=str(profile or Profile.MIXED),
                                    created_by=context.author, device_id=context.device_id)
                session.add(park)
                by_key[_park_key(name)] = park
                created.append(f"'{name}' ({'binnen' if park.in_scope else 'buiten'} de "
                               f"OTB-afbakening, profiel {park.profile})")
            else:
                updated += 1
                if _plain_park_key(park.name) in fixed:
                    if in_scope is not None and bool(in_scope) != park.in_scope:
                        kept_scope.append(park.name)
                elif in_scope is not None:
                    park.in_scope = in_scope
                if profile is not None:
                    park.profile = str(profile)
            park.geometry = shape
        session.flush()
        progress(len(features), len(features), "Percelen opnieuw toekennen")
        inside, changed = park_assignment.reassign_all(session)
    notes = [f"Onbekende namen, toegevoegd als nieuw terrein: {', '.join(created)}. Klopt een "
             "naam niet, verbeter hem in het bestand en importeer opnieuw."] if created else []
    if kept_scope:
        notes.append("De afbakening van de 14 terreinen van hoofdstuk 2.2 ligt vast; de "
                     f"binnen/buiten-OTB-waarde uit het bestand is genegeerd voor: "
                     f"{', '.join(kept_scope)}.")
    notes.append(f"Percelen opnieuw toegekend: {inside} liggen in een bedrijventerrein, "
                 f"{changed} van terrein veranderd.")
    return _report("parks", table, resolved, source_format, features, started,
                   created=len(created), updated=updated, skipped=features.skipped,
                   notes=notes)
