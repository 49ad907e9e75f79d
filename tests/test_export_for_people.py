"""Exports for people (issue 6 item 10): rounding, labelled assumptions, no formulas."""

import csv

import openpyxl

from otb_desktop.exporting.parcels import escape_formula, export_csv, export_xlsx
from otb_desktop.importing.observations import import_observations
from otb_desktop.services.parcel_table import columns
from otb_desktop.services.survey import SurveyService
from tests.ui_factories import make_parcels, record

HEADER = {c.key: c.header for c in columns()}


def test_text_that_would_run_as_a_formula_stays_text_and_reimports_unchanged(context,
                                                                              tmp_path):
    [parcel] = make_parcels(context, 1)
    dangerous = "=HYPERLINK(\"http://x\";\"klik\")"
    record(context, parcel, "note", {"text": dangerous})
    record(context, parcel, "profile_fit", {"current_activity": "+31 74 123",
                                            "environmental_category": "3.2"})
    written = export_csv(context, tmp_path / "p.csv").path   # a note: "-persoonsgegevens"
    export_xlsx(context, tmp_path / "p.xlsx")
    with written.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[1][lines[0].index(HEADER["note.text"])] == "'" + dangerous
    assert lines[1][lines[0].index(HEADER["profile_fit.current_activity"])] == "'+31 74 123"
    sheet = openpyxl.load_workbook(tmp_path / "p.xlsx")["Percelen"]
    headers = [c.value for c in sheet[1]]
    note = sheet.cell(2, headers.index("Notitie: Notitie") + 1)
    assert note.data_type == "s" and note.value == dangerous
    for path in (written, tmp_path / "p.xlsx"):
        report = import_observations(context, path)
        assert report.imported == 0 and not report.bad_rows, path
    assert SurveyService(context).heads(parcel)["note"][0].values == {"text": dangerous}
    assert escape_formula("-5 m") == "'-5 m" and escape_formula("5 m") == "5 m"
    assert escape_formula("@x") == "'@x"


def test_derived_figures_are_rounded_and_assumptions_named(context, tmp_path):
    make_parcels(context, 2)
    export_csv(context, tmp_path / "p.csv")
    with (tmp_path / "p.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    for key in ("area_m2", "built_footprint_m2", "existing_floor_area_m2"):
        value = lines[1][lines[0].index(HEADER[key])]
        assert value and "," not in value, (key, value)  # whole m²
    coverage = lines[1][lines[0].index(HEADER["coverage_pct"])]
    assert len(coverage.partition(",")[2]) <= 1  # one decimal at most
    headers = {c.key: c.header for c in columns()}
    assert "indicatief" in headers["unused_floor_area_m2"]
    assert "3,5 m per bouwlaag" in headers["unused_floor_area_m2"]
