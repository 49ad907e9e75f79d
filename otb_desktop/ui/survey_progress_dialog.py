"""Survey progress per business park: where to go next (issue point 8).

Shows, per park, how many parcels have each topic surveyed and how many observations are older
than the chosen age. Activating a park asks the window to show that park's parcels with the
map coloured by survey status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from otb_desktop.domain.topics import TOPICS, Topic
from otb_desktop.services.parcels import SURVEY_TOPICS, ParcelRow
from otb_desktop.services.survey_progress import ParkProgress, SurveyProgress, survey_progress
from otb_desktop.ui import palette

PARK_ROLE = Qt.ItemDataRole.UserRole + 1
_FIXED_COLUMNS = 5  # park, parcels, not surveyed, stale, current


def _share_colour(share: float) -> QColor:
    """The table's base colour (nothing surveyed) to a calm green (everything), mixed from
    the palette so the cell text stays legible in light, dark and high-contrast palettes."""
    share = max(0.0, min(1.0, share))
    base = palette.palette_of().color(QPalette.ColorRole.Base)
    return palette.mix(base, QColor("#2e9d55"), (0.45 if palette.is_dark() else 0.55) * share)


class SurveyProgressDialog(QDialog):
    parkActivated = Signal(str)        # park id ("" for parcels outside every park)
    monthsChanged = Signal(int)

    def __init__(self, rows: Callable[[], list[ParcelRow]], months: int,
                 parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self._rows = rows
        self._today = today
        self.progress: SurveyProgress | None = None
        self.setObjectName("surveyProgressDialog")

        self.months = QSpinBox(objectName="staleMonths")
        self.months.setRange(1, 120)
        self.months.setValue(months)
        self.months_label = QLabel()
        self.months_label.setBuddy(self.months)
        self.cutoff_label = QLabel()
        self.table = QTableWidget(objectName="progressTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(False)
        self.show_button = QPushButton(objectName="showPark")
        self.show_button.setDefault(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.months_label)
        top.addWidget(self.months)
        top.addSpacing(12)
        top.addWidget(self.cutoff_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.legend = QLabel(wordWrap=True)
        layout.addWidget(self.legend)
        layout.addWidget(self.buttons)

        self.months.valueChanged.connect(self._months_changed)
        self.table.itemActivated.connect(lambda _item: self._activate())
        self.show_button.clicked.connect(self._activate)
        # No fixed size: at most the screen (125 %/150 % on 1366×768), the table scrolls.
        screen = self.screen().availableGeometry()
        self.resize(min(1160, int(screen.width() * 0.95)), min(640, int(screen.height() * 0.9)))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Survey progress per business park"))
        self.months_label.setText(self.tr("&Stale after (months):"))
        self.show_button.setText(self.tr("&Show on map"))
        self.show_button.setToolTip(self.tr(
            "Show the parcels of the chosen park, coloured by survey status"))
        self.legend.setText(self.tr(
            "Per topic: parcels with a current value (share of the park's parcels). "
            "Stale observations: current values observed before the cutoff date. "
            "Double-click a park to show it on the map."))
        self.refresh()

    def refresh(self) -> None:
        self.progress = survey_progress(self._rows(), self._today, self.months.value())
        cutoff = self.progress.cutoff
        self.cutoff_label.setText(self.tr("Observations from before %1 count as stale.").replace(
            "%1", QLocale().toString(QDate(cutoff.year, cutoff.month, cutoff.day),
                                     QLocale.FormatType.LongFormat)))
        self._fill(self.progress)

    def _headers(self) -> list[tuple[str, str]]:
        short = {
            Topic.VACANCY: self.tr("Vacancy"),
            Topic.CONDITION: self.tr("Condition"),
            Topic.PLANNING: self.tr("Planning"),
            Topic.CLIMATE: self.tr("Climate"),
            Topic.INVESTMENT: self.tr("Investment"),
            Topic.PROFILE_FIT: self.tr("Profile fit"),
            Topic.ENERGY: self.tr("Energy"),
            Topic.MOBILITY: self.tr("Mobility"),
        }
        return [
            (self.tr("Business park"), ""),
            (self.tr("Parcels"), ""),
            (self.tr("Not surveyed"), self.tr("Parcels without any survey topic")),
            (self.tr("Stale"), self.tr("Parcels with at least one stale observation")),
            (self.tr("Current"), self.tr("Parcels whose observations are all recent")),
            *[(short[t], TOPICS[t].label) for t in SURVEY_TOPICS],
            (self.tr("Stale obs."), self.tr("Current observations older than the cutoff")),
            (self.tr("Park vacancy"), self.tr(
                "Vacant / total floor area over the surveyed parcels of the park, against the "
                "friction vacancy of about 5 % (too little vacancy is a problem too)")),
        ]

    def _fill(self, progress: SurveyProgress) -> None:
        headers = self._headers()
        self.table.clear()
        self.table.setColumnCount(len(headers))
        for column, (text, tip) in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setToolTip(tip or text)
            self.table.setHorizontalHeaderItem(column, item)
        lines = [*progress.parks, progress.total]
        self.table.setRowCount(len(lines))
        for row, park in enumerate(lines):
            self._fill_row(row, park)
        header = self.table.horizontalHeader()
        # Park names stay readable; with eight topics the figures scroll sideways instead.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if progress.parks:
            self.table.selectRow(0)

    def _park_name(self, park: ParkProgress) -> str:
        if park.is_total:
            return self.tr("All parcels")
        if park.park_id is None:
            return self.tr("(no business park)")
        if park.in_scope is False:
            return self.tr("%1 (outside OTB)").replace("%1", park.park_name or "")
        return park.park_name or ""

    def _fill_row(self, row: int, park: ParkProgress) -> None:
        locale = QLocale()

        def number(value: int) -> QTableWidgetItem:
            item = QTableWidgetItem(locale.toString(value))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return item

        cells = [QTableWidgetItem(self._park_name(park)), number(park.parcels),
                 number(park.not_surveyed_parcels), number(park.stale_parcels),
                 number(park.current_parcels)]
        for topic in SURVEY_TOPICS:
            share = park.surveyed_share(topic)
            item = QTableWidgetItem(f"{locale.toString(park.surveyed[topic])} "
                                    f"({locale.toString(100 * share, 'f', 0)} %)")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setBackground(QBrush(_share_colour(share)))
            stale = park.stale[topic]
            item.setToolTip(self.tr("%1 surveyed, %2 of them stale").replace(
                "%1", locale.toString(park.surveyed[topic])).replace("%2", locale.toString(stale)))
            cells.append(item)
        stale_item = number(park.stale_observations)
        if park.stale_observations:
            stale_item.setForeground(QBrush(palette.readable_accent("warning")))
        cells.append(stale_item)
        cells.append(self._vacancy_item(park))
        for column, item in enumerate(cells):
            item.setData(PARK_ROLE, None if park.is_total else (park.park_id or ""))
            if park.is_total:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def _vacancy_item(self, park: ParkProgress) -> QTableWidgetItem:
        vacancy = park.vacancy
        if vacancy is None or vacancy.pct is None:
            item = QTableWidgetItem(self.tr("unknown"))
            item.setForeground(QBrush(QColor("#757575")))
        else:
            side = {"onder": self.tr("below 5 %"), "rond": self.tr("around 5 %"),
                    "boven": self.tr("above 5 %")}[vacancy.against_friction]
            item = QTableWidgetItem(f"{QLocale().toString(vacancy.pct, 'f', 1)} % ({side})")
            if vacancy.against_friction != "rond":
                item.setForeground(QBrush(QColor("#a15c00")))
            item.setToolTip(self.tr("%1 of %n parcel(s) with a vacancy survey", "",
                                    vacancy.parcels).replace(
                "%1", f"{QLocale().toString(vacancy.vacant_m2, 'f', 0)} m² / "
                      f"{QLocale().toString(vacancy.floor_area_m2, 'f', 0)} m²"))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def selected_park(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(PARK_ROLE) if items else None

    def select_park(self, park_id: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(PARK_ROLE) == park_id:
                self.table.selectRow(row)
                return True
        return False

    def _activate(self) -> None:
        park_id = self.selected_park()
        if park_id is not None:
            self.parkActivated.emit(park_id)

    def _months_changed(self, months: int) -> None:
        self.monthsChanged.emit(months)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
