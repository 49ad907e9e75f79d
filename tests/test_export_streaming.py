"""Large exports go batch by batch and column by column; the result is the same as one pass.

The exports convert a batch of rows column by column (``Column.values``) and write batches of
``BATCH`` parcels, so memory holds one batch, never the whole table (issue 7, item 5). These
tests pin down that neither shortcut changes a value, a cell or a geometry.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, box

from otb_desktop.domain import designation as designations
from otb_desktop.exporting import parcels as export
from otb_desktop.persistence.models import Parcel
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import ColumnType, columns, table
from otb_desktop.services.parcels import ParcelService, decode_rows
from tests.export_support import EXPORT_DEMO_PARCELS, EXPORT_DEMO_TODAY

TODAY, PARCELS = EXPORT_DEMO_TODAY, EXPORT_DEMO_PARCELS
WRITERS = {"gpkg": export.export_gpkg, "csv": export.export_csv, "xlsx": export.export_xlsx}


@pytest.fixture
def demo(export_demo: AppContext) -> AppContext:
    return export_demo  # tests/export_support.py: read only, shared by the export tests


def typed_values(values: list) -> list[tuple[type, object]]:
    return [(type(v), v) for v in values]


def test_rows_decoded_at_once_equal_rows_decoded_one_by_one(demo):
    lazy, bulk = ParcelService(demo).rows(), ParcelService(demo).rows()
    decode_rows(bulk)
    assert all("values" in row.__dict__ for row in bulk)  # decoded, not left lazy
    fields = ("addresses", "figures", "values", "observed_at", "built_footprint_m2",
              "coverage_pct", "existing_floor_area_m2", "unused_coverage_m2",
              "unused_floor_area_m2")
    assert [[getattr(r, f) for f in fields] for r in bulk] == \
        [[getattr(r, f) for f in fields] for r in lazy]
    assert any(r.values for r in bulk) and any(r.observed_at for r in bulk)


def test_column_values_are_the_value_of_every_row(demo):
    rows = ParcelService(demo).rows()
    assert len(rows) == PARCELS
    cols = columns()
    filled = set()
    for column, together in zip(cols, table(cols, rows), strict=True):
        one_by_one = typed_values([column.value(row) for row in rows])
        assert typed_values(column.values(rows)) == one_by_one, column.key
        assert typed_values(together) == one_by_one, column.key
        if any(v is not None for _, v in one_by_one):
            filled.add(column.type)
    assert filled == set(ColumnType)  # the demo data exercises every kind of column


def test_column_values_of_no_rows():
    assert table(columns(), []) == [[] for _ in columns()]


def read_xlsx(path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: (sheet.freeze_panes, sheet.auto_filter.ref,
                          list(sheet.iter_rows(values_only=True)))
            for sheet in book.worksheets}


def read_gpkg(path) -> tuple[list, list, np.ndarray]:
    meta, _, wkb, data = pyogrio.raw.read(path, layer=export.LAYER)
    return list(meta["fields"]), data, wkb


def same_array(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype.kind == "f":
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    return a.dtype == b.dtype and a.tolist() == b.tolist()


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_small_batches_write_the_same_file_and_read_no_more_rows_at_once(
        demo, tmp_path, monkeypatch, fmt):
    write = WRITERS[fmt]
    whole = write(demo, tmp_path / f"whole.{fmt}").path  # a CSV's name may say more

    asked: list[int | None] = []
    batches: list[list] = []
    rows = ParcelService.rows

    def counting_rows(self, parcel_ids=None):
        asked.append(None if parcel_ids is None else len(parcel_ids))
        assert all(batch == [] for batch in batches)  # the previous batch is let go first
        batches.append(rows(self, parcel_ids))
        return batches[-1]

    monkeypatch.setattr(ParcelService, "rows", counting_rows)
    monkeypatch.setattr(export, "BATCH", 40)
    report = write(demo, tmp_path / f"batched.{fmt}")
    batched = report.path

    assert asked == [40, 40, 40, 30]  # never the whole table at once
    assert batches[-1] == []
    assert report.parcels == PARCELS
    match fmt:
        case "csv":
            assert batched.read_bytes() == whole.read_bytes()
        case "xlsx":
            sheets = read_xlsx(batched)
            assert sheets == read_xlsx(whole)
            assert len(sheets[export.SHEET_TITLE][2]) == PARCELS + 1  # and the header
        case "gpkg":
            fields, data, wkb = read_gpkg(batched)
            whole_fields, whole_data, whole_wkb = read_gpkg(whole)
            assert fields == whole_fields and len(data[0]) == PARCELS
            assert [f for f, a, b in zip(fields, data, whole_data, strict=True)
                    if not same_array(a, b)] == []
            assert list(wkb) == list(whole_wkb)


def test_gpkg_geometries_are_multipolygons_as_shapely_writes_them(context, tmp_path):
    polygon = box(0, 0, 80, 50)
    two = MultiPolygon([box(200, 0, 250, 50), box(300, 0, 340, 50)])
    mixed = GeometryCollection([box(400, 0, 480, 50), LineString([(400, 0), (500, 100)])])
    ids = {}
    with context.database.session() as session:
        for number, geometry in enumerate((polygon, two, mixed), start=100):
            d = designations.make("HGL01", "K", number)
            parcel = Parcel(designation=str(d), akr_code=d.akr_code, section=d.section,
                            number=d.number, area_m2=geometry.area,
                            created_by=context.author, device_id=context.device_id)
            parcel.set_geometry(geometry)
            session.add(parcel)
            session.flush()
            ids[parcel.id] = geometry
    out = tmp_path / "p.gpkg"
    export.export_gpkg(context, out)
    fields, data, wkb = read_gpkg(out)
    got = dict(zip(data[fields.index("id")].tolist(), wkb, strict=True))
    want = {ids_key: shapely.to_wkb(export._multipolygon(geometry))
            for ids_key, geometry in ids.items()}
    assert got == want
    assert shapely.from_wkb(want[next(iter(ids))]).geom_type == "MultiPolygon"
