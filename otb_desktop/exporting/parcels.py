"""Export every parcel with its figures and current survey values: GeoPackage, CSV or XLSX.

The rows come from ParcelService.rows(), the columns from services.parcel_table, so the three
formats hold the same data.

- GeoPackage: layer ``percelen``, MultiPolygon in EPSG:28992, typed fields (real, integer,
  boolean, date, text) named by the column keys (machine names for GIS; the Dutch label of
  every key is ``services.parcel_table.columns()[i].header``, the same text as the CSV/XLSX header).
  Written as GeoPackage 1.2 so that the GDAL of older QGIS versions opens it without warnings.
- CSV: made to open with a double click in Excel with Dutch settings, the account managers'
  tool: ``;`` as separator and a decimal comma (Excel NL reads ``1.234`` as one thousand two
  hundred and thirty-four), UTF-8 with a byte order mark (without it Excel guesses Windows-1252
  and garbles ``m²`` and ``ë``). The header holds the Dutch column headings (as the XLSX;
  the import reads headings and keys alike), numbers have no thousands separator (derived
  figures rounded: m² whole, % one decimal), dates are ISO (``2025-03-01``),
  yes/no is ``ja``/``nee``, empty means unknown, text that Excel would run as a formula gets a
  leading apostrophe. The observation import reads it back.
- XLSX: Dutch headers in bold, header row and designation frozen, autofilter, widths set;
  written by XlsxWriter in ``constant_memory`` mode (each row goes to disk as it is written,
  so memory stays flat). Strings are always written as text, never as formulas, numbers or
  links: a value beginning with ``=`` cannot run in Excel. openpyxl reads the file back.
"""

from __future__ import annotations

import csv
import functools
import math
import numbers
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw
import shapely
import xlsxwriter
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from sqlalchemy import LargeBinary, select, type_coerce
from xlsxwriter.exceptions import FileCreateError

from otb_desktop.domain.text import control_character
from otb_desktop.domain.wording import count, number
from otb_desktop.exporting import ExportFileError, atomic_output, check_suffix, privacy
from otb_desktop.persistence.models import Parcel
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import Column, ColumnType, columns
from otb_desktop.services.parcels import ParcelRow, ParcelService
from otb_desktop.services.park_table import ParkRow, ParkTally, park_columns

LAYER = "percelen"
CRS = "EPSG:28992"
CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"
SHEET_TITLE = "Percelen"
PARK_SHEET_TITLE = "Bedrijventerreinen"
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
    parks: int | None = None   # set: a park table (one row per business park)
    personal_data: bool = False   # may hold personal data (AVG): it says so

    def summary_lines(self) -> list[str]:
        where = f"{self.path}" + (f" (laag '{LAYER}')" if self.format == "gpkg" else "")
        if self.parks is not None:
            return [f"{count(self.parks, 'bedrijventerrein', 'bedrijventerreinen')} "
                    f"geëxporteerd als CSV naar {where} in {number(self.seconds, 1)} s "
                    f"({count(self.parcels, 'perceel', 'percelen')} opgeteld).",
                    f"{count(self.columns, 'kolom', 'kolommen')}."]
        lines = [
            f"{count(self.parcels, 'perceel', 'percelen')} geëxporteerd als "
            f"{_FORMAT_NAMES[self.format]} naar {where} in {number(self.seconds, 1)} s.",
            f"{count(self.columns, 'kolom', 'kolommen')}; "
            f"{count(self.surveyed, 'perceel', 'percelen')} met waarnemingen, "
            f"{number(self.conflicts)} met een conflict.",
            *([f"{privacy.NOTICE_TITLE}: {privacy.NOTICE}"] if self.personal_data else []),
        ]
        if self.format == "xlsx":
            lines.append(f"Blad '{PARK_SHEET_TITLE}': leegstand en parkgegevens per terrein.")
        return lines


def export_gpkg(context: AppContext, path: Path, progress: Progress = no_progress,
                parcel_ids: Sequence[str] | None = None) -> ExportReport:
    check_suffix(path, "gpkg")
    start = time.perf_counter()
    cols = columns()
    tally = _Tally()
    with atomic_output(path) as temporary:
        for index, rows in enumerate(_batches(context, progress, "GeoPackage schrijven",
                                              tally, parcel_ids)):
            data, masks = [], []
            for column in cols:
                array, mask = _field_array(column, rows)
                data.append(array)
                masks.append(mask)
            # The first batch creates the layer, the others append to it: GDAL writes each
            # batch in one transaction, so memory holds one batch, never the whole table.
            pyogrio.raw.write(
                str(temporary), _geometries(context, rows), data, [c.key for c in cols],
                field_mask=masks, layer=LAYER, driver="GPKG", geometry_type="MultiPolygon",
                crs=CRS, append=index > 0, **({} if index else _GPKG_CREATE_OPTIONS))
        if tally.parcels == 0:
            _write_empty_gpkg(temporary, cols)
        if tally.personal:
            privacy.mark_gpkg(temporary, LAYER)
    progress(tally.parcels, tally.parcels, "GeoPackage geschreven")
    return _report(path, "gpkg", tally, cols, start)


def export_csv(context: AppContext, path: Path, progress: Progress = no_progress,
               parcel_ids: Sequence[str] | None = None) -> ExportReport:
    check_suffix(path, "csv")
    start = time.perf_counter()
    cols = columns()
    tally = _Tally()
    with atomic_output(path) as temporary, temporary.open(
            "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_DELIMITER)
        writer.writerow([c.header for c in cols])  # Dutch, for people; the import reads both
        for rows in _batches(context, progress, "CSV schrijven", tally, parcel_ids):
            writer.writerows([csv_text(c.type, c.value(row)) for c in cols] for row in rows)
    if tally.personal:   # no sheet, no description: the file's name says it
        path = privacy.mark_csv(path)
    progress(tally.parcels, tally.parcels, "CSV geschreven")
    return _report(path, "csv", tally, cols, start)


def export_xlsx(context: AppContext, path: Path, progress: Progress = no_progress,
                parcel_ids: Sequence[str] | None = None) -> ExportReport:
    check_suffix(path, "xlsx")
    start = time.perf_counter()
    cols = columns()
    tally = _Tally()
    # The workbook's row data goes to a temporary file of ours, so a failed export leaves
    # nothing behind (XlsxWriter removes it only when the workbook is closed).
    with atomic_output(path) as temporary, tempfile.TemporaryDirectory(
            prefix="otb-xlsx-", ignore_cleanup_errors=True) as scratch:
        book = xlsxwriter.Workbook(str(temporary), {
            "constant_memory": True, "tmpdir": scratch, "strings_to_formulas": False,
            "strings_to_numbers": False, "strings_to_urls": False, "remove_timezone": True})
        sheet = book.add_worksheet(SHEET_TITLE)
        bold = book.add_format({"bold": True})
        writers = [_xlsx_writer(sheet, book, c, cols) for c in cols]
        for index, column in enumerate(cols):
            sheet.set_column(index, index, _width(column))
            sheet.write_string(0, index, column.header, bold)
        sheet.freeze_panes(1, 2)  # C2: the header row and id/designation stay in view
        n = 0
        parks = ParkTally()
        for rows in _batches(context, progress, "Excel-bestand schrijven", tally,
                             parcel_ids):
            parks.add(rows)
            for row in rows:
                n += 1
                for index, (column, write) in enumerate(zip(cols, writers, strict=True)):
                    value = column.value(row)
                    if value is not None:
                        write(n, index, value, row)
        sheet.autofilter(0, 0, n, len(cols) - 1)
        _xlsx_sheet(book, PARK_SHEET_TITLE, park_columns(), parks.rows(context), bold)
        if tally.personal:   # a sheet and the document's title say so (data stay on sheet 1)
            book.add_worksheet(privacy.NOTICE_TITLE).write_string(0, 0, privacy.NOTICE)
            book.set_properties({"title": f"Percelen - {privacy.NOTICE_TITLE}"})
        try:
            book.close()
        except FileCreateError as exc:  # its OSError, so atomic_output names the problem
            raise exc.args[0] from exc
    progress(tally.parcels, tally.parcels, "Excel-bestand geschreven")
    return _report(path, "xlsx", tally, cols, start)


def _xlsx_sheet(book, title: str, cols: tuple[Column, ...], rows: list, bold) -> None:
    """One more sheet with a header row and the rows (the park table)."""
    sheet = book.add_worksheet(title)
    writers = [_xlsx_writer(sheet, book, c, cols) for c in cols]
    for index, column in enumerate(cols):
        sheet.set_column(index, index, _width(column))
        sheet.write_string(0, index, column.header, bold)
    sheet.freeze_panes(1, 2)
    for n, row in enumerate(rows, start=1):
        for index, (column, write) in enumerate(zip(cols, writers, strict=True)):
            value = column.value(row)
            if value is not None:
                write(n, index, value, row)
    sheet.autofilter(0, 0, len(rows), len(cols) - 1)


def export_parks_csv(context: AppContext, path: Path, progress: Progress = no_progress
                     ) -> ExportReport:
    """One row per business park: its vacancy against ≈ 5 % and its facts (same CSV rules)."""
    check_suffix(path, "csv")
    start = time.perf_counter()
    cols = park_columns()
    tally, parks = _Tally(), ParkTally()
    for rows in _batches(context, progress, "Percelen per terrein optellen", tally):
        parks.add(rows)
    park_rows = parks.rows(context)
    with atomic_output(path) as temporary, temporary.open(
            "w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=CSV_DELIMITER)
        writer.writerow([c.header for c in cols])
        writer.writerows([csv_text(c.type, c.value(row)) for c in cols] for row in park_rows)
    progress(len(park_rows), len(park_rows), "CSV geschreven")
    return ExportReport(Path(path), "csv", tally.parcels, len(cols), tally.surveyed,
                        tally.conflicts, time.perf_counter() - start, parks=len(park_rows))


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
    return escape_formula(str(value))


FORMULA_STARTS = ("=", "+", "-", "@", "'")  # and the apostrophe itself, so it round-trips


def escape_formula(text: str) -> str:
    """Text that Excel would run as a formula (=, +, - or @ first) gets a leading apostrophe,
    which Excel shows as text; the observation import removes it again."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Parcels per batch: the memory of one batch's rows, geometries and cells, not the table's.
BATCH = 20_000
_GPKG_CREATE_OPTIONS = {
    "dataset_options": {"VERSION": "1.2"},
    "layer_metadata": {"DESCRIPTION": "Percelen met kengetallen en actuele "
                                      "inventarisatiewaarden (OTB Desktop)"},
}


class ExportValueError(ExportFileError):
    """A stored value the format cannot hold; the message names the parcel and the field."""


@dataclass
class _Tally:
    """What the report counts, gathered batch by batch."""

    total: int = 0
    parcels: int = 0
    surveyed: int = 0
    conflicts: int = 0
    personal: bool = False

    def add(self, rows: list[ParcelRow]) -> None:
        self.parcels += len(rows)
        self.surveyed += sum(1 for r in rows if r.values)
        self.conflicts += sum(1 for r in rows if r.conflicts)
        if not self.personal:
            self.personal = privacy.holds_personal_data(_personal_columns(), rows)


@functools.cache
def _personal_columns() -> list[Column]:
    return privacy.personal_columns(columns())


def _batches(context: AppContext, progress: Progress, what: str, tally: _Tally,
             parcel_ids: Sequence[str] | None = None, size: int = BATCH
             ) -> Iterator[list[ParcelRow]]:
    """The parcel rows in designation order, ``size`` at a time; only ``parcel_ids`` when
    given (the filtered list or the selection: "export what you see")."""
    progress(0, 0, "Percelen en waarnemingen lezen")
    with context.database.session() as session:
        ids = session.scalars(select(Parcel.id).order_by(Parcel.designation)).all()
    if parcel_ids is not None:
        wanted = set(parcel_ids)
        ids = [pid for pid in ids if pid in wanted]
    tally.total = len(ids)
    service = ParcelService(context)
    for first in range(0, len(ids), size):
        rows = service.rows(ids[first:first + size])
        tally.add(rows)
        yield rows
        progress(tally.parcels, tally.total, what)


def _geometries(context: AppContext, rows: list[ParcelRow]) -> np.ndarray:
    """WKB of every row's parcel as a MultiPolygon (GeoPackage layers have one type).

    Reads the stored WKB as bytes and converts the whole batch at once (Shapely's vectorised
    functions); MultiPolygons, the usual case, are passed through unchanged.
    """
    raw = Parcel.__table__.c.geometry
    with context.database.session() as session:
        stored = dict(session.execute(select(Parcel.id, type_coerce(raw, LargeBinary)).where(
            Parcel.id.in_([r.id for r in rows]))).all())
    wkb = np.array([stored.get(r.id) for r in rows], dtype=object)
    shapes = shapely.from_wkb(wkb)
    types = shapely.get_type_id(shapes)
    out = wkb.copy()
    polygons = types == shapely.GeometryType.POLYGON
    if polygons.any():
        out[polygons] = shapely.to_wkb(shapely.multipolygons(
            shapes[polygons].reshape(-1, 1).tolist()))
    for i in np.flatnonzero((types != shapely.GeometryType.MULTIPOLYGON) & ~polygons
                            & (types >= 0)):
        out[i] = shapely.to_wkb(_multipolygon(shapes[i]))
    return out


def _write_empty_gpkg(temporary: Path, cols: tuple[Column, ...]) -> None:
    """The layer with its fields and no features, so an empty export still opens in QGIS."""
    data, masks = zip(*(_field_array(c, []) for c in cols), strict=True)
    pyogrio.raw.write(str(temporary), np.array([], dtype=object), list(data),
                      [c.key for c in cols], field_mask=list(masks), layer=LAYER,
                      driver="GPKG", geometry_type="MultiPolygon", crs=CRS,
                      **_GPKG_CREATE_OPTIONS)


def _bad_value(row: ParcelRow | ParkRow, cols: tuple[Column, ...]) -> ExportValueError:
    what = (f"Perceel {row.designation}" if isinstance(row, ParcelRow)
            else f"Bedrijventerrein {row.name}")
    for column in cols:
        value = column.value(row)
        if isinstance(value, str) and (code := control_character(value)):
            return ExportValueError(
                f"{what}, veld '{column.header}': de waarde bevat een "
                f"onzichtbaar stuurteken ({code}) dat Excel niet toestaat. Verbeter de waarde "
                "in de app of exporteer als CSV of GeoPackage; er is niets geschreven.")
    return ExportValueError(
        f"{what}: een waarde kan niet in Excel worden geschreven; "
        "exporteer als CSV of GeoPackage. Er is niets geschreven.")


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
# Characters an XLSX (XML 1.0) file cannot hold; XlsxWriter would silently escape them.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_writer(sheet, book, column: Column, cols: tuple[Column, ...]):
    """A function writing one non-empty value of ``column`` in its type, with its format."""
    number_format = _XLSX_FORMATS.get(column.type)
    style = book.add_format({"num_format": number_format}) if number_format else None

    def number(r, c, value, row):
        if math.isfinite(value):  # no NaN/infinity in XLSX: left empty, as unknown
            sheet.write_number(r, c, value, style)

    match column.type:
        case ColumnType.BOOL:
            return lambda r, c, value, row: sheet.write_string(r, c, "ja" if value else "nee")
        case ColumnType.DATE:
            return lambda r, c, value, row: sheet.write_datetime(r, c, value, style)
        case ColumnType.INT | ColumnType.FLOAT:
            return number

    def text(r, c, value, row):
        if isinstance(value, bool):
            return sheet.write_boolean(r, c, value)
        if isinstance(value, numbers.Real) and not isinstance(value, str):
            return number(r, c, value, row)
        value = str(value)
        if _XLSX_ILLEGAL.search(value):
            raise _bad_value(row, cols)
        sheet.write_string(r, c, value)
    return text


def _width(column: Column) -> float:
    if column.key == "id":
        return 38
    return min(max(len(column.header) + 4, 10), 45)


def _report(path: Path, fmt: str, tally: _Tally, cols: tuple[Column, ...],
            start: float) -> ExportReport:
    return ExportReport(Path(path), fmt, tally.parcels, len(cols), tally.surveyed,
                        tally.conflicts, time.perf_counter() - start,
                        personal_data=tally.personal)
