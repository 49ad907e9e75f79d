"""The app's architect-pool screens: Sites menu, intake register, sheet preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QMessageBox

from otb_desktop.domain.intakes import IntakeStatus
from otb_desktop.services import site_store
from otb_desktop.services.intakes import IntakeService
from otb_desktop.ui.intake_register import (
    DetailsDialog,
    IntakeRegisterDialog,
    NewIntakeDialog,
    StepDialog,
)
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings
from otb_desktop.ui.sheet_preview import SheetPreviewDialog
from tests.ui_factories import make_parcels


@pytest.fixture
def parcels(context):
    return make_parcels(context, 4)


def accept(monkeypatch, cls, values=None):
    monkeypatch.setattr(cls, "exec", lambda self: QDialog.DialogCode.Accepted)
    if values is not None:
        original = cls.values
        monkeypatch.setattr(cls, "values", lambda self: {**original(self), **values})


def test_register_makes_an_intake_steps_it_and_shows_spending(qtbot, context, parcels,
                                                              monkeypatch, sync_workers):
    printed = []
    dialog = IntakeRegisterDialog(context, lambda: parcels[:2], printed.append)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert "2026" in dialog.spending.text() and "€ 50.000" in dialog.spending.text()
    accept(monkeypatch, NewIntakeDialog, {"plan_kind": "uitbreiding",
                                          "requested_on": dt.date(2026, 4, 1),
                                          "applicant": "Piet Prive"})
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.new_intake()
    intake = IntakeService(context).intake(saved.args[0])
    assert dialog.model.rowCount() == 1 and dialog.current().id == intake.id
    site = site_store.list_sites(context)[0]
    assert site.parcel_ids == tuple(sorted(parcels[:2]))
    assert dialog.model.data(dialog.model.index(0, 1)) == site.name
    # Piet Prive is intern: the register's table does not show applicants
    texts = [dialog.model.data(dialog.model.index(0, c)) for c in range(7)]
    assert "Piet Prive" not in " ".join(texts)

    accept(monkeypatch, StepDialog, {"status": "intake_gehouden", "on": dt.date(2026, 4, 3)})
    dialog.next_step()
    accept(monkeypatch, DetailsDialog, {"architect": "Bureau Zuid", "hours": 8.0,
                                        "cost_eur": 52_000.0, "share_photos": False})
    dialog.edit_details()
    current = IntakeService(context).intake(intake.id)
    assert len(current.steps) == 2
    assert current.status is IntakeStatus.HELD and current.cost_eur == 52_000
    assert "OVER BUDGET" in dialog.spending.text()
    assert dialog.model.data(dialog.model.index(0, 6)) == "€ 52.000"
    dialog.print_button.click()
    assert printed == [[site.id]]
    dialog.year.setCurrentIndex(dialog.year.findData(2027))
    assert dialog.model.rowCount() == 0


def test_register_asks_for_a_selection_first(qtbot, context, monkeypatch, sync_workers):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    dialog = IntakeRegisterDialog(context, lambda: [], lambda ids: None)
    qtbot.addWidget(dialog)
    dialog.new_intake()
    assert IntakeService(context).intakes() == []
    assert len(shown) == 1 and "Select the parcel" in shown[0]


def test_preview_shows_the_pdf_pages_and_saves_them(qtbot, context, parcels, sync_workers,
                                                    tmp_path: Path):
    intake = IntakeService(context).start(parcel_ids=[parcels[0]], plan_kind="verbouwing",
                                          applicant="Piet Prive")
    dialog = SheetPreviewDialog(context, [intake.site_id])
    qtbot.addWidget(dialog)
    assert len(dialog.pages) == 2
    ratio = dialog.pages[0].height() / dialog.pages[0].width()
    assert ratio == pytest.approx(297 / 210, rel=0.01)
    assert dialog.chosen_variant == "extern"
    dialog.variant.setCurrentIndex(1)
    assert dialog.chosen_variant == "intern" and len(dialog.pages) == 2
    dialog.save(tmp_path / "blad.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "blad.pdf").pages)
    assert "VARIANT INTERN" in text and "Piet Prive" in text
    assert dialog.last_saved == [tmp_path / "blad.pdf"]


def test_sites_menu_prints_the_site_of_the_selected_parcel(qtbot, context, parcels,
                                                           sync_workers, tmp_path,
                                                           monkeypatch):
    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    assert window.intake_actions.menu.menuAction() in window.menuBar().actions()
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    window.select_parcels([parcels[3]])
    assert window.intake_actions.print_selected_site() is None and shown
    IntakeService(context).start(parcel_ids=[parcels[3]], plan_kind="verbouwing")
    preview = window.intake_actions.print_selected_site()
    qtbot.addWidget(preview)
    assert preview.site_ids == [site_store.list_sites(context)[0].id]
    assert len(preview.pages) == 2
    register = window.intake_actions.show_register()
    qtbot.addWidget(register)
    assert register.model.rowCount() == 1


def test_a_refused_step_shows_the_dutch_reason_and_saves_nothing(qtbot, context, parcels,
                                                                 monkeypatch, sync_workers):
    intake = IntakeService(context).start(parcel_ids=[parcels[0]], plan_kind="verbouwing",
                                          requested_on=dt.date(2026, 4, 1))
    dialog = IntakeRegisterDialog(context, lambda: [], lambda ids: None)
    qtbot.addWidget(dialog)
    dialog.select(intake.id)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warned.append(a[2]))
    accept(monkeypatch, StepDialog, {"status": "architect_toegewezen",
                                     "on": dt.date(2026, 4, 2), "architect": ""})
    dialog.next_step()
    assert len(warned) == 1 and "intake gehouden" in warned[0]
    assert IntakeService(context).intake(intake.id).status is IntakeStatus.REQUESTED


def test_ranking_window_prints_the_selected_sites(qtbot, context, parcels, sync_workers,
                                                  tmp_path):
    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    site = IntakeService(context).start(parcel_ids=[parcels[1]], plan_kind="uitbreiding")
    ranking = window.ranking.ranking_window()
    qtbot.addWidget(ranking)
    action = window.intake_actions.ranking_action
    assert action.parent() is ranking
    ranking.view.select_units([site.site_id], emit=False)
    preview = window.intake_actions.print_ranking_selection(ranking)
    qtbot.addWidget(preview)
    assert preview.site_ids == [site.site_id] and len(preview.pages) == 2
