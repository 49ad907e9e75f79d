"""The architect-pool entries of the main window: a Sites menu with "Print intake sheet…"
and "Intake register…". Installed with one call from main_window so the window stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

if TYPE_CHECKING:  # imported when first used: not part of the window's start-up
    from otb_desktop.ui.intake_register import IntakeRegisterDialog
    from otb_desktop.ui.sheet_preview import SheetPreviewDialog


def intake_menu_title() -> str:
    return QCoreApplication.translate("IntakeActions", "Si&tes")


class IntakeActions(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.menu = QMenu(window)
        self.act_print = QAction(window)
        self.act_print.setObjectName("printIntakeSheet")
        self.act_print.setShortcut("Ctrl+P")
        self.act_print.triggered.connect(self.print_selected_site)
        self.act_print_all = QAction(window)
        self.act_print_all.setObjectName("printAllIntakeSheets")
        self.act_print_all.triggered.connect(self.print_all_sites)
        self.act_register = QAction(window)
        self.act_register.setObjectName("intakeRegister")
        self.act_register.triggered.connect(self.show_register)
        window.addAction(self.act_print)
        self.menu.addAction(self.act_print)
        self.menu.addAction(self.act_print_all)
        self.menu.addAction(self.act_register)
        window.menuBar().insertMenu(window.menu_view.menuAction(), self.menu)
        window.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(intake_menu_title())
        self.act_print.setText(self.tr("&Print intake sheet…"))
        self.act_print.setToolTip(self.tr("Intake sheet (3F) of the selected parcel's site, with "
                                     "preview (Ctrl+P)"))
        self.act_print_all.setText(self.tr("Intake sheets of &all sites…"))
        self.act_register.setText(self.tr("&Intake register…"))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def print_selected_site(self) -> SheetPreviewDialog | None:
        from otb_desktop.services import site_store

        context = self.window.context
        site = site_store.site_of_parcels(context, self.window.selected_ids())
        if site is None:
            QMessageBox.information(self.window, self.tr("Print intake sheet"), self.tr(
                "The selected parcel does not belong to a redevelopment site. Select a parcel "
                "of a site, or start an intake for it in the intake register (Sites menu)."))
            return None
        return self.print_sites([site.id])

    def print_all_sites(self) -> SheetPreviewDialog | None:
        """Every site at once (one PDF or one file per site), with preview of the first."""
        from otb_desktop.services import site_store

        ids = [s.id for s in site_store.list_sites(self.window.context)]
        if not ids:
            QMessageBox.information(self.window, self.tr("Print intake sheet"), self.tr(
                "There are no redevelopment sites yet."))
            return None
        return self.print_sites(ids)

    def add_to_ranking(self, ranking: QMainWindow) -> QAction:
        """"Intakeblad afdrukken" in the ranking window (toolbar, Ctrl+P) for the selected
        sites there (or the sites of the selected parcels)."""
        action = QAction(ranking)
        action.setObjectName("printIntakeSheetRanking")
        action.setShortcut("Ctrl+P")
        action.setText(self.tr("&Print intake sheet…"))
        action.triggered.connect(lambda _c=False: self.print_ranking_selection(ranking))
        bar = ranking.addToolBar(self.tr("Intake sheets"))
        bar.setObjectName("intakeSheetsToolbar")
        bar.addAction(action)
        self.ranking_action = action
        return action

    def print_ranking_selection(self, ranking) -> SheetPreviewDialog | None:
        from otb_desktop.services import site_store

        view = ranking.view
        chosen = view.selected_units()
        context = self.window.context
        known = {s.id for s in site_store.list_sites(context)}
        site_ids = [u for u in chosen if u in known]
        if not site_ids:  # parcels chosen: their sites
            sites = (site_store.site_of_parcels(context, [u]) for u in chosen)
            site_ids = list(dict.fromkeys(s.id for s in sites if s is not None))
        if not site_ids:
            QMessageBox.information(ranking, self.tr("Print intake sheet"), self.tr(
                "Select one or more sites in the ranking first."))
            return None
        return self.print_sites(site_ids, parent=ranking)

    def print_sites(self, site_ids: list[str], parent=None) -> SheetPreviewDialog:
        from otb_desktop.ui.sheet_preview import SheetPreviewDialog

        dialog = SheetPreviewDialog(self.window.context, site_ids, parent or self.window)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def show_register(self) -> IntakeRegisterDialog:
        from otb_desktop.ui.intake_register import IntakeRegisterDialog

        dialog = IntakeRegisterDialog(self.window.context, self.window.selected_ids,
                                      self.print_sites, self.window)
        dialog.setModal(True)
        dialog.show()
        return dialog
