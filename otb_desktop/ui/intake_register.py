"""The intake register of the architect pool (3F): list, new intake, next step, details,
and spending per year against the budget of chapter 7.

The dialog only talks to services (IntakeService, site_store); every save is a new revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.intakes import (
    BUDGET_EUR,
    PLAN_KIND_LABELS,
    STATUS_LABELS,
    Intake,
    PlanKind,
    next_statuses,
    spending_per_year,
)
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService
from otb_desktop.ui.sheet_jobs import run_intake_write


def _eur(value: float | None) -> str:
    return "–" if value is None else "€ " + f"{value:,.0f}".replace(",", ".")


class IntakeTableModel(QAbstractTableModel):
    COLUMNS = ("requested", "site", "kind", "status", "architect", "hours", "cost")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Intake] = []
        self.site_names: dict[str, str] = {}

    def set_rows(self, rows: list[Intake], site_names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.site_names = rows, site_names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Requested"), self.tr("Site"), self.tr("Kind of plan"),
                    self.tr("Status"), self.tr("Architect"), self.tr("Hours"),
                    self.tr("Cost"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole) -> Any:
        intake = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "requested": f"{intake.requested_on:%d-%m-%Y}",
                "site": self.site_names.get(intake.site_id, intake.site_id),
                "kind": intake.plan_kind_label,
                "status": f"{intake.status_label} ({intake.steps[-1].date:%d-%m-%Y})"
                          + (" ⚠" if intake.conflict else ""),
                "architect": intake.architect or "–",
                "hours": "–" if intake.hours is None else f"{intake.hours:g}",
                "cost": _eur(intake.cost_eur),
            }[column]
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return {"requested": intake.requested_on.isoformat(),
                    "hours": intake.hours or 0.0, "cost": intake.cost_eur or 0.0}.get(
                column, self.data(index))
        if role == Qt.ItemDataRole.ToolTipRole and intake.conflict:
            return self.tr("Two versions of this intake were saved on different laptops; "
                           "save it again to resolve.")
        return None


class IntakeRegisterDialog(QDialog):
    saved = Signal(str)  # intake id, after a new revision was stored

    def __init__(self, context: AppContext, selected_parcels: Callable[[], Sequence[str]],
                 print_sites: Callable[[list[str]], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.service = IntakeService(context)
        self.selected_parcels = selected_parcels
        self.print_sites = print_sites
        self.setWindowTitle(self.tr("Intake register (architect pool, 3F)"))
        self.resize(980, 560)

        self.year = QComboBox()
        self.model = IntakeTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.spending = QLabel()
        self.spending.setTextFormat(Qt.TextFormat.RichText)
        self.new_button = QPushButton(self.tr("New intake for the selected parcels…"))
        self.step_button = QPushButton(self.tr("Next step…"))
        self.edit_button = QPushButton(self.tr("Details…"))
        self.print_button = QPushButton(self.tr("Print intake sheet…"))
        close = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year of request:")))
        top.addWidget(self.year)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.step_button, self.edit_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.spending)
        layout.addLayout(buttons)

        self.year.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.new_button.clicked.connect(self.new_intake)
        self.step_button.clicked.connect(self.next_step)
        self.edit_button.clicked.connect(self.edit_details)
        self.print_button.clicked.connect(self._print)
        close.clicked.connect(self.accept)
        self.reload()

    def reload(self) -> None:
        self._all = self.service.intakes()
        names = {s.id: s.name for s in site_store.list_sites(self.context)}
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(self.tr("All years"), None)
        for year in sorted({i.year for i in self._all} | set(BUDGET_EUR)):
            self.year.addItem(str(year), year)
        index = self.year.findData(chosen)
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)
        self._names = names
        self._filter()

    def _filter(self) -> None:
        year = self.year.currentData()
        rows = [i for i in self._all if year is None or i.year == year]
        self.model.set_rows(rows, self._names)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.resizeColumnsToContents()
        self._show_spending(year)
        self._update_buttons()

    def _show_spending(self, year: int | None) -> None:
        lines = []
        for row in spending_per_year(self._all):  # the intakes read once, in reload
            if year is not None and row.year != year:
                continue
            if row.budget_eur is None:
                budget = self.tr("no 3F budget set")
            else:
                budget = self.tr("budget %1, remaining %2").replace(
                    "%1", _eur(row.budget_eur)).replace("%2", _eur(row.remaining_eur))
                if row.over_budget:
                    budget = f"<b>{budget} — {self.tr('OVER BUDGET')}</b>"
            line = self.tr("%1: %2 intake(s), %3 hours, spent %4; %5").replace(
                "%1", str(row.year)).replace("%2", str(row.intakes)).replace(
                "%3", f"{row.hours:g}").replace("%4", _eur(row.spent_eur)).replace("%5", budget)
            if row.without_cost:
                line += self.tr(" (%1 with an architect but no cost yet)").replace(
                    "%1", str(row.without_cost))
            if row.without_hours:
                line += self.tr(" (%1 with an architect but no hours yet)").replace(
                    "%1", str(row.without_hours))
            lines.append(line)
        self.spending.setText(self.tr("<b>Spending per year</b> (chapter 7: € 50.000 a year "
                                      "for 2026 and 2027)") + "<br>" + "<br>".join(lines))

    def current(self) -> Intake | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    def select(self, intake_id: str) -> None:
        for row, intake in enumerate(self.model.rows):
            if intake.id == intake_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    def _update_buttons(self, *_args) -> None:
        intake = self.current()
        self.step_button.setEnabled(bool(intake and next_statuses(intake.status)))
        self.edit_button.setEnabled(intake is not None)
        self.print_button.setEnabled(intake is not None)

    def _error(self, error: Exception) -> None:
        text = str(error) if isinstance(error, OtbError) else f"{type(error).__name__}: {error}"
        QMessageBox.warning(self, self.tr("Intake register"), text)

    def _write(self, fn: Callable[[], Intake]) -> None:
        """Save off the GUI thread; reload and select the intake when it is saved."""
        def saved(intake: Intake) -> None:
            self.reload()
            self.select(intake.id)
            self.saved.emit(intake.id)

        run_intake_write(fn, on_result=saved, on_error=self._error, parent=self)

    def new_intake(self) -> None:
        parcels = list(self.selected_parcels())
        if not parcels:
            QMessageBox.information(self, self.tr("Intake register"), self.tr(
                "Select the parcel(s) of the request in the list or on the map first."))
            return
        dialog = NewIntakeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, service = dialog.values(), self.service
        self._write(lambda: service.start(parcel_ids=parcels, **values))

    def next_step(self) -> None:
        intake = self.current()
        if intake is None:
            return
        dialog = StepDialog(intake, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values, service = dialog.values(), self.service
        self._write(lambda: service.step(intake.id, **values))

    def edit_details(self) -> None:
        intake = self.current()
        if intake is None:
            return
        photos = site_store.photo_ids_of_site(self.context, intake.site_id)
        dialog = DetailsDialog(intake, bool(photos), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        values["shared_photo_ids"] = photos if values.pop("share_photos") else []
        service = self.service
        self._write(lambda: service.update(intake.id, **values))

    def _print(self) -> None:
        intake = self.current()
        if intake is not None:
            self.print_sites([intake.site_id])


def _date_edit(value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setMaximumDate(QDate.currentDate())
    return edit


def _date(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def _add_ok_cancel(dialog: QDialog, form: QFormLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class NewIntakeDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New intake"))
        self.kind = QComboBox()
        for kind in PlanKind:
            self.kind.addItem(PLAN_KIND_LABELS[kind], str(kind))
        self.date = _date_edit(dt.date.today())
        self.applicant = QLineEdit()
        self.contact = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind of plan:"), self.kind)
        form.addRow(self.tr("Requested on:"), self.date)
        form.addRow(self.tr("Applicant (intern only):"), self.applicant)
        form.addRow(self.tr("Contact (intern only):"), self.contact)
        form.addRow(self.tr("Note (intern only):"), self.note)
        form.addRow(QLabel(self.tr("Name, contact and note never appear on the architect's "
                                   "(extern) sheet.")))
        _add_ok_cancel(self, form)

    def values(self) -> dict[str, Any]:
        return {"plan_kind": self.kind.currentData(), "requested_on": _date(self.date),
                "applicant": self.applicant.text(), "applicant_contact": self.contact.text(),
                "note": self.note.toPlainText()}


class StepDialog(QDialog):
    def __init__(self, intake: Intake, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Next step"))
        self.status = QComboBox()
        for status in next_statuses(intake.status):
            self.status.addItem(STATUS_LABELS[status], str(status))
        self.date = _date_edit(dt.date.today())
        self.architect = QLineEdit(intake.architect)
        form = QFormLayout(self)
        form.addRow(self.tr("Current status:"), QLabel(intake.status_label))
        form.addRow(self.tr("New status:"), self.status)
        form.addRow(self.tr("Date:"), self.date)
        form.addRow(self.tr("Architect:"), self.architect)
        _add_ok_cancel(self, form)

    def values(self) -> dict[str, Any]:
        return {"status": self.status.currentData(), "on": _date(self.date),
                "architect": self.architect.text()}


class DetailsDialog(QDialog):
    def __init__(self, intake: Intake, has_photos: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Intake details"))
        self.architect = QLineEdit(intake.architect)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(-1, 10_000)
        self.hours.setSpecialValueText(self.tr("not recorded"))
        self.hours.setValue(-1 if intake.hours is None else intake.hours)
        self.cost = QDoubleSpinBox()
        self.cost.setRange(-1, 1_000_000)
        self.cost.setDecimals(2)
        self.cost.setPrefix("€ ")
        self.cost.setSpecialValueText(self.tr("not recorded"))
        self.cost.setValue(-1 if intake.cost_eur is None else intake.cost_eur)
        self.outcome = QPlainTextEdit(intake.outcome)
        self.outcome.setFixedHeight(70)
        self.share = QCheckBox(self.tr("The business agrees to share the site's photos with "
                                       "the architect"))
        self.share.setChecked(bool(intake.shared_photo_ids))
        self.share.setEnabled(has_photos)
        form = QFormLayout(self)
        form.addRow(self.tr("Architect:"), self.architect)
        form.addRow(self.tr("Hours:"), self.hours)
        form.addRow(self.tr("Cost:"), self.cost)
        form.addRow(self.tr("Outcome:"), self.outcome)
        form.addRow(self.share)
        _add_ok_cancel(self, form)

    def values(self) -> dict[str, Any]:
        hours, cost = self.hours.value(), self.cost.value()
        return {"architect": self.architect.text(), "hours": None if hours < 0 else hours,
                "cost_eur": None if cost < 0 else cost, "outcome": self.outcome.toPlainText(),
                "share_photos": self.share.isChecked()}
