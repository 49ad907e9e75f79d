"""Survey topics, their fields and the rules a recorded value must obey.

The same specification drives validation in the domain, the forms in the UI, the spreadsheet
template and the bulk import, so a rule is written once. Labels and messages are Dutch (the
users' language); keys are English.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from otb_desktop.domain.errors import ValidationError, ValidationIssue
from otb_desktop.domain.text import clean_text


class Topic(StrEnum):
    VACANCY = "vacancy"
    CONDITION = "condition"
    PLANNING = "planning_capacity"
    CLIMATE = "climate_adaptation"
    INVESTMENT = "willingness_to_invest"
    PROFILE_FIT = "profile_fit"
    NOTE = "note"


class Kind(StrEnum):
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    TEXT = "text"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    max_length: int = 4000
    not_in_future: bool = False

    def allowed(self) -> str:
        """The allowed range in words, for messages and the spreadsheet template."""
        if self.kind is Kind.CHOICE:
            return "een van: " + ", ".join(value for value, _ in self.choices)
        if self.kind is Kind.BOOL:
            return "ja of nee"
        if self.kind is Kind.DATE:
            future = ", niet in de toekomst" if self.not_in_future else ""
            return "een datum (JJJJ-MM-DD)" + future
        if self.kind is Kind.TEXT:
            return f"tekst van hoogstens {self.max_length} tekens"
        unit = f" {self.unit}" if self.unit else ""
        number = "een geheel getal" if self.kind is Kind.INT else "een getal"
        if self.minimum is not None and self.maximum is not None:
            return f"{number} van {_fmt(self.minimum)} t/m {_fmt(self.maximum)}{unit}"
        if self.minimum is not None:
            return f"{number} van minstens {_fmt(self.minimum)}{unit}"
        return number


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")


CrossCheck = Callable[[Mapping[str, Any]], list[ValidationIssue]]


@dataclass(frozen=True)
class TopicSpec:
    topic: Topic
    label: str
    fields: tuple[FieldSpec, ...]
    cross_checks: tuple[CrossCheck, ...] = field(default=())

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


SCORE_1_6 = {"minimum": 1, "maximum": 6}
SCALE_1_5 = {"minimum": 1, "maximum": 5}
EXPOSURE = (("laag", "laag"), ("middel", "middel"), ("hoog", "hoog"))


def _vacant_not_above_total(values: Mapping[str, Any]) -> list[ValidationIssue]:
    total, vacant = values.get("total_floor_area_m2"), values.get("vacant_floor_area_m2")
    if total is not None and vacant is not None and vacant > total:
        return [
            ValidationIssue(
                "vacant_floor_area_m2",
                f"Leegstaand vloeroppervlak ({_fmt(vacant)} m²) is groter dan het totale "
                f"vloeroppervlak ({_fmt(total)} m²); vul hoogstens {_fmt(total)} m² in.",
            )
        ]
    return []


def _paved_plus_green(values: Mapping[str, Any]) -> list[ValidationIssue]:
    paved, green = values.get("paved_pct"), values.get("green_pct")
    if paved is not None and green is not None and paved + green > 100:
        return [
            ValidationIssue(
                "green_pct",
                f"Verhard ({_fmt(paved)} %) en groen ({_fmt(green)} %) samen is meer dan 100 %; "
                "verlaag een van beide.",
            )
        ]
    return []


TOPICS: dict[Topic, TopicSpec] = {
    spec.topic: spec
    for spec in (
        TopicSpec(
            Topic.VACANCY,
            "Leegstand",
            (
                FieldSpec("total_floor_area_m2", "Totaal vloeroppervlak", Kind.FLOAT, True,
                          0, 1_000_000, unit="m²"),
                FieldSpec("vacant_floor_area_m2", "Leegstaand vloeroppervlak", Kind.FLOAT, True,
                          0, 1_000_000, unit="m²"),
                FieldSpec("vacant_since", "Leegstaand sinds", Kind.DATE, not_in_future=True),
                FieldSpec("offered", "Aangeboden", Kind.CHOICE, choices=(
                    ("nee", "niet aangeboden"), ("huur", "te huur"), ("koop", "te koop"),
                    ("huur_koop", "te huur en te koop"))),
            ),
            (_vacant_not_above_total,),
        ),
        TopicSpec(
            Topic.CONDITION,
            "Bouwkundige staat",
            (
                FieldSpec("overall", "Conditiescore totaal (NEN 2767)", Kind.INT, True,
                          **SCORE_1_6),
                FieldSpec("roof", "Dak", Kind.INT, **SCORE_1_6),
                FieldSpec("facade", "Gevel", Kind.INT, **SCORE_1_6),
                FieldSpec("installations", "Installaties", Kind.INT, **SCORE_1_6),
                FieldSpec("grounds", "Terrein", Kind.INT, **SCORE_1_6),
                FieldSpec("appearance", "Uitstraling", Kind.CHOICE, choices=(
                    ("verzorgd", "verzorgd"), ("redelijk", "redelijk"),
                    ("verwaarloosd", "verwaarloosd"))),
            ),
        ),
        TopicSpec(
            Topic.PLANNING,
            "Planologische ruimte",
            (
                FieldSpec("max_height_m", "Maximale bouwhoogte", Kind.FLOAT, True, 0, 200,
                          unit="m"),
                FieldSpec("max_coverage_pct", "Maximaal bebouwingspercentage", Kind.FLOAT, True,
                          0, 100, unit="%"),
                FieldSpec("max_far", "Maximale vloer-terreinverhouding (FSI)", Kind.FLOAT,
                          minimum=0, maximum=20),
                FieldSpec("plan_reference", "Bron (omgevingsplan)", Kind.TEXT, max_length=200),
            ),
        ),
        TopicSpec(
            Topic.CLIMATE,
            "Klimaatadaptatie",
            (
                FieldSpec("paved_pct", "Verhard", Kind.FLOAT, True, 0, 100, unit="%"),
                FieldSpec("green_pct", "Groen", Kind.FLOAT, True, 0, 100, unit="%"),
                FieldSpec("green_roof", "Groen dak", Kind.BOOL),
                FieldSpec("water_storage_m3", "Waterberging", Kind.FLOAT, minimum=0,
                          maximum=100_000, unit="m³"),
                FieldSpec("heat_exposure", "Hittebelasting", Kind.CHOICE, choices=EXPOSURE),
                FieldSpec("flood_exposure", "Wateroverlast", Kind.CHOICE, choices=EXPOSURE),
            ),
            (_paved_plus_green,),
        ),
        TopicSpec(
            Topic.INVESTMENT,
            "Investeringsbereidheid",
            (
                FieldSpec("owner_type", "Type eigenaar", Kind.CHOICE, True, choices=(
                    ("eigenaar_gebruiker", "eigenaar-gebruiker"), ("belegger", "belegger"),
                    ("gemeente", "gemeente"), ("overig", "overig"))),
                FieldSpec("owner_willingness", "Bereidheid eigenaar (1–5)", Kind.INT, True,
                          **SCALE_1_5),
                FieldSpec("market_willingness", "Bereidheid markt (1–5)", Kind.INT,
                          **SCALE_1_5),
                FieldSpec("contact_date", "Datum contact", Kind.DATE, not_in_future=True),
            ),
        ),
        TopicSpec(
            Topic.PROFILE_FIT,
            "Profielpassing",
            (
                FieldSpec("current_activity", "Huidige activiteit", Kind.TEXT, True,
                          max_length=200),
                FieldSpec("environmental_category", "Milieucategorie", Kind.INT, True, 1, 6),
            ),
        ),
        TopicSpec(
            Topic.NOTE,
            "Notitie",
            (FieldSpec("text", "Notitie", Kind.TEXT, True, max_length=4000),),
        ),
    )
}


def topic_spec(topic: Topic | str) -> TopicSpec:
    return TOPICS[Topic(topic)]


def validate(topic: Topic | str, raw: Mapping[str, Any], today: dt.date | None = None
             ) -> dict[str, Any]:
    """Return the cleaned values (JSON-ready) or raise ValidationError listing every issue.

    Accepts typed values or the strings a form or spreadsheet gives (Dutch decimal comma too).
    """
    spec = topic_spec(topic)
    today = today or dt.date.today()
    unknown = set(raw) - {f.name for f in spec.fields}
    issues = [ValidationIssue(name, "Onbekend veld voor dit onderwerp.")
              for name in sorted(unknown)]
    typed: dict[str, Any] = {}
    for fs in spec.fields:
        value, issue = _coerce(fs, raw.get(fs.name), today)
        if issue:
            issues.append(ValidationIssue(fs.name, issue))
        elif value is not None:
            typed[fs.name] = value
    if not issues:
        for check in spec.cross_checks:
            issues.extend(check(typed))
    if issues:
        raise ValidationError(issues)
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in typed.items()}


# "12.500" is twelve thousand five hundred to a Dutch reader and 12.5 to Python: refuse it.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


# Digits with at most one decimal comma or point: Python's float() also takes "1_000", "1e3"
# and "inf", which no surveyor means.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
# A datetime as text (ISO, or Excel's "2025-03-01 00:00:00"): only a midnight time may follow.
_MIDNIGHT = re.compile(r"^(\S+)(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
EARLIEST_DATE = dt.date(1900, 1, 1)
DATE_FORMATS = "JJJJ-MM-DD of D-M-JJJJ"


def parse_date(value: Any) -> dt.date:
    """A date from a date, a datetime or text in ISO (2025-03-01) or Dutch (1-3-2025) form.

    The one parser of every date field (forms, import, template), so each accepts the same.
    Anything after the date is an error rather than ignored, and dates before 1900 are refused
    (a typo such as 0225 for 2025; Excel cannot show them either). Raises ValueError with a
    Dutch reason.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip()
        midnight = _MIDNIGHT.match(text)
        core = midnight.group(1) if midnight else text
        iso, dutch = _ISO_DATE.match(core), _DUTCH_DATE.match(core)
        parts = (iso.group(1, 2, 3) if iso else
                 dutch.group(3, 2, 1) if dutch else None)
        try:
            if parts is None:
                raise ValueError
            value = dt.date(*(int(p) for p in parts))
        except ValueError:
            raise ValueError(f"'{text}' is geen datum; schrijf {DATE_FORMATS}, bijvoorbeeld "
                             "2025-03-01 of 1-3-2025.") from None
    if value < EARLIEST_DATE:
        raise ValueError(f"{value.isoformat()} ligt vóór 1900; controleer het jaartal.")
    return value


def _invalid(fs: FieldSpec, value: Any) -> str:
    return f"{fs.label}: '{value}' is ongeldig; toegestaan is {fs.allowed()}."


def _coerce(fs: FieldSpec, value: Any, today: dt.date) -> tuple[Any, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, (f"{fs.label} is verplicht; vul {fs.allowed()} in." if fs.required else None)
    match fs.kind:
        case Kind.INT | Kind.FLOAT:
            if isinstance(value, bool):
                return None, _invalid(fs, value)
            if isinstance(value, str) and _GROUPED.match(value.strip()):
                return None, (f"{fs.label}: '{value}' is dubbelzinnig (duizendtallen of "
                              "decimalen?); schrijf het getal zonder punt, met een komma "
                              "voor decimalen, bijvoorbeeld 12500 of 12,5.")
            if isinstance(value, str) and not _PLAIN_NUMBER.match(value.strip()):
                return None, _invalid(fs, value)  # "1_000", "1e3", "inf": not how people write
            try:
                number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) \
                    else float(value)
            except ValueError:
                return None, _invalid(fs, value)
            if fs.kind is Kind.INT:
                if not number.is_integer():
                    return None, _invalid(fs, value)
                number = int(number)
            if number != number or (fs.minimum is not None and number < fs.minimum) or (
                    fs.maximum is not None and number > fs.maximum):
                return None, _invalid(fs, value)
            return number, None
        case Kind.DATE:
            try:
                value = parse_date(value)
            except ValueError as exc:
                return None, f"{fs.label}: {exc}"
            if fs.not_in_future and value > today:
                return None, f"{fs.label}: {value.isoformat()} ligt in de toekomst; " \
                             f"toegestaan is {fs.allowed()}."
            return value, None
        case Kind.BOOL:
            if isinstance(value, bool):
                return value, None
            text = str(value).strip().lower()
            if text in {"ja", "j", "yes", "true", "1", "waar"}:
                return True, None
            if text in {"nee", "n", "no", "false", "0", "onwaar"}:
                return False, None
            return None, _invalid(fs, value)
        case Kind.CHOICE:
            text = str(value).strip()
            for key, label in fs.choices:
                if text.lower() in (key.lower(), label.lower()):
                    return key, None
            return None, _invalid(fs, value)
        case Kind.TEXT:
            try:
                text = clean_text(str(value)).strip()
            except ValueError as exc:
                return None, f"{fs.label} {exc}."
            if len(text) > fs.max_length:
                return None, f"{fs.label} is {len(text)} tekens lang; toegestaan is " \
                             f"hoogstens {fs.max_length}."
            return text, None
    raise AssertionError(f"unhandled kind {fs.kind}")
