"""Export every parcel with its figures and current survey values: GeoPackage, CSV or XLSX.

The rows come from ParcelService.rows(), the columns from exporting.table, so the three formats
hold the same data.

- GeoPackage: layer ``percelen``, MultiPolygon in EPSG:28992, typed fields (real, integer,
  boolean, date, text) named by the column keys. Written as GeoPackage 1.2 so that the GDAL of
  older QGIS versions opens it without warnings.
- CSV: made to open with a double click in Excel with Dutch settings, the account managers'
  tool: ``;`` as separator and a decimal comma (Excel NL reads ``1.234`` as one thousand two
  hundred and thirty-four), UTF-8 with a byte order mark (without it Excel guesses Windows-1252
  and garbles ``m²`` and ``ë``). It stays machine-readable: the header holds the column keys,
  numbers have no thousands separator and full precision, dates are ISO (``2025-03-01``),
  yes/no is ``ja``/``nee``, empty means unknown. The observation import reads it back.
- XLSX: Dutch headers in bold, header row and designation frozen, autofilter, widths set.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select

from otb_desktop.exporting import atomic_output, privacy
from otb_desktop.exporting.table import Column, ColumnType, columns
from otb_desktop.persistence.models import Parcel
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcels import ParcelRow, ParcelService

LAYER = "percelen"
CRS = "EPSG:28992"
CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"
SHEET_TITLE = "Percelen"
_FORMAT_NAMES = {"gpkg": "GeoPackage", "csv": "CSV", "xlsx": "Excel (XLSX)"}


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    parcels: int
    columns: int
    surveyed: int
    conflicts: int
    seconds: float
    personal_data: bool = False

    def summary_lines(self) -> list[str]:
        where = f"{self.path}" + (f" (laag '{LAYER}')" if self.format == "gpkg" else "")
        return [
            f"{self.parcels} percelen geëxporteerd als {_FORMAT_NAMES[self.format]} naar "
            f"{where} in {self.seconds:.1f} s.",
            f"{self.columns} kolommen; {self.surveyed} percelen met waarnemingen, "
            f"{self.conflicts} met een conflict.",
            *([f"{privacy.NOTICE_TITLE}: {privacy.NOTICE}"] if self.personal_data else []),
        ]


def export_gpkg(context: AppContext, path: Path, progress: Progress = no_progress
                ) -> ExportReport:
    start = time.perf_counter()
    rows = _rows(context, progress)
    cols = columns()
    geometries = _geometries(context, rows)
    progress(0, len(rows), "GeoPackage schrijven")
    data, masks = [], []
    for column in cols:
        array, mask = _field_array(column, rows)
        data.append(array)
        masks.append(mask)
    with atomic_output(path) as temporary:
        pyogrio.raw.write(
            str(temporary), geometries, data, [c.key for c in cols], field_mask=masks,
            layer=LAYER, driver="GPKG", geometry_type="MultiPolygon", crs=CRS,
            dataset_options={"VERSION": "1.2"},
            layer_metadata={"DESCRIPTION": "Percelen met kengetallen en actuele "
                                           "inventarisatiewaarden (OTB Desktop)" + (
                                               f". {privacy.NOTICE}"
                                               if privacy.holds_personal_data(cols, rows)
                                               else "")})
    progress(len(rows), len(rows), "GeoPackage geschreven")
    return _report(path, "gpkg", rows, cols, start)


def export_csv(context: AppContext, path: Path, progress: Progress = no_progress
               ) -> ExportReport:
    start = time.perf_counter()
    rows = _rows(context, progress)
    cols = columns()
    with atomic_output(path) as temporary, temporary.open(
            "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_DELIMITER)
        writer.writerow([c.key for c in cols])
        for i, row in enumerate(rows):
            writer.writerow([csv_text(c.type, c.value(row)) for c in cols])
            if i % 1000 == 0:
                progress(i, len(rows), "CSV schrijven")
    progress(len(rows), len(rows), "CSV geschreven")
    return _report(path, "csv", rows, cols, start)


def export_xlsx(context: AppContext, path: Path, progress: Progress = no_progress
                ) -> ExportReport:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    start = time.perf_counter()
    rows = _rows(context, progress)
    cols = columns()
    workbook = Workbook(write_only=True)
    personal = privacy.holds_personal_data(cols, rows)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for i, column in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = _width(column)
    sheet.freeze_panes = "C2"
    last = f"{get_column_letter(len(cols))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for i, row in enumerate(rows):
        sheet.append([_xlsx_value(sheet, c, row, WriteOnlyCell) for c in cols])
        if i % 1000 == 0:
            progress(i, len(rows), "Excel-bestand schrijven")
    if personal:   # a sheet and the document's title say so (the data stay on sheet 1)
        workbook.create_sheet(privacy.NOTICE_TITLE).append([privacy.NOTICE])
        workbook.properties.title = f"Percelen - {privacy.NOTICE_TITLE}"
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    progress(len(rows), len(rows), "Excel-bestand geschreven")
    return _report(path, "xlsx", rows, cols, start)


def csv_text(kind: ColumnType, value: Any) -> str:
    """A value as the CSV holds it (see the module docstring for why)."""
    if value is None:
        return ""
    match kind:
        case ColumnType.FLOAT:
            text = repr(float(value))
            return (text[:-2] if text.endswith(".0") else text).replace(".", ",")
        case ColumnType.BOOL:
            return "ja" if value else "nee"
        case ColumnType.DATE:
            return value.isoformat()
    return str(value)


def _rows(context: AppContext, progress: Progress) -> list[ParcelRow]:
    progress(0, 0, "Percelen en waarnemingen lezen")
    return ParcelService(context).rows()


def _geometries(context: AppContext, rows: list[ParcelRow]) -> np.ndarray:
    """WKB of every row's parcel as a MultiPolygon (GeoPackage layers have one type)."""
    with context.database.session() as session:
        shapes = dict(session.execute(select(Parcel.id, Parcel.geometry)).all())
    return np.array([shapely.to_wkb(_multipolygon(shapes[r.id]))
                     if shapes.get(r.id) is not None else None for r in rows], dtype=object)


def _multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    if isinstance(geometry, MultiPolygon):
        return geometry
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon)]
    return MultiPolygon(parts)


def _field_array(column: Column, rows: list[ParcelRow]) -> tuple[np.ndarray, np.ndarray | None]:
    """A numpy array typed for the GeoPackage field, and a null mask where one is needed."""
    values = [column.value(row) for row in rows]
    missing = np.array([v is None for v in values], dtype=bool)
    match column.type:
        case ColumnType.FLOAT:
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64), \
                missing
        case ColumnType.INT:
            return np.array([0 if v is None else v for v in values], dtype=np.int32), missing
        case ColumnType.BOOL:
            return np.array([bool(v) for v in values], dtype=bool), missing
        case ColumnType.DATE:
            return np.array(["NaT" if v is None else v.isoformat() for v in values],
                            dtype="datetime64[D]"), None
    return np.array(values, dtype=object), None


_XLSX_FORMATS = {ColumnType.FLOAT: "#,##0.0", ColumnType.DATE: "yyyy-mm-dd"}


def _xlsx_value(sheet, column: Column, row: ParcelRow, cell_type) -> Any:
    value = column.value(row)
    if value is None:
        return None
    if column.type is ColumnType.BOOL:
        return "ja" if value else "nee"
    number_format = _XLSX_FORMATS.get(column.type)
    if number_format is None:
        return value
    cell = cell_type(sheet, value=value)
    cell.number_format = number_format
    return cell


def _width(column: Column) -> float:
    if column.key == "id":
        return 38
    return min(max(len(column.header) + 4, 10), 45)


def _report(path: Path, fmt: str, rows: list[ParcelRow], cols: tuple[Column, ...],
            start: float) -> ExportReport:
    return ExportReport(Path(path), fmt, len(rows), len(cols),
                        sum(1 for r in rows if r.values), sum(1 for r in rows if r.conflicts),
                        time.perf_counter() - start, privacy.holds_personal_data(cols, rows))
