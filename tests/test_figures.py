"""Derived figures: footprint from buildings ∩ parcel, coverage, unused capacity."""

import datetime as dt

import pytest
from shapely.geometry import box

from otb_desktop.domain.figures import (
    BuildingShape,
    climate_score,
    parcel_figures,
    unused_capacity,
    vacancy_figures,
)
from otb_desktop.domain.spatial import assign_to_parks, neighbours

PARCEL = box(0, 0, 100, 50)  # 5 000 m²


def test_footprint_counts_only_the_part_on_the_parcel():
    inside = BuildingShape(box(10, 10, 30, 30), storeys=2)        # 400 m² × 2
    straddling = BuildingShape(box(90, 0, 110, 10), height_m=7.5)  # 100 m² on parcel, 2 floors
    away = BuildingShape(box(200, 200, 210, 210))
    f = parcel_figures(PARCEL, [inside, straddling, away], None)
    assert f.area_m2 == pytest.approx(5000)
    assert f.built_footprint_m2 == pytest.approx(500)
    assert f.coverage_pct == pytest.approx(10)
    assert f.existing_floor_area_m2 == pytest.approx(400 * 2 + 100 * 2)
    assert f.unused_coverage_m2 is None and f.unused_floor_area_m2 is None


def test_unused_capacity_with_height_rule():
    f = parcel_figures(PARCEL, [BuildingShape(box(0, 0, 50, 20), storeys=1)],
                       {"max_height_m": 10.5, "max_coverage_pct": 60})
    # allowed footprint 3 000 m², 3 storeys of 3.5 m → 9 000 m² floor; built 1 000 m² × 1
    assert f.unused_coverage_m2 == pytest.approx(2000)
    assert f.unused_floor_area_m2 == pytest.approx(8000)


def test_unused_capacity_with_floor_area_ratio_and_never_negative():
    assert unused_capacity(1000, 900, 2500, {"max_height_m": 20, "max_coverage_pct": 50,
                                             "max_far": 2}) == (0.0, 0.0)
    assert unused_capacity(1000, 100, 100, {"max_height_m": 20, "max_coverage_pct": 50,
                                            "max_far": 2}) == (400.0, 1900.0)


def test_vacancy_figures():
    v = vacancy_figures({"total_floor_area_m2": 1000, "vacant_floor_area_m2": 80,
                         "vacant_since": "2022-01-15"}, dt.date(2026, 1, 15))
    assert v["vacancy_pct"] == pytest.approx(8)
    assert v["structural"] and v["vacant_months"] == 48
    v = vacancy_figures({"total_floor_area_m2": 1000, "vacant_floor_area_m2": 50}, dt.date.today())
    assert not v["structural"] and v["vacant_months"] is None


def test_climate_score_bounds_and_order():
    good = climate_score({"paved_pct": 20, "green_pct": 70, "green_roof": True,
                          "water_storage_m3": 50, "heat_exposure": "laag",
                          "flood_exposure": "laag"})
    poor = climate_score({"paved_pct": 100, "green_pct": 0, "heat_exposure": "hoog"})
    assert 0 <= poor < good <= 1
    assert poor == 0.0


def test_assign_parks_by_majority_overlap():
    parks = [box(0, 0, 100, 100), box(100, 0, 200, 100)]
    parcels = [box(10, 10, 20, 20), box(95, 10, 130, 20), box(300, 300, 310, 310),
               box(99, 50, 101, 51)]
    assert assign_to_parks(parcels, parks) == [0, 1, None, 0]


def test_neighbours():
    parcels = [box(0, 0, 10, 10), box(10, 0, 20, 10), box(50, 50, 60, 60)]
    assert neighbours(parcels, 0) == [1]
    assert neighbours(parcels, 2) == []


def test_overlapping_buildings_count_once_in_the_footprint():
    a = BuildingShape(box(0, 0, 20, 20), storeys=1)   # 400 m²
    b = BuildingShape(box(10, 0, 30, 20), storeys=2)  # 400 m², half over a
    f = parcel_figures(PARCEL, [a, b], None)
    assert f.built_footprint_m2 == pytest.approx(600)
    assert f.existing_floor_area_m2 == pytest.approx(200 + 800)  # overlap once, most storeys


def test_parcel_table_uses_the_same_figures(context):
    """The service computes all parcels at once; it must agree with the domain formula."""
    from otb_desktop.persistence.models import Building, Parcel
    from otb_desktop.services.parcels import ParcelService

    shapes = [BuildingShape(box(0, 0, 20, 20), storeys=1),
              BuildingShape(box(10, 0, 30, 20), height_m=7.5),
              BuildingShape(box(95, 40, 105, 60), storeys=3)]
    with context.database.session() as s:
        parcel = Parcel(designation="HGL01 K 5", area_m2=PARCEL.area, created_by="t",
                        device_id="d")
        parcel.set_geometry(PARCEL)
        s.add(parcel)
        for i, shape in enumerate(shapes):
            building = Building(bag_id=f"0164100000{i:06d}", storeys=shape.storeys,
                                height_m=shape.height_m, created_by="t", device_id="d")
            building.set_geometry(shape.geometry)
            s.add(building)
    (row,) = ParcelService(context).rows()
    expected = parcel_figures(PARCEL, shapes, None)
    assert row.built_footprint_m2 == pytest.approx(expected.built_footprint_m2)
    assert row.existing_floor_area_m2 == pytest.approx(expected.existing_floor_area_m2)
    assert row.coverage_pct == pytest.approx(expected.coverage_pct)
