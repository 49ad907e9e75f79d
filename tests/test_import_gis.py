"""Importing parcels, buildings and park boundaries from real and generated GIS files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import func, select, text

from otb_desktop.cli import main as cli_main
from otb_desktop.domain import designation as designations
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ids import reference_id
from otb_desktop.importing import gis
from otb_desktop.importing.errors import (
    ImportSourceError,
    MappingError,
    NoParkBoundariesError,
    RefusedFeaturesError,
)
from otb_desktop.paths import resources_dir
from otb_desktop.persistence import bulk
from otb_desktop.persistence.models import Building, BusinessPark, Parcel
from otb_desktop.progress import Cancelled

REAL = Path(__file__).parent / "fixtures" / "real"
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
# A spot in Hengelo, in lon/lat.
LON, LAT = 6.79, 52.26
DEG_X, DEG_Y = 0.0015, 0.0009    # roughly 100 m by 100 m


# --- helpers ----------------------------------------------------------------------------------

def parcels(context) -> dict[str, Parcel]:
    with context.database.session() as session:
        return {p.designation: p for p in session.scalars(select(Parcel))}


def buildings(context) -> dict[str, Building]:
    with context.database.session() as session:
        return {b.bag_id: b for b in session.scalars(select(Building))}


def snapshot(context) -> dict[str, list]:
    """Every row of every table, to prove that a failed import changed nothing."""
    with context.database.session() as session:
        tables = [r[0] for r in session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))]
        return {t: sorted(map(tuple, session.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                for t in tables}


def feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write_geojson(path: Path, features: list[dict], crs: str | None = None) -> Path:
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def square(x: float, y: float, w: float, h: float) -> list[list[float]]:
    return [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]


def brk(akr: str, section: str, number: int, area: float, **extra) -> dict:
    """Attributes as PDOK's kadastralekaart WFS/GeoJSON names them."""
    return {"AKRKadastraleGemeenteCodeWaarde": akr, "sectie": section,
            "perceelnummer": number, "kadastraleGrootteWaarde": area, **extra}


def rd_ring_area(ring_lonlat: list[list[float]]) -> float:
    """Shoelace area of a ring after projecting its points to RD with pyproj (no shapely)."""
    lon, lat = np.array(ring_lonlat).T
    x, y = TO_RD.transform(lon, lat)
    return abs(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2


def rd_parcel_file(tmp_path: Path, cells: list[tuple[str, float, float]],
                   name: str = "rd.geojson") -> Path:
    """Square 20 x 20 m parcels in RD, section B numbered from 1, at the given origins."""
    return write_geojson(tmp_path / name, [
        feature(brk("HGL01", "B", int(n), 400.0), {
            "type": "Polygon", "coordinates": [square(x, y, 20, 20)]})
        for n, x, y in cells], crs="urn:ogc:def:crs:EPSG::28992")


# --- real Kadaster and BAG files --------------------------------------------------------------

def test_brk_gml_v5_gives_polygon_parcels_not_label_points(context):
    before = sorted(p.name for p in REAL.iterdir())
    report = gis.import_parcels(context, REAL / "brk-dkk-v5-perceel.gml")
    assert (report.created, report.updated, report.read) == (11, 0, 11)
    assert sorted(p.name for p in REAL.iterdir()) == before   # no .gfs written beside it
    stored = parcels(context)
    assert "OTL02 B 2298" in stored
    for name, parcel in stored.items():
        assert re.fullmatch(r"[A-Z]{3}\d{2} [A-Z]{1,2} \d+", name)
        assert parcel.geometry.geom_type in ("Polygon", "MultiPolygon")
        assert parcel.area_m2 == pytest.approx(parcel.geometry.area)
        # Registered areas are whole m²: a few per cent, or under 1 m² for tiny parcels.
        assert abs(parcel.area_m2 - parcel.registered_area_m2) <= max(
            0.03 * parcel.registered_area_m2, 1.0), name
        assert parcel.short_key == designations.search_key(f"{parcel.section} {parcel.number}")
        assert str(designations.make(parcel.akr_code, parcel.section, parcel.number)) == name
        assert (parcel.min_x, parcel.min_y, parcel.max_x, parcel.max_y) == pytest.approx(
            parcel.geometry.bounds)
        assert parcel.source == "brk-dkk-v5-perceel.gml"
        assert parcel.created_by == "Test Gebruiker"
        assert parcel.device_id == context.device_id
        assert parcel.addresses == []
        assert parcel.park_id is None
        assert parcel.id == reference_id("parcel", name)   # one identity everywhere (v5)
    assert stored["OTL02 B 2298"].source_id == "84920229870000"
    # In RD New near Otterlo, not at the label points (which would have no area at all).
    assert 181_000 < stored["OTL02 B 2298"].geometry.centroid.x < 181_300


def test_brk_gml_boundary_with_arc_is_linearised(context, tmp_path):
    # Kadaster boundaries may contain circular arcs (gml:ArcString); they become vertices.
    source = (REAL / "brk-dkk-v5-perceel.gml").read_text(encoding="utf-8")
    start = source.index("<oz:begrenzingPerceel>")
    end = source.index("</oz:begrenzingPerceel>") + len("</oz:begrenzingPerceel>")
    pos = "181182.346 456712.174 181196.546 456703.704 181203.710 456699.711"
    arc = "181203.710 456699.711 181207.0 456704.0 181208.183 456707.260"
    back = "181208.183 456707.260 181186.952 456719.878 181182.346 456712.174"
    curve = (
        '<oz:begrenzingPerceel><gml:Polygon gml:id="p" srsName="urn:ogc:def:crs:EPSG::28992">'
        '<gml:exterior><gml:Ring><gml:curveMember><gml:Curve gml:id="c"><gml:segments>'
        f"<gml:LineStringSegment><gml:posList>{pos}</gml:posList></gml:LineStringSegment>"
        f"<gml:ArcString><gml:posList>{arc}</gml:posList></gml:ArcString>"
        f"<gml:LineStringSegment><gml:posList>{back}</gml:posList></gml:LineStringSegment>"
        "</gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior>"
        "</gml:Polygon></oz:begrenzingPerceel>")
    path = tmp_path / "boog.gml"
    path.write_text(source[:start] + curve + source[end:], encoding="utf-8")
    gis.import_parcels(context, path)
    parcel = parcels(context)["OTL02 B 2298"]
    assert parcel.geometry.geom_type == "Polygon"
    assert len(parcel.geometry.exterior.coords) > 8       # the arc became several vertices
    # The arc bulges outwards, beyond the straight-edged original of 221 m².
    assert 222 < parcel.area_m2 < 240


def test_brk_gml_v4(context):
    report = gis.import_parcels(context, REAL / "brk-dkk-v4-perceel.gml")
    assert report.created == 8
    stored = parcels(context)
    assert all(name.startswith("ASD30 AK ") for name in stored)
    assert stored["ASD30 AK 4271"].source_id == "11720427170000"
    deviations = [abs(p.area_m2 / p.registered_area_m2 - 1) for p in stored.values()]
    assert np.median(deviations) < 0.02 and max(deviations) < 0.10
    # The v4 file's srsName="28992" is no CRS GDAL knows; it is RD all the same.
    assert 118_000 < stored["ASD30 AK 4271"].geometry.centroid.x < 120_000


def test_brk_pand_gml_gives_buildings(context):
    report = gis.import_buildings(context, REAL / "brk-dkk-v5-pand.gml")
    stored = buildings(context)
    # 22 features; two unrelated parts 44 m apart carry the placeholder BAG id
    # 0228109999999999: reported and kept apart, never merged into one building.
    assert report.read == 22 and report.merged == 0 and report.created == 22
    assert len(stored) == 22
    assert all(re.fullmatch(r"\d{16}(-\d)?", bag_id) for bag_id in stored)
    assert stored["0228100000076787"].status == "bestaand"
    assert all(b.geometry.geom_type in ("Polygon", "MultiPolygon") and b.geometry.area > 5
               for b in stored.values())
    placeholder = stored["0228109999999999"], stored["0228109999999999-2"]
    assert [len(shapely.get_parts(b.geometry)) for b in placeholder] == [1, 1]
    assert placeholder[0].geometry.distance(placeholder[1].geometry) > 40
    note = next(line for line in report.summary_lines() if "0228109999999999" in line)
    assert "plaatshouder" in note and "0228109999999999-2" in note and "44 m" in note
    again = gis.import_buildings(context, REAL / "brk-dkk-v5-pand.gml")
    assert (again.created, again.updated) == (0, 22)  # the same keys again: no duplicates


def test_bag_extract_xml_gives_buildings_with_year_and_status(context):
    report = gis.import_buildings(context, REAL / "bag-extract-pand.xml")
    stored = buildings(context)
    assert report.created == 19 == len(stored)
    pand = stored["0003100000117485"]
    assert (pand.year_built, pand.status) == (1991, "Pand in gebruik")
    assert pand.geometry.area == pytest.approx(312.9, abs=0.5)
    assert {b.status for b in stored.values()} >= {"Pand in gebruik",
                                                   "Bouwvergunning verleend"}


def test_bag_extract_2_skips_history(context, tmp_path):
    ring = "254000 593000 254010 593000 254010 593010 254000 593010 254000 593000"

    def pand(ident: str, year: int, status: str, end: str = "") -> str:
        ended = f"<Historie:eindGeldigheid>{end}</Historie:eindGeldigheid>" if end else ""
        return (
            "<sl-bag-extract:bagObject><Objecten:Pand><Objecten:voorkomen>"
            "<Historie:Voorkomen><Historie:voorkomenidentificatie>1"
            "</Historie:voorkomenidentificatie><Historie:beginGeldigheid>2010-01-01"
            f"</Historie:beginGeldigheid>{ended}</Historie:Voorkomen>"
            "</Objecten:voorkomen>"
            f"<Objecten:identificatie domein=\"NL.IMBAG.Pand\">{ident}</Objecten:identificatie>"
            "<Objecten:geometrie><gml:Polygon srsName=\"urn:ogc:def:crs:EPSG::28992\">"
            f"<gml:exterior><gml:LinearRing><gml:posList>{ring}</gml:posList>"
            "</gml:LinearRing></gml:exterior></gml:Polygon></Objecten:geometrie>"
            f"<Objecten:oorspronkelijkBouwjaar>{year}</Objecten:oorspronkelijkBouwjaar>"
            f"<Objecten:status>{status}</Objecten:status></Objecten:Pand>"
            "</sl-bag-extract:bagObject>")

    path = tmp_path / "9999PND01012025-000001.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sl-bag-extract:bagStand'
        ' xmlns:sl="http://www.kadaster.nl/schemas/standlevering-generiek/1.0"'
        ' xmlns:sl-bag-extract="http://www.kadaster.nl/schemas/lvbag/extract-deelbestand-lvc/'
        'v20200601" xmlns:Objecten="www.kadaster.nl/schemas/lvbag/imbag/objecten/v20200601"'
        ' xmlns:Historie="www.kadaster.nl/schemas/lvbag/imbag/historie/v20200601"'
        ' xmlns:gml="http://www.opengis.net/gml/3.2"><sl:standBestand>'
        '<sl:dataset>LVBAG</sl:dataset><sl:inhoud><sl:gebied>NLD</sl:gebied><sl:objectTypen>'
        '<sl:objectType>PND</sl:objectType></sl:objectTypen></sl:inhoud><sl:stand>'
        + pand("0003100000000001", 1970, "Pand gesloopt", end="2015-06-01")
        + pand("0003100000000001", 1971, "Pand in gebruik")
        + pand("0003100000000002", 1999, "Pand in gebruik")
        + "</sl:stand></sl:standBestand></sl-bag-extract:bagStand>", encoding="utf-8")
    report = gis.import_buildings(context, path)
    stored = buildings(context)
    assert (report.created, report.skipped, report.merged) == (2, 1, 0)
    assert stored["0003100000000001"].year_built == 1971
    assert stored["0003100000000001"].status == "Pand in gebruik"


# --- coordinates and geometry repair ----------------------------------------------------------

def test_wgs84_geojson_areas_and_bowtie_repair(context, tmp_path):
    x, y, w, h = LON, LAT, DEG_X, DEG_Y
    multi = [[square(x, y, w, h)], [square(x + 2 * w, y, w / 2, h / 2)]]
    outer, hole = square(x, y + 2 * h, w, h), square(x + w / 4, y + 2.25 * h, w / 2, h / 2)
    # Bowtie: A-B-C-D crossing in the middle; valid repair is two triangles.
    a, b, c, d = [x, y + 4 * h], [x + w, y + 5 * h], [x + w, y + 4 * h], [x, y + 5 * h]
    path = write_geojson(tmp_path / "wgs84.geojson", [
        feature(brk("HGL01", "C", 1, 0), {"type": "MultiPolygon", "coordinates": multi}),
        feature(brk("HGL01", "C", 2, 0), {"type": "Polygon", "coordinates": [outer, hole]}),
        feature(brk("HGL01", "C", 3, 0), {"type": "Polygon",
                                          "coordinates": [[a, b, c, d, a]]}),
    ])
    report = gis.import_parcels(context, path)
    stored = parcels(context)

    # Truth, independently: project the input points with pyproj, shoelace in RD.
    truth_multi = rd_ring_area(multi[0][0]) + rd_ring_area(multi[1][0])
    truth_hole = rd_ring_area(outer) - rd_ring_area(hole)
    pa, pb, pc, pd = (np.array(TO_RD.transform(*p)) for p in (a, b, c, d))
    # Where A-B crosses C-D, in RD; the two triangles A-X-D and X-B-C.
    def cross2(u, v):
        return u[0] * v[1] - u[1] * v[0]

    t = cross2(pc - pa, pd - pc) / cross2(pb - pa, pd - pc)
    cross = pa + t * (pb - pa)

    def triangle(p, q, r):
        return abs(cross2(q - p, r - p)) / 2

    truth_bowtie = triangle(pa, cross, pd) + triangle(cross, pb, pc)
    for name, truth in (("HGL01 C 1", truth_multi), ("HGL01 C 2", truth_hole),
                        ("HGL01 C 3", truth_bowtie)):
        assert stored[name].area_m2 == pytest.approx(truth, rel=0.005), name
        assert stored[name].geometry.is_valid
    assert stored["HGL01 C 1"].geometry.geom_type == "MultiPolygon"
    assert len(stored["HGL01 C 2"].geometry.interiors) == 1
    assert stored["HGL01 C 3"].geometry.geom_type == "MultiPolygon"
    # Stored in RD New: Hengelo lies around x 250 000, y 475 000.
    assert 240_000 < stored["HGL01 C 1"].geometry.centroid.x < 260_000
    assert [feature for feature, _ in report.repaired] == ["object 3 (HGL01 C 3)"]
    assert "Self-intersection" in report.repaired[0][1]
    assert "rand snijdt zichzelf" in report.repaired[0][1]
    assert any("hersteld" in line for line in report.summary_lines())


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_file_without_crs_is_read_as_rd_when_it_fits(context, tmp_path):
    path = tmp_path / "zonder-crs.gpkg"
    box = shapely.box(250_000, 475_000, 250_030, 475_020)
    pyogrio.raw.write(path, shapely.to_wkb([box]), [np.array(["HGL01 B 7"], dtype=object)],
                      ["KAD_AANDUIDING"], layer="percelen", driver="GPKG",
                      geometry_type="Polygon")
    mapping = {"fields": {"designation": "KAD_AANDUIDING"}}
    mapping_path = tmp_path / "m.json"
    mapping_path.write_text(json.dumps(mapping), encoding="utf-8")
    report = gis.import_parcels(context, path, mapping=mapping_path)
    assert parcels(context)["HGL01 B 7"].area_m2 == pytest.approx(600)
    assert any("RD New" in note for note in report.notes)

    lonlat = tmp_path / "lonlat-zonder-crs.gpkg"
    pyogrio.raw.write(lonlat, shapely.to_wkb([shapely.box(6.7, 52.2, 6.8, 52.3)]),
                      [np.array(["HGL01 B 8"], dtype=object)], ["KAD_AANDUIDING"],
                      layer="percelen", driver="GPKG", geometry_type="Polygon")
    with pytest.raises(ImportSourceError, match="geen coördinatenstelsel"):
        gis.import_parcels(context, lonlat, mapping=mapping_path)


# --- all or nothing ---------------------------------------------------------------------------

def test_reimport_updates_and_never_duplicates(context, tmp_path):
    cells = [(n, 250_000 + 30 * n, 475_000) for n in range(1, 6)]
    path = rd_parcel_file(tmp_path, cells)
    first = gis.import_parcels(context, path)
    ids = {name: p.id for name, p in parcels(context).items()}
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][2]["properties"]["kadastraleGrootteWaarde"] = 123.0
    path.write_text(json.dumps(data), encoding="utf-8")
    second = gis.import_parcels(context, path)
    stored = parcels(context)
    assert (first.created, first.updated, second.created, second.updated) == (5, 0, 0, 5)
    assert {name: p.id for name, p in stored.items()} == ids
    assert stored["HGL01 B 3"].registered_area_m2 == 123.0
    assert stored["HGL01 B 2"].registered_area_m2 == 400.0
    with context.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Parcel)) == 5


def test_reimport_keeps_what_the_source_does_not_have(context, tmp_path):
    path = rd_parcel_file(tmp_path, [(1, 250_000, 475_000)])
    gis.import_parcels(context, path)
    with context.database.session() as session:
        session.scalars(select(Parcel)).one().addresses = ["Hoofdstraat 1"]
    gis.import_parcels(context, path)
    assert parcels(context)["HGL01 B 1"].addresses == ["Hoofdstraat 1"]


@pytest.mark.parametrize("content", [
    b"{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feat",
    b"SQLite format 3\x00" + bytes(range(256)) * 8,
])
def test_corrupt_file_changes_nothing(context, tmp_path, content):
    gis.import_parcels(context, rd_parcel_file(tmp_path, [(1, 250_000, 475_000)]))
    before = snapshot(context)
    suffix = ".geojson" if content.startswith(b"{") else ".gpkg"
    bad = tmp_path / f"kapot{suffix}"
    bad.write_bytes(content)
    with pytest.raises(OtbError) as raised:
        gis.import_parcels(context, bad)
    message = str(raised.value)
    assert bad.name in message and "\n" not in message
    assert "Traceback" not in message
    assert snapshot(context) == before


def test_one_unrepairable_feature_refuses_the_file(context, tmp_path):
    gis.import_parcels(context, rd_parcel_file(tmp_path, [(1, 250_000, 475_000)]))
    before = snapshot(context)
    good = [feature(brk("HGL01", "D", n, 400.0), {
        "type": "Polygon", "coordinates": [square(250_100 + 30 * n, 475_000, 20, 20)]})
        for n in range(1, 4)]
    # All points on one line: make_valid leaves a line, no area to keep.
    flat = feature(brk("HGL01", "D", 9, 400.0), {
        "type": "Polygon", "coordinates": [[[250_000, 476_000], [250_010, 476_010],
                                            [250_020, 476_020], [250_000, 476_000]]]})
    path = write_geojson(tmp_path / "een-fout.geojson", [*good, flat],
                         crs="urn:ogc:def:crs:EPSG::28992")
    with pytest.raises(RefusedFeaturesError) as raised:
        gis.import_parcels(context, path)
    assert "object 4 (HGL01 D 9)" in str(raised.value)
    assert "niets opgeslagen" in str(raised.value)
    assert snapshot(context) == before


def test_failure_while_writing_rolls_everything_back(context, tmp_path, monkeypatch):
    path = rd_parcel_file(tmp_path, [(1, 250_000, 475_000)])
    gis.import_parcels(context, path)
    before = snapshot(context)
    both = rd_parcel_file(tmp_path, [(1, 250_000, 475_000), (2, 250_050, 475_000)], "2.geojson")

    def broken_update(*args, **kwargs):
        raise RuntimeError("disk full")

    # The new parcel is inserted first; the update of the existing one then fails.
    monkeypatch.setattr(bulk, "update_columns", broken_update)
    with pytest.raises(RuntimeError):
        gis.import_parcels(context, both)
    assert snapshot(context) == before


def test_cancel_while_saving_rolls_everything_back(context, tmp_path):
    gis.import_parcels(context, rd_parcel_file(tmp_path, [(1, 250_000, 475_000)]))
    before = snapshot(context)
    cells = [(n, 250_000 + 25 * (n % 20), 476_000 + 25 * (n // 20)) for n in range(2, 200)]

    def cancel_halfway(done, total, message):
        if message == "Percelen opslaan" and done > total / 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        gis.import_parcels(context, rd_parcel_file(tmp_path, cells, "veel.geojson"),
                           progress=cancel_halfway)
    assert snapshot(context) == before


# --- parks ------------------------------------------------------------------------------------

def parks_file(tmp_path: Path) -> Path:
    return write_geojson(tmp_path / "terreinen.geojson", [
        feature({"naam": "Westermaat Campus"},
                {"type": "Polygon", "coordinates": [square(250_000, 475_000, 100, 100)]}),
        # '&' written as 'en', other case: still the park of resources/parks.json.
        feature({"naam": "twentekanaal noord 1 en 2"},
                {"type": "Polygon", "coordinates": [square(250_200, 475_000, 100, 100)]}),
        feature({"naam": "Nieuw Terrein"},
                {"type": "Polygon", "coordinates": [square(250_400, 475_000, 100, 100)]}),
    ], crs="urn:ogc:def:crs:EPSG::28992")


def park_of(context) -> dict[str, str | None]:
    with context.database.session() as session:
        names = {p.id: p.name for p in session.scalars(select(BusinessPark))}
        return {p.designation: names.get(p.park_id) for p in session.scalars(select(Parcel))}


def test_parks_import_assigns_parcels(context, tmp_path):
    cells = [(1, 250_010, 475_010),   # inside Westermaat Campus
             (2, 250_090, 475_010),   # half of 20 m over the edge: 10/20 inside, counts
             (3, 250_095, 475_050),   # 5/20 inside: outside
             (4, 250_210, 475_010),   # Twentekanaal Noord
             (5, 251_000, 475_000)]   # nowhere
    gis.import_parcels(context, rd_parcel_file(tmp_path, cells))
    assert set(park_of(context).values()) == {None}
    report = gis.import_parks(context, parks_file(tmp_path))
    assert (report.created, report.updated) == (1, 2)
    assert park_of(context) == {
        "HGL01 B 1": "Westermaat Campus", "HGL01 B 2": "Westermaat Campus",
        "HGL01 B 3": None, "HGL01 B 4": "Twentekanaal Noord 1 & 2", "HGL01 B 5": None}
    with context.database.session() as session:
        parks = {p.name: p for p in session.scalars(select(BusinessPark))}
    assert len(parks) == 15
    assert parks["Nieuw Terrein"].in_scope is False
    assert parks["Nieuw Terrein"].profile == "gemengd"
    assert parks["Westermaat Campus"].in_scope is True
    assert parks["Westermaat Campus"].geometry.area == pytest.approx(10_000)
    assert any("Nieuw Terrein" in line for line in report.summary_lines())
    # Importing the boundaries again changes nothing and adds no park.
    again = gis.import_parks(context, parks_file(tmp_path))
    assert (again.created, again.updated) == (0, 3)


def test_parcels_import_assigns_to_known_parks(context, tmp_path):
    gis.import_parks(context, parks_file(tmp_path))
    report = gis.import_parcels(context, rd_parcel_file(
        tmp_path, [(1, 250_010, 475_010), (2, 251_000, 475_000)]))
    assert park_of(context) == {"HGL01 B 1": "Westermaat Campus", "HGL01 B 2": None}
    assert report.outside_parks == 1


def test_inside_parks_only(context, tmp_path):
    path = rd_parcel_file(tmp_path, [(1, 250_010, 475_010), (2, 250_410, 475_010),
                                     (3, 251_000, 475_000)])
    with pytest.raises(NoParkBoundariesError):
        gis.import_parcels(context, path, inside_parks_only=True)
    gis.import_parks(context, parks_file(tmp_path))
    report = gis.import_parcels(context, path, inside_parks_only=True)
    assert (report.created, report.skipped, report.outside_parks) == (2, 1, 1)
    assert park_of(context) == {"HGL01 B 1": "Westermaat Campus", "HGL01 B 2": "Nieuw Terrein"}


def test_parks_mapping_sets_scope_and_profile(context, tmp_path):
    path = write_geojson(tmp_path / "ibis.geojson", [
        feature({"PLANNAAM": "Westermaat Plein", "IN_OTB": "ja", "PROFIEL": None},
                {"type": "Polygon", "coordinates": [square(250_000, 475_000, 100, 100)]}),
        feature({"PLANNAAM": "Hengelo Noord", "IN_OTB": "ja", "PROFIEL": "Hightech"},
                {"type": "Polygon", "coordinates": [square(250_200, 475_000, 100, 100)]}),
    ], crs="urn:ogc:def:crs:EPSG::28992")
    example = resources_dir() / "mappings" / "voorbeeld-bedrijventerreinen.json"
    gis.import_parks(context, path, mapping=example)
    with context.database.session() as session:
        parks = {p.name: p for p in session.scalars(select(BusinessPark))}
    # The scope of the 14 parks of chapter 2.2 is fixed: IN_OTB does not move Westermaat Plein
    # into the OTB, and a park outside it has no profile.
    assert (parks["Westermaat Plein"].in_scope, parks["Westermaat Plein"].profile) == (
        False, "")
    assert (parks["Hengelo Noord"].in_scope, parks["Hengelo Noord"].profile) == (
        True, "hightech")

    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"][1]["properties"]["PROFIEL"] = "logistiek"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(context)
    with pytest.raises(RefusedFeaturesError, match="object 2 \\(Hengelo Noord\\).*logistiek"):
        gis.import_parks(context, path, mapping=example)
    assert snapshot(context) == before


def test_park_import_matches_ibis_names_to_the_fourteen_parks(context, tmp_path):
    path = write_geojson(tmp_path / "ibis-namen.geojson", [
        feature({"naam": "Twentekanaal Noord I"},
                {"type": "Polygon", "coordinates": [square(250_000, 475_000, 100, 100)]}),
        feature({"naam": "Twentekanaal Noord II"},
                {"type": "Polygon", "coordinates": [square(250_100, 475_000, 100, 100)]}),
        feature({"naam": "Westermaat-Plein"},
                {"type": "Polygon", "coordinates": [square(250_300, 475_000, 100, 100)]}),
    ], crs="urn:ogc:def:crs:EPSG::28992")
    report = gis.import_parks(context, path)
    with context.database.session() as session:
        parks = {p.name: p for p in session.scalars(select(BusinessPark))}
    assert len(parks) == 14 and report.created == 0
    assert parks["Twentekanaal Noord 1 & 2"].geometry.area == pytest.approx(20_000)
    assert parks["Westermaat Plein"].geometry is not None
    assert not parks["Westermaat Plein"].in_scope and parks["Westermaat Plein"].profile == ""


# --- mappings and recognition -----------------------------------------------------------------

def test_example_mapping_file_reads_own_source(context, tmp_path):
    path = tmp_path / "eigen.gpkg"
    boxes = shapely.box([250_000, 250_050], 475_000, [250_030, 250_080], 475_020)
    fields = {"KAD_AANDUIDING": np.array(["hgl01-b-12", "HGL01 B 13"], dtype=object),
              "OPPERVLAKTE": np.array([600.0, 598.0]),
              "ADRESSEN": np.array(["Hoofdstraat 1; Hoofdstraat 1a", None], dtype=object),
              "OBJECTID": np.array([7, 8])}
    pyogrio.raw.write(path, shapely.to_wkb(boxes), list(fields.values()), list(fields),
                      layer="percelen", driver="GPKG", geometry_type="Polygon",
                      crs="EPSG:28992")
    report = gis.import_parcels(context, path,
                                mapping=resources_dir() / "mappings" / "voorbeeld-percelen.json")
    stored = parcels(context)
    assert report.created == 2
    assert stored["HGL01 B 12"].addresses == ["Hoofdstraat 1", "Hoofdstraat 1a"]
    assert stored["HGL01 B 13"].addresses == []
    assert stored["HGL01 B 12"].registered_area_m2 == 600.0
    assert stored["HGL01 B 12"].source_id == "7"


def test_mapping_with_designation_parts_and_missing_field(context, tmp_path):
    path = write_geojson(tmp_path / "delen.geojson", [
        feature({"GEM": "hgl02", "SEC": "k", "NR": "00042"},
                {"type": "Polygon", "coordinates": [square(250_000, 475_000, 10, 10)]})],
        crs="urn:ogc:def:crs:EPSG::28992")
    mapping = tmp_path / "delen.json"
    mapping.write_text(json.dumps({"fields": {"designation": {
        "akr_code": "GEM", "section": "SEC", "number": "NR"}}}), encoding="utf-8")
    gis.import_parcels(context, path, mapping=mapping)
    assert list(parcels(context)) == ["HGL02 K 42"]

    mapping.write_text(json.dumps({"fields": {"designation": {
        "akr_code": "GEM", "section": "SEC", "number": "NR"},
        "registered_area_m2": "OPP"}}), encoding="utf-8")
    with pytest.raises(MappingError, match="OPP.*ontbreken.*GEM, SEC, NR"):
        gis.import_parcels(context, path, mapping=mapping)


def test_mapping_for_another_kind_and_empty_layer(context, tmp_path):
    path = rd_parcel_file(tmp_path, [(1, 250_000, 475_000)])
    with pytest.raises(MappingError, match="is voor panden, niet voor percelen"):
        gis.import_parcels(context, path,
                           mapping=resources_dir() / "mappings" / "voorbeeld-panden.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = []
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(OtbError, match="rd.geojson"):
        gis.import_parcels(context, path)


def test_unrecognised_source_names_expected_and_found_fields(context, tmp_path):
    path = write_geojson(tmp_path / "raar.geojson", [
        feature({"foo": 1, "bar": "x"},
                {"type": "Polygon", "coordinates": [square(LON, LAT, DEG_X, DEG_Y)]})])
    with pytest.raises(MappingError) as raised:
        gis.import_parcels(context, path)
    message = str(raised.value)
    assert "raar.geojson" in message and "AKRKadastraleGemeenteCodeWaarde" in message
    assert "foo" in message and "bar" in message and "--mapping" in message


def test_pdok_geopackage_snake_case_names(context, tmp_path):
    path = tmp_path / "kadastralekaart.gpkg"
    boxes = shapely.box([250_000, 250_050], 475_000, [250_030, 250_080], 475_020)
    fields = {"identificatie_lokaal_id": np.array(["1", "2"], dtype=object),
              "akr_kadastrale_gemeente_code_waarde": np.array(["HGL01", "HGL01"],
                                                              dtype=object),
              "sectie": np.array(["F", "F"], dtype=object),
              "perceelnummer": np.array([10, 11], dtype=np.int32),
              "kadastrale_grootte_waarde": np.array([600.0, 600.0])}
    pyogrio.raw.write(path, shapely.to_wkb(boxes), list(fields.values()), list(fields),
                      layer="perceel", driver="GPKG", geometry_type="Polygon",
                      crs="EPSG:28992")
    # A second layer in the package that also has the fields: the 'perceel' layer wins.
    pyogrio.raw.write(path, shapely.to_wkb(boxes[:1]), [f[:1] for f in fields.values()],
                      list(fields), layer="a_kadastralegrens", driver="GPKG",
                      geometry_type="Polygon", crs="EPSG:28992", append=True)
    report = gis.import_parcels(context, path)
    assert report.layer == "perceel" and report.created == 2
    assert parcels(context)["HGL01 F 11"].registered_area_m2 == 600.0


def test_bag_geopackage_with_numeric_ids(context, tmp_path):
    path = tmp_path / "bag.gpkg"
    boxes = shapely.box([250_000, 250_050], 475_000, [250_030, 250_080], 475_020)
    fields = {"identificatie": np.array([228100000076787, 228100000070019], dtype=np.int64),
              "bouwjaar": np.array([1975, 2001], dtype=np.int32),
              "status": np.array(["Pand in gebruik", "Pand in gebruik"], dtype=object)}
    pyogrio.raw.write(path, shapely.to_wkb(boxes), list(fields.values()), list(fields),
                      layer="pand", driver="GPKG", geometry_type="Polygon", crs="EPSG:28992")
    gis.import_buildings(context, path)
    stored = buildings(context)
    assert stored["0228100000076787"].year_built == 1975
    assert stored["0228100000070019"].geometry.area == pytest.approx(600)


# --- plumbing ---------------------------------------------------------------------------------

def test_progress_reaches_the_end_in_small_steps(context, tmp_path):
    cells = [(n, 250_000 + 25 * (n % 20), 475_000 + 25 * (n // 20)) for n in range(1, 301)]
    seen: list[tuple[int, int, str]] = []
    gis.import_parcels(context, rd_parcel_file(tmp_path, cells),
                       progress=lambda d, t, m: seen.append((d, t, m)))
    saving = [(d, t) for d, t, m in seen if m == "Percelen opslaan"]
    assert saving[-1] == (300, 300)
    assert [d for d, _ in saving] == sorted(d for d, _ in saving)
    steps = np.diff([d for d, _ in saving])
    assert steps.max() <= 3 and len(saving) >= 100   # about 1 % of 300 at a time


def test_cli_import_parcels(tmp_path, capsys):
    database = tmp_path / "cli.sqlite"
    assert cli_main(["--db", str(database), "import", "parcels",
                     str(REAL / "brk-dkk-v5-perceel.gml")]) == 0
    out = capsys.readouterr().out
    assert "11 percelen toegevoegd" in out
    assert cli_main(["--db", str(database), "import", "parcels",
                     str(tmp_path / "bestaat-niet.gpkg")]) == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_swapped_axes_are_refused_not_stored_far_away(context, tmp_path):
    """lat/lon swapped lands thousands of km from the Netherlands: refuse, name the feature."""
    good = feature(brk("HGL01", "B", 1, 100), {"type": "Polygon",
                                                "coordinates": [square(6.79, 52.26, 1e-4, 1e-4)]})
    swapped = feature(brk("HGL01", "B", 2, 100), {"type": "Polygon",
                                                   "coordinates": [square(52.26, 6.79, 1e-4,
                                                                          1e-4)]})
    path = write_geojson(tmp_path / "omgewisseld.geojson", [good, swapped])
    before = snapshot(context)
    with pytest.raises(OtbError, match="omgewisseld"):
        gis.import_parcels(context, path)
    assert snapshot(context) == before


def test_rd_metres_in_a_geojson_without_crs_get_a_clear_message(context, tmp_path):
    """GeoJSON without 'crs' means WGS 84; RD metres in it cannot be projected."""
    path = write_geojson(tmp_path / "rd.geojson", [feature(
        brk("HGL01", "B", 3, 600), {"type": "Polygon",
                                    "coordinates": [square(250_000, 475_000, 30, 20)]})])
    with pytest.raises(OtbError, match="meters in RD New"):
        gis.import_parcels(context, path)
