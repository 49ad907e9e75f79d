"""Reference data has one identity everywhere: two laptops importing the same file agree."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from otb_desktop.demo.generator import generate
from otb_desktop.domain.ids import reference_id
from otb_desktop.importing import gis
from otb_desktop.paths import resources_dir
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext
from otb_desktop.services.parks import list_parks

REAL = Path("/work/shared/fixtures/real")
if not REAL.exists():
    REAL = Path(__file__).parent / "fixtures" / "real"


def _laptop(path: Path, user: str) -> AppContext:
    context = AppContext(open_database(path))
    context.set_user_name(user)
    return context


def _ids(context: AppContext, table: str, key: str) -> dict[str, str]:
    with sqlite3.connect(context.database.path) as connection:
        return dict(connection.execute(f"SELECT {key}, id FROM {table}").fetchall())


@pytest.mark.parametrize(("kind", "file", "table", "key"), [
    ("parcels", "brk-dkk-v5-perceel.gml", "parcel", "designation"),
    ("parcels", "brk-dkk-v4-perceel.gml", "parcel", "designation"),
    ("buildings", "brk-dkk-v5-pand.gml", "building", "bag_id"),
    ("buildings", "bag-extract-pand.xml", "building", "bag_id"),
])
def test_two_laptops_importing_the_same_file_agree_on_every_id(tmp_path, kind, file, table,
                                                               key):
    first = _laptop(tmp_path / "a.sqlite", "Anna")
    second = _laptop(tmp_path / "b.sqlite", "Bram")
    try:
        importer = gis.import_parcels if kind == "parcels" else gis.import_buildings
        importer(first, REAL / file)
        importer(second, REAL / file)
        a, b = _ids(first, table, key), _ids(second, table, key)
        assert len(a) > 5 and a == b
        kind_name = "parcel" if table == "parcel" else "building"
        assert all(row_id == reference_id(kind_name, k) for k, row_id in a.items())
        assert {uuid.UUID(i).version for i in a.values()} == {5}
        assert first.device_id != second.device_id   # really two laptops
        # Importing again keeps the ids (matched by designation / BAG id).
        importer(first, REAL / file)
        assert _ids(first, table, key) == a
    finally:
        first.database.close()
        second.database.close()


def test_the_fourteen_parks_have_the_fixed_ids_shipped_with_the_app(tmp_path):
    shipped = {p["name"]: p["id"] for p in json.loads(
        (resources_dir() / "parks.json").read_text(encoding="utf-8"))["parks"]}
    assert len(shipped) == 14 and len(set(shipped.values())) == 14
    laptops = [_laptop(tmp_path / f"{n}.sqlite", n) for n in ("a", "b")]
    try:
        for laptop in laptops:
            assert {p.name: p.id for p in list_parks(laptop)} == shipped
    finally:
        for laptop in laptops:
            laptop.database.close()


def test_two_demo_data_sets_share_their_reference_ids(tmp_path):
    laptops = [_laptop(tmp_path / f"{n}.sqlite", n) for n in ("a", "b")]
    try:
        for laptop in laptops:
            generate(laptop, parcels=120, seed=7)
        first, second = (_ids(laptop, "parcel", "designation") for laptop in laptops)
        assert first == second and len(first) == 120
        assert all(i == reference_id("parcel", k) for k, i in first.items())
        buildings = _ids(laptops[0], "building", "bag_id")
        assert all(i == reference_id("building", k) for k, i in buildings.items())
    finally:
        for laptop in laptops:
            laptop.database.close()
