"""Derived figures that were wrong (issue 6 item 8); each test failed on the old formulas."""

import datetime as dt

import pytest
from shapely.geometry import box

from otb_desktop.domain.figures import (
    BuildingShape,
    VacancyClass,
    climate_completeness,
    climate_score,
    parcel_figures,
    park_vacancy,
    unused_capacity,
    vacancy_class,
    vacancy_figures,
    whole_months,
)
from otb_desktop.importing import gis
from tests.test_import_gis import buildings, feature, square, write_geojson

PARCEL = box(0, 0, 100, 50)


def test_3d_bag_heights_are_roof_minus_ground_elevation(context, tmp_path):
    # A 7 m hall on ground at NAP +11 m: its roof is at NAP +18 m (not 18 m high).
    path = write_geojson(tmp_path / "3dbag.geojson", [
        feature({"identificatie": "NL.IMBAG.Pand.0164100000000001", "b3_h_dak_70p": 18.0,
                 "b3_h_maaiveld": 11.0, "b3_bouwlagen": None},
                {"type": "Polygon", "coordinates": [square(250_000, 475_000, 30, 20)]}),
        feature({"identificatie": "NL.IMBAG.Pand.0164100000000002", "b3_h_dak_70p": 30.0,
                 "b3_h_maaiveld": None, "b3_bouwlagen": None},
                {"type": "Polygon", "coordinates": [square(250_100, 475_000, 30, 20)]}),
    ], crs="urn:ogc:def:crs:EPSG::28992")
    gis.import_buildings(context, path)
    stored = {b.bag_id[-1]: b for b in buildings(context).values()}
    assert stored["1"].height_m == pytest.approx(7.0)
    assert BuildingShape(box(0, 0, 1, 1), height_m=stored["1"].height_m).floors() == 2
    # Without a ground elevation the elevation is no height: unknown, not 30 m.
    assert stored["2"].height_m is None


def test_overlapping_pieces_count_once_in_the_floor_area():
    a = BuildingShape(box(0, 0, 20, 20), storeys=1)   # 400 m²
    b = BuildingShape(box(10, 0, 30, 20), storeys=2)  # 400 m², 200 m² over a
    f = parcel_figures(PARCEL, [a, b], None)
    # b's 400 m² × 2 + a's own 200 m² × 1: the overlap counts once, with the most storeys.
    assert f.existing_floor_area_m2 == pytest.approx(800 + 200)
    same = parcel_figures(PARCEL, [a, BuildingShape(box(0, 0, 20, 20), storeys=1)], None)
    assert same.existing_floor_area_m2 == pytest.approx(400)


def test_allowed_floor_area_has_no_jump_between_empty_and_built_parcels():
    rules = {"max_height_m": 3.0, "max_coverage_pct": 50}
    _, empty = unused_capacity(1000, 0, 0, rules)
    _, built = unused_capacity(1000, 1, 1, rules)
    assert empty == pytest.approx(built + 1)
    assert empty == pytest.approx(500)


@pytest.mark.parametrize(("since", "today", "months"), [
    ("2023-01-02", "2026-01-01", 35), ("2023-01-01", "2026-01-01", 36),
    ("2025-01-31", "2025-02-28", 0), ("2025-01-31", "2025-03-31", 2)])
def test_months_of_vacancy_count_whole_months_by_the_day(since, today, months):
    assert whole_months(dt.date.fromisoformat(since), dt.date.fromisoformat(today)) == months


def test_vacancy_class_follows_pbl():
    today = dt.date(2026, 1, 1)
    assert vacancy_class("2023-01-02", today) is VacancyClass.LANGDURIG  # 35 months
    assert vacancy_class("2022-12-01", today) is VacancyClass.STRUCTUREEL  # 37 months
    assert vacancy_class("2023-01-01", today) is VacancyClass.LANGDURIG  # 36: not more than 3 y
    assert vacancy_class("2025-01-02", today) is VacancyClass.FRICTIE  # 11 months
    assert vacancy_class("2025-01-01", today) is VacancyClass.LANGDURIG
    assert vacancy_class(None, today) is None
    figures = vacancy_figures({"total_floor_area_m2": 1000, "vacant_floor_area_m2": 100,
                               "vacant_since": "2023-01-02"}, today)
    assert figures["vacant_months"] == 35 and not figures["structural"]
    assert "above_friction" not in figures  # the 5 % is the park's, not a hall's


def test_park_vacancy_is_two_sided_around_five_percent():
    low = park_vacancy([{"total_floor_area_m2": 1000, "vacant_floor_area_m2": 10}, None,
                        {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 0}])
    assert low.pct == pytest.approx(0.5) and low.against_friction == "onder"
    assert low.parcels == 2
    around = park_vacancy([{"total_floor_area_m2": 900, "vacant_floor_area_m2": 0},
                           {"total_floor_area_m2": 100, "vacant_floor_area_m2": 50}])
    assert around.pct == pytest.approx(5) and around.against_friction == "rond"
    assert park_vacancy([{"total_floor_area_m2": 100, "vacant_floor_area_m2": 30}]
                        ).against_friction == "boven"
    assert park_vacancy([]).pct is None and park_vacancy([]).against_friction is None


def test_climate_score_never_reads_a_missing_answer_as_no():
    known = {"paved_pct": 20, "green_pct": 70, "heat_exposure": "laag"}
    with_no = {**known, "green_roof": False, "water_storage_m3": 0}
    assert climate_score(known) > climate_score(with_no)
    assert climate_completeness(known) == pytest.approx(0.7)
    assert climate_completeness(with_no) == pytest.approx(1.0)
    assert climate_score({}) is None and climate_completeness({}) == 0
    # Same answers, the other parts unknown: the score is over what is known.
    assert climate_score({"green_pct": 50}) == pytest.approx(0.5)


def test_distance_to_the_nearest_sensitive_building_is_derived():
    import numpy as np
    from shapely.geometry import Point

    from otb_desktop.domain.figures import distance_to_sensitive_m
    from otb_desktop.domain.topics import VNG_GUIDE_DISTANCE_M

    parcels = np.array([box(0, 0, 100, 100), box(1000, 0, 1100, 100)], dtype=object)
    homes = np.array([Point(150, 50), Point(100, 400)], dtype=object)
    distances = distance_to_sensitive_m(parcels, homes)
    assert distances[0] == pytest.approx(50)
    assert distances[1] == pytest.approx(850)  # the nearer of the two homes
    assert distances[0] < VNG_GUIDE_DISTANCE_M["3.2"] < distances[1]
    assert np.isnan(distance_to_sensitive_m(parcels, np.array([], dtype=object))).all()
