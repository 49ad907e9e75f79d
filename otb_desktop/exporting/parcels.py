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
  the workbook written by XlsxWriter (``constant_memory``), the parcel rows made as XML batch
  by batch and streamed into it (``xlsx_rows``: XlsxWriter's per-cell cost is too high for
  100 000 parcels), so memory holds one batch. Strings are always written as text, never as
  formulas, numbers or links: a value beginning with ``=`` cannot run in Excel. openpyxl
  reads the file back.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import math
import numbers
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
from sqlalchemy import select
from xlsxwriter.exceptions import FileCreateError

from otb_desktop import gc_pause
from otb_desktop.domain.text import control_character
from otb_desktop.domain.wording import count, number
from otb_desktop.exporting import (
    ExportFileError,
    atomic_output,
    check_suffix,
    privacy,
    xlsx_rows,
)
from otb_desktop.persistence.models import Parcel
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import Column, ColumnType, columns, table
from otb_desktop.services.parcels import ParcelRow, ParcelService, decode_rows
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
            data, masks = zip(*map(_field_array, cols, table(cols, rows)), strict=True)
            # The first batch creates the layer, the others append to it: GDAL writes each
            # batch in one transaction, so memory holds one batch, never the whole table.
            pyogrio.raw.write(
                str(temporary), _geometries(context, rows), list(data), [c.key for c in cols],
                field_mask=list(masks), layer=LAYER, driver="GPKG", geometry_type="MultiPolygon",
                crs=CRS, promote_to_multi=True, append=index > 0,
                **({} if index else _GPKG_CREATE_OPTIONS))
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
            # Column by column into text, then written row by row (csv's C writer).
            writer.writerows(zip(*map(csv_texts, (c.type for c in cols), table(cols, rows)),
                                 strict=True))
    if tally.personal:   # no sheet, no description: the file's name says it
        path = privacy.mark_csv(path)
    progress(tally.parcels, tally.parcels, "CSV geschreven")
    return _report(path, "csv", tally, cols, start)


def export_xlsx(context: AppContext, path: Path, progress: Progress = no_progress,
                parcel_ids: Sequence[str] | None = None) -> ExportReport:
    check_suffix(path, "xlsx")
    start = time.perf_counter()
    cols = columns()
    kinds = [c.type for c in cols]
    tally = _Tally()
    # XlsxWriter writes the workbook with the parcel sheet's header only; the parcel rows
    # are made here, batch by batch, into a scratch file and streamed into that sheet at the
    # end (xlsx_rows says why). The scratch folder is ours, so a failed export leaves nothing.
    with atomic_output(path) as temporary, tempfile.TemporaryDirectory(
            prefix="otb-xlsx-", ignore_cleanup_errors=True) as scratch:
        book_path, rows_path = Path(scratch) / "book.xlsx", Path(scratch) / "rows.xml"
        book = xlsxwriter.Workbook(str(book_path), {**XLSX_OPTIONS, "tmpdir": scratch})
        formats = _xlsx_formats(book)
        # The style of the cells in the XML: XlsxWriter's own xf index of each number format,
        # fixed now (the method its cell writer calls), before any other format takes one.
        styles = {kind: fmt._get_xf_index() for kind, fmt in formats.items()}
        sheet = book.add_worksheet(SHEET_TITLE)
        bold = book.add_format({"bold": True})
        _xlsx_header(sheet, cols, bold)
        n = 0
        parks = ParkTally()
        with rows_path.open("w", encoding="utf-8", newline="") as out:
            for rows in _batches(context, progress, "Excel-bestand schrijven", tally,
                                 parcel_ids):
                parks.add(rows)
                if n + len(rows) >= xlsx_rows.MAX_ROWS:  # the header takes one row
                    raise ExportValueError(
                        f"Een Excel-blad houdt hoogstens {number(xlsx_rows.MAX_ROWS - 1)} "
                        f"percelen; dit zijn er {number(tally.total)}. Exporteer als CSV of "
                        "GeoPackage, of een deel van de percelen. Er is niets geschreven.")
                try:
                    out.writelines(xlsx_rows.rows_xml(kinds, table(cols, rows), n + 2, styles))
                except xlsx_rows.IllegalCharacter as exc:
                    raise _bad_value(rows[exc.index], cols) from None
                n += len(rows)
        sheet.autofilter(0, 0, n, len(cols) - 1)
        park_rows = parks.rows(context)
        _xlsx_sheet(book, PARK_SHEET_TITLE, park_columns(), park_rows, bold, formats)
        tally.personal = tally.personal or privacy.holds_personal_data(park_columns(), park_rows)
        if tally.personal:   # a sheet and the document's title say so (data stay on sheet 1)
            book.add_worksheet(privacy.NOTICE_TITLE).write_string(0, 0, privacy.NOTICE)
            book.set_properties({"title": f"Percelen - {privacy.NOTICE_TITLE}"})
        try:
            book.close()
        except FileCreateError as exc:  # its OSError, so atomic_output names the problem
            raise exc.args[0] from exc
        xlsx_rows.splice(book_path, 1, rows_path, n + 1, len(cols) - 1, temporary)
    progress(tally.parcels, tally.parcels, "Excel-bestand geschreven")
    return _report(path, "xlsx", tally, cols, start)


def _xlsx_sheet(book, title: str, cols: tuple[Column, ...], rows: list, bold,
                formats: dict) -> None:
    """One more sheet with a header row and the rows (the park table), cell by cell."""
    sheet = book.add_worksheet(title)
    _xlsx_header(sheet, cols, bold)
    _xlsx_rows(sheet, cols, _xlsx_styles(formats, cols), rows, 0)
    sheet.autofilter(0, 0, len(rows), len(cols) - 1)


def _xlsx_header(sheet, cols: tuple[Column, ...], bold) -> None:
    """Bold Dutch headers, column widths, and the header row and id/designation (C2) frozen."""
    for index, column in enumerate(cols):
        sheet.set_column(index, index, _width(column))
        sheet.write_string(0, index, column.header, bold)
    sheet.freeze_panes(1, 2)


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
    personal = privacy.holds_personal_data(cols, park_rows)
    if personal:   # a park's free-text note: the file's name says it, as for parcels
        path = privacy.mark_csv(path)
    progress(len(park_rows), len(park_rows), "CSV geschreven")
    return ExportReport(Path(path), "csv", tally.parcels, len(cols), tally.surveyed,
                        tally.conflicts, time.perf_counter() - start, parks=len(park_rows),
                        personal_data=personal)


def csv_text(kind: ColumnType, value: Any) -> str:
    """A value as the CSV holds it (see the module docstring for why)."""
    if value is None:
        return ""
    match kind:
        case ColumnType.FLOAT:
            return _decimal_comma(value)
        case ColumnType.BOOL:
            return "ja" if value else "nee"
        case ColumnType.DATE:
            return value.isoformat()
    return escape_formula(str(value))


def csv_texts(kind: ColumnType, values: list[Any]) -> list[str]:
    """``csv_text(kind, v)`` of every value of one column, in one pass."""
    match kind:
        case ColumnType.FLOAT:
            return ["" if v is None else _decimal_comma(v) for v in values]
        case ColumnType.BOOL:
            return ["" if v is None else "ja" if v else "nee" for v in values]
        case ColumnType.DATE:
            return ["" if v is None else v.isoformat() for v in values]
    return ["" if v is None else escape_formula(str(v)) for v in values]


def _decimal_comma(value: float) -> str:
    text = repr(float(value))
    return (text[:-2] if text.endswith(".0") else text).replace(".", ",")


FORMULA_STARTS = ("=", "+", "-", "@", "'")  # and the apostrophe itself, so it round-trips


def escape_formula(text: str) -> str:
    """Text that Excel would run as a formula (=, +, - or @ first) gets a leading apostrophe,
    which Excel shows as text; the observation import removes it again."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# Parcels per batch: the memory of one batch's rows, geometries and cells, not the table's.
# Measured on 100 000 parcels: 5 000 halves the peak memory of 20 000 (about 170 MB against
# 330 MB) at the same speed or better; much smaller batches make the GeoPackage slower (one
# GDAL write per batch).
BATCH = 5_000
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
             parcel_ids: Sequence[str] | None = None) -> Iterator[list[ParcelRow]]:
    """The parcel rows in designation order, ``BATCH`` at a time; only ``parcel_ids`` when
    given (the filtered list or the selection: "export what you see").

    A batch is emptied when the next one is asked for, so memory holds one batch of rows,
    not two (the caller's loop variable would keep the previous one while the next is read).
    No cyclic garbage collection meanwhile (``gc_pause``): the rows hold no cycles, and
    collections walking millions of short-lived row objects cost 10–15 % of an export of
    100 000 parcels.
    """
    progress(0, 0, "Percelen en waarnemingen lezen")
    with context.database.session() as session:
        ids = session.scalars(select(Parcel.id).order_by(Parcel.designation)).all()
    if parcel_ids is not None:
        wanted = set(parcel_ids)
        ids = [pid for pid in ids if pid in wanted]
    tally.total = len(ids)
    service = ParcelService(context)
    with gc_pause.paused():
        for first in range(0, len(ids), BATCH):
            rows = service.rows(ids[first:first + BATCH])
            decode_rows(rows)  # every row is read: one decode per part, not per row
            tally.add(rows)
            yield rows
            rows.clear()
            progress(tally.parcels, tally.total, what)


def _geometries(context: AppContext, rows: Sequence[ParcelRow]) -> np.ndarray:
    """WKB of every row's parcel, for a MultiPolygon layer (GeoPackage layers have one type).

    The stored WKB of a Polygon or MultiPolygon (all parcels, in practice) is passed on as it
    is: GDAL writes a Polygon as a MultiPolygon of one part (``promote_to_multi``). Anything
    else (a collection with lines, say) is made a MultiPolygon of its polygons by Shapely.
    """
    with context.database.session() as session:
        stored = dict(session.connection().exec_driver_sql(
            "SELECT id, geometry FROM parcel WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps([r.id for r in rows]),)).all())
    out = np.array([stored.get(r.id) for r in rows], dtype=object)
    for i, wkb in enumerate(out):
        if wkb is not None and wkb[:5] not in _WKB_POLYGONAL:
            out[i] = shapely.to_wkb(_multipolygon(shapely.from_wkb(wkb)))
    return out


# The first bytes of a little-endian 2D Polygon and MultiPolygon WKB (as Shapely stores them).
_WKB_POLYGONAL = (b"\x01\x03\x00\x00\x00", b"\x01\x06\x00\x00\x00")


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


def _field_array(column: Column, values: list) -> tuple[np.ndarray, np.ndarray | None]:
    """The values of ``column`` as a numpy array typed for the GeoPackage field, and a null
    mask where one is needed."""
    match column.type:
        case ColumnType.FLOAT:  # None becomes NaN, which SQLite stores as NULL anyway
            array = np.array(values, dtype=np.float64)
            return array, np.isnan(array)
        case ColumnType.DATE:  # days since 1970 (NaT: none), without parsing text
            return np.array([_NAT if v is None else v.toordinal() - _UNIX_DAY for v in values],
                            dtype=np.int64).view("datetime64[D]"), None
    array = np.array(values, dtype=object)
    missing = np.equal(array, None).astype(bool)
    match column.type:
        case ColumnType.INT:
            array[missing] = 0
            return array.astype(np.int32), missing
        case ColumnType.BOOL:
            array[missing] = False
            return array.astype(bool), missing
    return array, None


_NAT = np.iinfo(np.int64).min  # numpy's NaT as an integer
_UNIX_DAY = dt.date(1970, 1, 1).toordinal()


XLSX_OPTIONS = {"constant_memory": True, "strings_to_formulas": False,
                "strings_to_numbers": False, "strings_to_urls": False, "remove_timezone": True}
_XLSX_FORMATS = {ColumnType.FLOAT: "#,##0.0", ColumnType.DATE: "yyyy-mm-dd"}


def _xlsx_formats(book) -> dict:
    """The workbook's number formats by column type, one of each, shared by its sheets."""
    return {kind: book.add_format({"num_format": text}) for kind, text in _XLSX_FORMATS.items()}


def _xlsx_styles(formats: dict, cols: tuple[Column, ...]) -> list:
    """The number format of every column (None: the default)."""
    return [formats.get(c.type) for c in cols]


def _xlsx_rows(sheet, cols: tuple[Column, ...], styles: list, rows: Sequence, last: int
               ) -> int:
    """Write ``rows`` below row ``last`` (0: the header); returns the last row written.

    The cells are prepared column by column (``_xlsx_cells``), then written row by row as
    XlsxWriter's constant_memory mode needs.
    """
    _xlsx_write(sheet, styles, [_xlsx_cells(c, values, rows, cols) for c, values
                                in zip(cols, table(cols, rows), strict=True)], last)
    return last + len(rows)


def _xlsx_write(sheet, styles: list, cells: list[list], last: int) -> None:
    """Write prepared cells (one list per column) row by row below row ``last``, empty cells
    skipped: the part of the XLSX export that is XlsxWriter's own work, cell by cell."""
    write_string, write_number = sheet.write_string, sheet.write_number
    for n, values in enumerate(zip(*cells, strict=True), start=last + 1):
        for index, value in enumerate(values):
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                write_string(n, index, value)
            elif kind is float or kind is int:
                write_number(n, index, value, styles[index])
            elif isinstance(value, dt.date):
                sheet.write_datetime(n, index, value, styles[index])
            elif kind is bool:
                sheet.write_boolean(n, index, value)
            elif kind is tuple:  # text that XlsxWriter would take for XML (_xlsx_cells)
                sheet.write_rich_string(n, index, *value)
            else:
                write_number(n, index, value, styles[index])


def _xlsx_cells(column: Column, values: list, rows: Sequence, cols: tuple[Column, ...]
                ) -> list:
    """What XLSX cell each value of one column becomes: a str (text), a date, a bool or a
    number, or None (left empty: unknown, or a NaN/infinity, which XLSX cannot hold).

    Text that begins with ``<r>`` and ends with ``</r>`` becomes three plain pieces (a rich
    string showing the same text): XlsxWriter's constant_memory mode would write such a
    string into the sheet as XML, unescaped (a damaged file, or text a user did not type).
    """
    match column.type:
        case ColumnType.BOOL:
            return [None if v is None else "ja" if v else "nee" for v in values]
        case ColumnType.DATE:
            return values
        case ColumnType.INT | ColumnType.FLOAT:
            return [v if v is not None and math.isfinite(v) else None for v in values]
    cells = [None if v is None else v if isinstance(v, (str, bool)) else
             (v if math.isfinite(v) else None) if isinstance(v, numbers.Real) else str(v)
             for v in values]
    texts = [c for c in cells if c.__class__ is str]
    if xlsx_rows.ILLEGAL.search("\n".join(texts)):  # rare: then find the row to name it
        raise _bad_value(next(row for row, c in zip(rows, cells, strict=True)
                              if c.__class__ is str and xlsx_rows.ILLEGAL.search(c)), cols)
    if "<r>" in "\n".join(texts):  # rare: then find the texts it would take for XML
        cells = [(c[:1], c[1:2], c[2:]) if c.__class__ is str and c.startswith("<r>")
                 and c.endswith("</r>") else c for c in cells]
    return cells


def _width(column: Column) -> float:
    if column.key == "id":
        return 38
    return min(max(len(column.header) + 4, 10), 45)


def _report(path: Path, fmt: str, tally: _Tally, cols: tuple[Column, ...],
            start: float) -> ExportReport:
    return ExportReport(Path(path), fmt, tally.parcels, len(cols), tally.surveyed,
                        tally.conflicts, time.perf_counter() - start,
                        personal_data=tally.personal)
