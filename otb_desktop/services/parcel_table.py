"""The flat parcel table shared by the GeoPackage, CSV and XLSX exports and the import.

It lives beside the services, not in ``exporting``, because ``importing`` reads the same
columns: the two packages stand side by side and neither imports the other.

One row per parcel, one column per figure and per survey field. Defining the columns once
keeps the three formats from drifting apart, and gives the observation import and the
spreadsheet template the same names: a column's ``key`` is the GeoPackage field name and the
CSV header (``vacancy.total_floor_area_m2``), its ``header`` the Dutch heading of the XLSX
(``Leegstand: Totaal vloeroppervlak (m²)``). Both are read back by the import.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from otb_desktop.domain.figures import STOREY_HEIGHT_M
from otb_desktop.domain.topics import TOPICS, FieldSpec, Kind, Topic, TopicSpec
from otb_desktop.services.parcels import ParcelRow

OBSERVED_AT = "observed_at"
OBSERVED_AT_LABEL = "Waarneemdatum"


class ColumnType(StrEnum):
    TEXT = "text"
    FLOAT = "float"
    INT = "int"
    BOOL = "bool"
    DATE = "date"


_FIELD_TYPES = {Kind.INT: ColumnType.INT, Kind.FLOAT: ColumnType.FLOAT,
                Kind.DATE: ColumnType.DATE, Kind.BOOL: ColumnType.BOOL,
                Kind.CHOICE: ColumnType.TEXT, Kind.MULTI: ColumnType.TEXT,
                Kind.TEXT: ColumnType.TEXT}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: ColumnType
    get: Callable[[ParcelRow], Any]
    topic: Topic | None = None
    field: str | None = None  # a FieldSpec name, or OBSERVED_AT
    # The values of many rows at once, each the same as get(row) (faster for a whole batch).
    get_many: Callable[[Sequence[ParcelRow]], list[Any]] | None = None
    # A survey field: the value is typed(survey_kind, row.value(topic, field)).
    survey_kind: Kind | None = None

    def value(self, row: ParcelRow) -> Any:
        """The typed value: str, float, int, bool, datetime.date or None."""
        return self.get(row)

    def values(self, rows: Sequence[ParcelRow]) -> list[Any]:
        """``value(row)`` of every row, in order: the exports convert column by column."""
        return table((self,), rows)[0]


def table(cols: Sequence[Column], rows: Sequence[ParcelRow]) -> list[list[Any]]:
    """``column.value(row)`` of every row, column by column: the table of a batch of rows.

    Survey fields are filled topic by topic from the values each row holds (most fields of
    most parcels are empty), not looked up field by field.
    """
    result: list[list[Any]] = []
    survey: dict[str, dict[str, tuple[list[Any], Callable[[Any], Any]]]] = {}
    for column in cols:
        if column.survey_kind is None:
            result.append(column.get_many(rows) if column.get_many
                          else list(map(column.get, rows)))
            continue
        result.append([None] * len(rows))
        survey.setdefault(str(column.topic), {})[column.field] = (
            result[-1], _typed_one(column.survey_kind))
    for topic, fields in survey.items():
        for index, row in enumerate(rows):
            if current := row.values.get(topic):
                for name, value in current.items():
                    if value is not None and (slot := fields.get(name)):
                        slot[0][index] = slot[1](value)
    return result


def _typed_one(kind: Kind) -> Callable[[Any], Any]:
    """``typed(kind, value)`` for a value that is not None: the plain type where it is one."""
    return {Kind.INT: int, Kind.FLOAT: float, Kind.CHOICE: str,
            Kind.TEXT: str}.get(kind) or functools.partial(typed, kind)


def field_key(topic: Topic | str, name: str) -> str:
    return f"{Topic(topic)}.{name}"


def field_header(spec: TopicSpec, field: FieldSpec) -> str:
    """``Leegstand: Totaal vloeroppervlak (m²)``: topic, field and unit for a person."""
    unit = f" ({field.unit})" if field.unit else ""
    return f"{spec.label}: {field.label}{unit}{scale_text(field)}"


def scale_text(field: FieldSpec) -> str:
    """`` [1 uitstekend … 6 zeer slecht]``: the named ends of a scored field, so no number is
    read the wrong way round."""
    if not field.classes:
        return ""
    (low, low_name), (high, high_name) = field.classes[0], field.classes[-1]
    return f" [{low} {low_name} … {high} {high_name}]"


def observed_at_header(spec: TopicSpec) -> str:
    return f"{spec.label}: {OBSERVED_AT_LABEL}"


def observed_date(when: dt.datetime) -> dt.date:
    """The calendar day of an observation as the user on this computer sees it."""
    return when.astimezone().date()


def typed(kind: Kind, value: Any) -> Any:
    """A stored (JSON) survey value as the Python type its column holds."""
    if value is None:
        return None
    match kind:
        case Kind.INT:
            return int(value)
        case Kind.FLOAT:
            return float(value)
        case Kind.DATE:
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        case Kind.BOOL:
            return bool(value)
        case Kind.MULTI:
            return "; ".join(map(str, value)) if value else None
    return str(value)


def _base_columns() -> list[Column]:
    return [
        Column("id", "Id", ColumnType.TEXT, lambda r: r.id),
        Column("designation", "Kadastrale aanduiding", ColumnType.TEXT, lambda r: r.designation),
        Column("park_name", "Bedrijventerrein", ColumnType.TEXT, lambda r: r.park_name),
        Column("in_scope", "Binnen OTB", ColumnType.BOOL, lambda r: r.in_scope),
        Column("addresses", "Adressen", ColumnType.TEXT,
               lambda r: "; ".join(r.addresses) if r.addresses else None),
        Column("area_m2", "Oppervlakte (m²)", ColumnType.FLOAT, lambda r: _m2(r.area_m2)),
        Column("registered_area_m2", "Kadastrale oppervlakte (m²)", ColumnType.FLOAT,
               lambda r: _m2(r.registered_area_m2)),
        Column("built_footprint_m2", "Bebouwd oppervlak (m²)", ColumnType.FLOAT,
               lambda r: _m2(r.built_footprint_m2)),
        Column("coverage_pct", "Bebouwingspercentage (%)", ColumnType.FLOAT,
               lambda r: _pct(r.coverage_pct)),
        Column("existing_floor_area_m2", "Bestaand vloeroppervlak (m², indicatief)",
               ColumnType.FLOAT, lambda r: _m2(r.existing_floor_area_m2)),
        Column("floor_area_source", "Bron vloeroppervlak", ColumnType.TEXT,
               lambda r: FLOOR_AREA_SOURCES[r.floor_area_from_bag]),
        Column("unused_coverage_m2", "Onbenutte bebouwingsruimte (m²)", ColumnType.FLOAT,
               lambda r: _m2(r.unused_coverage_m2)),
        Column("unused_floor_area_m2",
               f"Onbenut vloeroppervlak (m², indicatief: {STOREY_HEIGHT_TEXT} per bouwlaag)",
               ColumnType.FLOAT, lambda r: _m2(r.unused_floor_area_m2)),
        Column("distance_to_sensitive_m",
               "Afstand tot dichtstbijzijnde woning (m, BAG woonfunctie)", ColumnType.FLOAT,
               lambda r: _m2(r.distance_to_sensitive_m)),
        Column("completeness_pct", "Volledigheid inventarisatie (%)", ColumnType.FLOAT,
               lambda r: _pct(100.0 * r.completeness)),
    ]


FLOOR_AREA_SOURCES = {True: "BAG-verblijfsobjecten",
                      False: "schatting: bebouwd oppervlak × bouwlagen (indicatief)"}
STOREY_HEIGHT_TEXT = f"{STOREY_HEIGHT_M:.1f}".replace(".", ",") + " m"


def _m2(value: float | None) -> float | None:
    """Derived areas to the whole m²: more digits suggest a precision the data lacks."""
    return None if value is None else float(round(value))


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _field_column(spec: TopicSpec, fs: FieldSpec) -> Column:
    topic, name, kind = str(spec.topic), fs.name, fs.kind
    return Column(field_key(topic, name), field_header(spec, fs), _FIELD_TYPES[kind],
                  lambda r: typed(kind, r.value(topic, name)), spec.topic, name,
                  survey_kind=kind)


def _observed_column(spec: TopicSpec) -> Column:
    topic = str(spec.topic)

    def get(row: ParcelRow) -> dt.date | None:
        when = row.observed_at.get(topic)
        return observed_date(when) if when else None

    def get_many(rows: Sequence[ParcelRow]) -> list[dt.date | None]:
        days: dict[dt.datetime, dt.date] = {}  # many observations share their moment
        return [(days.get(when) or days.setdefault(when, observed_date(when)))
                if (when := r.observed_at.get(topic)) else None for r in rows]

    return Column(field_key(topic, OBSERVED_AT), observed_at_header(spec), ColumnType.DATE,
                  get, spec.topic, OBSERVED_AT, get_many)


def topic_columns() -> list[Column]:
    """Per topic its fields, then the date of the current observation."""
    columns: list[Column] = []
    for spec in TOPICS.values():
        columns += [_field_column(spec, fs) for fs in spec.fields]
        columns.append(_observed_column(spec))
    return columns


def columns() -> tuple[Column, ...]:
    """Every column of the export, in order."""
    return (*_base_columns(), *topic_columns(),
            Column("conflict", "Conflict", ColumnType.BOOL, lambda r: bool(r.conflicts)),
            Column("conflict_topics", "Onderwerpen in conflict", ColumnType.TEXT,
                   lambda r: "; ".join(TOPICS[Topic(t)].label for t in sorted(r.conflicts))
                   or None))
