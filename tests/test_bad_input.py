"""Bad input answered in one Dutch line, nothing changed (issue 7 item 4): CSV and text."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import box

from otb_desktop.domain import designation as designations
from otb_desktop.domain.errors import ValidationError
from otb_desktop.exporting.parcels import ExportValueError, export_csv, export_xlsx
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


def test_export_meeting_an_old_bad_value_names_parcel_and_field(context, parcel, tmp_path):
    with context.database.session() as session:  # stored before the check existed
        session.add(Observation(parcel_id=parcel, topic="note", values={"text": "a\x0bb"},
                                observed_at=dt.datetime.now(dt.UTC),
                                created_by="oud", device_id="oud"))
    out = tmp_path / "uit.xlsx"
    with pytest.raises(ExportValueError) as caught:
        export_xlsx(context, out)
    message = str(caught.value)
    assert "Perceel HGL01 K 101" in message and "Notitie" in message and "U+000B" in message
    assert not out.exists()
    export_csv(context, tmp_path / "uit.csv")  # CSV can hold it: the way out the message names
