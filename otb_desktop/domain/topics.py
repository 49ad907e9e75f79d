"""Survey topics, their fields and the rules a recorded value must obey.

The same specification drives validation in the domain, the forms in the UI, the spreadsheet
template and the bulk import, so a rule is written once. Labels and messages are Dutch (the
users' language); keys are English.
"""

from __future__ import annotations

import datetime as dt
import math
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
    ENERGY = "energy"
    MOBILITY = "mobility"
    NOTE = "note"


# Log topics (notes): saving one supersedes nothing, so several heads are a log, not a
# conflict. Survey topics are all the others.
LOG_TOPICS = frozenset({str(Topic.NOTE)})
SURVEY_TOPICS = tuple(t for t in Topic if str(t) not in LOG_TOPICS)


class Kind(StrEnum):
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    MULTI = "multi"  # several of the choices; the value is the sorted list of their keys
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
    # Named classes of a scored INT field (value, name), and which end is best, so a score is
    # never shown as a bare number nor read the wrong way round.
    classes: tuple[tuple[int, str], ...] = ()
    direction: str = ""
    # How a value saved under an older rule reads (never rewritten, never guessed).
    legacy: Callable[[Any], str | None] | None = None
    # Labels this field had before: spreadsheets made with an older template still import.
    old_labels: tuple[str, ...] = ()

    def allowed(self) -> str:
        """The allowed range in words, for messages and the spreadsheet template."""
        if self.classes:
            named = ", ".join(f"{value} {name}" for value, name in self.classes)
            low, high = self.classes[0][0], self.classes[-1][0]
            return f"een geheel getal van {low} t/m {high}: {named} ({self.direction})"
        if self.kind is Kind.CHOICE:
            return "een van: " + ", ".join(value for value, _ in self.choices)
        if self.kind is Kind.MULTI:
            return ("nul of meer van (gescheiden door ;): "
                    + ", ".join(value for value, _ in self.choices))
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
    hints: tuple[CrossCheck, ...] = field(default=())  # shown in the form, never refuse

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


NEN_2767 = ((1, "uitstekend"), (2, "goed"), (3, "redelijk"), (4, "matig"), (5, "slecht"),
            (6, "zeer slecht"))
WILLINGNESS = ((1, "niet bereid"), (2, "weinig bereid"), (3, "neutraal"), (4, "bereid"),
               (5, "zeer bereid"))
SCORE_1_6 = {"minimum": 1, "maximum": 6, "classes": NEN_2767,
             "direction": "1 is best, 6 is slechtst"}
SCALE_1_5 = {"minimum": 1, "maximum": 5, "classes": WILLINGNESS,
             "direction": "1 is niet bereid, 5 is meest bereid"}
EXPOSURE = (("laag", "laag"), ("middel", "middel"), ("hoog", "hoog"))

# VNG "Bedrijven en milieuzonering" (2009): categories with their largest guide distance to a
# rustige woonwijk (m).
VNG_CATEGORIES = (("1", 10), ("2", 30), ("3.1", 50), ("3.2", 100), ("4.1", 200), ("4.2", 300),
                  ("5.1", 500), ("5.2", 700), ("5.3", 1000), ("6", 1500))
VNG_GUIDE_DISTANCE_M = dict(VNG_CATEGORIES)
VNG_CHOICES = tuple((key, f"{key} (richtafstand {metres} m)") for key, metres in VNG_CATEGORIES)


def legacy_category(value: Any) -> str | None:
    """Old observations hold whole categories 1..6: read 3/4/5 as what they are."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = int(value)
    if str(number) in VNG_GUIDE_DISTANCE_M:
        return str(number)
    return f"{number}, subcategorie onbekend"


def category_major(value: Any) -> int | None:
    """The main VNG category (1..6) of a new ("3.2") or old (3) value."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(float(str(value)))
    except ValueError:
        return None


PROFILE_CHOICES = (("hightech", "hightech"), ("zware_maakindustrie", "zware maakindustrie"),
                   ("gemengd", "gemengd"))
OPPORTUNITIES = (
    ("uitbreiden", "uitbreiden op eigen kavel"), ("intensiveren", "intensiveren / meervoudig"),
    ("verduurzamen", "verduurzamen (energie, klimaat)"),
    ("herontwikkelen", "herontwikkelen / transformeren"),
    ("collectief", "collectieve voorzieningen"), ("kavelruil", "kavelruil"),
    ("overig", "overig"))
BOTTLENECKS = (
    ("financiering", "financiering"), ("netcongestie", "netcongestie"),
    ("milieuruimte", "milieuruimte"), ("regels", "planregels / vergunning"),
    ("eigendom", "eigendomssituatie"), ("ruimtegebrek", "ruimtegebrek"),
    ("bereikbaarheid", "bereikbaarheid"), ("overig", "overig"))


def _implied_overall(values: Mapping[str, Any]) -> int | None:
    elements = [values[k] for k in ("roof", "facade", "installations", "grounds")
                if values.get(k) is not None]
    if not elements:
        return None
    return math.floor(sum(elements) / len(elements) + 0.5)


def condition_hints(values: Mapping[str, Any]) -> list[ValidationIssue]:
    """Not an error: the typed overall score differs from what the element scores imply."""
    overall, implied = values.get("overall"), _implied_overall(values)
    if overall is None or implied is None or overall == implied:
        return []
    names = dict(NEN_2767)
    return [ValidationIssue(
        "overall",
        f"Let op: de elementscores wijzen op {implied} {names[implied]}, het totaal is "
        f"{overall} {names.get(overall, '')}. Controleer het totaal of licht het toe.")]


def _owner_serves_user(values: Mapping[str, Any]) -> list[ValidationIssue]:
    if values.get("owner_is_user") and values.get("user_willingness") is not None:
        return [ValidationIssue(
            "user_willingness",
            "De eigenaar is de gebruiker: de bereidheid van de eigenaar geldt voor beide; "
            "laat de bereidheid van de gebruiker leeg.")]
    return []


def _no_reason_with_pv(values: Mapping[str, Any]) -> list[ValidationIssue]:
    if values.get("roof_pv") and values.get("no_pv_reason") is not None:
        return [ValidationIssue(
            "no_pv_reason",
            "Er liggen zonnepanelen op het dak; laat 'reden geen zonnepanelen' leeg.")]
    return []


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
                FieldSpec("overall", "Conditiescore totaal (indicatief, schaal NEN 2767)",
                          Kind.INT, True, old_labels=("Conditiescore totaal (NEN 2767)",),
                          **SCORE_1_6),
                FieldSpec("roof", "Dak", Kind.INT, **SCORE_1_6),
                FieldSpec("facade", "Gevel", Kind.INT, **SCORE_1_6),
                FieldSpec("installations", "Installaties", Kind.INT, **SCORE_1_6),
                FieldSpec("grounds", "Terrein", Kind.INT, **SCORE_1_6),
                FieldSpec("appearance", "Uitstraling", Kind.CHOICE, choices=(
                    ("verzorgd", "verzorgd"), ("redelijk", "redelijk"),
                    ("verwaarloosd", "verwaarloosd"))),
            ),
            hints=(condition_hints,),
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
                FieldSpec("main_green_structure", "In hoofdgroenstructuur", Kind.BOOL),
                FieldSpec("water_storage_claim", "Claim voor waterberging of vergroening",
                          Kind.BOOL),
                FieldSpec("competing_claims", "Andere ruimteclaims", Kind.MULTI, choices=(
                    ("transformatorruimte", "transformatorruimte"),
                    ("ondergronds", "ondergrondse infrastructuur (kabels, leidingen)"),
                    ("overig", "overig"))),
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
                FieldSpec("drought_exposure", "Droogte", Kind.CHOICE, choices=EXPOSURE),
                FieldSpec("process_water_need", "Heeft proceswater nodig", Kind.BOOL),
                FieldSpec("green_facade", "Groene gevel", Kind.BOOL),
                FieldSpec("soil_contamination", "Bodemverontreiniging", Kind.CHOICE, choices=(
                    ("geen_bekend", "geen bekend"), ("vermoed", "vermoed"),
                    ("bekend", "bekend"))),
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
                FieldSpec("owner_willingness", "Bereidheid eigenaar",
                          Kind.INT, True, old_labels=("Bereidheid eigenaar (1–5)",),
                          **SCALE_1_5),
                FieldSpec("owner_is_user", "Eigenaar is gebruiker", Kind.BOOL),
                FieldSpec("user_willingness",
                          "Bereidheid gebruiker/ondernemer", Kind.INT,
                          **SCALE_1_5),
                FieldSpec("market_willingness", "Bereidheid markt",
                          Kind.INT, old_labels=("Bereidheid markt (1–5)",), **SCALE_1_5),
                FieldSpec("assessed_by", "Inschatting door", Kind.CHOICE, choices=(
                    ("eigenaar", "eigenaar"), ("gebruiker", "gebruiker/ondernemer"),
                    ("makelaar", "makelaar"), ("eigen_inschatting", "eigen inschatting"))),
                FieldSpec("contact_date", "Datum contact", Kind.DATE, not_in_future=True),
                FieldSpec("opportunities", "Kansen", Kind.MULTI, choices=OPPORTUNITIES),
                FieldSpec("opportunities_text", "Kansen (toelichting)", Kind.TEXT,
                          max_length=500),
                FieldSpec("bottlenecks", "Knelpunten", Kind.MULTI, choices=BOTTLENECKS),
                FieldSpec("bottlenecks_text", "Knelpunten (toelichting)", Kind.TEXT,
                          max_length=500),
                FieldSpec("interest_collective_maintenance", "Interesse collectief beheer",
                          Kind.BOOL),
                FieldSpec("interest_land_swap", "Interesse kavelruil", Kind.BOOL),
                FieldSpec("interest_relocation", "Interesse verplaatsing", Kind.BOOL),
                FieldSpec("wish", "Wens", Kind.CHOICE, choices=(
                    ("geen", "geen"), ("uitbreiden", "uitbreiden"),
                    ("verplaatsen", "verplaatsen"))),
                FieldSpec("wish_space_m2", "Benodigde ruimte", Kind.FLOAT, minimum=0,
                          maximum=1_000_000, unit="m²"),
                FieldSpec("wish_environmental_category", "Benodigde milieucategorie (VNG)",
                          Kind.CHOICE, choices=VNG_CHOICES),
            ),
            (_owner_serves_user,),
        ),
        TopicSpec(
            Topic.PROFILE_FIT,
            "Profielpassing",
            (
                FieldSpec("current_activity", "Huidige activiteit", Kind.TEXT, True,
                          max_length=200),
                FieldSpec("environmental_category", "Milieucategorie bedrijf (VNG)",
                          Kind.CHOICE, True, choices=VNG_CHOICES, legacy=legacy_category,
                          old_labels=("Milieucategorie",)),
                FieldSpec("permitted_category", "Toegestane milieucategorie (omgevingsplan)",
                          Kind.CHOICE, choices=VNG_CHOICES),
                FieldSpec("desired_profile", "Gewenst profiel van de kavel", Kind.CHOICE,
                          choices=PROFILE_CHOICES),
                FieldSpec("desired_profile_source", "Bron gewenst profiel", Kind.TEXT,
                          max_length=200),
                FieldSpec("desired_profile_status", "Status gewenst profiel", Kind.CHOICE,
                          choices=(("aanname", "voorlopig (aanname)"),
                                   ("vastgesteld", "vastgesteld"))),
            ),
        ),
        TopicSpec(
            Topic.ENERGY,
            "Energie",
            (
                FieldSpec("roof_pv", "Zonnepanelen op het dak", Kind.BOOL, True),
                FieldSpec("no_pv_reason", "Reden geen zonnepanelen", Kind.CHOICE, choices=(
                    ("netcongestie", "netcongestie"), ("dakconstructie", "dakconstructie"),
                    ("verzekering", "verzekering"), ("overig", "overig"))),
                FieldSpec("grid_connection", "Netaansluiting", Kind.CHOICE, choices=(
                    ("kleinverbruik", "kleinverbruik (t/m 3×80 A)"),
                    ("grootverbruik", "grootverbruik"))),
                FieldSpec("grid_congestion", "Netcongestie", Kind.CHOICE, choices=(
                    ("geen", "geen"), ("beperkt", "beperkte capaciteit"),
                    ("wachtrij", "wachtrij"), ("onbekend", "onbekend"))),
                FieldSpec("gas_use_m3", "Gasverbruik per jaar", Kind.FLOAT, minimum=0,
                          maximum=100_000_000, unit="m³"),
                FieldSpec("gas_alternative", "Alternatief voor gas", Kind.CHOICE, choices=(
                    ("geen", "geen"), ("onderzocht", "wordt onderzocht"),
                    ("warmtepomp", "warmtepomp"), ("warmtenet", "warmtenet"),
                    ("groen_gas", "groen gas"), ("waterstof", "waterstof"),
                    ("overig", "overig"))),
                FieldSpec("transformer_space", "Ruimte voor transformatorhuisje", Kind.BOOL),
            ),
            (_no_reason_with_pv,),
        ),
        TopicSpec(
            Topic.MOBILITY,
            "Mobiliteit",
            (
                FieldSpec("parking_places", "Parkeerplaatsen", Kind.INT, True, 0,
                          100_000),
                FieldSpec("parking_shareable", "Parkeren deelbaar", Kind.BOOL),
                FieldSpec("loading_bays", "Laad- en losplaatsen", Kind.INT, minimum=0,
                          maximum=10_000),
                FieldSpec("logistics_charging", "Laden voor logistiek", Kind.BOOL),
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
    return validate_fields(topic_spec(topic), raw, today)


def validate_fields(spec: TopicSpec, raw: Mapping[str, Any], today: dt.date | None = None
                    ) -> dict[str, Any]:
    """``validate`` for any set of field specs (survey topics, park facts)."""
    today = today or dt.date.today()
    unknown = set(raw) - {f.name for f in spec.fields}
    issues = [ValidationIssue(name, "Onbekend veld voor dit onderwerp.")
              for name in sorted(unknown)]
    typed: dict[str, Any] = {}
    for fs in spec.fields:
        value, issue = _coerce(fs, _class_value(fs, raw.get(fs.name)), today)
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


def hints(topic: Topic | str, values: Mapping[str, Any]) -> list[ValidationIssue]:
    """Remarks on valid values that the form shows but that never refuse a save."""
    return [issue for check in topic_spec(topic).hints for issue in check(values)]


def _class_value(fs: FieldSpec, value: Any) -> Any:
    """A named class ("4 matig", "matig") of a scored field is its number."""
    if not fs.classes or not isinstance(value, str):
        return value
    text = value.strip().lower()
    for number, name in fs.classes:
        if text in (name, f"{number} {name}", f"{number} - {name}", f"{number}: {name}"):
            return number
    return value


def display_value(fs: FieldSpec, value: Any) -> str:
    """A saved value as people read it, without locale: classes and choices by name."""
    if value is None:
        return ""
    if fs.classes and isinstance(value, int | float) and not isinstance(value, bool):
        name = dict(fs.classes).get(int(value))
        return f"{int(value)} {name}" if name else str(value)
    if fs.kind is Kind.CHOICE:
        labels = dict(fs.choices)
        if value in labels:
            return str(value) if fs.choices is VNG_CHOICES else labels[value]
        legacy = fs.legacy(value) if fs.legacy else None
        return legacy if legacy is not None else str(value)
    if fs.kind is Kind.MULTI:
        labels = dict(fs.choices)
        return "; ".join(labels.get(v, str(v)) for v in value)
    if fs.kind is Kind.BOOL:
        return "ja" if value else "nee"
    return str(value)


def _coerce_multi(fs: FieldSpec, value: Any) -> tuple[Any, str | None]:
    items = value if isinstance(value, list | tuple | set | frozenset) else \
        re.split(r"[;\n]", str(value))
    keys: set[str] = set()
    for item in items:
        text = str(item).strip().lower()
        if not text:
            continue
        key = next((k for k, label in fs.choices if text in (k.lower(), label.lower())), None)
        if key is None:
            return None, _invalid(fs, item)
        keys.add(key)
    return (sorted(keys) or None), None


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
    if fs.kind is Kind.MULTI:
        return _coerce_multi(fs, value)
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
            if fs.choices is VNG_CHOICES:
                text = text.replace(",", ".")  # "3,2" in a Dutch spreadsheet is 3.2
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
