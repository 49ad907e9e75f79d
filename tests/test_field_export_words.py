"""Items 9 and 10 of issue 8: export what you see; words in dialogs (no command-line options,
no English library text, Dutch numbers, English plurals)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from field_window import open_window
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox
from ui_factories import make_parcels

from otb_desktop.services.parcel_table import columns
from otb_desktop.ui import export_scope
from otb_desktop.ui.export_scope import Scope

NOORD = "Twentekanaal Noord 1 & 2"
CAMPUS = "Westermaat Campus"


pytestmark = pytest.mark.usefixtures("sync_workers")


@pytest.fixture
def parcels(context):
    return {"noord": make_parcels(context, 4, park_name=NOORD),
            "campus": make_parcels(context, 3, park_name=CAMPUS)}


@pytest.fixture
def window(qtbot, context, tmp_path, parcels, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    return open_window(qtbot, context, tmp_path)


def exported(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    heading = next(c.header for c in columns() if c.key == "designation")
    column = rows[0].index(heading)
    return [r[column] for r in rows[1:]]


def export_csv(window, monkeypatch, target: Path, scope: Scope | None) -> None:
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    asked = []

    def ask(parent, total, filtered, selected):
        asked.append(export_scope.offered_scopes(total, filtered, selected))
        return scope if asked[-1] else Scope.ALL

    monkeypatch.setattr(export_scope, "ask_scope", ask)
    window.act_export_csv.trigger()
    return asked[-1]


def test_export_the_filtered_list(window, parcels, monkeypatch, tmp_path):
    window.filters.select_park(window.model.row_by_id(parcels["campus"][0]).park_id)
    offered = export_csv(window, monkeypatch, tmp_path / "terrein.csv", Scope.FILTERED)
    assert offered == [Scope.FILTERED, Scope.ALL]
    assert exported(tmp_path / "terrein.csv") == [
        window.model.row_by_id(p).designation for p in parcels["campus"]]


def test_export_the_selection(window, parcels, monkeypatch, tmp_path):
    chosen = [parcels["noord"][1], parcels["campus"][2]]
    window.select_parcels(chosen)
    offered = export_csv(window, monkeypatch, tmp_path / "selectie.csv", Scope.SELECTION)
    assert Scope.SELECTION in offered
    assert sorted(exported(tmp_path / "selectie.csv")) == sorted(
        window.model.row_by_id(p).designation for p in chosen)


def test_without_filter_or_selection_everything_is_exported(window, monkeypatch, tmp_path):
    offered = export_csv(window, monkeypatch, tmp_path / "alles.csv", None)
    assert offered == []
    assert len(exported(tmp_path / "alles.csv")) == 7


def test_every_row_bad_offers_nothing_and_names_no_option(window, tmp_path, monkeypatch):
    source = tmp_path / "opname.csv"
    source.write_text("perceel;onderwerp;condition.overall\n"
                      "OTL02 B 2290;condition;9\n"
                      "OTL02 B 2291;condition;8\n", encoding="utf-8")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(source), ""))
    asked, warned = [], []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, _title, text, *a, **k: asked.append(text)
        or QMessageBox.StandardButton.No))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda _parent, _title, text, *a, **k: warned.append(text)))
    window.act_import_observations.trigger()
    assert asked == []  # no offer to import "the other rows": there are none
    assert len(warned) == 1
    assert "2 of the 2 rows" in warned[0] and "--" not in warned[0]


def test_a_gis_file_gdal_cannot_read_gets_a_dutch_message(window, tmp_path, monkeypatch):
    broken = tmp_path / "kapot.gpkg"
    broken.write_text("geen geopackage", encoding="utf-8")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(broken), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda _parent, _title, text, *a, **k: warned.append(text)))
    window.act_import_parcels.trigger()
    assert warned and "kapot.gpkg kan niet worden gelezen" in warned[0]
    for english in ("not recognized", "supported file format", "DRIVER"):
        assert english not in warned[0]


def test_english_plurals_and_dutch_numbers(window, qapp):
    from otb_desktop.ui import i18n

    previous = QLocale()
    try:
        i18n.set_language("en")
        window.retranslate()
        assert window.count_label.text() == "7 parcels"
        assert window.tr("%Ln parcel(s)", None, 1) == "1 parcel"
        assert window.tr("%Ln parcel(s)", None, 1700) == "1.700 parcels"  # Dutch grouping
        i18n.set_language("nl")
        window.retranslate()
        assert window.tr("%Ln parcel(s)", None, 1700) == "1.700 percelen"
    finally:
        i18n.set_language("en")
        QLocale.setDefault(previous)


def test_reports_write_dutch_numbers():
    from otb_desktop.exporting.parcels import ExportReport

    fields = ExportReport.__dataclass_fields__
    values = {name: 0 for name in fields}
    values.update(parks=None, personal_data=False)  # a parcel export, nothing personal
    values.update(parcels=1700, seconds=1.5, format="csv", path=Path("/tmp/x.csv"),
                  surveyed=1200, conflicts=3, columns=30)
    text = " ".join(ExportReport(**{k: v for k, v in values.items() if k in fields})
                    .summary_lines())
    assert "1.700 percelen" in text and "1,5 s" in text and "1.200" in text
