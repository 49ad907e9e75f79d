"""The parcels' overview paths kept beside the database (issue 7 item 2, 200 000 parcels
filled in time): what a start finds there is exactly what it would have made, after any
edit of the parcels, and a start without (or with a damaged) cache makes them as before."""

import random
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.affinity import scale, translate
from sqlalchemy import select

from otb_desktop.demo.generator import generate
from otb_desktop.persistence.models import Parcel
from otb_desktop.services.context import AppContext
from otb_desktop.services.map_data import MapDataService, parcels_from_rows
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui.map import overview_cache
from otb_desktop.ui.map.paths import PathSource
from otb_desktop.ui.map.prepared import SIMPLIFY_M


def _load(context: AppContext) -> tuple[list[bytes], np.ndarray]:
    rows, geometry = ParcelService(context).rows_and_geometry()
    layers = MapDataService(context).load(parcels=parcels_from_rows(rows, geometry),
                                          buildings=False)
    return geometry, layers.parcel_geometries


def _recomputed(geometries: np.ndarray) -> PathSource:
    return PathSource(shapely.simplify(geometries, SIMPLIFY_M, preserve_topology=True))


def _same(found: PathSource, made: PathSource) -> bool:
    (e1, f1), (e2, f2) = found.arrays(), made.arrays()
    return found.count == made.count and np.array_equal(f1, f2) and e1.dtype == e2.dtype \
        and e1.tobytes() == e2.tobytes()


def _edit(context: AppContext, rng: random.Random) -> None:
    """A random change to the parcels: a moved, reshaped, added or removed one."""
    with context.database.session() as session:
        parcels = session.scalars(select(Parcel).order_by(Parcel.designation)).all()
        kind = rng.choice(["move", "reshape", "add", "delete", "rename"])
        parcel = rng.choice(parcels)
        if kind == "move":
            parcel.set_geometry(translate(parcel.geometry, rng.uniform(-5, 5), 1.0))
        elif kind == "reshape":
            parcel.set_geometry(scale(parcel.geometry, 1.3, 0.8))
        elif kind == "add":
            number = rng.randint(1, 99999)
            new = Parcel(designation=f"OTL09 Z {number}", akr_code="OTL09", section="Z",
                         number=number, short_key=f"Z {number}", area_m2=parcel.area_m2,
                         addresses=[], source="tests", created_by=context.author,
                         device_id=context.device_id)
            new.set_geometry(translate(parcel.geometry, 3000.0, 0.0))
            session.add(new)
        elif kind == "delete":  # one this test added (the demo's have observations)
            added = [p for p in parcels if p.source == "tests"]
            if added:
                session.delete(rng.choice(added))
            else:
                parcel.set_geometry(translate(parcel.geometry, 0.0, -2.0))
        else:  # another designation: another place in the load's order
            parcel.designation = f"AAA00 A {rng.randint(1, 99999)}"


def test_a_cached_overview_is_what_a_recomputation_makes_after_random_edits(context):
    generate(context, parcels=80, seed=3)
    path = Path(context.database.path)
    rng = random.Random(77)
    wkb, geometries = _load(context)
    overview = overview_cache.find(path, wkb)
    assert overview.found is None  # never stored
    changed = 0
    for _step in range(15):
        made = _recomputed(geometries)
        if overview.found is None:
            assert overview_cache.store(overview, made)
            assert [f.name for f in overview_cache.cache_dir(path).glob("overview-*")] == \
                [overview.file.name]  # an older one is gone
        again = overview_cache.find(path, wkb)
        assert again.file == overview.file and again.found is not None
        assert _same(again.found, made)  # what a start finds is what it would make
        _edit(context, rng)
        before = wkb
        wkb, geometries = _load(context)
        overview = overview_cache.find(path, wkb)
        if wkb != before:  # any other WKB, or order: another name, nothing found
            changed += 1
            assert overview.file != again.file and overview.found is None
        else:  # e.g. a rename that keeps the order: the same parcels, the same paths
            assert overview.file == again.file and overview.found is not None
    assert changed >= 10


def test_the_name_follows_every_byte_and_the_order(context):
    generate(context, parcels=20, seed=4)
    wkb, _geometries = _load(context)
    key = overview_cache.content_key(wkb)
    assert overview_cache.content_key(list(wkb)) == key
    assert overview_cache.content_key(wkb[::-1]) != key
    assert overview_cache.content_key(wkb[:-1]) != key
    changed = bytearray(wkb[5])
    changed[-1] ^= 1
    assert overview_cache.content_key([*wkb[:5], bytes(changed), *wkb[6:]]) != key


def test_a_damaged_or_foreign_cache_is_remade_not_trusted(context):
    generate(context, parcels=30, seed=5)
    path = Path(context.database.path)
    wkb, geometries = _load(context)
    overview = overview_cache.find(path, wkb)
    made = _recomputed(geometries)
    assert overview_cache.store(overview, made)
    overview.file.write_bytes(b"not a cache")
    assert overview_cache.find(path, wkb).found is None
    elements, first = made.arrays()
    np.savez(overview.file, elements=elements, first=first[:-1])  # one geometry short
    assert overview_cache.find(path, wkb).found is None
    np.savez(overview.file, elements=elements[:-1], first=first)
    assert overview_cache.find(path, wkb).found is None
    with pytest.raises(ValueError):
        PathSource.from_arrays(np.zeros(len(elements), dtype=[("a", "<f8")]), first, made.count)


def test_a_folder_that_cannot_be_written_only_costs_the_recomputation(context, tmp_path,
                                                                       monkeypatch):
    generate(context, parcels=10, seed=6)
    wkb, geometries = _load(context)
    overview = overview_cache.find(tmp_path / "share" / "otb.sqlite", wkb)

    def refused(*_args, **_kwargs):
        raise PermissionError("read-only share")

    monkeypatch.setattr(overview_cache.tempfile, "mkstemp", refused)
    (tmp_path / "share").mkdir()
    assert overview_cache.store(overview, _recomputed(geometries)) is False
    assert overview_cache.find(tmp_path / "share" / "otb.sqlite", wkb).found is None
    assert not any(overview_cache.cache_dir(tmp_path / "share" / "otb.sqlite").iterdir())


def test_a_start_writes_the_overview_once_settled_and_the_next_start_uses_it(qtbot, tmp_path):
    from otb_desktop.persistence.database import open_database
    from otb_desktop.ui.map import prepared as prepared_module
    from tests.field_window import started_window

    path = tmp_path / "otb.sqlite"
    context = AppContext(open_database(path))
    generate(context, parcels=60, seed=8)
    context.set_user_name("Test")
    context.database.close()

    real = prepared_module.shapely.simplify
    calls: list = []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prepared_module.shapely, "simplify", counting)
        window, loaded = started_window(qtbot, path, tmp_path)
        assert loaded.map.overview.found is None and calls == [1]
        qtbot.waitUntil(lambda: loaded.map.overview.file.exists(), timeout=30_000)
        first_paths = loaded.map.prepared.parcels.simplified_paths
        window.close()
        window.context.database.close()
        calls.clear()
        window, loaded = started_window(qtbot, path, tmp_path)
        assert loaded.map.overview.found is not None and calls == []  # nothing simplified
        assert loaded.map.prepared.parcels.simplified_paths is loaded.map.overview.found
        assert _same(loaded.map.overview.found, first_paths)
        window.close()
        window.context.database.close()
