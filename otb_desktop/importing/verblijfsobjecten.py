"""Import BAG verblijfsobjecten: point, floor area (oppervlakte), gebruiksdoelen, pand.

Read like the panden (gis.py: the same sources, mappings, history filter, one transaction,
matched on BAG id so a re-import updates and never duplicates). A verblijfsobject is a point;
the old BAG 1.0 extracts sometimes give its outline instead, which is stored as a point inside
it. What it is for: the floor areas summed per parcel replace the storeys-based estimate of the
existing floor area, and those with gebruiksdoel woonfunctie are the sensitive objects the
distance for the milieuruimte is measured to (domain.figures).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import shapely

from otb_desktop.domain.figures import SENSITIVE_USE
from otb_desktop.domain.wording import count
from otb_desktop.importing import columns, geometry
from otb_desktop.importing.errors import ImportSourceError
from otb_desktop.importing.gis import (
    _column,
    _current,
    _Features,
    _read,
    _refuse,
    _refuse_when_central,
    _report,
    _store,
    _text_keys,
)
from otb_desktop.importing.mappings import Mapping
from otb_desktop.importing.report import ImportReport
from otb_desktop.persistence.bulk import Same
from otb_desktop.persistence.models import Verblijfsobject
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext

KIND = "verblijfsobjecten"


def uses(column: np.ndarray) -> list[list[str]]:
    """Gebruiksdoelen as sorted lower-case lists: a list field (BAG extract, LVBAG) or text
    separated by ``,``, ``;`` or ``|`` (GeoPackage, CSV-like GeoJSON)."""
    result = []
    for value in column.tolist():
        if value is None:
            items: list[str] = []
        elif isinstance(value, list | tuple | np.ndarray):
            items = [str(v) for v in value]
        else:
            items = re.split(r"[,;|]", str(value))
        result.append(sorted({v.strip().casefold() for v in items if v and v.strip()}))
    return result


def _points(wkb: np.ndarray, crs: str | None, file_name: str
            ) -> tuple[np.ndarray, list[tuple[int, str]], str | None]:
    """Points in RD (an outline becomes a point inside it) and the refused features."""
    shapes = shapely.from_wkb(wkb)
    missing = shapely.is_missing(shapes) | shapely.is_empty(shapes)
    present = np.flatnonzero(~missing)
    source, note = geometry.source_crs(crs, shapes[present], file_name)
    if present.size and source != geometry.RD:
        shapes[present] = geometry.to_rd(shapes[present], source, file_name)
    refused = [(int(i), "geen geometrie") for i in np.flatnonzero(missing).tolist()]
    points = np.full(len(shapes), None, dtype=object)
    kinds = shapely.get_type_id(shapes)
    is_point = kinds == shapely.GeometryType.POINT
    points[is_point] = shapes[is_point]
    areal = np.isin(kinds, (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON,
                            shapely.GeometryType.MULTIPOINT))
    if areal.any():
        points[areal] = shapely.point_on_surface(shapes[areal])
    refused += [(int(i), "geen punt of vlak") for i in
                np.flatnonzero(~missing & ~is_point & ~areal).tolist()]
    return points, refused, note


def import_verblijfsobjecten(context: AppContext, path: Path, layer: str | None = None,
                             mapping: Path | Mapping | None = None,
                             progress: Progress = no_progress) -> ImportReport:
    """Import BAG verblijfsobjecten, matched on BAG id; checked whole before any write."""
    _refuse_when_central(context, "verblijfsobjecten")
    started = time.perf_counter()
    table, resolved, source_format = _read(KIND, path, layer, mapping, progress)
    if "floor_area_m2" not in resolved.columns and "uses" not in resolved.columns:
        raise ImportSourceError(
            f"{table.path.name}: laag '{table.layer}' heeft geen oppervlakte en geen "
            "gebruiksdoel; dit lijken geen BAG-verblijfsobjecten (panden? importeer die met "
            "'import buildings'). Er is niets geïmporteerd.")
    keys, problems = _text_keys(table.fields[resolved.columns["bag_id"]], "BAG-id",
                                pad_digits=16)
    current = _current(table, resolved)
    rows = np.flatnonzero(current)
    points, refused, crs_note = _points(table.wkb[rows], table.crs, table.path.name)
    refused = [(int(rows[i]), why) for i, why in refused]
    refused += [(i, why) for i, why in problems.items() if current[i]]
    if refused:
        raise _refuse(table, KIND, sorted(refused), keys)
    # A verblijfsobject is one record: a later duplicate of its id (a correction) wins.
    last: dict[str, int] = {}
    for position, row in enumerate(rows.tolist()):
        last[keys[row]] = position
    keep = np.asarray(sorted(last.values()), dtype=np.int64)
    rows, points = rows[keep], points[keep]
    kept_keys = [keys[i] for i in rows.tolist()]
    notes = [crs_note] if crs_note else []
    skipped = len(table) - int(current.sum())
    if skipped:
        versions = count(skipped, "historische of beëindigde versie",
                         "historische of beëindigde versies")
        notes.append(f"{versions} overgeslagen.")
    found_uses = (uses(table.fields[resolved.columns["uses"]][rows])
                  if "uses" in resolved.columns else [[] for _ in kept_keys])
    coords = shapely.get_coordinates(points)
    values: dict[str, np.ndarray | Same] = {
        "bag_id": np.asarray(kept_keys, dtype=object),
        "uses": _column(found_uses),
        "residential": np.asarray([SENSITIVE_USE in u for u in found_uses], dtype=bool),
        "x": coords[:, 0], "y": coords[:, 1],
        "source": Same(table.path.name),
    }
    if "floor_area_m2" in resolved.columns:
        areas = columns.floats(table.fields[resolved.columns["floor_area_m2"]][rows])
        # BAG registers at least 1 m²; 0 or less is "unknown", never a real floor area.
        values["floor_area_m2"] = _column([a if a is not None and a > 0 else None
                                           for a in areas])
    for target in ("pand_bag_id", "status"):
        if target in resolved.columns:
            texts = columns.texts(table.fields[resolved.columns[target]][rows])
            if target == "pand_bag_id":
                texts = [t.rsplit(".", 1)[-1] if t else t for t in texts]
            values[target] = _column(texts)
    features = _Features(rows, kept_keys, points, np.empty(0, dtype=object), [], skipped,
                         len(table) - skipped - len(rows), notes)
    with context.database.session() as session:
        created, updated = _store(
            session, context, Verblijfsobject.__table__, "bag_id", values,
            np.ones(len(rows), dtype=bool), progress, "Verblijfsobjecten opslaan",
            insert_defaults={"floor_area_m2": Same(None), "pand_bag_id": Same(None),
                             "status": Same(None)},
            kind="verblijfsobject")
    residential = int(values["residential"].sum())
    return _report(KIND, table, resolved, source_format, features, started,
                   created=created, updated=updated, skipped=skipped,
                   notes=[f"{residential} met gebruiksdoel woonfunctie (gevoelige objecten "
                          "voor de afstand tot woningen)."])
