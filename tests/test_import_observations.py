"""Bulk import of observations from CSV and XLSX: all or nothing, or skip the bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from shapely.geometry import box

from otb_desktop.domain import designation as designations
from otb_desktop.exporting.template import write_observation_template
from otb_desktop.importing.observations import (
    BadRowsError,
    ObservationImportError,
    import_observations,
)
from otb_desktop.persistence.models import Parcel
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.parks import ensure_parks
from otb_desktop.services.survey import SurveyService

HEADER = ["perceel", "onderwerp", "datum", "naam", "Leegstand: Totaal vloeroppervlak (m²)",
          "Leegstand: Leegstaand vloeroppervlak (m²)", "Bouwkundige staat: "
          "Conditiescore totaal (NEN 2767)", "Bouwkundige staat: Dak"]


def day(days_ago: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def parcels(context) -> dict[str, str]:
    """Designation -> id; ``B 7`` exists in two AKR municipalities (ambiguous short form)."""
    ids = {}
    with context.database.session() as session:
        park = ensure_parks(session, context)["Twentekanaal Zuid 1 & 2"]
        for i, (akr, section, number) in enumerate(
                (("HGL01", "K", 101), ("HGL01", "K", 102), ("HGL01", "B", 7),
                 ("OTL02", "B", 7))):
            d = designations.make(akr, section, number)
            geometry = box(i * 100, 0, i * 100 + 60, 40)
            parcel = Parcel(designation=str(d), akr_code=akr, section=section, number=number,
                            short_key=f"{section} {number}", area_m2=geometry.area,
                            park_id=park.id, created_by=context.author,
                            device_id=context.device_id)
            parcel.set_geometry(geometry)
            session.add(parcel)
            session.flush()
            ids[str(d)] = parcel.id
    return ids


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";",
              encoding: str = "utf-8-sig") -> Path:
    text = "\r\n".join(delimiter.join(cell for cell in row) for row in [HEADER, *rows])
    path.write_text(text + "\r\n", encoding=encoding)
    return path


def observation_count(context, parcel_id: str, topic: str) -> int:
    return len(SurveyService(context).history(parcel_id, topic))


def test_good_file_imports_and_supersedes(context, parcels, tmp_path):
    k101 = parcels["HGL01 K 101"]
    old = SurveyService(context).record(
        k101, "condition", {"overall": 2}, observed_at=dt.datetime.now(dt.UTC)
        - dt.timedelta(days=30))
    path = write_csv(tmp_path / "in.csv", [
        ["hgl01-k-101", "Bouwkundige staat", day(2), "Anna de Vries", "", "", "4",
         "5"],
        ["K 102", "vacancy", "", "", "1000", "250,5", "", ""],
    ])
    report = import_observations(context, path)
    assert (report.rows, report.imported, report.bad_rows) == (2, 2, ())
    heads = SurveyService(context).heads(k101)["condition"]
    assert len(heads) == 1
    head = heads[0]
    assert head.values == {"overall": 4, "roof": 5}
    assert head.supersedes == (old.id,)
    assert head.author == "Anna de Vries"
    assert head.observed_at.astimezone().date().isoformat() == day(2)
    vacancy = SurveyService(context).heads(parcels["HGL01 K 102"])["vacancy"][0]
    assert vacancy.values == {"total_floor_area_m2": 1000.0, "vacant_floor_area_m2": 250.5}
    assert vacancy.author == "Test Gebruiker"  # empty 'naam': whoever imports
    assert vacancy.observed_at.astimezone().date() == dt.date.today()  # empty 'datum': now
    assert any("2 waarnemingen geïmporteerd" in line for line in report.summary_lines())


def test_one_bad_row_stops_the_whole_import(context, parcels, tmp_path):
    path = write_csv(tmp_path / "in.csv", [
        ["HGL01 K 101", "condition", "", "", "", "", "3", ""],
        ["HGL01 K 102", "condition", "", "", "", "", "9", ""],
        ["HGL01 K 102", "vacancy", "", "", "100", "50", "", ""],
    ])
    with pytest.raises(BadRowsError) as caught:
        import_observations(context, path)
    message = str(caught.value)
    assert "rij 3" in message and "Conditiescore totaal (indicatief, schaal NEN 2767)" in message
    assert "niets geïmporteerd" in message
    assert [b.row for b in caught.value.bad_rows] == [3]
    assert all(observation_count(context, pid, topic) == 0
               for pid in parcels.values() for topic in ("condition", "vacancy"))


def test_skip_bad_rows_imports_the_others(context, parcels, tmp_path):
    path = write_csv(tmp_path / "in.csv", [
        ["HGL01 K 101", "condition", "", "", "", "", "3", ""],
        ["HGL01 K 102", "vacancy", "", "", "100", "150", "", ""],  # vacant > total
        ["HGL01 K 999", "condition", "", "", "", "", "3", ""],
        ["B 7", "condition", "", "", "", "", "3", ""],
        ["HGL01 K 102", "condition", day(-1), "", "", "", "3", ""],
        ["HGL01 K 102", "condition", "", "", "1", "", "2", ""],
    ])
    report = import_observations(context, path, skip_bad_rows=True)
    assert report.imported == 1
    reasons = {b.row: b.reason for b in report.bad_rows}
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "Leegstand: Leegstaand vloeroppervlak" in reasons[3]
    assert "staat niet in de database" in reasons[4]
    assert "meerdere percelen" in reasons[5] and "OTL02 B 7" in reasons[5]
    assert "toekomst" in reasons[6]
    assert "kolom 'Leegstand: Totaal vloeroppervlak (m²)' hoort niet bij onderwerp" in reasons[7]
    assert observation_count(context, parcels["HGL01 K 101"], "condition") == 1
    assert observation_count(context, parcels["HGL01 K 102"], "condition") == 0
    assert any("rij 4" in line for line in report.summary_lines())


def test_rows_go_in_date_order_and_older_than_current_is_refused(context, parcels, tmp_path):
    k101 = parcels["HGL01 K 101"]
    SurveyService(context).record(parcels["HGL01 K 102"], "condition", {"overall": 1})
    path = write_csv(tmp_path / "in.csv", [
        ["HGL01 K 101", "condition", day(1), "", "", "", "5", ""],
        ["HGL01 K 101", "condition", day(10), "", "", "", "2", ""],
        ["HGL01 K 102", "condition", day(10), "", "", "", "2", ""],
    ])
    with pytest.raises(BadRowsError, match="rij 4: .*vóór de huidige waarneming"):
        import_observations(context, path)
    report = import_observations(context, path, skip_bad_rows=True)
    assert report.imported == 2
    history = SurveyService(context).history(k101, "condition")
    assert [h.values["overall"] for h in history] == [5, 2]  # newest first
    assert history[0].supersedes == (history[1].id,)
    assert ParcelService(context).rows([k101])[0].value("condition", "overall") == 5


def test_comma_separated_csv_without_bom_and_keys_as_headers(context, parcels, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Designation , TOPIC,observed_at,vacancy.total_floor_area_m2,"
                    "vacancy.vacant_floor_area_m2\n"
                    f"HGL01 K 101,vacancy,{day(0)},\"1200.5\",0\n", encoding="utf-8")
    report = import_observations(context, path)
    assert report.imported == 1
    row = ParcelService(context).rows([parcels["HGL01 K 101"]])[0]
    assert row.value("vacancy", "total_floor_area_m2") == 1200.5


def test_filled_in_template_imports(context, parcels, tmp_path):
    path = write_observation_template(tmp_path / "sjabloon.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Waarnemingen"]
    header = [c.value for c in sheet[1]]

    def put(row: int, values: dict[str, object]) -> None:
        for name, value in values.items():
            sheet.cell(row, header.index(name) + 1, value)

    put(2, {"perceel": "hgl01 k 101", "onderwerp": "Klimaatadaptatie",
            "datum": dt.datetime.now() - dt.timedelta(days=3), "naam": "Bert",
            "Klimaatadaptatie: Verhard (%)": 60, "Klimaatadaptatie: Groen (%)": 25.5,
            "Klimaatadaptatie: Groen dak": "ja", "Klimaatadaptatie: Hittebelasting": "hoog"})
    put(3, {"perceel": "HGL01 K 102", "onderwerp": "Investeringsbereidheid",
            "Investeringsbereidheid: Type eigenaar": "belegger",
            "Investeringsbereidheid: Bereidheid eigenaar [1 niet bereid … 5 zeer bereid]": 4,
            "Investeringsbereidheid: Datum contact": dt.datetime(2025, 1, 15)})
    workbook.save(path)
    report = import_observations(context, path)
    assert (report.imported, report.bad_rows) == (2, ())
    climate = SurveyService(context).heads(parcels["HGL01 K 101"])["climate_adaptation"][0]
    assert climate.values == {"paved_pct": 60.0, "green_pct": 25.5, "green_roof": True,
                              "heat_exposure": "hoog"}
    assert climate.author == "Bert"
    invest = SurveyService(context).heads(parcels["HGL01 K 102"])["willingness_to_invest"][0]
    assert invest.values["contact_date"] == "2025-01-15"


def test_unknown_file_type_and_missing_parcel_column(context, parcels, tmp_path):
    odd = tmp_path / "waarnemingen.ods"
    odd.write_bytes(b"PK")
    with pytest.raises(ObservationImportError, match="onbekend bestandstype"):
        import_observations(context, odd)
    headless = tmp_path / "in.csv"
    headless.write_text("onderwerp;Notitie: Notitie\nnote;tekst\n", encoding="utf-8")
    with pytest.raises(ObservationImportError, match="ontbreekt de kolom 'perceel'"):
        import_observations(context, headless)


def test_unreadable_headers_are_named_and_the_data_sheet_is_found(context, tmp_path):
    from openpyxl import Workbook

    from otb_desktop.importing.observations import ObservationImportError, import_observations

    wrong = tmp_path / "verkeerd.xlsx"
    book = Workbook()
    book.active.append(["perceel", "onderwerp", "Leegstand totaal"])
    book.save(wrong)
    with pytest.raises(ObservationImportError, match="niet herkend: 'Leegstand totaal'"):
        import_observations(context, wrong)

    moved = tmp_path / "toelichting-voorop.xlsx"
    book = Workbook()
    book.active.title = "Toelichting"
    book.active.append(["Uitleg"])
    data = book.create_sheet("Waarnemingen")
    data.append(["perceel", "onderwerp", "condition.overall"])
    data.append(["ONBEKEND Z 1", "condition", 3])
    book.save(moved)
    with pytest.raises(ObservationImportError, match="rij 2"):  # read the data sheet
        import_observations(context, moved)
