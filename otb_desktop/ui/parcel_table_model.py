"""The parcel list: a table model over ParcelRow values and the one sort/filter proxy.

Rows are loaded once off the GUI thread and replaced one by one after a save, so ``data()``
never does I/O (Anki, Vorta). The proxy filters by park, survey completeness, a topic value
and the search text (designation, also loosely typed as ``b2298`` via
``domain.designation.search_key``; address; business-park name).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from otb_desktop.domain import designation as designations
from otb_desktop.domain.figures import vacancy_figures
from otb_desktop.domain.search import SearchEntry, SearchQuery, search_entry
from otb_desktop.domain.topics import TOPICS, Topic
from otb_desktop.services.parcels import SURVEY_TOPICS, ParcelRow
from otb_desktop.services.survey_progress import (
    DEFAULT_STALE_MONTHS,
    SurveyStatus,
    survey_status,
)
from otb_desktop.ui import workers

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DESIGNATION = 0
    PARK = 1
    ADDRESS = 2
    AREA = 3
    COVERAGE = 4
    COMPLETENESS = 5
    LAST_OBSERVED = 6
    TO_DWELLING = 7


_NUMERIC = {Column.AREA, Column.COVERAGE, Column.COMPLETENESS, Column.TO_DWELLING}


def designation_sort_key(text: str) -> str:
    """``OTL02 B 230`` sorts before ``OTL02 B 2298``: numbers compared as numbers."""
    return designations.sort_key(text)


MUNICIPALITY = "Hengelo"
_TOWN_SUFFIX = re.compile(rf",?\s*{MUNICIPALITY}\s*$", re.IGNORECASE)


def short_address(address: str) -> str:
    """The address without the repeated ", Hengelo" (the list is narrow; the tooltip keeps
    the whole address)."""
    return _TOWN_SUFFIX.sub("", address).rstrip(", ")


def last_observed(row: ParcelRow) -> dt.datetime | None:
    return row.last_observed


def _search_entry(row: ParcelRow) -> SearchEntry:
    return search_entry(row.designation, row.addresses, row.park_name)


class PreparedRows(NamedTuple):
    """The per-row work of ``set_rows`` for the default order (designation, ascending),
    done off the GUI thread (``prepare_rows``) for a large load: the rows in that order,
    their positions and their designation sort keys. Search entries are made later, a few
    rows at a time between events (``fill_search_entries``), or when first needed."""

    rows: list[ParcelRow]
    index: dict[str, int]
    keys: dict[str, str] | None  # None: made when first needed (ParcelTableModel._keys)


def prepare_rows(rows: list[ParcelRow]) -> PreparedRows:
    ids = list(map(attrgetter("id"), rows))
    order = designations.natural_order(list(map(attrgetter("designation"), rows)))
    if order is not None:  # canonical designations: ordered in C, keys made when needed
        keys = None
    else:
        key = designations.sort_key
        row_keys = [key(r.designation) for r in rows]
        order = sorted(range(len(rows)), key=row_keys.__getitem__)
        keys = dict(zip(ids, row_keys, strict=True))
    ordered = list(map(rows.__getitem__, order))
    return PreparedRows(ordered, dict(zip(map(ids.__getitem__, order), range(len(order)),
                                          strict=True)), keys)


def search_rank(row: ParcelRow, text: str) -> int | None:
    """How well ``row`` matches the search text (domain.search.Rank; lower is better)."""
    return SearchQuery(text).rank(_search_entry(row))


REVEAL_STEP = 20_000  # rows a large load shows per event-loop turn
# Steps follow each other by a 1 ms timer, not a zero one: Qt handles zero timers as posted
# events, all in one pass, so input, repaints and other timers waited for the whole chain.
STEP_MS = 1


class ParcelTableModel(QAbstractTableModel):
    """Holds the rows and sorts them itself: Python's sort on prepared keys takes
    milliseconds for 20 000 parcels, where the proxy's pairwise comparisons through
    ``data()`` take seconds.

    A large load is shown ``REVEAL_STEP`` rows per event-loop turn (``revealed`` when all
    are): at 200 000 rows one reset made the filter proxy map every row in one go, about
    half a second of frozen window."""

    revealed = Signal()
    searchFilled = Signal()  # fill_search_entries has made every entry

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ParcelRow] = []
        self._count = 0  # rows shown so far (all but during a large load)
        self._index: dict[str, int] = {}
        self._search: list[SearchEntry | None] = []  # None: made when first needed
        self._fill_at = 0  # fill_search_entries: the next position to fill
        self._filling = False
        self._resume_gc: Callable[[], None] = lambda: None  # see fill_search_entries
        self._designation_keys: dict[str, str] | None = {}  # None: not made yet (_keys)
        self._entries: dict[str, SearchEntry] = {}
        self._sort_column = Column.DESIGNATION
        self._sort_order = Qt.SortOrder.AscendingOrder

    # Content

    def set_rows(self, rows: list[ParcelRow], prepared: PreparedRows | None = None) -> None:
        """All rows anew; ``prepared`` (``prepare_rows(rows)``, made off the GUI thread)
        saves the per-row work when the list is sorted by designation, ascending."""
        if prepared is None:
            prepared = prepare_rows(rows)
        self.beginResetModel()
        self._fill_at = 0
        self._designation_keys = prepared.keys
        self._entries = {}
        self._rows = list(prepared.rows)
        if self._sort_column == Column.DESIGNATION \
                and self._sort_order == Qt.SortOrder.AscendingOrder:
            self._index = prepared.index
            self._search = [None] * len(self._rows)
        else:
            self._apply_sort()
        self._count = min(len(self._rows), REVEAL_STEP)
        self.endResetModel()
        self._reveal_next()

    def total(self) -> int:
        """Every row, also those a large load has not shown yet."""
        return len(self._rows)

    def revealing(self) -> bool:
        """True while a large load is still being shown (``revealed`` follows)."""
        return self._count < len(self._rows)

    def _reveal_step(self, all_: bool = False) -> None:
        if not self.revealing():
            return
        end = len(self._rows) if all_ else min(len(self._rows), self._count + REVEAL_STEP)
        self.beginInsertRows(QModelIndex(), self._count, end - 1)
        self._count = end
        self.endInsertRows()
        self._reveal_next()

    def _reveal_next(self) -> None:
        """The next step of a large load in a later event-loop turn, or ``revealed``."""
        if self.revealing():
            QTimer.singleShot(STEP_MS, self, self._reveal_step)
        else:
            self.revealed.emit()

    def reveal_all(self) -> None:
        """Show every row now (before a change that needs them all)."""
        self._reveal_step(all_=True)

    def fill_search_entries(self, step: int = 2000) -> None:
        """Make the search entries ``step`` rows at a time between events (each step a few
        tens of milliseconds): the first search then finds them ready, and neither the GUI
        thread nor a repaint waits for all of them at once (a thread would hold the GIL)."""
        self._fill_at = 0
        if not self._filling:
            self._filling = True
            # No cyclic collection while the entries are made (workers.bulk_load, over
            # every step): each full collection walked every entry made so far, holding the
            # GUI thread longer each time (200 000 parcels: 40 ms growing to 300 ms).
            self._resume_gc = resume = workers.pause_gc()
            self.destroyed.connect(resume)  # a model gone before the end: GC back on
            QTimer.singleShot(STEP_MS, self, lambda: self._fill_step(step))

    def _fill_step(self, step: int) -> None:
        end = min(len(self._rows), self._fill_at + step)
        for position in range(self._fill_at, end):
            if self._search[position] is None:
                self.search_entry(position)
        self._fill_at = end
        if end < len(self._rows):
            QTimer.singleShot(STEP_MS, self, lambda: self._fill_step(step))
        else:
            self._filling = False
            self._resume_gc()  # and the entries frozen: no later collection walks them
            self.searchFilled.emit()

    def filling_search(self) -> bool:
        """True while ``fill_search_entries`` is still stepping."""
        return self._filling

    def update_rows(self, rows: list[ParcelRow]) -> None:
        """Replace known rows in place (after a save) and append unknown ones.

        A replaced row keeps its place even when the sort value changed, so stepping
        through the list after a save continues where the user was.
        """
        self.reveal_all()
        for row in rows:
            self._keys()[row.id] = designation_sort_key(row.designation)
            entry = self._entries[row.id] = _search_entry(row)
            position = self._index.get(row.id)
            if position is None:
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
                self._index[row.id] = len(self._rows)
                self._rows.append(row)
                self._search.append(entry)
                self.endInsertRows()
            else:
                self._rows[position] = row
                self._search[position] = entry
                self.dataChanged.emit(self.index(position, 0),
                                      self.index(position, len(Column) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = Column(column) if 0 <= column < len(Column) else Column.DESIGNATION
        self._sort_order = order
        if not self._rows:
            return
        self.reveal_all()
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[index.row()].id for index in persistent]
        self._apply_sort()
        self.changePersistentIndexList(
            persistent, [self.index(self._index[pid], index.column())
                         for pid, index in zip(ids, persistent, strict=True)])
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column = self._sort_column
        keys = self._keys()
        if column == Column.DESIGNATION:
            self._rows.sort(key=lambda r: keys[r.id],
                            reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        else:
            self._rows.sort(
                key=lambda r: (self._sort_value(r, column, keys[r.id]), keys[r.id]),
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self._index = {r.id: i for i, r in enumerate(self._rows)}
        entries = self._entries
        self._search = [entries.get(r.id) for r in self._rows]

    def _keys(self) -> dict[str, str]:
        """Every row's designation sort key by id; a load of canonical designations leaves
        them to the first sort by another column (``prepare_rows``)."""
        keys = self._designation_keys
        if keys is None:
            key = designation_sort_key
            keys = self._designation_keys = {r.id: key(r.designation) for r in self._rows}
        return keys

    def search_entry(self, position: int) -> SearchEntry:
        entry = self._search[position]
        if entry is None:
            row = self._rows[position]
            entry = self._search[position] = self._entries[row.id] = _search_entry(row)
        return entry

    def rows(self) -> list[ParcelRow]:
        return list(self._rows)

    def row_at(self, position: int) -> ParcelRow:
        return self._rows[position]

    def position_of(self, parcel_id: str) -> int | None:
        return self._index.get(parcel_id)

    def row_by_id(self, parcel_id: str) -> ParcelRow | None:
        position = self._index.get(parcel_id)
        return None if position is None else self._rows[position]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._count:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._count - 1, len(Column) - 1))

    # QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _header(self, column: Column) -> str:
        return {
            Column.DESIGNATION: self.tr("Parcel"),
            Column.PARK: self.tr("Business park"),
            Column.ADDRESS: self.tr("Address"),
            Column.AREA: self.tr("Area"),
            Column.COVERAGE: self.tr("Coverage"),
            Column.COMPLETENESS: self.tr("Surveyed"),
            Column.LAST_OBSERVED: self.tr("Last observed"),
            Column.TO_DWELLING: self.tr("To dwelling"),
        }[column]

    def _header_tip(self, column: Column) -> str:
        return {
            Column.DESIGNATION: self.tr("Cadastral designation (AKR code, section, number)"),
            Column.PARK: self.tr("Business park the parcel lies in"),
            Column.ADDRESS: self.tr("First address on the parcel"),
            Column.AREA: self.tr("Parcel area in m²"),
            Column.COVERAGE: self.tr("Built footprint as a share of the parcel area"),
            Column.COMPLETENESS: self.tr("Survey topics with a current value, of %n", None,
                                         len(SURVEY_TOPICS)),
            Column.LAST_OBSERVED: self.tr("Date of the most recent survey observation"),
            Column.TO_DWELLING: self.tr(
                "Distance to the nearest dwelling (BAG verblijfsobject with woonfunctie); "
                "empty when no verblijfsobjecten are imported"),
        }[column]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column, self._keys()[row.id])
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.DESIGNATION \
                and row.conflicts:
            return QColor("#b3261e")
        return None

    def _display(self, row: ParcelRow, column: Column) -> str:
        locale = QLocale()
        match column:
            case Column.DESIGNATION:
                return f"{row.designation} ⚠" if row.conflicts else row.designation
            case Column.PARK:
                return row.park_name or self.tr("(no park)")
            case Column.ADDRESS:
                return short_address(row.addresses[0]) if row.addresses else ""
            case Column.AREA:
                return f"{locale.toString(float(row.area_m2), 'f', 0)} m²"
            case Column.COVERAGE:
                return f"{locale.toString(float(row.coverage_pct), 'f', 0)} %"
            case Column.COMPLETENESS:
                return f"{row.surveyed_topics}/{len(SURVEY_TOPICS)}"
            case Column.LAST_OBSERVED:
                when = last_observed(row)
                if when is None:
                    return ""
                local = when.astimezone().date()
                return locale.toString(QDate(local.year, local.month, local.day),
                                       QLocale.FormatType.ShortFormat)
            case Column.TO_DWELLING:
                distance = row.distance_to_sensitive_m
                return "" if distance is None else f"{locale.toString(distance, 'f', 0)} m"
        raise AssertionError(column)

    @staticmethod
    def _sort_value(row: ParcelRow, column: Column, designation_key: str) -> Any:
        match column:
            case Column.DESIGNATION:
                return designation_key
            case Column.PARK:
                return (row.park_name or "\uffff").lower()
            case Column.ADDRESS:
                return (row.addresses[0] if row.addresses else "\uffff").lower()
            case Column.AREA:
                return float(row.area_m2)  # plain floats: numpy scalars do not sort in Qt
            case Column.COVERAGE:
                return float(row.coverage_pct)
            case Column.COMPLETENESS:
                return int(row.surveyed_topics)
            case Column.LAST_OBSERVED:
                when = last_observed(row)
                return when.isoformat() if when else ""
            case Column.TO_DWELLING:
                distance = row.distance_to_sensitive_m
                return float("inf") if distance is None else float(distance)
        raise AssertionError(column)

    def _tooltip(self, row: ParcelRow, column: Column) -> str | None:
        if column == Column.DESIGNATION and row.conflicts:
            names = ", ".join(TOPICS[Topic(t)].label for t in sorted(row.conflicts))
            return self.tr("Conflicting observations: %1").replace("%1", names)
        if column == Column.ADDRESS and row.addresses:
            return "\n".join(row.addresses)
        if column == Column.COMPLETENESS:
            done = [TOPICS[t].label for t in SURVEY_TOPICS if t in row.values]
            return ", ".join(done) if done else self.tr("Not surveyed yet")
        return None


# Filters


class Completeness(StrEnum):
    ALL = "all"
    NOT_SURVEYED = "not_surveyed"
    PARTLY = "partly"
    COMPLETE = "complete"
    STALE = "stale"
    CONFLICT = "conflict"


NO_PARK = ""  # park filter value for parcels outside every business park


class Op(StrEnum):
    RECORDED = "recorded"
    MISSING = "missing"
    EQ = "eq"
    AT_LEAST = "ge"
    AT_MOST = "le"


# Pseudo topic for figures every parcel has, and derived figures of a topic.
PARCEL = "parcel"
DERIVED_FIELDS: dict[tuple[str, str], Callable[[ParcelRow], Any]] = {
    (PARCEL, "coverage_pct"): lambda r: r.coverage_pct,
    (PARCEL, "area_m2"): lambda r: r.area_m2,
    (PARCEL, "unused_coverage_m2"): lambda r: r.unused_coverage_m2,
    (str(Topic.VACANCY), "vacancy_pct"): lambda r: vacancy_figures(
        r.values[Topic.VACANCY], dt.date.today())["vacancy_pct"]
    if Topic.VACANCY in r.values else None,
}


def field_value(row: ParcelRow, topic: str, name: str) -> Any:
    derived = DERIVED_FIELDS.get((topic, name))
    return derived(row) if derived else row.value(topic, name)


@dataclass(frozen=True)
class ValueFilter:
    """``condition.overall ≥ 4``, ``profile_fit.environmental_category = 5``, ``… recorded``."""

    topic: str
    field: str
    op: Op
    value: Any = None

    def matches(self, row: ParcelRow) -> bool:
        actual = field_value(row, self.topic, self.field)
        if self.op is Op.RECORDED:
            return actual is not None
        if self.op is Op.MISSING:
            return actual is None
        if actual is None or self.value is None:
            return False
        if self.op is Op.EQ:
            return actual == self.value
        try:
            return actual >= self.value if self.op is Op.AT_LEAST else actual <= self.value
        except TypeError:
            return False


class ParcelFilterProxy(QSortFilterProxyModel):
    """Sorts on raw values and keeps the rows that pass every active filter."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._park: str | None = None
        self._completeness = Completeness.ALL
        self._value_filter: ValueFilter | None = None
        self._search = SearchQuery("")
        self._stale_months = DEFAULT_STALE_MONTHS
        self._filtering = False  # has_filters(), kept for filterAcceptsRow

    def source(self) -> ParcelTableModel:
        model = self.sourceModel()
        assert isinstance(model, ParcelTableModel)
        return model

    def _change(self, apply: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            apply()
            self._set_filtering(self.has_filters())
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            apply()
            self._set_filtering(self.has_filters())
            self.invalidateRowsFilter()

    def _set_filtering(self, filtering: bool) -> None:
        """Install the Python ``filterAcceptsRow`` only while a filter is set.

        PySide looks the override up on the instance at each call from C++: without one, Qt
        accepts every row in C++. A class-level override cost a Python call per row at every
        reset and reveal step, 200 000 of them at a large load (``test_load_in_steps``)."""
        self._filtering = filtering
        if filtering:
            self.filterAcceptsRow = self._accepts_source_row
        else:
            self.__dict__.pop("filterAcceptsRow", None)

    def set_park(self, park_id: str | None) -> None:
        """None: every parcel; NO_PARK: parcels outside every park; else that park only."""
        self._change(lambda: setattr(self, "_park", park_id))

    def set_completeness(self, value: Completeness) -> None:
        self._change(lambda: setattr(self, "_completeness", Completeness(value)))

    def set_stale_months(self, months: int) -> None:
        """Observations older than this many months make a parcel stale."""
        self._change(lambda: setattr(self, "_stale_months", months))

    def set_value_filter(self, value_filter: ValueFilter | None) -> None:
        self._change(lambda: setattr(self, "_value_filter", value_filter))

    def set_search(self, text: str) -> None:
        self._change(lambda: setattr(self, "_search", SearchQuery(text)))

    @property
    def search_text(self) -> str:
        return self._search.text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (fast); the proxy keeps its order and only filters."""
        self.source().sort(column, order)

    def has_filters(self) -> bool:
        return bool(self._park is not None or self._completeness is not Completeness.ALL
                    or self._value_filter or self._search.text)

    def accepts(self, row: ParcelRow, entry: SearchEntry | None = None,
                query: SearchQuery | None = None) -> bool:
        """Whether the row passes every filter (and ``query``, default the search text)."""
        if self._park is not None and (row.park_id or NO_PARK) != self._park:
            return False
        if not self._completeness_matches(row):
            return False
        if self._value_filter is not None and not self._value_filter.matches(row):
            return False
        query = self._search if query is None else query
        if not query.text:
            return True
        return query.rank(entry or _search_entry(row)) is not None

    def _completeness_matches(self, row: ParcelRow) -> bool:
        match self._completeness:
            case Completeness.ALL:
                return True
            case Completeness.NOT_SURVEYED:
                return row.surveyed_topics == 0
            case Completeness.PARTLY:
                return 0 < row.surveyed_topics < len(SURVEY_TOPICS)
            case Completeness.COMPLETE:
                return row.surveyed_topics == len(SURVEY_TOPICS)
            case Completeness.STALE:
                return survey_status(row, dt.date.today(),
                                     self._stale_months) is SurveyStatus.STALE
            case Completeness.CONFLICT:
                return bool(row.conflicts)
        raise AssertionError(self._completeness)

    def _accepts_source_row(self, source_row: int, source_parent: AnyIndex) -> bool:
        """``filterAcceptsRow`` while a filter is set (``_set_filtering``)."""
        source = self.source()
        return self.accepts(source.row_at(source_row), source.search_entry(source_row))

    # Convenience for the window

    def parcel_id(self, proxy_row: int) -> str:
        return self.data(self.index(proxy_row, 0), ID_ROLE)

    def visible_ids(self) -> list[str] | None:
        """Ids of the rows that pass the filters and the search; None when nothing filters."""
        if not self.has_filters():
            return None
        source = self.source()
        return [source.row_at(self.mapToSource(self.index(r, 0)).row()).id
                for r in range(self.rowCount())]

    def proxy_row_of(self, parcel_id: str) -> int | None:
        position = self.source().position_of(parcel_id)
        if position is None:
            return None
        index = self.mapFromSource(self.source().index(position, 0))
        return index.row() if index.isValid() else None

    def best_search_match(self) -> int | None:
        """Proxy row of the best match for the search text, in the current sort order."""
        best: tuple[int, int] | None = None
        for proxy_row in range(self.rowCount()):
            entry = self.source().search_entry(self.mapToSource(self.index(proxy_row, 0)).row())
            rank = self._search.rank(entry)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, proxy_row)
                if rank == 0:
                    break
        return best[1] if best else None
