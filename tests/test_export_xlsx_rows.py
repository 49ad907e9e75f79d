"""The XLSX parcel sheet's rows are made as XML by the export itself and streamed into the
workbook XlsxWriter writes (exporting/xlsx_rows.py): the file must hold what XlsxWriter's own
cells held, be well-formed XML, carry any text and stay within one batch of memory."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from otb_desktop.exporting import parcels as export
from otb_desktop.exporting import xlsx_rows
from otb_desktop.persistence.models import Observation
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import ColumnType, columns
from otb_desktop.services.parcels import ParcelService
from tests.export_support import EXPORT_DEMO_PARCELS, EXPORT_DEMO_TODAY
from tests.ui_factories import make_parcels

TODAY, PARCELS = EXPORT_DEMO_TODAY, EXPORT_DEMO_PARCELS
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture
def demo(export_demo: AppContext) -> AppContext:
    return export_demo  # tests/export_support.py: read only, shared by the export tests


def per_cell(context: AppContext, out: Path) -> Path:
    """The parcel sheet as XlsxWriter writes it cell by cell (the export before it streamed
    its rows, and still the way of the park sheet): the reference."""
    cols = columns()
    rows = ParcelService(context).rows()
    book = xlsxwriter.Workbook(str(out), export.XLSX_OPTIONS)
    sheet = book.add_worksheet(export.SHEET_TITLE)
    export._xlsx_header(sheet, cols, book.add_format({"bold": True}))
    export._xlsx_rows(sheet, cols, export._xlsx_styles(export._xlsx_formats(book), cols), rows, 0)
    sheet.autofilter(0, 0, len(rows), len(cols) - 1)
    book.close()
    return out


def cells(path: Path) -> dict[str, list[tuple]]:
    """Every filled cell of the parcel sheet by parcel id: value, type, number format, bold."""
    sheet = openpyxl.load_workbook(path)[export.SHEET_TITLE]
    return {
        row[0].value: [(c.value, c.data_type, c.number_format, bool(c.font.b)) for c in row]
        for row in sheet.iter_rows()
    }


def assert_same_cells(got: dict, want: dict) -> None:
    assert list(got) == list(want)  # the same rows, in the same order, header first
    for key, row in want.items():
        for index, (cell, expected) in enumerate(zip(got[key], row, strict=True)):
            if isinstance(expected[0], float):
                assert cell[0] == pytest.approx(expected[0], rel=1e-15), (key, index)
                assert cell[1:] == expected[1:], (key, index)
            else:
                assert cell == expected, (key, index, columns()[index].key)


def test_the_cells_are_those_xlsxwriter_writes(demo, tmp_path):
    streamed = export.export_xlsx(demo, tmp_path / "export.xlsx").path
    reference = per_cell(demo, tmp_path / "per-cell.xlsx")
    got, want = cells(streamed), cells(reference)
    assert len(got) == PARCELS + 1
    assert_same_cells(got, want)
    kinds = {c[1] for row in list(got.values())[1:] for c in row if c[0] is not None}
    assert kinds == {"s", "n", "d"}  # text, numbers and dates all met
    formats = {c[2] for row in list(got.values())[1:] for c in row}
    assert formats == {"General", "#,##0.0", "yyyy-mm-dd"}


def test_the_sheet_keeps_what_xlsxwriter_gave_it(demo, tmp_path):
    streamed = openpyxl.load_workbook(export.export_xlsx(demo, tmp_path / "e.xlsx").path)
    reference = openpyxl.load_workbook(per_cell(demo, tmp_path / "r.xlsx"))
    got, want = streamed[export.SHEET_TITLE], reference[export.SHEET_TITLE]
    assert streamed.sheetnames[0] == export.SHEET_TITLE
    assert (got.freeze_panes, got.auto_filter.ref) == (want.freeze_panes, want.auto_filter.ref)
    assert got.auto_filter.ref == f"A1:{got.cell(1, len(columns())).column_letter}{PARCELS + 1}"
    assert {k: d.width for k, d in got.column_dimensions.items()} == {
        k: d.width for k, d in want.column_dimensions.items()
    }
    # The dimension element, which read-only readers trust, covers the streamed rows.
    read_only = openpyxl.load_workbook(tmp_path / "e.xlsx", read_only=True)[export.SHEET_TITLE]
    assert (read_only.max_row, read_only.max_column) == (PARCELS + 1, len(columns()))


def sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        return package.read("xl/worksheets/sheet1.xml")


def test_the_sheet_is_well_formed_xml_with_a_reference_on_every_cell(demo, tmp_path):
    path = export.export_xlsx(demo, tmp_path / "e.xlsx").path
    root = ET.fromstring(sheet_xml(path))
    rows = root.findall("m:sheetData/m:row", NS)
    assert [int(r.get("r")) for r in rows] == list(range(1, PARCELS + 2))
    for row in rows:
        for cell in row.findall("m:c", NS):
            assert re.fullmatch(f"[A-Z]+{row.get('r')}", cell.get("r")), cell.get("r")
            assert (cell.find("m:v", NS) is None) != (cell.find("m:is/m:t", NS) is None)
    assert root.find("m:dimension", NS).get("ref").endswith(str(PARCELS + 1))
    assert root.find("m:autoFilter", NS) is not None  # what follows sheetData is kept


TEXTS = {
    "xml": "a & b <c> \"d\" 'e' ]]> &amp;",
    "lines": "regel 1\nregel 2\r\nregel 3\ttab",
    "spaces": "  spaties voor en achter  ",
    "unicode": "🏭 café — Ω ß 漢字",
    "rich": "<r><rPr><b/></rPr><t>vet</t></r>",
    "formula": "=SUM(A1:A2)",
    "long": "🏭 " + "lang " * 9_000,  # over Excel's 32 767 per cell: cut as XlsxWriter cuts
    "escape": "_x0041_ is geen A",
}


def add_notes(context, texts: dict[str, str]) -> dict[str, str]:
    """One parcel per text, its note holding it (stored as is, past the input checks)."""
    ids = make_parcels(context, len(texts))
    with context.database.session() as session:
        for parcel, value in zip(ids, texts.values(), strict=True):
            session.add(
                Observation(
                    parcel_id=parcel,
                    topic="note",
                    values={"text": value},
                    observed_at=dt.datetime.now(dt.UTC),
                    created_by="t",
                    device_id="t",
                )
            )
    return dict(zip(ids, texts, strict=True))


def notes(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)[export.SHEET_TITLE]
    header = [c.value for c in sheet[1]]
    note = header.index(next(c.header for c in columns() if c.key == "note.text"))
    return {row[0].value: row[note].value for row in sheet.iter_rows(min_row=2)}


def test_any_text_reads_back_as_stored(context, tmp_path):
    names = add_notes(context, TEXTS)
    path = export.export_xlsx(context, tmp_path / "e.xlsx").path
    ET.fromstring(sheet_xml(path))  # well-formed whatever the text
    got = {names[k]: v for k, v in notes(path).items()}
    reference = {names[k]: v for k, v in notes(per_cell(context, tmp_path / "r.xlsx")).items()}
    for name in ("xml", "spaces", "unicode", "rich", "formula"):
        assert got[name] == TEXTS[name] == reference[name], name
    assert got["lines"] == TEXTS["lines"]  # XlsxWriter's _x000D_ reaches openpyxl as letters
    assert got["long"] == reference["long"]
    assert len(got["long"].encode("utf-16-le")) // 2 == xlsx_rows.MAX_TEXT
    assert got["long"] == TEXTS["long"][: len(got["long"])]
    # Excel reads _x005F_ as "_": both write the text so that Excel shows it as typed.
    assert got["escape"] == reference["escape"] == "_x005F_x0041_ is geen A"


def test_a_control_character_names_parcel_and_field(context, tmp_path):
    add_notes(context, {"ok": "gewoon", "bad": "a\x0bb"})
    folder = tmp_path / "uit"
    folder.mkdir()
    with pytest.raises(export.ExportValueError, match="U\\+000B"):
        export.export_xlsx(context, folder / "e.xlsx")
    assert list(folder.iterdir()) == []  # no file, no temporary


def test_values_of_an_unexpected_type_become_the_cells_xlsxwriter_makes(tmp_path):
    """Columns whose values are not all of their own type go cell by cell (rare)."""
    kinds = [ColumnType.TEXT, ColumnType.INT, ColumnType.FLOAT, ColumnType.DATE, ColumnType.BOOL]
    table = [
        ["tekst", 5, True, 1.5, Decimal("2.5"), None, float("inf")],
        [1, True, None, float("nan"), 2**40, -3, 7],
        [0.1 + 0.2, 1e-7, 1e20, -0.0, 3, None, float("-inf")],
        [
            dt.date(2024, 2, 29),
            dt.datetime(2024, 1, 1, 18),
            dt.date(1900, 2, 28),
            dt.date(1900, 3, 1),
            None,
            dt.date(1900, 1, 1),
            dt.date(2100, 12, 31),
        ],
        [True, False, None, 1, 0, "x", True],
    ]
    book = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"), export.XLSX_OPTIONS)
    formats = export._xlsx_formats(book)
    styles = {kind: fmt._get_xf_index() for kind, fmt in formats.items()}
    sheet = book.add_worksheet("Blad")
    for index in range(len(kinds)):
        sheet.write_string(0, index, f"kolom {index}")
    reference = xlsxwriter.Workbook(str(tmp_path / "reference.xlsx"), export.XLSX_OPTIONS)
    ref_sheet = reference.add_worksheet("Blad")
    ref_styles = [export._xlsx_formats(reference).get(k) for k in kinds]
    for index in range(len(kinds)):
        ref_sheet.write_string(0, index, f"kolom {index}")
    prepared = [
        export._xlsx_cells(_Column(kind), values, [None] * 7, ())
        for kind, values in zip(kinds, table, strict=True)
    ]
    export._xlsx_write(ref_sheet, ref_styles, prepared, 0)
    reference.close()
    book.close()
    (tmp_path / "rows.xml").write_text(
        "".join(xlsx_rows.rows_xml(kinds, table, 2, styles)), encoding="utf-8"
    )
    xlsx_rows.splice(
        tmp_path / "book.xlsx", 1, tmp_path / "rows.xml", 8, len(kinds) - 1, tmp_path / "out.xlsx"
    )
    got = openpyxl.load_workbook(tmp_path / "out.xlsx")["Blad"]
    want = openpyxl.load_workbook(tmp_path / "reference.xlsx")["Blad"]
    for got_row, want_row in zip(got.iter_rows(), want.iter_rows(), strict=True):
        for a, b in zip(got_row, want_row, strict=True):
            assert (a.value, a.data_type, a.number_format) == (
                b.value if not isinstance(b.value, float) else pytest.approx(b.value),
                b.data_type,
                b.number_format,
            ), a.coordinate
    assert got["A4"].value is True and got["C2"].value == 0.30000000000000004  # exact


class _Column:
    """A stand-in column of one type, for the per-cell reference."""

    def __init__(self, kind: ColumnType):
        self.type = kind


def test_rows_go_to_disk_batch_by_batch(demo, tmp_path, monkeypatch):
    made: list[int] = []
    rows_xml = xlsx_rows.rows_xml

    def counting(kinds, table, first, styles):
        made.append(len(table[0]))
        return rows_xml(kinds, table, first, styles)

    monkeypatch.setattr(xlsx_rows, "rows_xml", counting)
    monkeypatch.setattr(export, "BATCH", 40)
    whole = export.export_xlsx(demo, tmp_path / "e.xlsx")
    assert made == [40, 40, 40, 30] and whole.parcels == PARCELS


def test_libreoffice_reads_the_rows(demo, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:  # .ci/run installs it: CI must not skip this second reader
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    path = export.export_xlsx(demo, tmp_path / "e.xlsx").path
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path / "csv"),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "csv" / "e.csv").open(encoding="utf-8", errors="replace") as handle:
        lines = list(csv.reader(handle))
    assert len(lines) == PARCELS + 1
    assert lines[0][0] == columns()[0].header
    assert {line[0] for line in lines[1:]} == {r.id for r in ParcelService(demo).rows()}


def test_more_parcels_than_an_excel_sheet_holds_says_so(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_rows, "MAX_ROWS", PARCELS)  # the header and 149 parcels
    folder = tmp_path / "uit"
    folder.mkdir()
    with pytest.raises(export.ExportValueError, match="hoogstens 149 percelen; dit zijn er 150"):
        export.export_xlsx(demo, folder / "e.xlsx")
    assert list(folder.iterdir()) == []
    monkeypatch.setattr(xlsx_rows, "MAX_ROWS", PARCELS + 1)
    assert export.export_xlsx(demo, folder / "e.xlsx").parcels == PARCELS


def test_no_parcels_gives_the_header_alone(context, tmp_path):
    path = export.export_xlsx(context, tmp_path / "e.xlsx").path
    sheet = openpyxl.load_workbook(path, read_only=True)[export.SHEET_TITLE]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [tuple(c.header for c in columns())]
    assert sheet.max_row == 1
