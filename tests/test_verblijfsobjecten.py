"""BAG verblijfsobjecten: import, floor area per parcel, distance to the nearest dwelling."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from sqlalchemy import func, select

from otb_desktop.cli import main as cli_main
from otb_desktop.domain.figures import guide_distance_met, verblijfsobject_floor_areas
from otb_desktop.exporting.parcels import export_csv
from otb_desktop.importing.errors import ImportSourceError, RefusedFeaturesError
from otb_desktop.importing.verblijfsobjecten import import_verblijfsobjecten, uses
from otb_desktop.persistence.models import Verblijfsobject
from otb_desktop.services.parcel_table import columns
from otb_desktop.services.parcels import ParcelService
from tests.test_import_gis import feature, write_geojson
from tests.ui_factories import ORIGIN_X, ORIGIN_Y, SIDE_M, make_parcels

REAL = Path(__file__).parent / "fixtures" / "real"
EXTRACT = REAL / "bag-extract-verblijfsobject.xml"


def stored(context) -> dict[str, Verblijfsobject]:
    with context.database.session() as session:
        return {v.bag_id: v for v in session.scalars(select(Verblijfsobject))}


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def pdok_vbo(path: Path, objects: list[tuple[str, float, float, int | None, str]]) -> Path:
    """A small GeoJSON shaped like PDOK's BAG WFS/OGC API verblijfsobject layer (made up for
    the test, not a real extract): identificatie, oppervlakte, gebruiksdoel as text."""
    return write_geojson(path, [feature(
        {"identificatie": bag_id, "oppervlakte": area, "gebruiksdoel": doel,
         "pandidentificatie": "0164100000000001", "status": "Verblijfsobject in gebruik"},
        point(x, y)) for bag_id, x, y, area, doel in objects], crs="EPSG:28992")


# --- import ---------------------------------------------------------------------------------

def test_real_bag_extract_is_read_with_uses_floor_area_and_pand(context):
    report = import_verblijfsobjecten(context, EXTRACT)
    objects = stored(context)
    assert report.created == len(objects) == 15
    mixed = objects["0007010000004202"]
    assert mixed.uses == ["industriefunctie", "woonfunctie"] and mixed.residential
    assert mixed.floor_area_m2 == 545 and mixed.pand_bag_id == "0007100000008046"
    # In this old extract one object has its outline as geometry: stored as a point inside it.
    outlined = objects["0007010000004199"]
    assert 272572 < outlined.x < 272586 and 569744 < outlined.y < 569753
    assert any("woonfunctie" in note for note in report.notes)


def test_reimport_updates_and_never_duplicates(context):
    import_verblijfsobjecten(context, EXTRACT)
    again = import_verblijfsobjecten(context, EXTRACT)
    assert (again.created, again.updated) == (0, 15)
    with context.database.session() as session:
        assert session.scalar(select(func.count(Verblijfsobject.id))) == 15


def test_pdok_layer_with_text_uses_and_numeric_ids(context, tmp_path):
    path = pdok_vbo(tmp_path / "verblijfsobject.geojson", [
        ("0164010000000001", ORIGIN_X + 10, ORIGIN_Y + 10, 120, "woonfunctie"),
        ("0164010000000002", ORIGIN_X + 20, ORIGIN_Y + 10, 800, "industriefunctie,kantoorfunctie"),
        ("0164010000000003", ORIGIN_X + 30, ORIGIN_Y + 10, 0, "kantoorfunctie")])
    import_verblijfsobjecten(context, path)
    objects = stored(context)
    assert objects["0164010000000001"].residential
    assert objects["0164010000000002"].uses == ["industriefunctie", "kantoorfunctie"]
    assert not objects["0164010000000002"].residential
    assert objects["0164010000000003"].floor_area_m2 is None   # 0 m² is unknown, not zero


def test_a_pand_file_is_refused_as_verblijfsobjecten(context):
    with pytest.raises(ImportSourceError, match="geen BAG-verblijfsobjecten"):
        import_verblijfsobjecten(context, REAL / "bag-extract-pand.xml")
    assert stored(context) == {}


def test_an_object_without_geometry_refuses_the_whole_file(context, tmp_path):
    path = write_geojson(tmp_path / "vbo.geojson", [
        feature({"identificatie": "0164010000000001", "oppervlakte": 90,
                 "gebruiksdoel": "woonfunctie"}, point(ORIGIN_X, ORIGIN_Y)),
        feature({"identificatie": "0164010000000002", "oppervlakte": 90,
                 "gebruiksdoel": "woonfunctie"}, None)], crs="EPSG:28992")
    with pytest.raises(RefusedFeaturesError, match="0164010000000002"):
        import_verblijfsobjecten(context, path)
    assert stored(context) == {}


def test_uses_are_read_from_lists_and_text():
    column = np.empty(3, dtype=object)
    column[:] = [np.array(["Woonfunctie", "winkelfunctie"]), "kantoorfunctie; woonfunctie",
                 None]
    assert uses(column) == [["winkelfunctie", "woonfunctie"],
                            ["kantoorfunctie", "woonfunctie"], []]


def test_cli_imports_verblijfsobjecten(tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    assert cli_main(["import", "verblijfsobjecten", str(EXTRACT), "--db", str(db)]) == 0
    assert "15 verblijfsobjecten toegevoegd" in capsys.readouterr().out


def test_a_geopackage_layer_named_verblijfsobject_is_chosen(context, tmp_path):
    path = tmp_path / "bag.gpkg"
    for layer, uses_text in (("pand", None), ("verblijfsobject", "woonfunctie")):
        fields = {"identificatie": np.array(["0164010000000009"], dtype=object)}
        if uses_text:
            fields |= {"oppervlakte": np.array([75], dtype=np.int32),
                       "gebruiksdoel": np.array([uses_text], dtype=object)}
        geometry = (shapely.Point(ORIGIN_X, ORIGIN_Y) if uses_text
                    else shapely.box(ORIGIN_X, ORIGIN_Y, ORIGIN_X + 5, ORIGIN_Y + 5))
        pyogrio.raw.write(str(path), np.array([shapely.to_wkb(geometry)], dtype=object),
                          list(fields.values()), list(fields), layer=layer, driver="GPKG",
                          geometry_type="Point" if uses_text else "Polygon",
                          crs="EPSG:28992", append=layer != "pand")
    report = import_verblijfsobjecten(context, path)
    assert report.layer == "verblijfsobject"
    assert stored(context)["0164010000000009"].floor_area_m2 == 75


# --- figures --------------------------------------------------------------------------------

def test_floor_area_sums_the_verblijfsobjecten_on_the_parcel_once():
    parcels = np.array([shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10),
                        shapely.box(30, 0, 40, 10)], dtype=object)
    points = np.array([shapely.Point(2, 2), shapely.Point(5, 5), shapely.Point(10, 5),
                       shapely.Point(35, 5)], dtype=object)
    areas = np.array([100.0, 50.0, 30.0, np.nan])
    result = verblijfsobject_floor_areas(parcels, points, areas)
    # The point on the shared border counts for one parcel only; an unknown area is no area.
    assert np.nansum(result[:2]) == 180.0 and result[0] >= 150.0
    assert np.isnan(result[2])


def test_parcel_floor_area_uses_bag_where_imported_and_the_estimate_elsewhere(context,
                                                                               tmp_path):
    with_bag, estimated = make_parcels(context, 2)
    before = {r.id: r for r in ParcelService(context).rows()}
    assert not before[with_bag].floor_area_from_bag
    import_verblijfsobjecten(context, pdok_vbo(tmp_path / "vbo.geojson", [
        ("0164010000000001", ORIGIN_X + 10, ORIGIN_Y + 10, 1200, "industriefunctie"),
        ("0164010000000002", ORIGIN_X + 30, ORIGIN_Y + 30, 345, "kantoorfunctie")]))
    rows = {r.id: r for r in ParcelService(context).rows()}
    assert rows[with_bag].existing_floor_area_m2 == 1545 and rows[with_bag].floor_area_from_bag
    assert rows[estimated].existing_floor_area_m2 == before[estimated].existing_floor_area_m2
    assert not rows[estimated].floor_area_from_bag


def test_distance_to_the_nearest_dwelling_is_derived_for_every_parcel(context, tmp_path):
    first, second = make_parcels(context, 2)
    assert ParcelService(context).rows()[0].distance_to_sensitive_m is None  # unknown, not 0
    import_verblijfsobjecten(context, pdok_vbo(tmp_path / "vbo.geojson", [
        # a dwelling 40 m below the first parcel; an office right beside it does not count
        ("0164010000000001", ORIGIN_X + 25, ORIGIN_Y - 40, 110, "woonfunctie"),
        ("0164010000000002", ORIGIN_X + 25, ORIGIN_Y - 1, 900, "kantoorfunctie")]))
    rows = {r.id: r for r in ParcelService(context).rows()}
    assert rows[first].distance_to_sensitive_m == pytest.approx(40)
    assert rows[second].distance_to_sensitive_m == pytest.approx(np.hypot(SIDE_M - 25, 40))
    # asked for one parcel only, the dwelling far outside its box is still found
    only = ParcelService(context).rows([second])[0]
    assert only.distance_to_sensitive_m == pytest.approx(np.hypot(SIDE_M - 25, 40))


def test_distance_is_in_the_export_and_guide_distances_compare(context, tmp_path):
    make_parcels(context, 1)
    import_verblijfsobjecten(context, pdok_vbo(tmp_path / "vbo.geojson", [
        ("0164010000000001", ORIGIN_X + 25, ORIGIN_Y - 40.4, 110, "woonfunctie")]))
    keys = [c.key for c in columns()]
    assert "distance_to_sensitive_m" in keys and "floor_area_source" in keys
    out = export_csv(context, tmp_path / "p.csv").path
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert rows[0]["Afstand tot dichtstbijzijnde woning (m, BAG woonfunctie)"] == "40"
    assert guide_distance_met(40.0, 100) is False and guide_distance_met(40.0, 30) is True
    assert guide_distance_met(None, 30) is None and guide_distance_met(40.0, None) is None


def test_demo_puts_dwellings_beside_some_parks_never_on_a_parcel(context):
    from otb_desktop.demo.generator import generate

    generate(context, parcels=300, seed=7, today=__import__("datetime").date(2026, 11, 30))
    objects = stored(context)
    assert objects and all(v.residential and v.uses == ["woonfunctie"]
                           for v in objects.values())
    rows = ParcelService(context).rows()
    distances = [r.distance_to_sensitive_m for r in rows]
    assert all(d is not None and d > 0 for d in distances)   # near, but on no parcel
    assert min(distances) < 150                              # the figure shows somewhere
    assert not any(r.floor_area_from_bag for r in rows)      # dwellings carry no hall's area


def test_a_dwelling_beyond_the_near_window_is_still_the_nearest(context, tmp_path):
    from otb_desktop.persistence.figure_store import NEAR_M

    [parcel] = make_parcels(context, 1)
    import_verblijfsobjecten(context, pdok_vbo(tmp_path / "vbo.geojson", [
        ("0164010000000001", ORIGIN_X + 25, ORIGIN_Y - NEAR_M - 500, 110, "woonfunctie")]))
    [row] = ParcelService(context).rows([parcel])
    assert row.distance_to_sensitive_m == pytest.approx(NEAR_M + 500)
