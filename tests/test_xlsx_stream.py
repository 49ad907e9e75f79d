"""The streaming XLSX writer: what openpyxl (and so Excel's reader) finds in its files."""

import datetime as dt

import openpyxl
import pytest

from otb_desktop.exporting.xlsx_stream import Cell, IllegalCharacterError, SheetWriter


def test_sheet_has_header_formats_freeze_filter_and_plain_text(tmp_path):
    path = tmp_path / "t.xlsx"
    writer = SheetWriter(path, "Percelen", ["Id", "Oppervlakte (m²)", "Datum", "Tekst"],
                         [38, 12, 12, 20], freeze="C2")
    number = Cell(value=1234.5)
    number.number_format = "#,##0.0"
    writer.append(["a", number, dt.date(2025, 3, 1), "=1+1"])
    writer.append(["b & <c>", None, None, 'zegt "ja"'])
    writer.append([7, float("nan"), dt.date(1999, 12, 31), True])
    writer.close()
    sheet = openpyxl.load_workbook(path)["Percelen"]
    assert [c.value for c in sheet[1]] == ["Id", "Oppervlakte (m²)", "Datum", "Tekst"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == "A1:D4"
    assert sheet.column_dimensions["A"].width == 38
    assert sheet["B2"].value == 1234.5 and sheet["B2"].number_format == "#,##0.0"
    assert sheet["C2"].value == dt.datetime(2025, 3, 1) and sheet["C2"].is_date
    assert sheet["D2"].value == "=1+1" and sheet["D2"].data_type == "s"  # text, not formula
    assert (sheet["A3"].value, sheet["B3"].value, sheet["D3"].value) == (
        "b & <c>", None, 'zegt "ja"')
    assert (sheet["A4"].value, sheet["B4"].value, sheet["D4"].value) == (7, None, True)
    assert sheet["C4"].value == dt.datetime(1999, 12, 31)


def test_control_characters_are_refused(tmp_path):
    writer = SheetWriter(tmp_path / "t.xlsx", "x", ["a"], [10])
    with pytest.raises(IllegalCharacterError):
        writer.append(["regel\x0bregel"])
    writer.abort()
