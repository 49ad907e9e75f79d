"""Parcel export: GeoPackage, CSV and XLSX hold the same rows, typed, and can be read back."""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pyogrio
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import box

from otb_desktop.domain import designation as designations
from otb_desktop.domain.ids import new_id
from otb_desktop.exporting import ExportFileError
from otb_desktop.exporting.parcels import export_csv, export_gpkg, export_xlsx
from otb_desktop.importing.observations import BadRowsError, import_observations
from otb_desktop.persistence.models import Building, Observation, Parcel
from otb_desktop.progress import Cancelled
from otb_desktop.services.parcel_table import ColumnType, columns
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.parks import ensure_parks
from otb_desktop.services.survey import SurveyService

HEADER = {c.key: c.header for c in columns()}  # Dutch CSV headings by key

ORIGIN = (257_000.0, 476_000.0)  # Hengelo, RD New


def add_parcels(context, count: int = 3) -> list[str]:
    """Parcels side by side in one park, a building on the first; returns their ids."""
    ids = []
    with context.database.session() as session:
        park = ensure_parks(session, context)["Westermaat Campus"]
        for i in range(count):
            x, y = ORIGIN[0] + i * 100, ORIGIN[1]
            d = designations.make("HGL01", "K", 100 + i)
            geometry = box(x, y, x + 80, y + 50)
            parcel = Parcel(designation=str(d), akr_code=d.akr_code, section=d.section,
                            number=d.number, short_key=f"{d.section} {d.number}",
                            area_m2=geometry.area, registered_area_m2=4000.0 + i,
                            park_id=park.id, addresses=[f"Hengelosestraat {i + 1}",
                                                        f"Campuslaan {i + 1}a"] if i else [],
                            created_by=context.author, device_id=context.device_id)
            parcel.set_geometry(geometry)
            session.add(parcel)
            session.flush()
            ids.append(parcel.id)
        building = Building(bag_id="0164100000000001", storeys=2, height_m=8.0,
                            created_by=context.author, device_id=context.device_id)
        building.set_geometry(box(ORIGIN[0] + 10, ORIGIN[1] + 10, ORIGIN[0] + 40,
                                  ORIGIN[1] + 30))
        session.add(building)
    return ids


def days_ago(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


@pytest.fixture
def surveyed(context) -> list[str]:
    ids = add_parcels(context)
    survey = SurveyService(context)
    survey.record(ids[0], "vacancy", {"total_floor_area_m2": "1200,5",
                                      "vacant_floor_area_m2": 300,
                                      "vacant_since": "2023-05-01", "offered": "huur"},
                  observed_at=days_ago(20))
    survey.record(ids[0], "condition", {"overall": 4, "roof": 5}, observed_at=days_ago(3))
    survey.record(ids[0], "planning_capacity", {"max_height_m": 15, "max_coverage_pct": 70})
    survey.record(ids[1], "climate_adaptation", {"paved_pct": 80, "green_pct": 10,
                                                 "green_roof": True})
    survey.record(ids[1], "note", {"text": "Eigenaar wil uitbreiden; café ernaast."})
    # Two heads of one topic: a conflict, as after syncing two laptops.
    with context.database.session() as session:
        session.add_all([Observation(parcel_id=ids[2], topic="condition",
                                     values={"overall": score}, observed_at=days_ago(1),
                                     created_by=author, device_id=new_id())
                         for score, author in ((2, "Anna"), (3, "Bert"))])
    return ids


@pytest.fixture
def folder(tmp_path) -> Path:
    """An export folder apart from the database's."""
    path = tmp_path / "export"
    path.mkdir()
    return path


def expected(context) -> tuple[list, tuple]:
    return ParcelService(context).rows(), columns()


def same(kind: ColumnType, got, want) -> bool:
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if kind is ColumnType.FLOAT:
        return got == pytest.approx(want, rel=1e-12)
    return got == want


def test_gpkg_layer_has_count_crs_and_field_types(context, surveyed, folder):
    out = folder / "percelen.gpkg"
    report = export_gpkg(context, out)
    info = pyogrio.read_info(out, layer="percelen")
    assert info["features"] == 3 == report.parcels
    assert info["crs"] == "EPSG:28992"
    assert info["geometry_type"] == "MultiPolygon"
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["area_m2"] == "float64"
    assert types["condition.overall"] == "int32"
    assert types["in_scope"] == "bool"
    assert types["vacancy.vacant_since"] == "datetime64[D]"
    assert types["vacancy.observed_at"] == "datetime64[D]"
    assert types["designation"] == "object"
    assert report.conflicts == 1 and report.surveyed == 3
    assert [p.name for p in folder.iterdir()] == ["percelen.gpkg"]  # no temporary left


def test_ogrinfo_sees_the_features(context, surveyed, folder):
    if shutil.which("ogrinfo") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have ogrinfo: .ci/run installs gdal-bin")
        pytest.skip("ogrinfo is not installed (apt-get install gdal-bin); CI installs it")
    out = folder / "percelen.gpkg"
    export_gpkg(context, out)
    result = subprocess.run(["ogrinfo", "-so", str(out), "percelen"], capture_output=True,
                            text=True, check=True)
    assert "Feature Count: 3" in result.stdout
    assert 'ID["EPSG",28992]' in result.stdout
    assert "Warning" not in result.stderr


def test_gpkg_values_round_trip(context, surveyed, folder):
    out = folder / "percelen.gpkg"
    export_gpkg(context, out)
    rows, cols = expected(context)
    meta, _, wkb, data = pyogrio.raw.read(out, layer="percelen")
    read = dict(zip(meta["fields"], data, strict=True))
    by_id = {row.id: row for row in rows}
    assert set(read["id"]) == set(by_id)
    for index, parcel_id in enumerate(read["id"]):
        row = by_id[parcel_id]
        for column in cols:
            got = read[column.key][index]
            if isinstance(got, np.datetime64):
                got = None if np.isnat(got) else got.astype(dt.date)
            elif isinstance(got, np.generic):
                got = got.item()
            if column.type is ColumnType.BOOL and got is not None and not (
                    isinstance(got, float) and math.isnan(got)):
                got = bool(got)
            if column.type is ColumnType.INT and isinstance(got, float) \
                    and not math.isnan(got):
                got = int(got)
            assert same(column.type, got, column.value(row)), (column.key, got)
        assert shapely.from_wkb(wkb[index]).area == pytest.approx(row.area_m2)
    first = by_id[surveyed[0]]
    assert first.built_footprint_m2 == pytest.approx(600.0)  # the data is not all empty
    assert read["vacancy.total_floor_area_m2"][list(read["id"]).index(surveyed[0])] == 1200.5


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))


def from_csv(kind: ColumnType, text: str):
    if text == "":
        return None
    match kind:
        case ColumnType.FLOAT:
            return float(text.replace(",", "."))
        case ColumnType.INT:
            return int(text)
        case ColumnType.BOOL:
            return {"ja": True, "nee": False}[text]
        case ColumnType.DATE:
            return dt.date.fromisoformat(text)
    return text


def from_xlsx(kind: ColumnType, value):
    if kind is ColumnType.BOOL and value is not None:
        return {"ja": True, "nee": False}[value]
    if kind is ColumnType.DATE and isinstance(value, dt.datetime):
        return value.date()
    return value


def test_csv_and_xlsx_hold_the_same_rows(context, surveyed, folder):
    written = export_csv(context, folder / "p.csv").path   # named for personal data if any
    export_xlsx(context, folder / "p.xlsx")
    rows, cols = expected(context)
    lines = read_csv(written)
    assert lines[0] == [c.header for c in cols]  # Dutch headers, like the XLSX
    sheet = openpyxl.load_workbook(folder / "p.xlsx")["Percelen"]
    assert [c.value for c in sheet[1]] == [c.header for c in cols]
    assert sheet["A1"].font.b and sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(cols)).column_letter}4"
    xlsx_rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(lines) - 1 == len(xlsx_rows) == len(rows) == 3
    for row, line, cells in zip(rows, lines[1:], xlsx_rows, strict=True):
        for column, text, value in zip(cols, line, cells, strict=True):
            want = column.value(row)
            assert same(column.type, from_csv(column.type, text), want), (column.key, text)
            assert same(column.type, from_xlsx(column.type, value), want), (column.key, value)
    first = next(line for line in lines[1:] if line[0] == surveyed[0])
    assert first[cols.index(next(c for c in cols if c.key == "vacancy.total_floor_area_m2"))] \
        == "1200,5"  # decimal comma for Excel NL


def test_export_then_import_changes_nothing_until_edited(context, surveyed, folder):
    out = folder / "p.csv"
    out = export_csv(context, out).path
    report = import_observations(context, out)
    assert report.imported == 0 and report.unchanged == 6 and not report.bad_rows
    assert report.conflicts_resolved == 0
    assert report.ignored_columns == ()  # the export's own figure columns are expected

    lines = read_csv(out)
    column = lines[0].index(HEADER["condition.overall"])
    target = next(i for i, line in enumerate(lines) if line[0] == surveyed[0])
    lines[target][column] = "5"
    lines[target][lines[0].index(HEADER["condition.observed_at"])] = dt.date.today().isoformat()
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(lines)
    report = import_observations(context, out)
    assert report.imported == 1 and report.unchanged == 5
    row = ParcelService(context).rows([surveyed[0]])[0]
    assert row.value("condition", "overall") == 5
    assert row.value("condition", "roof") == 5  # the other fields of the row came along
    assert len(SurveyService(context).heads(surveyed[0])["condition"]) == 1


def test_xlsx_export_reads_back_through_its_dutch_headers(context, surveyed, folder):
    out = folder / "p.xlsx"
    export_xlsx(context, out)
    report = import_observations(context, out)
    assert (report.imported, report.unchanged, report.bad_rows) == (0, 6, ())


def test_xlsx_sheet_has_bold_frozen_header_filter_widths_and_formats(context, surveyed,
                                                                     folder):
    out = folder / "p.xlsx"
    export_xlsx(context, out)
    rows, cols = expected(context)
    sheet = openpyxl.load_workbook(out)["Percelen"]
    assert [c.value for c in sheet[1]] == [c.header for c in cols]
    assert all(c.font.b for c in sheet[1]) and not any(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(cols)).column_letter}4"
    assert sheet.column_dimensions["A"].width == pytest.approx(38, abs=1)  # the id column
    first = next(r for r in range(2, 5) if sheet.cell(r, 1).value == surveyed[0])
    for index, column in enumerate(cols, start=1):
        cell = sheet.cell(first, index)
        if column.type is ColumnType.FLOAT and cell.value is not None:
            assert cell.number_format == "#,##0.0" and cell.data_type == "n", column.key
        if column.type is ColumnType.DATE and cell.value is not None:
            assert cell.number_format == "yyyy-mm-dd" and cell.is_date, column.key
    since = cols.index(next(c for c in cols if c.key == "vacancy.vacant_since")) + 1
    assert sheet.cell(first, since).value == dt.datetime(2023, 5, 1)


@pytest.mark.parametrize("text", ["=1+1", "+31 74 123", "-5", "@SUM(A1:A2)",
                                  "=HYPERLINK(\"http://x.nl\",\"klik\")", "0042",
                                  "https://example.nl", "b & <c> \"ja\"", "<r>vet</r>",
                                  "<r><rPr><b/></rPr><t>vet</t></r>"])
def test_xlsx_text_stays_text_never_a_formula_number_or_link(context, folder, text):
    ids = add_parcels(context, 1)
    SurveyService(context).record(ids[0], "note", {"text": text})
    out = folder / "p.xlsx"
    export_xlsx(context, out)
    _, cols = expected(context)
    note = cols.index(next(c for c in cols if c.key == "note.text")) + 1
    cell = openpyxl.load_workbook(out)["Percelen"].cell(2, note)
    assert (cell.value, cell.data_type) == (text, "s")
    assert not cell.hyperlink


def test_cancelled_export_keeps_the_old_file_and_leaves_no_temporary(context, surveyed,
                                                                       folder):
    out = folder / "p.csv"
    out.write_text("vorige export", encoding="utf-8")

    def cancel(done, total, message):
        if message == "CSV schrijven":
            raise Cancelled

    with pytest.raises(Cancelled):
        export_csv(context, out, progress=cancel)
    assert out.read_text(encoding="utf-8") == "vorige export"
    assert [p.name for p in folder.iterdir()] == ["p.csv"]


def test_export_into_missing_folder_says_so(context, surveyed, folder):
    with pytest.raises(ExportFileError, match="bestaat niet"):
        export_gpkg(context, folder / "nergens" / "p.gpkg")


def test_reimporting_an_old_export_reverts_nothing(context, surveyed, folder):
    out = folder / "p.csv"
    out = export_csv(context, out).path
    SurveyService(context).record(surveyed[0], "condition", {"overall": 1})  # newer, in the app
    report = import_observations(context, out)
    assert (report.imported, report.bad_rows) == (0, ())
    assert ParcelService(context).rows([surveyed[0]])[0].value("condition", "overall") == 1

    lines = read_csv(out)  # an edit on top of the old value is refused, not applied
    target = next(i for i, line in enumerate(lines) if line[0] == surveyed[0])
    lines[target][lines[0].index(HEADER["condition.overall"])] = "6"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(lines)
    with pytest.raises(BadRowsError, match="vóór de huidige waarneming"):
        import_observations(context, out)


def test_gpkg_to_an_unwritable_place_gives_the_dutch_message(context, tmp_path):
    """GDAL's own error (not an OSError) must not reach the user as a traceback."""
    from otb_desktop.exporting import ExportFileError
    from otb_desktop.exporting.parcels import export_gpkg

    with pytest.raises(ExportFileError, match="kan niet worden geschreven"):
        export_gpkg(context, Path("/proc/otb-export.gpkg"))


@pytest.mark.parametrize("writer", [export_gpkg, export_csv, export_xlsx])
def test_an_export_is_on_disk_before_it_replaces_the_old_file(context, surveyed, folder,
                                                              monkeypatch, writer):
    """atomic_output flushes the complete temporary file (fsync) before renaming it over the
    target, so a power cut leaves the old export or the whole new one, never a torn file."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        events.append("fsync " + os.path.basename(os.readlink(f"/proc/self/fd/{descriptor}")))
        return real_fsync(descriptor)

    def replace(source, target):
        events.append(f"replace {os.path.basename(source)}")
        return real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    suffix = {export_gpkg: ".gpkg", export_csv: ".csv", export_xlsx: ".xlsx"}[writer]
    writer(context, folder / f"p{suffix}")
    renamed = next(e.removeprefix("replace ") for e in events if e.startswith("replace "))
    assert events.index(f"fsync {renamed}") < events.index(f"replace {renamed}")



@pytest.mark.parametrize("writer", [export_gpkg, export_csv, export_xlsx])
def test_no_cyclic_collection_while_the_rows_are_written_and_on_again_after(
        context, surveyed, folder, writer):
    """Collections would walk every row object of a batch again and again (10–15 % of a
    large export); the rows hold no cycles. Collection is on again afterwards, also when the
    export is cancelled halfway."""
    import gc

    suffix = {export_gpkg: ".gpkg", export_csv: ".csv", export_xlsx: ".xlsx"}[writer]
    seen = []

    def progress(done, total, message):
        seen.append(gc.isenabled())

    writer(context, folder / f"p{suffix}", progress=progress)
    assert False in seen and gc.isenabled()

    def cancel(done, total, message):
        if not gc.isenabled():
            raise Cancelled

    with pytest.raises(Cancelled):
        writer(context, folder / f"q{suffix}", progress=cancel)
    assert gc.isenabled()
