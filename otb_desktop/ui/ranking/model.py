"""The ranking table: a model over ``RankedUnit`` rows and its sort/filter proxy.

Rows are replaced as a whole after each re-rank (a weight change); ``data()`` only reads the
frozen rows. Columns: rank, name, park, stage, score, urgentie, kansrijkheid, completeness,
stability, flags, then one column per criterion (its sub-score; empty = no data, "conflict"
when a topic is in conflict, "*" after an indicatief value). The proxy filters by park,
stage, flag and "only ranked".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from otb_desktop.domain.ranking.criteria import CRITERIA, FLAGS
from otb_desktop.domain.sites import STAGE_LABELS, Stage
from otb_desktop.services.ranking import RankedUnit

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
AnyIndex = QModelIndex | QPersistentModelIndex

RANK, NAME, PARK, STAGE, SCORE, URGENTIE, KANSRIJKHEID, COMPLETENESS, STABILITY, FLAGS_COL = \
    range(10)
FIRST_CRITERION = 10
UNSTABLE_COLOUR = QColor("#b35806")
MUTED = QColor("#767676")


def stage_label(stage: str) -> str:
    return STAGE_LABELS[Stage(stage)] if stage else ""


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


class RankingTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[RankedUnit] = []
        self._position: dict[str, int] = {}
        self._headers = self._make_headers()

    def _make_headers(self) -> list[str]:
        return [self.tr("Rank"), self.tr("Name"), self.tr("Business park"), self.tr("Stage"),
                self.tr("Score"), self.tr("Urgency"), self.tr("Promise"),
                self.tr("Completeness"), self.tr("Stability"), self.tr("Flags"),
                *[c.label for c in CRITERIA]]

    def retranslate(self) -> None:
        self._headers = self._make_headers()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def set_rows(self, rows: Sequence[RankedUnit]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._position = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def rows(self) -> list[RankedUnit]:
        return list(self._rows)

    def row_of(self, unit_id: str) -> int | None:
        return self._position.get(unit_id)

    def unit(self, row: int) -> RankedUnit:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_CRITERION + len(CRITERIA)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section >= FIRST_CRITERION:
                c = CRITERIA[section - FIRST_CRITERION]
                return f"{c.label} ({c.axis}): {c.formula}"
            if section == STABILITY:
                return self.tr("Share of the sensitivity trials in which it stays in the "
                               "top N; ! marks an unstable rank")
            if section == COMPLETENESS:
                return self.tr("Share of the weight whose criteria have data")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (NAME, PARK, STAGE,
                                                                        FLAGS_COL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == STABILITY and row.unstable:
                return UNSTABLE_COLOUR
            if not row.rank:
                return MUTED
        if role == Qt.ItemDataRole.FontRole and column == SCORE and row.rank:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: RankedUnit, column: int) -> str:
        if column == RANK:
            return str(row.rank) if row.rank else "–"
        if column == NAME:
            return row.name
        if column == PARK:
            return row.park
        if column == STAGE:
            return stage_label(row.stage)
        if column == SCORE:
            return _number(row.score) + ("*" if row.indicative and row.score is not None
                                         else "")
        if column == URGENTIE:
            return _number(row.urgentie)
        if column == KANSRIJKHEID:
            return _number(row.kansrijkheid)
        if column == COMPLETENESS:
            return f"{row.completeness:.0%}"
        if column == STABILITY:
            if row.share_in_top is None:
                return ""
            return f"{row.share_in_top:.0%}" + (" !" if row.unstable else "")
        if column == FLAGS_COL:
            flags = [FLAGS[f].split(" (")[0] for f in row.flags]
            if row.in_scope is False:
                flags.insert(0, self.tr("outside the OTB parks"))
            return ", ".join(flags)
        c = CRITERIA[column - FIRST_CRITERION]
        if c.key in row.conflicts:
            return self.tr("conflict")
        value = row.subscores[column - FIRST_CRITERION]
        return _number(value) + ("*" if c.key in row.indicative_criteria else "")

    def _sort_value(self, row: RankedUnit, column: int) -> Any:
        missing = -1.0  # unknown sorts below every known value, never as 0
        if column == RANK:
            return row.rank if row.rank else 10**9
        if column in (NAME, PARK, STAGE, FLAGS_COL):
            return self._display(row, column).casefold()
        value = {SCORE: row.score, URGENTIE: row.urgentie, KANSRIJKHEID: row.kansrijkheid,
                 COMPLETENESS: row.completeness, STABILITY: row.share_in_top}.get(column)
        if column >= FIRST_CRITERION:
            value = row.subscores[column - FIRST_CRITERION]
        return missing if value is None else value

    def _tooltip(self, row: RankedUnit, column: int) -> str | None:
        if column == SCORE and not row.rank:
            return self.tr("Not ranked: completeness %1 is below the minimum").replace(
                "%1", f"{row.completeness:.0%}")
        if column == FLAGS_COL and (row.flags or row.in_scope is False):
            scope = [self.tr("Outside the ten business parks of the OTB (chapter 2.2)")] \
                if row.in_scope is False else []
            return "\n".join([*scope, *(FLAGS[f] for f in row.flags)])
        if column >= FIRST_CRITERION:
            c = CRITERIA[column - FIRST_CRITERION]
            if c.key in row.conflicts:
                return self.tr("Two different current values (conflict): not used until "
                               "resolved")
            if row.subscores[column - FIRST_CRITERION] is None:
                return self.tr("No data (not counted as 0)")
            if c.key in row.indicative_criteria:
                return self.tr("Indicative (estimated input)")
        return None


class RankingFilterProxy(QSortFilterProxyModel):
    """Filters by park, stage, flag and whether the unit is ranked."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.park = ""
        self.stage = ""
        self.flag = ""
        self.only_ranked = False

    def set_filter(self, park: str = "", stage: str = "", flag: str = "",
                   only_ranked: bool = False) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self.park, self.stage, self.flag, self.only_ranked = park, stage, flag, only_ranked
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.park, self.stage, self.flag, self.only_ranked = park, stage, flag, only_ranked
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        row: RankedUnit = model.unit(source_row)
        if self.park and row.park != self.park:
            return False
        if self.stage and row.stage != self.stage:
            return False
        if self.flag == "conflict":
            if not row.conflicts:
                return False
        elif self.flag and self.flag not in row.flags:
            return False
        return not (self.only_ranked and not row.rank)
