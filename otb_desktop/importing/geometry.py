"""Source geometries to valid (Multi)Polygons in RD New (EPSG:28992), vectorised.

Invalid geometries are repaired with ``shapely.make_valid`` and only the polygonal part is
kept; the reason GEOS gave (``is_valid_reason``) goes into the report. A geometry that is
missing, empty or not polygonal after repair cannot be imported: the caller refuses the file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from otb_desktop.importing.errors import ImportSourceError

RD = CRS.from_epsg(28992)
# RD New is defined for the Netherlands and a margin around it; coordinates inside this box in
# a file without a CRS are taken to be RD (GML from Dutch sources often omits or garbles it).
_RD_BOUNDS = (-7000.0, 289000.0, 300000.0, 629000.0)
_POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
# GEOS's reasons (shapely.is_valid_reason) in Dutch; the original stays beside it, with the
# place where GEOS found the problem.
_REASONS_NL = {
    "Ring Self-intersection": "rand raakt zichzelf",
    "Self-intersection": "rand snijdt zichzelf",
    "Too few points": "te weinig punten",
    "Hole lies outside shell": "gat ligt buiten de buitenrand",
    "Interior is disconnected": "binnengebied valt uiteen",
    "Nested holes": "gat in een gat",
    "Nested shells": "vlak in een vlak",
    "Duplicate Rings": "dubbele rand",
    "Invalid Coordinate": "ongeldige coördinaat",
    "Ring is not closed": "rand is niet gesloten",
}


def explain(reason: str) -> str:
    """'Self-intersection[x y]' -> 'rand snijdt zichzelf (Self-intersection[x y])'."""
    for geos, dutch in _REASONS_NL.items():
        if reason.startswith(geos):
            return f"{dutch} ({reason})"
    return reason


@dataclass(frozen=True)
class CleanGeometries:
    geometries: np.ndarray          # shapely (Multi)Polygons in RD, same order as the input
    changed: np.ndarray             # bool: differs from the source WKB (transformed/repaired)
    repaired: list[tuple[int, str]]  # (index, why it was invalid)
    refused: list[tuple[int, str]]   # (index, why it cannot be imported)
    crs_note: str | None            # set when the CRS was assumed rather than read


def source_crs(crs: str | None, geometries: np.ndarray, file_name: str
               ) -> tuple[CRS, str | None]:
    """The CRS of the source; RD is assumed (and said so) when none is given but fits."""
    if crs:
        try:
            return CRS.from_user_input(crs), None
        except CRSError as exc:
            raise ImportSourceError(
                f"{file_name} heeft een onbekend coördinatenstelsel ({crs}). Sla het bestand "
                "op in een bekend stelsel, bij voorkeur RD New (EPSG:28992).") from exc
    if _fits_rd(geometries):
        return RD, (f"{file_name} noemt geen coördinatenstelsel; de coördinaten passen in "
                        "RD New en zijn zo gelezen (EPSG:28992).")
    raise ImportSourceError(
        f"{file_name} noemt geen coördinatenstelsel en de coördinaten passen niet in RD New. "
        "Sla het bestand op met een coördinatenstelsel (bijvoorbeeld in QGIS: Exporteren, "
        "EPSG:28992) en importeer opnieuw.")


def _fits_rd(geometries: np.ndarray) -> bool:
    present = geometries[~shapely.is_missing(geometries)]
    if not len(present):
        return False
    x0, y0, x1, y1 = shapely.total_bounds(present)
    bx0, by0, bx1, by1 = _RD_BOUNDS
    return bool(bx0 <= x0 and x1 <= bx1 and by0 <= y0 and y1 <= by1)


def to_rd(geometries: np.ndarray, crs: CRS, file_name: str) -> np.ndarray:
    """All coordinates through one pyproj call (x = easting/longitude: always_xy)."""
    transformer = Transformer.from_crs(crs, RD, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    result = shapely.transform(geometries, project)
    coords = shapely.get_coordinates(result)
    if len(coords) and not np.isfinite(coords).all():
        if crs.is_geographic and _fits_rd(geometries):
            raise ImportSourceError(
                f"{file_name} zegt {crs.name} (lengte/breedte) te gebruiken, maar de "
                "coördinaten zijn meters in RD New. Sla het bestand op met EPSG:28992 als "
                "coördinatenstelsel (GeoJSON noemt zonder 'crs' altijd WGS 84) en importeer "
                "opnieuw.")
        raise ImportSourceError(
            f"{file_name}: de coördinaten vallen buiten het bereik van {crs.name} en kunnen "
            "niet naar RD New worden omgerekend. Controleer het coördinatenstelsel van het "
            "bestand.")
    return result


def _polygonal_part(geometry: shapely.Geometry) -> shapely.Geometry | None:
    if geometry is None or geometry.is_empty:
        return None
    if shapely.get_type_id(geometry) in _POLYGONAL:
        return geometry
    parts = shapely.get_parts(geometry)
    polygons = parts[np.isin(shapely.get_type_id(parts), _POLYGONAL)]
    polygons = polygons[~shapely.is_empty(polygons)]
    if not len(polygons):
        return None
    merged = shapely.union_all(polygons)
    return merged if shapely.get_type_id(merged) in _POLYGONAL and not merged.is_empty else None


def clean(wkb: np.ndarray, crs: str | None, file_name: str) -> CleanGeometries:
    """Parse, project to RD and repair; nothing is refused silently."""
    geometries = shapely.from_wkb(wkb, on_invalid="ignore")
    source, crs_note = source_crs(crs, geometries, file_name)
    changed = np.zeros(len(geometries), dtype=bool)
    if not source.equals(RD, ignore_axis_order=True):
        geometries = to_rd(geometries, source, file_name)
        changed[:] = True
    refused: list[tuple[int, str]] = []
    repaired: list[tuple[int, str]] = []
    missing = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    for index in np.flatnonzero(missing).tolist():
        refused.append((index, "geen (leesbare) geometrie"))
    types = shapely.get_type_id(geometries)
    valid = shapely.is_valid(geometries)
    todo = np.flatnonzero(~missing & (~valid | ~np.isin(types, _POLYGONAL)))
    if len(todo):
        reasons = shapely.is_valid_reason(geometries[todo])
        fixed = shapely.make_valid(geometries[todo])
        for index, reason, repair in zip(todo.tolist(), reasons.tolist(), fixed.tolist(),
                                         strict=True):
            kind = shapely.get_type_id(geometries[index])
            part = _polygonal_part(repair)
            if part is None:
                what = ("geen vlak maar " + geometries[index].geom_type
                        if valid[index] and kind not in _POLYGONAL
                        else f"{explain(reason)}; na herstel blijft geen vlak over")
                refused.append((index, what))
                continue
            reason = (f"{geometries[index].geom_type} met ook niet-vlakdelen; vlakdeel bewaard"
                      if valid[index] else explain(reason))
            geometries[index] = part
            changed[index] = True
            repaired.append((index, reason))
    outside = _outside_rd(geometries)
    already = {index for index, _ in refused}
    refused.extend((index, "ligt buiten Nederland (RD New); staan x en y omgewisseld, of klopt "
                           "het coördinatenstelsel van het bestand niet?")
                   for index in outside if index not in already)
    refused.sort()
    return CleanGeometries(geometries, changed, repaired, refused, crs_note)


def _outside_rd(geometries: np.ndarray) -> list[int]:
    """Features (indices) not wholly within the RD New area of validity."""
    bounds = shapely.bounds(geometries)
    bx0, by0, bx1, by1 = _RD_BOUNDS
    with np.errstate(invalid="ignore"):
        bad = ((bounds[:, 0] < bx0) | (bounds[:, 1] < by0) | (bounds[:, 2] > bx1)
               | (bounds[:, 3] > by1))
    return np.flatnonzero(bad).tolist()


def polygon_wkb(clean_result: CleanGeometries, source_wkb: np.ndarray) -> np.ndarray:
    """WKB to store: the source bytes where nothing changed and they are plain 2D little-endian
    polygons (as GeoPackage and GDAL deliver them), fresh shapely WKB otherwise."""
    result = np.empty(len(source_wkb), dtype=object)
    fresh = clean_result.changed.copy()
    plain = (b"\x01\x03\x00\x00\x00", b"\x01\x06\x00\x00\x00")
    unchanged = np.flatnonzero(~fresh)
    reuse = [bool(source_wkb[i]) and source_wkb[i][:5] in plain for i in unchanged.tolist()]
    reuse_mask = np.asarray(reuse, dtype=bool) if reuse else np.zeros(0, dtype=bool)
    result[unchanged[reuse_mask]] = source_wkb[unchanged[reuse_mask]]
    fresh[unchanged[~reuse_mask]] = True
    if fresh.any():
        result[fresh] = shapely.to_wkb(clean_result.geometries[fresh])
    return result
