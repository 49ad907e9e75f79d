"""BAG verblijfsobjecten are central reference data: the administrator imports them, laptops
pull them, and the figures that depend on them (existing floor area, distance to the nearest
dwelling) are recomputed on every laptop that receives them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from otb_desktop.cli import main
from otb_desktop.importing.errors import CentralReferenceDataError
from otb_desktop.importing.verblijfsobjecten import import_verblijfsobjecten
from otb_desktop.persistence import figure_store
from otb_desktop.sync.engine import sync
from tests.test_stored_figures import assert_stored_equals_recomputed
from tests.test_verblijfsobjecten import pdok_vbo

HALL, DWELLING = "0164010000000001", "0164010000000002"
VBO = (
    "SELECT id, bag_id, pand_bag_id, floor_area_m2, uses, residential, status, x, y, "
    "source, created_by FROM verblijfsobject ORDER BY id"
)


def _rows(context, query: str) -> list[tuple]:
    with sqlite3.connect(context.database.path) as connection:
        return [
            tuple(json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for v in row)
            for row in connection.execute(query)
        ]


def _figures(context) -> dict[str, dict]:
    with context.database.session() as session:
        return figure_store.stored(session)


def test_two_laptops_pull_the_same_verblijfsobjecten_and_figures(
    central, laptops, capsys, tmp_path
):
    url = central.admin.url
    assert main(["central", "demo", "--parcels", "40", "--seed", "5", "--server", url]) == 0
    demo_dwellings = central.count("verblijfsobject")
    assert demo_dwellings > 0  # the demo's dwellings are on the server
    early = laptops("vroeg")
    sync(early, central.admin)
    with central.connect() as connection:
        (hall_parcel, hx, hy), (near_parcel, nx, ny) = connection.execute(
            "SELECT id, ST_X(p), ST_Y(p) FROM (SELECT id, ST_PointOnSurface(geometry) AS p "
            "FROM parcel ORDER BY id LIMIT 2) s"
        ).fetchall()
    before = _figures(early)
    # The administrator imports a hall inside one parcel and a dwelling 30 m from another.
    source = pdok_vbo(
        tmp_path / "vbo.geojson",
        [(HALL, hx, hy, 1234, "industriefunctie"), (DWELLING, nx, ny - 30, 95, "woonfunctie")],
    )
    assert main(["central", "import", "verblijfsobjecten", str(source), "--server", url]) == 0
    assert "2 verblijfsobject" in capsys.readouterr().out
    assert central.count("verblijfsobject") == demo_dwellings + 2

    sync(early, central.admin)  # a laptop that had the old figures ...
    late = laptops("laat")
    sync(late, central.admin)  # ... and one that never had any
    assert _rows(early, VBO) == _rows(late, VBO)
    assert len(_rows(late, VBO)) == demo_dwellings + 2
    assert _figures(early) == _figures(late)
    for laptop in (early, late):
        assert_stored_equals_recomputed(laptop)
    hall = _figures(early)[hall_parcel]
    assert hall["existing_floor_area_m2"] == 1234 and hall["floor_area_from_bag"]
    assert not before[hall_parcel]["floor_area_from_bag"]
    assert _figures(early)[near_parcel]["distance_to_sensitive_m"] <= 30.5
    assert (
        before[near_parcel]["distance_to_sensitive_m"]
        != _figures(early)[near_parcel]["distance_to_sensitive_m"]
    )

    # A correction on the server (the hall's floor area) reaches both, figures included.
    source = pdok_vbo(
        tmp_path / "vbo2.geojson",
        [(HALL, hx, hy, 2000, "industriefunctie"), (DWELLING, nx, ny - 30, 95, "woonfunctie")],
    )
    assert main(["central", "import", "verblijfsobjecten", str(source), "--server", url]) == 0
    for laptop in (early, late):
        sync(laptop, central.admin)
        assert _figures(laptop)[hall_parcel]["existing_floor_area_m2"] == 2000
        assert_stored_equals_recomputed(laptop)
    assert _rows(early, VBO) == _rows(late, VBO)

    # A laptop that syncs gets verblijfsobjecten from the server only.
    with pytest.raises(CentralReferenceDataError, match="verblijfsobjecten"):
        import_verblijfsobjecten(early, source)
