"""Numbers and dates to and from the text a Dutch user reads and types.

Display follows the application's QLocale (Dutch: ``1.234,5 m²``). Input is forgiving:
``12,5`` and ``12.5`` both mean twelve and a half, ``1.234`` (Dutch grouping) and ``1.234,5``
are read as thousands, and dates are typed day first (``17-5-2024``, ``17/05/2024``) or as ISO
(``2024-05-17``). Form fields show dates as ``dd-mm-jjjj`` whatever the locale, so what the
form shows can always be read back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from otb_desktop.domain.topics import FieldSpec, Kind, TopicSpec, display_value

FORM_DATE_FORMAT = "%d-%m-%Y"

_NUMBER_CHARS = re.compile(r"[+-]?[\d.,]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})")


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """The number a person meant, or None when the text is not a plain number."""
    s = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not s or not _NUMBER_CHARS.fullmatch(s):
        return None
    group = (locale or QLocale()).groupSeparator()
    if "." in s and "," in s:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        s = s.replace("," if decimal == "." else ".", "").replace(decimal, ".")
    else:
        sep = "." if "." in s else "," if "," in s else None
        if sep is not None:
            grouped = re.fullmatch(rf"[+-]?[1-9]\d{{0,2}}(\{sep}\d{{3}})+", s)
            if sep == group and grouped:
                s = s.replace(sep, "")
            elif s.count(sep) == 1:
                s = s.replace(sep, ".")
            else:
                return None
    try:
        return float(s)
    except ValueError:
        return None


def number_for_validation(text: str) -> str:
    """What the domain validator gets for a number field: the number without grouping (decimal
    comma, as the Dutch messages quote it), or the text unchanged so the message can quote it."""
    number = parse_number(text)
    if number is None:
        return text.strip()
    return plain_number(number, ",")


def plain_number(number: float, decimal: str | None = None) -> str:
    """Shortest exact text of a number, without grouping: 1234 / 12,5."""
    if float(number).is_integer():
        return str(int(number))
    return repr(float(number)).replace(".", decimal or QLocale().decimalPoint())


def parse_date(text: str) -> dt.date | None:
    s = (text or "").strip()
    if match := _ISO_DATE.fullmatch(s):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DAY_FIRST.fullmatch(s):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            this_year = dt.date.today().year % 100
            year += 2000 if year <= this_year else 1900
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_for_validation(text: str) -> str:
    date = parse_date(text)
    return date.isoformat() if date else text.strip()


def form_date(value: dt.date | str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return value.strftime(FORM_DATE_FORMAT)


def format_number(value: float, decimals: int = 0) -> str:
    return QLocale().toString(float(value), "f", decimals)


def format_area(value: float) -> str:
    return f"{format_number(value, 0 if abs(value) >= 100 else 1)} m²"


def format_percent(value: float, decimals: int = 1) -> str:
    return f"{format_number(value, decimals)} %"


def format_datetime(value: dt.datetime) -> str:
    """An aware timestamp in the computer's time zone, the locale's short format."""
    local = value.astimezone()
    qdt = QDateTime(QDate(local.year, local.month, local.day),
                    QTime(local.hour, local.minute, local.second))
    return QLocale().toString(qdt, QLocale.FormatType.ShortFormat)


def format_date(value: dt.date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day),
                              QLocale.FormatType.ShortFormat)


def value_text(spec: FieldSpec, value: Any) -> str:
    """A saved (validated) value as people read it, with its unit."""
    if value is None or value == "" or value == []:
        return ""
    if spec.classes or spec.kind in (Kind.CHOICE, Kind.MULTI):
        return display_value(spec, value)  # named classes and choices, old readings
    match spec.kind:
        case Kind.FLOAT:
            decimals = 0 if float(value).is_integer() else 2
            text = format_number(value, decimals)
            if decimals:
                text = text.rstrip("0")
        case Kind.INT:
            text = format_number(value, 0)
        case Kind.DATE:
            return format_date(dt.date.fromisoformat(value))
        case Kind.BOOL:
            return (QCoreApplication.translate("LocaleText", "yes") if value
                    else QCoreApplication.translate("LocaleText", "no"))
        case Kind.CHOICE:
            return dict(spec.choices).get(value, str(value))
        case _:
            return str(value)
    return f"{text} {spec.unit}" if spec.unit else text


def values_summary(spec: TopicSpec, values: dict[str, Any], limit: int = 0) -> str:
    """``Label: value · Label: value`` in field order; long texts cut to ``limit`` characters."""
    parts = []
    for field in spec.fields:
        if field.name in values:
            text = value_text(field, values[field.name])
            if limit and len(text) > limit:
                text = text[:limit - 1].rstrip() + "…"
            parts.append(text if len(spec.fields) == 1 else f"{field.label}: {text}")
    return " · ".join(parts)
