"""Exports that hold personal data (AVG) say so."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from shapely.geometry import box

from otb_desktop.exporting import parcels as export
from otb_desktop.exporting.parcels import PARK_SHEET_TITLE
from otb_desktop.exporting.privacy import NOTICE_TITLE
from otb_desktop.persistence.models import Parcel
from otb_desktop.services.parks import ensure_parks
from otb_desktop.services.survey import SurveyService


def surveyed_parcel(context, designation: str) -> Parcel:
    """One parcel on a park with a condition score: data, but no personal data yet."""
    with context.database.session() as session:
        park = ensure_parks(session, context)["Westermaat Campus"]
        parcel = Parcel(designation=designation, area_m2=100.0, park_id=park.id,
                        created_by="t", device_id=context.device_id)
        parcel.set_geometry(box(0, 0, 10, 10))
        session.add(parcel)
    SurveyService(context).record(parcel.id, "condition", {"overall": 3})
    return parcel


def test_an_export_with_personal_data_says_so(context, tmp_path):
    parcel = surveyed_parcel(context, "HGL01 A 1")
    clean = export.export_xlsx(context, tmp_path / "zonder.xlsx")
    assert not clean.personal_data
    assert load_workbook(tmp_path / "zonder.xlsx").sheetnames == ["Percelen", PARK_SHEET_TITLE]
    SurveyService(context).record(parcel.id, "note", {"text": "Eigenaar P. de Vries"})
    marked = export.export_xlsx(context, tmp_path / "met.xlsx")
    assert marked.personal_data and "persoonsgegevens" in " ".join(marked.summary_lines())
    book = load_workbook(tmp_path / "met.xlsx")
    assert book.sheetnames == ["Percelen", PARK_SHEET_TITLE, NOTICE_TITLE]
    assert "AVG" in book[NOTICE_TITLE]["A1"].value
    assert "persoonsgegevens" in book.properties.title
    # A CSV has only its name to say it: the word is added when the name lacks it.
    written = export.export_csv(context, tmp_path / "met.csv")
    assert written.personal_data and written.path == tmp_path / "met-persoonsgegevens.csv"
    assert written.path.exists() and not (tmp_path / "met.csv").exists()
    assert str(written.path) in " ".join(written.summary_lines())
    with written.path.open(encoding="utf-8-sig") as handle:
        assert "Eigenaar P. de Vries" in handle.read()
    named = export.export_csv(context, tmp_path / "Persoonsgegevens-percelen.csv")
    assert named.path == tmp_path / "Persoonsgegevens-percelen.csv"


def test_a_csv_without_personal_data_keeps_its_name(context, tmp_path, monkeypatch):
    parcel = surveyed_parcel(context, "HGL01 A 3")
    monkeypatch.chdir(tmp_path)
    written = export.export_csv(context, Path("percelen.csv"))
    assert not written.personal_data and (tmp_path / "percelen.csv").exists()
    SurveyService(context).record(parcel.id, "note", {"text": "Tel. 06-12345678"})
    written = export.export_csv(context, Path("percelen.csv"))    # relative, as typed
    assert written.path == tmp_path / "percelen-persoonsgegevens.csv" and written.path.exists()


def test_a_geopackage_with_personal_data_says_so_in_its_layer_description(context, tmp_path):
    import sqlite3

    parcel = surveyed_parcel(context, "HGL01 A 2")

    def description(name: str) -> str:
        with sqlite3.connect(tmp_path / name) as connection:
            return connection.execute("SELECT coalesce(description, '') FROM gpkg_contents "
                                      "WHERE table_name = 'percelen'").fetchone()[0]

    assert not export.export_gpkg(context, tmp_path / "zonder.gpkg").personal_data
    assert "persoonsgegevens" not in description("zonder.gpkg")
    SurveyService(context).record(parcel.id, "note", {"text": "Eigenaar P. de Vries"})
    assert export.export_gpkg(context, tmp_path / "met.gpkg").personal_data
    assert "persoonsgegevens" in description("met.gpkg")


def test_a_park_note_in_the_park_table_says_so_too(context, tmp_path):
    from otb_desktop.services.park_facts import ParkFactService

    parcel = surveyed_parcel(context, "HGL01 A 4")
    assert not export.export_parks_csv(context, tmp_path / "terreinen.csv").personal_data
    assert not export.export_xlsx(context, tmp_path / "zonder.xlsx").personal_data
    ParkFactService(context).record(parcel.park_id, {"note": "Contact: J. Jansen, 06-1234"})
    parks = export.export_parks_csv(context, tmp_path / "terreinen.csv")
    assert parks.personal_data and parks.path == tmp_path / "terreinen-persoonsgegevens.csv"
    marked = export.export_xlsx(context, tmp_path / "met.xlsx")
    assert marked.personal_data
    assert load_workbook(tmp_path / "met.xlsx").sheetnames[-1] == NOTICE_TITLE
