"""Bad input answered in one Dutch line, nothing changed (issue 7 item 4): CSV and text."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import box

from otb_desktop.domain import designation as designations
from otb_desktop.domain.errors import ValidationError
from otb_desktop.exporting.parcels import ExportValueError, export_csv, export_xlsx
from otb_desktop.importing import gis
from otb_desktop.importing.errors import ImportSourceError, RefusedFeaturesError
from otb_desktop.importing.mappings import parse_mapping
from otb_desktop.importing.observations import ObservationImportError, import_observations
from otb_desktop.persistence.models import Observation, Parcel
from otb_desktop.services.survey import SurveyService

HEADER = "perceel;onderwerp;datum;naam;Notitie: Notitie"


@pytest.fixture
def parcel(context) -> str:
    with context.database.session() as session:
        d = designations.make("HGL01", "K", 101)
        geometry = box(0, 0, 60, 40)
        row = Parcel(designation=str(d), akr_code="HGL01", section="K", number=101,
                     short_key="K 101", area_m2=geometry.area, created_by=context.author,
                     device_id=context.device_id)
        row.set_geometry(geometry)
        session.add(row)
        session.flush()
        return row.id


def notes(context, parcel_id):
    return SurveyService(context).history(parcel_id, "note")


def test_csv_field_over_128_kib_is_refused_with_its_line(context, parcel, tmp_path):
    path = tmp_path / "in.csv"
    huge = "x" * (129 * 1024)
    path.write_text(f"{HEADER}\nHGL01 K 101;note;;;kort\nHGL01 K 101;note;;;\"{huge}\"\n",
                    encoding="utf-8")
    with pytest.raises(ObservationImportError) as caught:
        import_observations(context, path)
    message = str(caught.value)
    assert "regel 3" in message and "128 KiB" in message and "niets geïmporteerd" in message
    assert notes(context, parcel) == []


def test_unclosed_quote_is_the_usual_cause_and_is_named(context, parcel, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nHGL01 K 101;note;;;\"begin zonder einde\n" +
                    "rest;van;het;bestand\n" * 8000, encoding="utf-8")
    with pytest.raises(ObservationImportError, match="aanhalingsteken"):
        import_observations(context, path)


def test_nul_characters_are_refused(context, parcel, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nHGL01 K 101;note;;;a\x00b\n", encoding="utf-8")
    with pytest.raises(ObservationImportError, match="NUL-tekens .*regel 2"):
        import_observations(context, path)
    assert notes(context, parcel) == []


def test_word_vertical_tab_becomes_a_line_break_and_exports(context, parcel, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\nHGL01 K 101;note;;;eerste regel\x0btweede regel\n",
                    encoding="utf-8")
    import_observations(context, path)
    assert notes(context, parcel)[0].values == {"text": "eerste regel\ntweede regel"}
    export_xlsx(context, tmp_path / "uit.xlsx")  # Excel cannot hold U+000B: it must be gone


def test_other_control_characters_are_refused_in_a_form(context, parcel):
    with pytest.raises(ValidationError) as caught:
        SurveyService(context).record(parcel, "note", {"text": "a\x01b"})
    assert "stuurteken (U+0001) op positie 2" in str(caught.value)
    assert notes(context, parcel) == []


def test_export_meeting_an_old_bad_value_names_parcel_and_field(context, parcel, tmp_path,
                                                                monkeypatch):
    scratch = tmp_path / "scratch"  # where the XLSX writer keeps its row data meanwhile
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with context.database.session() as session:  # stored before the check existed
        session.add(Observation(parcel_id=parcel, topic="note", values={"text": "a\x0bb"},
                                observed_at=dt.datetime.now(dt.UTC),
                                created_by="oud", device_id="oud"))
    out = tmp_path / "uit.xlsx"
    with pytest.raises(ExportValueError) as caught:
        export_xlsx(context, out)
    message = str(caught.value)
    assert "Perceel HGL01 K 101" in message and "Notitie" in message and "U+000B" in message
    assert not out.exists() and not list(tmp_path.glob(".uit.*"))  # no temporary left
    assert list(scratch.iterdir()) == []
    export_csv(context, tmp_path / "uit.csv")  # CSV can hold it: the way out the message names


REAL = Path(__file__).parent / "fixtures" / "real"


def test_truncated_gml_says_incomplete_not_empty(context, tmp_path):
    cut = tmp_path / "percelen.gml"
    cut.write_bytes((REAL / "brk-dkk-v5-perceel.gml").read_bytes()[:20_000])
    with pytest.raises(ImportSourceError) as caught:
        gis.import_parcels(context, cut)
    message = str(caught.value)
    assert "onvolledig" in message and "opnieuw" in message
    assert "geen objecten" not in message


def test_damaged_gml_keeps_gdal_english_out(context, tmp_path):
    bad = tmp_path / "panden.gml"
    bad.write_bytes(b"\x00\x01 dit is geen xml " * 50 + b"</x>")
    with pytest.raises(ImportSourceError) as caught:
        gis.import_buildings(context, bad)
    message = str(caught.value)
    assert "beschadigd" in message
    for english in ("not recognized", "supported file format", "driver", "Error"):
        assert english not in message


def test_real_id_on_touching_parts_merges_but_apart_parts_stay_apart():
    notes: list[str] = []
    touching = np.array([box(0, 0, 10, 10), box(10, 0, 20, 10)], dtype=object)
    assert gis.building_parts("0164100000000001", touching, notes) == [[0, 1]]
    assert notes == []
    apart = np.array([box(0, 0, 10, 10), box(60, 0, 70, 10), box(10.2, 0, 15, 5)],
                     dtype=object)
    assert gis.building_parts("0164100000000001", apart, notes) == [[0, 2], [1]]
    assert "niet aan elkaar" in notes[0] and "0164100000000001-2" in notes[0]


def sliver_file(path: Path) -> Path:
    shapes = [box(250_000, 475_000, 250_030, 475_020),      # a parcel
              box(250_100, 475_000, 250_100.5, 475_001),    # 0,5 m²
              box(250_200, 475_000, 250_260, 475_000.05)]   # 3 m² but 5 cm wide
    names = np.array(["HGL01 B 12", "HGL01 B 13", "HGL01 B 14"], dtype=object)
    pyogrio.raw.write(path, shapely.to_wkb(shapes), [names], ["aanduiding"], layer="percelen",
                      driver="GPKG", geometry_type="Polygon", crs="EPSG:28992")
    return path


MAPPING = parse_mapping({"kind": "parcels", "fields": {"designation": "aanduiding"}}, "test")


def test_slivers_are_reported_per_feature_and_refused(context, tmp_path):
    path = sliver_file(tmp_path / "percelen.gpkg")
    with pytest.raises(RefusedFeaturesError) as caught:
        gis.import_parcels(context, path, mapping=MAPPING)
    message = str(caught.value)
    assert "2 objecten zijn splinters" in message and "niets opgeslagen" in message
    assert "HGL01 B 13" in message and "0,50 m²" in message
    assert "HGL01 B 14" in message and "breed" in message
    assert "HGL01 B 12" not in message and "--allow-slivers" in message
    with context.database.session() as session:
        assert session.query(Parcel).count() == 0


def test_slivers_can_be_imported_on_purpose(context, tmp_path):
    path = sliver_file(tmp_path / "percelen.gpkg")
    report = gis.import_parcels(context, path, mapping=MAPPING, allow_slivers=True)
    assert report.created == 3
    assert any("2 splinters toch geïmporteerd" in line for line in report.summary_lines())


def test_own_geopackage_export_reimports_without_a_mapping(context, tmp_path):
    from otb_desktop.exporting.parcels import export_gpkg
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    gis.import_parcels(context, sliver_file(tmp_path / "in.gpkg"), mapping=MAPPING,
                       allow_slivers=True)
    with context.database.session() as session:
        session.query(Parcel).filter_by(designation="HGL01 B 12").one().addresses = [
            "Hoofdstraat 1", "Hoofdstraat 1a"]
    out = tmp_path / "percelen.gpkg"
    export_gpkg(context, out)
    other = AppContext(open_database(tmp_path / "ander.sqlite"))
    try:
        report = gis.import_parcels(other, out, allow_slivers=True)
        assert report.created == 3 and "eigen export" in report.summary_lines()[0]
        with other.database.session() as session:
            stored = {p.designation: p for p in session.query(Parcel)}
        assert set(stored) == {"HGL01 B 12", "HGL01 B 13", "HGL01 B 14"}
        assert stored["HGL01 B 12"].addresses == ["Hoofdstraat 1", "Hoofdstraat 1a"]
        assert stored["HGL01 B 12"].area_m2 == pytest.approx(600.0)
    finally:
        other.database.close()
