"""Ways to colour parcels on the map: survey status, each topic's main value, derived figures.

A colouring measures one number per parcel (``None`` when there is no data: missing data is
never read as zero) and puts it into a class by inclusive upper bounds. Categorical colourings
(survey status, profile fit) measure a class number. Adding the ranking score later is one more
``Colouring`` whose ``measure`` looks the parcel's score up.

Palettes are ColorBrewer schemes that stay readable for colour-blind users (RdYlBu, PuBu,
Greens, PuOr) and, for park vacancy, Okabe–Ito colours; "no data" is a light grey that no
scheme uses. Labels are English source text, translated by the UI in the context
``"Colouring"``.

A park colouring (park vacancy) measures the park, not the parcel: its ``prepare`` makes the
measure from all parcel rows, and ``for_rows`` gives the colouring ready to classify them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any, Protocol

import numpy as np

from otb_desktop.domain.defaults import DEFAULT_STALE_MONTHS
from otb_desktop.domain.figures import (
    FRICTION_BAND_PCT,
    climate_score,
    park_vacancy,
    vacancy_figures,
)
from otb_desktop.domain.parks import profile_fits
from otb_desktop.domain.topics import SURVEY_TOPICS, Topic

TRANSLATION_CONTEXT = "Colouring"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Marks text for pyside6-lupdate without importing Qt into the domain."""
    return text


class SurveyedParcel(Protocol):
    """What a colouring reads of a parcel (``services.parcels.ParcelRow`` has it)."""

    @property
    def id(self) -> str: ...

    @property
    def park_id(self) -> str | None: ...

    @property
    def values(self) -> Mapping[str, Mapping[str, Any]]: ...

    @property
    def observed_at(self) -> Mapping[str, dt.datetime]: ...

    @property
    def coverage_pct(self) -> float: ...

    @property
    def unused_coverage_m2(self) -> float | None: ...


Measure = Callable[[SurveyedParcel, dt.date], float | None]
# The measure of many parcels in one call (None stays None): the same values, without a
# function call per parcel (200 000 parcels at a load).
MeasureMany = Callable[[Sequence[SurveyedParcel | None], dt.date], list[float | None]]
# Makes the measure from all parcels at once: for figures of a whole park (park vacancy).
Prepare = Callable[[Sequence[SurveyedParcel], dt.date], Measure]


@dataclass(frozen=True)
class ColourClass:
    label: str  # English source; "%1" in it is replaced by ``argument`` after translation
    colour: str  # "#rrggbb"
    argument: str = ""

    def text(self, translate: Callable[[str], str] = lambda s: s) -> str:
        return translate(self.label).replace("%1", self.argument)


NO_DATA = ColourClass(QT_TRANSLATE_NOOP("Colouring", "no data"), "#d9d9d9")


@dataclass(frozen=True)
class Colouring:
    key: str
    label: str
    classes: tuple[ColourClass, ...]
    measure: Measure
    upper_bounds: tuple[float, ...]  # inclusive upper bound of each class, ascending
    numeric: bool = True  # show the measured value (not only the class) in tooltips
    unit: str = ""
    decimals: int = 0
    prepare: Prepare | None = None  # set: the measure depends on every parcel, not one
    measure_many: MeasureMany | None = None  # ``measure`` of many at once, when faster

    def for_rows(self, rows: Iterable[SurveyedParcel], today: dt.date) -> Colouring:
        """Ready to classify these rows: a park colouring measures its parks first."""
        if self.prepare is None:
            return self
        return replace(self, measure=self.prepare(list(rows), today), prepare=None)

    def __post_init__(self) -> None:
        if len(self.classes) != len(self.upper_bounds):
            raise ValueError(f"{self.key}: one upper bound per class")
        if list(self.upper_bounds) != sorted(self.upper_bounds):
            raise ValueError(f"{self.key}: upper bounds must ascend")

    def classify(self, row: SurveyedParcel, today: dt.date) -> int | None:
        """Index into ``classes``, or None for "no data"."""
        return self.class_of(self.measure(row, today))

    def class_of(self, value: float | None) -> int | None:
        """The class of a measured value (``classify`` without measuring)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return min(bisect.bisect_left(self.upper_bounds, value), len(self.classes) - 1)

    def classes_of(self, values: Sequence[float | None]) -> np.ndarray:
        """``class_of`` of every value at once (int16; ``len(classes)`` for "no data")."""
        measured = np.array(values, dtype=float)  # None becomes NaN
        classes = np.minimum(np.searchsorted(np.asarray(self.upper_bounds, dtype=float),
                                             measured, side="left"), len(self.classes) - 1)
        classes[np.isnan(measured)] = len(self.classes)
        return classes.astype(np.int16)

    def measures(self, rows: Sequence[SurveyedParcel | None], today: dt.date
                 ) -> list[float | None]:
        """``measure`` of each row (None for a missing row), in one call when it can."""
        if self.measure_many is not None and self.prepare is None:
            return self.measure_many(rows, today)
        measure = self.measure
        return [None if row is None else measure(row, today) for row in rows]


@functools.lru_cache(maxsize=64)
def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


@functools.lru_cache(maxsize=65536)
def _local_date(moment: dt.datetime) -> dt.date:
    """Cached: many parcels share an observation time (an import, a survey day), and
    ``astimezone`` is a third of classifying 200 000 parcels."""
    return (moment.astimezone() if moment.tzinfo else moment).date()


@functools.lru_cache(maxsize=64)
def _stale_boundary(today: dt.date, months: int) -> str:
    """The first instant that is not stale, as stored text: local midnight starting the day
    ``months`` months before ``today``, in UTC, ISO with microseconds. An observation whose
    local date is before that day is exactly one before this instant."""
    day = months_before(today, months)
    midnight = dt.datetime(day.year, day.month, day.day).astimezone()
    return midnight.astimezone(dt.UTC).isoformat(timespec="microseconds")


NOT_SURVEYED, STALE, CURRENT = 0, 1, 2
_UNKNOWN = object()


def survey_status(row: SurveyedParcel, today: dt.date,
                  stale_months: int = DEFAULT_STALE_MONTHS) -> int:
    """Not yet surveyed, stale or current.

    Current means every recorded survey topic was observed within ``stale_months`` calendar
    months before ``today``; one older topic makes the parcel stale, because that part needs
    a new visit. Notes do not count as a survey.
    """
    # Rows that carry their oldest survey observation as stored text (ISO UTC, microseconds:
    # sortable; services.parcels.ParcelRow) are classified by comparing text with the stale
    # boundary's instant: no datetime per row (a third of a second per 100 000 parcels).
    oldest_text = getattr(row, "first_observed_text", _UNKNOWN)
    if oldest_text is not _UNKNOWN:
        if oldest_text is None:
            return NOT_SURVEYED
        return STALE if oldest_text < _stale_boundary(today, stale_months) else CURRENT
    # Otherwise from the oldest observation time (decoding every one when needed).
    oldest_moment = getattr(row, "first_observed", _UNKNOWN)
    if oldest_moment is _UNKNOWN:
        observed = row.observed_at
        moments = [observed[t] for t in SURVEY_TOPICS if t in observed]
        oldest_moment = min(moments) if moments else None
    if oldest_moment is None:
        return NOT_SURVEYED
    oldest = _local_date(oldest_moment)
    return STALE if oldest < months_before(today, stale_months) else CURRENT


_NOT_STORED = object()


_stored_first = attrgetter("_first")


def survey_statuses(rows: Sequence[SurveyedParcel | None], today: dt.date,
                    stale_months: int = DEFAULT_STALE_MONTHS) -> list[float | None]:
    """``survey_status`` of each row as a float (None for a missing row), reading the
    stored oldest observation of ``ParcelRow`` values directly (no call per row)."""
    boundary = _stale_boundary(today, stale_months)
    rows = list(rows)  # read twice when a row is not stored
    try:  # every row stored (services.parcels.StoredRow): its oldest observation's text
        firsts = list(map(_stored_first, rows))
    except AttributeError:  # a row computed in memory, or a missing one (None)
        pass
    else:
        not_surveyed, stale, current = float(NOT_SURVEYED), float(STALE), float(CURRENT)
        return [not_surveyed if first is None else stale if first < boundary else current
                for first in firsts]
    out: list[float | None] = []
    append = out.append
    for row in rows:
        if row is None:
            append(None)
            continue
        first = getattr(row, "_first", _NOT_STORED)  # services.parcels.StoredRow
        if first is _NOT_STORED:
            append(float(survey_status(row, today, stale_months)))
        else:
            append(float(NOT_SURVEYED) if first is None else
                   float(STALE) if first < boundary else float(CURRENT))
    return out


def _topic_value(topic: Topic, name: str) -> Measure:
    def measure(row: SurveyedParcel, today: dt.date) -> float | None:
        value = row.values.get(topic, {}).get(name)
        return None if value is None else float(value)
    return measure


def _vacancy_pct(row: SurveyedParcel, today: dt.date) -> float | None:
    values = row.values.get(Topic.VACANCY)
    return vacancy_figures(values, today)["vacancy_pct"] if values else None


def _climate(row: SurveyedParcel, today: dt.date) -> float | None:
    values = row.values.get(Topic.CLIMATE)
    return climate_score(values) if values else None


def _completeness(row: SurveyedParcel, today: dt.date) -> float:
    stored = getattr(row, "surveyed_topics", None)  # ParcelRow: counted when stored
    return float(stored if stored is not None else sum(1 for t in SURVEY_TOPICS
                                                       if t in row.values))


def _profile_fit(park_profiles: Mapping[str, str]) -> Measure:
    def measure(row: SurveyedParcel, today: dt.date) -> float | None:
        category = row.values.get(Topic.PROFILE_FIT, {}).get("environmental_category")
        profile = park_profiles.get(row.park_id) if row.park_id else None
        if category is None or not profile:
            return None
        return 1.0 if profile_fits(profile, category) else 0.0
    return measure


def _park_vacancy(rows: Sequence[SurveyedParcel], today: dt.date) -> Measure:
    """Each parcel gets its park's Σ vacant / Σ floor area (the 5 % belongs to the stock)."""
    by_park: dict[str, list] = {}
    for row in rows:
        if row.park_id:
            by_park.setdefault(row.park_id, []).append(row.values.get(Topic.VACANCY))
    pct = {park: park_vacancy(values).pct for park, values in by_park.items()}

    def measure(row: SurveyedParcel, today: dt.date) -> float | None:
        return pct.get(row.park_id) if row.park_id else None
    return measure


def _no_measure(row: SurveyedParcel, today: dt.date) -> float | None:
    raise AssertionError("a park colouring is classified through Colouring.for_rows")


def _to_dwelling(row: SurveyedParcel, today: dt.date) -> float | None:
    return getattr(row, "distance_to_sensitive_m", None)


def _classes(colours: Sequence[str], *labels: str) -> tuple[ColourClass, ...]:
    return tuple(ColourClass(label, colour) for label, colour in zip(labels, colours,
                                                                     strict=True))


# ColorBrewer schemes (colorbrewer2.org), all marked colour-blind safe there.
RD_YL_BU_5 = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
RD_YL_BU_6 = ("#d73027", "#fc8d59", "#fee090", "#e0f3f8", "#91bfdb", "#4575b4")
PU_BU_5 = ("#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d")
GREENS_5 = ("#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c")
OR_RD_5 = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
SURVEY_STATUS_COLOURS = ("#8c8c8c", "#e6861a", "#1b9e77")  # grey, orange, teal green
PU_OR_2 = ("#e66101", "#5e3c99")
# Okabe–Ito (colour-blind safe): sky blue too little, bluish green around friction, vermillion
# too much; the middle is a colour of its own, not the blank of a diverging scheme.
PARK_VACANCY_COLOURS = ("#56b4e9", "#009e73", "#d55e00")

INF = math.inf


def standard_colourings(park_profiles: Mapping[str, str] | None = None,
                        stale_months: int = DEFAULT_STALE_MONTHS) -> list[Colouring]:
    """Every colouring the map offers, survey status first.

    ``park_profiles`` maps park id to its desired profile, for the profile-fit colouring.
    """
    profiles = dict(park_profiles or {})
    return [
        Colouring(
            "survey_status", QT_TRANSLATE_NOOP("Colouring", "Survey status"),
            (ColourClass(QT_TRANSLATE_NOOP("Colouring", "not yet surveyed"),
                         SURVEY_STATUS_COLOURS[0]),
             ColourClass(QT_TRANSLATE_NOOP("Colouring", "stale (older than %1 months)"),
                         SURVEY_STATUS_COLOURS[1], str(stale_months)),
             ColourClass(QT_TRANSLATE_NOOP("Colouring", "current"), SURVEY_STATUS_COLOURS[2])),
            lambda row, today: float(survey_status(row, today, stale_months)),
            (NOT_SURVEYED, STALE, CURRENT), numeric=False,
            measure_many=lambda rows, today: survey_statuses(rows, today, stale_months)),
        Colouring(
            "completeness", QT_TRANSLATE_NOOP("Colouring", "Completeness of the survey"),
            _classes(("#f7f7f7", *PU_BU_5[1:]),
                     QT_TRANSLATE_NOOP("Colouring", "no topic recorded"),
                     QT_TRANSLATE_NOOP("Colouring", "1–3 of 8 topics"),
                     QT_TRANSLATE_NOOP("Colouring", "4–6 of 8 topics"),
                     QT_TRANSLATE_NOOP("Colouring", "7 of 8 topics"),
                     QT_TRANSLATE_NOOP("Colouring", "all 8 topics")),
            _completeness, (0, 3, 6, 7, 8), numeric=False),
        Colouring(
            "vacancy_pct", QT_TRANSLATE_NOOP("Colouring", "Vacancy"),
            _classes(OR_RD_5,
                     QT_TRANSLATE_NOOP("Colouring", "no vacancy"),
                     QT_TRANSLATE_NOOP("Colouring", "up to 5 %"),
                     QT_TRANSLATE_NOOP("Colouring", "5–15 %"),
                     QT_TRANSLATE_NOOP("Colouring", "15–40 %"),
                     QT_TRANSLATE_NOOP("Colouring", "over 40 %")),
            _vacancy_pct, (0, 5, 15, 40, INF), unit="%", decimals=1),
        Colouring(
            "park_vacancy", QT_TRANSLATE_NOOP(
                "Colouring", "Park vacancy (friction ≈ 5 %)"),
            _classes(PARK_VACANCY_COLOURS,
                     QT_TRANSLATE_NOOP("Colouring", "too little (< 3 %)"),
                     QT_TRANSLATE_NOOP("Colouring", "around friction (3–7 %)"),
                     QT_TRANSLATE_NOOP("Colouring", "too much (> 7 %)")),
            _no_measure, (math.nextafter(FRICTION_BAND_PCT[0], -INF), FRICTION_BAND_PCT[1],
                          INF), unit="%", decimals=1, prepare=_park_vacancy),
        Colouring(
            "condition", QT_TRANSLATE_NOOP(
                "Colouring", "Building condition (indicative, NEN 2767 scale; 6 is worst)"),
            _classes(tuple(reversed(RD_YL_BU_6)),
                     QT_TRANSLATE_NOOP("Colouring", "1 excellent"),
                     QT_TRANSLATE_NOOP("Colouring", "2 good"),
                     QT_TRANSLATE_NOOP("Colouring", "3 fair"),
                     QT_TRANSLATE_NOOP("Colouring", "4 moderate"),
                     QT_TRANSLATE_NOOP("Colouring", "5 poor"),
                     QT_TRANSLATE_NOOP("Colouring", "6 very poor")),
            _topic_value(Topic.CONDITION, "overall"), (1, 2, 3, 4, 5, 6), numeric=False),
        Colouring(
            "coverage_pct", QT_TRANSLATE_NOOP("Colouring", "Built coverage"),
            _classes(PU_BU_5,
                     QT_TRANSLATE_NOOP("Colouring", "up to 20 %"),
                     QT_TRANSLATE_NOOP("Colouring", "20–40 %"),
                     QT_TRANSLATE_NOOP("Colouring", "40–60 %"),
                     QT_TRANSLATE_NOOP("Colouring", "60–80 %"),
                     QT_TRANSLATE_NOOP("Colouring", "over 80 %")),
            lambda row, today: row.coverage_pct, (20, 40, 60, 80, INF), unit="%",
            decimals=1),
        Colouring(
            "unused_coverage_m2", QT_TRANSLATE_NOOP("Colouring", "Unused coverage"),
            _classes(GREENS_5,
                     QT_TRANSLATE_NOOP("Colouring", "none"),
                     QT_TRANSLATE_NOOP("Colouring", "up to 500 m²"),
                     QT_TRANSLATE_NOOP("Colouring", "500–2,000 m²"),
                     QT_TRANSLATE_NOOP("Colouring", "2,000–5,000 m²"),
                     QT_TRANSLATE_NOOP("Colouring", "over 5,000 m²")),
            lambda row, today: row.unused_coverage_m2, (0, 500, 2000, 5000, INF),
            unit="m²"),
        Colouring(
            "climate_score", QT_TRANSLATE_NOOP("Colouring", "Climate adaptation score"),
            _classes(RD_YL_BU_5,
                     QT_TRANSLATE_NOOP("Colouring", "0–0.2 poorly adapted"),
                     QT_TRANSLATE_NOOP("Colouring", "0.2–0.4"),
                     QT_TRANSLATE_NOOP("Colouring", "0.4–0.6"),
                     QT_TRANSLATE_NOOP("Colouring", "0.6–0.8"),
                     QT_TRANSLATE_NOOP("Colouring", "0.8–1 well adapted")),
            _climate, (0.2, 0.4, 0.6, 0.8, INF), decimals=2),
        Colouring(
            "owner_willingness", QT_TRANSLATE_NOOP("Colouring", "Owner's willingness to invest"),
            _classes(RD_YL_BU_5,
                     QT_TRANSLATE_NOOP("Colouring", "1 not willing"),
                     QT_TRANSLATE_NOOP("Colouring", "2 hardly willing"),
                     QT_TRANSLATE_NOOP("Colouring", "3 neutral"),
                     QT_TRANSLATE_NOOP("Colouring", "4 willing"),
                     QT_TRANSLATE_NOOP("Colouring", "5 very willing")),
            _topic_value(Topic.INVESTMENT, "owner_willingness"), (1, 2, 3, 4, 5),
            numeric=False),
        Colouring(
            "profile_fit", QT_TRANSLATE_NOOP(
                "Colouring", "Fit with the park's profile (indicative; profiles provisional)"),
            _classes(PU_OR_2,
                     QT_TRANSLATE_NOOP("Colouring", "does not fit"),
                     QT_TRANSLATE_NOOP("Colouring", "fits")),
            _profile_fit(profiles), (0, 1), numeric=False),
        Colouring(
            "distance_to_sensitive_m", QT_TRANSLATE_NOOP(
                "Colouring", "Distance to dwelling (BAG woonfunctie)"),
            _classes(RD_YL_BU_5,
                     QT_TRANSLATE_NOOP("Colouring", "under 30 m"),
                     QT_TRANSLATE_NOOP("Colouring", "30–100 m"),
                     QT_TRANSLATE_NOOP("Colouring", "100–300 m"),
                     QT_TRANSLATE_NOOP("Colouring", "300–1,000 m"),
                     QT_TRANSLATE_NOOP("Colouring", "over 1,000 m")),
            _to_dwelling, (math.nextafter(30, -INF), math.nextafter(100, -INF),
                           math.nextafter(300, -INF), 1000, INF), unit="m"),
    ]
