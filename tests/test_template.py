"""The survey spreadsheet template: headers, Excel validations from the FieldSpecs, notes."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from otb_desktop.domain.topics import TOPICS, Kind
from otb_desktop.exporting.template import TEMPLATE_ROWS, write_observation_template
from otb_desktop.services.parcel_table import field_header


@pytest.fixture
def workbook(tmp_path):
    return openpyxl.load_workbook(write_observation_template(tmp_path / "sjabloon.xlsx"))


def rules_by_column(sheet) -> dict[str, list]:
    rules: dict[str, list] = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in str(rule.sqref).split():
            start, end = cells.split(":")
            letter = start.rstrip("0123456789")
            assert start == f"{letter}2" and end == f"{letter}{TEMPLATE_ROWS + 1}"
            rules.setdefault(letter, []).append(rule)
    return rules


def test_header_row_is_frozen_and_names_every_field(workbook):
    sheet = workbook["Waarnemingen"]
    header = [c.value for c in sheet[1]]
    fields = [(spec, fs) for spec in TOPICS.values() for fs in spec.fields]
    assert header[:4] == ["perceel", "onderwerp", "datum", "naam"]
    assert header[4:] == [field_header(spec, fs) for spec, fs in fields]
    assert "Leegstand: Totaal vloeroppervlak (m²)" in header
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.b
    assert all(sheet.column_dimensions[get_column_letter(i)].width >= 10
               for i in range(1, len(header) + 1))
    assert sheet.max_row == 1  # empty: only the header


def test_every_field_has_the_validation_of_its_spec(workbook):
    sheet = workbook["Waarnemingen"]
    header = [c.value for c in sheet[1]]
    rules = rules_by_column(sheet)
    topic_rule = rules["B"][0]
    assert topic_rule.type == "list"
    assert topic_rule.formula1.strip('"').split(",") == [s.label for s in TOPICS.values()]
    assert rules["C"][0].type == "date" and rules["C"][0].formula1 == "TODAY()"
    for spec in TOPICS.values():
        for fs in spec.fields:
            letter = get_column_letter(header.index(field_header(spec, fs)) + 1)
            [rule] = rules[letter]
            if fs.kind is Kind.MULTI:  # several keys in one cell: a prompt, no list rule
                assert rule.prompt == fs.allowed()[:250]
                continue
            assert rule.showErrorMessage and fs.allowed() in rule.error
            match fs.kind:
                case Kind.CHOICE:
                    assert rule.type == "list"
                    assert rule.formula1.strip('"').split(",") == [k for k, _ in fs.choices]
                case Kind.BOOL:
                    assert (rule.type, rule.formula1) == ("list", '"ja,nee"')
                case Kind.INT | Kind.FLOAT:
                    assert rule.type == ("whole" if fs.kind is Kind.INT else "decimal")
                    assert float(rule.formula1) == fs.minimum
                    assert float(rule.formula2) == fs.maximum
                case Kind.DATE:
                    assert rule.type == "date"
                    assert (rule.formula1 == "TODAY()") == fs.not_in_future
                case Kind.TEXT:
                    assert rule.type == "textLength"
                    assert int(rule.formula1) == fs.max_length


def test_notes_sheet_lists_allowed_values_per_field(workbook):
    notes = workbook["Toelichting"]
    rows = [r for r in notes.iter_rows(values_only=True) if r and r[0]]
    table = {(r[0], r[1]): r for r in rows if len(r) > 4 and r[4]}
    for spec in TOPICS.values():
        for fs in spec.fields:
            row = table[(spec.label, field_header(spec, fs))]
            assert row[2] == f"{spec.topic}.{fs.name}"
            assert row[3] == ("ja" if fs.required else "nee")
            assert row[4] == fs.allowed()
    offered = table[("Leegstand", "Leegstand: Aangeboden")]
    assert "huur_koop = te huur en te koop" in offered[5]


def test_rewriting_replaces_the_file_without_leftovers(tmp_path):
    path = tmp_path / "sjabloon.xlsx"
    path.write_bytes(b"oud")
    write_observation_template(path)
    assert openpyxl.load_workbook(path).sheetnames == ["Waarnemingen", "Toelichting"]
    assert [p.name for p in tmp_path.iterdir()] == ["sjabloon.xlsx"]
