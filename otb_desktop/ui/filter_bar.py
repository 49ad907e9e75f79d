"""Filters above the parcel list: business park, survey completeness and one topic value.

The bar only translates the user's choice into calls on ParcelFilterProxy; the rules live in
the proxy (parcel_table_model.py), so tests can check them without widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QSizePolicy, QToolButton, QWidget

from otb_desktop.domain.topics import TOPICS, Kind, Topic
from otb_desktop.services.survey_progress import DEFAULT_STALE_MONTHS
from otb_desktop.ui.parcel_table_model import (
    NO_PARK,
    PARCEL,
    Completeness,
    Op,
    ParcelFilterProxy,
    ValueFilter,
)

ALL = None


@dataclass(frozen=True)
class FilterField:
    topic: str
    name: str
    kind: Kind
    label: str
    choices: tuple[tuple[Any, str], ...] = ()


def topic_fields() -> list[FilterField]:
    """Every recorded field that can be compared (numbers, choices, yes/no) per topic."""
    fields: list[FilterField] = []
    for topic, spec in TOPICS.items():
        if topic is Topic.NOTE:
            continue
        for fs in spec.fields:
            if fs.kind in (Kind.INT, Kind.FLOAT, Kind.CHOICE, Kind.BOOL):
                fields.append(FilterField(str(topic), fs.name, fs.kind,
                                          f"{spec.label}: {fs.label}", fs.choices))
    return fields


class FilterBar(QWidget):
    """Park, completeness and value filters; ``changed`` after each change."""

    changed = Signal()
    parkChosen = Signal(object)  # park id, NO_PARK or None (all), when the user picks one

    def __init__(self, proxy: ParcelFilterProxy, parent: QWidget | None = None):
        super().__init__(parent)
        self.proxy = proxy
        self._stale_months = DEFAULT_STALE_MONTHS
        self._parks: list[tuple[str, str, bool | None]] = []
        self._fields = topic_fields()

        self.park = QComboBox(objectName="parkFilter")
        self.completeness = QComboBox(objectName="completenessFilter")
        self.field = QComboBox(objectName="valueFilterField")
        self.op = QComboBox(objectName="valueFilterOp")
        self.value = QComboBox(objectName="valueFilterValue")
        self.reset = QToolButton(objectName="resetFilters")
        self.reset.setText("×")
        for combo in (self.park, self.field):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.completeness.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.completeness.setMinimumContentsLength(10)
        self.op.setMinimumContentsLength(3)
        self.value.setMinimumContentsLength(5)
        self.value.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._validator = QDoubleValidator(self)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.park, 0, 0, 1, 2)
        layout.addWidget(self.completeness, 0, 2, 1, 2)
        layout.addWidget(self.field, 1, 0)
        layout.addWidget(self.op, 1, 1)
        layout.addWidget(self.value, 1, 2)
        layout.addWidget(self.reset, 1, 3)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(2, 1)

        self.retranslate()
        self.park.currentIndexChanged.connect(self._apply_park)
        self.completeness.currentIndexChanged.connect(self._apply_completeness)
        self.field.currentIndexChanged.connect(self._field_changed)
        self.op.currentIndexChanged.connect(self._op_changed)
        self.value.currentIndexChanged.connect(self._apply_value)
        self.value.editTextChanged.connect(self._apply_value)
        self.reset.clicked.connect(self.clear)
        self._field_changed()

    # Public

    def set_parks(self, parks: list[tuple[str, str, bool | None]]) -> None:
        """(id, name, in scope) of the parks that have parcels; keeps the current choice."""
        self._parks = sorted(parks, key=lambda p: (not p[2], p[1].lower()))
        self._fill_parks()

    def set_stale_months(self, months: int) -> None:
        self._stale_months = months
        self.proxy.set_stale_months(months)
        self._fill_completeness()

    def select_park(self, park_id: str | None) -> None:
        index = self.park.findData(park_id if park_id is not None else "*")
        if index >= 0:
            self.park.setCurrentIndex(index)

    def select_completeness(self, value: Completeness) -> None:
        self.completeness.setCurrentIndex(self.completeness.findData(str(value)))

    def select_value_filter(self, topic: str, name: str, op: Op, value: Any = None) -> None:
        """Set the value filter as a user would (tests, survey progress dialog)."""
        for i in range(self.field.count()):
            data = self.field.itemData(i)
            if data is not None and (self._fields[data].topic, self._fields[data].name) == (
                    topic, name):
                self.field.setCurrentIndex(i)
                break
        else:
            raise KeyError((topic, name))
        self.op.setCurrentIndex(self.op.findData(str(op)))
        if value is not None:
            index = self.value.findData(value)
            if self.value.isEditable() or index < 0:
                self.value.setEditText(QLocale().toString(float(value), "g", 12))
            else:
                self.value.setCurrentIndex(index)
        self._apply_value()

    def clear(self) -> None:
        self.park.setCurrentIndex(0)
        self.completeness.setCurrentIndex(0)
        self.field.setCurrentIndex(0)

    # Filling the combo boxes

    def retranslate(self) -> None:
        self.reset.setToolTip(self.tr("Clear all filters"))
        self.park.setToolTip(self.tr("Show the parcels of one business park"))
        self.completeness.setToolTip(self.tr("Show parcels by how far their survey is"))
        self.field.setToolTip(self.tr("Filter on a recorded value or a figure"))
        self.op.setToolTip(self.tr("Comparison"))
        self.value.setToolTip(self.tr("Value to compare with"))
        self._fill_parks()
        self._fill_completeness()
        self._fill_fields()
        self._fill_ops()

    def _refill(self, combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _fill_parks(self) -> None:
        items: list[tuple[str, Any]] = [(self.tr("All business parks"), "*")]
        for park_id, name, in_scope in self._parks:
            items.append((name if in_scope else self.tr("%1 (outside OTB)").replace("%1", name),
                          park_id))
        items.append((self.tr("No business park"), NO_PARK))
        self._refill(self.park, items)

    def _fill_completeness(self) -> None:
        self._refill(self.completeness, [
            (self.tr("All parcels"), str(Completeness.ALL)),
            (self.tr("Not surveyed yet"), str(Completeness.NOT_SURVEYED)),
            (self.tr("Partly surveyed"), str(Completeness.PARTLY)),
            (self.tr("Fully surveyed"), str(Completeness.COMPLETE)),
            (self.tr("Older than %n months", None, self._stale_months),
             str(Completeness.STALE)),
            (self.tr("With conflicts"), str(Completeness.CONFLICT)),
        ])

    def _derived_fields(self) -> list[FilterField]:
        return [
            FilterField(PARCEL, "coverage_pct", Kind.FLOAT, self.tr("Parcel: coverage %")),
            FilterField(PARCEL, "area_m2", Kind.FLOAT, self.tr("Parcel: area m²")),
            FilterField(PARCEL, "unused_coverage_m2", Kind.FLOAT,
                        self.tr("Parcel: unused coverage m²")),
            FilterField(str(Topic.VACANCY), "vacancy_pct", Kind.FLOAT,
                        self.tr("Vacancy %")),
        ]

    def _fill_fields(self) -> None:
        self._fields = self._derived_fields() + topic_fields()
        items: list[tuple[str, Any]] = [(self.tr("No value filter"), None)]
        items += [(f.label, i) for i, f in enumerate(self._fields)]
        current = self.field.currentData()
        self.field.blockSignals(True)
        self.field.clear()
        for text, data in items:
            self.field.addItem(text, data)
        self.field.setCurrentIndex(current + 1 if current is not None else 0)
        self.field.blockSignals(False)

    def _current_field(self) -> FilterField | None:
        data = self.field.currentData()
        return None if data is None else self._fields[data]

    def _fill_ops(self) -> None:
        spec = self._current_field()
        if spec is None:
            items: list[tuple[str, Any]] = []
        elif spec.kind in (Kind.INT, Kind.FLOAT):
            items = [("≥", str(Op.AT_LEAST)), ("≤", str(Op.AT_MOST)), ("=", str(Op.EQ)),
                     (self.tr("recorded"), str(Op.RECORDED)),
                     (self.tr("not recorded"), str(Op.MISSING))]
        else:
            items = [("=", str(Op.EQ)), (self.tr("recorded"), str(Op.RECORDED)),
                     (self.tr("not recorded"), str(Op.MISSING))]
        self._refill(self.op, items)

    def _fill_values(self) -> None:
        spec = self._current_field()
        self.value.blockSignals(True)
        self.value.clear()
        numeric = spec is not None and spec.kind in (Kind.INT, Kind.FLOAT)
        self.value.setEditable(numeric)
        if numeric:
            self.value.lineEdit().setValidator(self._validator)
            self.value.lineEdit().setPlaceholderText(self.tr("value"))
        elif spec is not None and spec.kind is Kind.BOOL:
            self.value.addItem(self.tr("yes"), True)
            self.value.addItem(self.tr("no"), False)
        elif spec is not None:
            for key, label in spec.choices:
                self.value.addItem(label, key)
        self.value.blockSignals(False)

    # Applying

    def _apply_park(self) -> None:
        data = self.park.currentData()
        park = None if data in (None, "*") else data
        self.proxy.set_park(park)
        self.changed.emit()
        self.parkChosen.emit(park)

    def _apply_completeness(self) -> None:
        value = Completeness(self.completeness.currentData() or Completeness.ALL)
        self.proxy.set_completeness(value)
        self.changed.emit()

    def _field_changed(self) -> None:
        spec = self._current_field()
        self._fill_ops()
        self._fill_values()
        self.op.setEnabled(spec is not None)
        self._op_changed()

    def _op_changed(self) -> None:
        op = self.op.currentData()
        self.value.setEnabled(op in (str(Op.EQ), str(Op.AT_LEAST), str(Op.AT_MOST)))
        self._apply_value()

    def _apply_value(self) -> None:
        self.proxy.set_value_filter(self.current_value_filter())
        self.changed.emit()

    def current_value_filter(self) -> ValueFilter | None:
        spec = self._current_field()
        op_data = self.op.currentData()
        if spec is None or op_data is None:
            return None
        op = Op(op_data)
        if op in (Op.RECORDED, Op.MISSING):
            return ValueFilter(spec.topic, spec.name, op)
        if spec.kind in (Kind.INT, Kind.FLOAT):
            number, ok = QLocale().toDouble(self.value.currentText().strip())
            return ValueFilter(spec.topic, spec.name, op, number) if ok else None
        return ValueFilter(spec.topic, spec.name, op, self.value.currentData())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
