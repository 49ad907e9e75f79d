"""Park vacancy on the map and in the export; park facts viewed and edited per park."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from otb_desktop.cli import main as cli_main
from otb_desktop.domain.colouring import standard_colourings
from otb_desktop.domain.figures import FRICTION_SIDE_LABELS, friction_side
from otb_desktop.exporting.parcels import PARK_SHEET_TITLE, export_parks_csv, export_xlsx
from otb_desktop.services.map_data import MapDataService
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.park_facts import ParkFactService
from otb_desktop.ui import workers
from otb_desktop.ui.map.canvas import MapCanvas
from otb_desktop.ui.panel.facts_view import FactsView
from otb_desktop.ui.parcel_table_model import Column, ParcelTableModel
from otb_desktop.ui.survey_progress_dialog import SurveyProgressDialog
from tests.ui_factories import DEFAULT_PARK, make_parcels, record

CAMPUS = "Westermaat Campus"
TODAY = dt.date(2026, 11, 30)


def vacancy(total: float, vacant: float) -> dict:
    return {"total_floor_area_m2": total, "vacant_floor_area_m2": vacant}


@pytest.fixture
def parks(context) -> dict[str, list[str]]:
    """Noord: 2 % vacant over the stock (too little); Campus: 10 % (too much)."""
    noord = make_parcels(context, 3)
    campus = make_parcels(context, 2, park_name=CAMPUS)
    record(context, noord[0], "vacancy", vacancy(4000, 0))
    record(context, noord[1], "vacancy", vacancy(1000, 100))   # 10 % on one hall ...
    record(context, campus[0], "vacancy", vacancy(1000, 100))
    return {"noord": noord, "campus": campus}


# --- the band -------------------------------------------------------------------------------

@pytest.mark.parametrize(("pct", "side"), [(0.0, "onder"), (2.99, "onder"), (3.0, "rond"),
                                           (5.0, "rond"), (7.0, "rond"), (7.01, "boven"),
                                           (None, None)])
def test_friction_band_is_two_sided_three_to_seven_percent(pct, side):
    assert friction_side(pct) == side


def test_park_colouring_classifies_by_the_park_stock_not_the_parcel(context, parks):
    rows = ParcelService(context).rows()
    colouring = next(c for c in standard_colourings() if c.key == "park_vacancy")
    assert [c.label for c in colouring.classes] == [
        "too little (< 3 %)", "around friction (3–7 %)", "too much (> 7 %)"]
    ready = colouring.for_rows(rows, TODAY)
    by_id = {r.id: r for r in rows}
    # ... but 100 / 5000 = 2 % over the park: every parcel of it, surveyed or not, is "too little"
    assert {ready.classify(by_id[p], TODAY) for p in parks["noord"]} == {0}
    assert {ready.classify(by_id[p], TODAY) for p in parks["campus"]} == {2}
    outside = dataclasses.replace(rows[0], park_id=None)
    assert ready.classify(outside, TODAY) is None                  # no park: no data


def test_the_map_recolours_a_whole_park_after_one_save(qtbot, context, parks):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.set_layers(MapDataService(context).load())
    rows = ParcelService(context).rows()
    canvas.set_rows(rows)
    canvas.set_colouring("park_vacancy")
    assert canvas.class_of(parks["noord"][2]) == 0
    record(context, parks["noord"][2], "vacancy", vacancy(1000, 300))   # 400 / 6000 ≈ 6.7 %
    saved = {r.id: r for r in ParcelService(context).rows([parks["noord"][2]])}
    canvas.set_rows([saved.get(r.id, r) for r in rows])       # only one row object replaced
    assert {canvas.class_of(p) for p in parks["noord"]} == {1}
    assert "6,7 %" in canvas.tooltip_text(parks["noord"][0]).replace(".", ",")
    labels = [e.label for e in canvas.legend.entries()]
    assert labels[-1] == "no data" and len(labels) == 4


# --- export ---------------------------------------------------------------------------------

def test_xlsx_has_a_park_sheet_with_vacancy_against_five_percent(context, parks, tmp_path):
    ParkFactService(context).record(ParkFactService(context).park_ids()[CAMPUS],
                                    {"kvo": "gecertificeerd", "source": "=gesprek"})
    path = export_xlsx(context, tmp_path / "export.xlsx").path
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Percelen", PARK_SHEET_TITLE]
    sheet = book[PARK_SHEET_TITLE]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("Bedrijventerrein")]: dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    noord, campus = rows[DEFAULT_PARK], rows[CAMPUS]
    pct = "Leegstand terrein (%, Σ leeg / Σ vloeroppervlak)"
    side = "Tegenover frictieleegstand ≈ 5 % (band 3–7 %)"
    assert noord[pct] == 2.0 and noord[side] == FRICTION_SIDE_LABELS["onder"]
    assert noord["Percelen"] == 3 and noord["Percelen met leegstandsopname"] == 2
    assert campus[pct] == 10.0 and campus[side] == "te veel (> 7 %)"
    assert campus["Keurmerk Veilig Ondernemen (KVO-B)"] == "gecertificeerd"
    assert campus["Bron"] == "=gesprek"                    # text, never a formula
    assert campus["Parkmanagement"] is None                # unknown stays empty, not "geen"
    unsurveyed = next(r for name, r in rows.items() if name not in (DEFAULT_PARK, CAMPUS))
    assert unsurveyed[pct] is None and unsurveyed[side] == "geen gegevens"


def test_cli_exports_parks_as_csv_and_refuses_the_flag_for_other_formats(context, parks,
                                                                        tmp_path, capsys):
    db = str(context.database.path)
    context.database.close()
    out = tmp_path / "terreinen.csv"
    assert cli_main(["--db", db, "export", "csv", str(out), "--per-terrein"]) == 0
    assert "bedrijventerreinen geëxporteerd" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig") as handle:
        rows = {r["Bedrijventerrein"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert rows[CAMPUS]["Leegstand terrein (%, Σ leeg / Σ vloeroppervlak)"] == "10"
    assert rows[DEFAULT_PARK]["Leeg vloeroppervlak (m²)"] == "100"
    assert cli_main(["--db", db, "export", "xlsx", str(tmp_path / "x.xlsx"),
                     "--per-terrein"]) == 1
    assert "blad Bedrijventerreinen" in capsys.readouterr().err


def test_park_csv_report_counts_parks(context, parks, tmp_path):
    report = export_parks_csv(context, tmp_path / "t.csv")
    assert report.parks == len(ParkFactService(context).park_ids()) and report.parcels == 5


# --- the list and the parcel facts ----------------------------------------------------------

def test_list_and_facts_show_the_distance_and_the_floor_area_source(qtbot, context, parks):
    rows = ParcelService(context).rows()
    far = dataclasses.replace(rows[0], figures={
        **rows[0].figures, "distance_to_sensitive_m": 42.4}, values={
        "profile_fit": {"environmental_category": "3.2"}})
    model = ParcelTableModel()
    model.set_rows([far, rows[1]])
    header = model.headerData(Column.TO_DWELLING, Qt.Orientation.Horizontal)
    assert header == "To dwelling"
    assert model.data(model.index(0, Column.TO_DWELLING)).replace(",", ".") == "42 m"
    assert model.data(model.index(1, Column.TO_DWELLING)) == ""        # unknown, not 0 m
    view = FactsView()
    qtbot.addWidget(view)
    from otb_desktop.services.parcel_detail import parcel_detail

    view.set_facts(far, parcel_detail(context, far.id), TODAY)
    assert "42 m" in view.text("to_dwelling")
    assert "within the guide distance 100 m of category 3.2" in view.text("to_dwelling")
    assert "indicative" in view.text("floor_area")
    view.set_facts(rows[1], parcel_detail(context, rows[1].id), TODAY)
    assert "import BAG verblijfsobjecten" in view.text("to_dwelling")


# --- park facts -----------------------------------------------------------------------------

@pytest.fixture
def synchronous():
    workers.set_synchronous(True)
    yield
    workers.set_synchronous(False)


def test_park_facts_open_from_the_progress_dialog_and_save_as_revisions(
        qtbot, context, parks, synchronous):
    service = ParkFactService(context)
    dialog = SurveyProgressDialog(lambda: ParcelService(context).rows(), 12, today=TODAY,
                                  park_facts=service)
    qtbot.addWidget(dialog)
    park_id = service.park_ids()[CAMPUS]
    assert dialog.select_park(park_id)
    assert dialog.facts_button.isEnabled()
    facts = dialog.open_park_facts()
    assert facts is not None and CAMPUS in facts.windowTitle()
    assert "Not recorded yet" in facts.status.text()
    assert not facts.save_button.isEnabled()              # nothing to save yet
    kvo: QComboBox = facts.editors["kvo"]
    kvo.setCurrentIndex(kvo.findData("gecertificeerd"))
    source: QLineEdit = facts.editors["source"]
    source.setText("gesprek met de OV")
    assert facts.save_button.isEnabled()
    facts.save()
    [head] = service.current()[park_id]
    assert head.values == {"kvo": "gecertificeerd", "source": "gesprek met de OV"}
    assert head.author == "Test Gebruiker"
    assert "Test Gebruiker" in facts.status.text()
    kvo.setCurrentIndex(0)                                # back to unknown
    facts.save()
    history = service.history(park_id)
    assert len(history) == 2 and "kvo" not in history[0].values      # unknown, not "geen"
    assert history[1].values["kvo"] == "gecertificeerd"             # never changed in place
    assert facts.history.rowCount() == 2
    assert "Keurmerk" in facts.history.item(1, 2).text()


def test_park_facts_are_not_offered_for_the_total_line(qtbot, context, parks):
    dialog = SurveyProgressDialog(lambda: ParcelService(context).rows(), 12, today=TODAY,
                                  park_facts=ParkFactService(context))
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.table.rowCount() - 1)     # "All parcels"
    assert not dialog.facts_button.isEnabled() and dialog.open_park_facts() is None


def test_conflicting_heads_are_shown_and_one_save_resolves_them(qtbot, context, parks,
                                                                synchronous):
    service = ParkFactService(context)
    park_id = service.park_ids()[CAMPUS]
    service.record(park_id, {"kvo": "geen"}, supersedes=[])
    service.record(park_id, {"kvo": "gecertificeerd"}, supersedes=[])   # another laptop
    from otb_desktop.ui.park_facts_dialog import ParkFactsDialog

    dialog = ParkFactsDialog(service, park_id, CAMPUS)
    qtbot.addWidget(dialog)
    assert "Conflict" in dialog.status.text() and dialog.save_button.isEnabled()
    dialog.save()
    assert len(service.current()[park_id]) == 1
    assert "Conflict" not in dialog.status.text()


def test_the_window_progress_dialog_offers_park_facts_without_a_window_change(
        qtbot, context, tmp_path, synchronous):
    """The window opens the progress dialog as before; the facts come through its context."""
    from otb_desktop.ui.main_window import MainWindow
    from otb_desktop.ui.settings import Settings

    make_parcels(context, 2, park_name=CAMPUS)
    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    progress = window.show_survey_progress()
    assert not progress.facts_button.isHidden()
    assert progress.select_park(ParkFactService(context).park_ids()[CAMPUS])
    facts = progress.open_park_facts()
    assert facts is not None and facts.heading.text().endswith(CAMPUS)


def test_saving_park_facts_goes_through_the_operations_object(qtbot, context, parks):
    from otb_desktop.ui.operations import PARK_FACTS, operations
    from otb_desktop.ui.park_facts_dialog import ParkFactsDialog

    service = ParkFactService(context)
    park_id = service.park_ids()[CAMPUS]
    dialog = ParkFactsDialog(service, park_id, CAMPUS)
    qtbot.addWidget(dialog)
    dialog.editors["park_management"].setCurrentIndex(
        dialog.editors["park_management"].findData("actief"))
    with qtbot.waitSignal(operations().dataChanged) as changed:
        dialog.save()
    assert changed.args == [PARK_FACTS, frozenset()]      # no parcel row changes
    assert service.current()[park_id][0].values == {"park_management": "actief"}
    assert not dialog.save_button.isEnabled()             # saved: nothing left to save


def test_the_window_imports_verblijfsobjecten_from_its_menu(qtbot, context, tmp_path,
                                                            monkeypatch):
    from otb_desktop.ui import commands
    from otb_desktop.ui.main_window import MainWindow
    from otb_desktop.ui.settings import Settings
    from tests.test_verblijfsobjecten import EXTRACT, stored

    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    assert window.act_import_verblijfsobjecten in window.menu_import.actions()
    assert window.act_import_verblijfsobjecten.text()
    assert window.colouring_label.text()          # named by the actions, not left empty
    reports: list[str] = []
    monkeypatch.setattr(commands.QMessageBox, "information",
                        lambda parent, title, text: reports.append(text))
    window.run_import_gis("verblijfsobjecten", EXTRACT)
    assert len(stored(context)) == 15
    assert "15 verblijfsobjecten toegevoegd" in reports[0]
