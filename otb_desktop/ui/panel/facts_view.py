"""The parcel's key facts: area, addresses, buildings and the figures derived from them.

Derived figures that need a survey value say which topic to record instead of showing zero,
because missing data is never read as zero.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from otb_desktop.domain.figures import (
    VACANCY_CLASS_LABELS,
    climate_completeness,
    climate_score,
    guide_distance_met,
)
from otb_desktop.domain.parks import PROFILE_LABELS, Profile, profile_fits
from otb_desktop.domain.topics import VNG_GUIDE_DISTANCE_M, Topic, display_value, topic_spec
from otb_desktop.services.parcel_detail import ParcelDetail
from otb_desktop.services.parcels import ParcelRow, vacancy
from otb_desktop.services.survey_progress import DEFAULT_STALE_MONTHS, months_before
from otb_desktop.ui import palette
from otb_desktop.ui.panel.locale_text import (
    format_area,
    format_date,
    format_number,
    format_percent,
)


def profile_label(profile: str | None) -> str:
    if not profile:
        return ""
    try:
        return PROFILE_LABELS[Profile(profile)]
    except ValueError:
        return profile


# Facts that come from a survey topic show when it was observed (and whether that is stale).
FACT_TOPICS = {"unused_coverage": Topic.PLANNING, "vacancy": Topic.VACANCY,
               "climate": Topic.CLIMATE, "profile_fit": Topic.PROFILE_FIT}


class FactsView(QWidget):
    """Label and value per row in a grid: a QFormLayout loses the second line of a wrapped
    value that changes later (height-for-width), as topic_form.py found."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout_ = QGridLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setVerticalSpacing(3)
        self.layout_.setHorizontalSpacing(12)
        self.layout_.setColumnStretch(1, 1)
        self.stale_months = DEFAULT_STALE_MONTHS
        self.stale: set[str] = set()  # keys of facts whose observation is stale
        self.values: dict[str, QLabel] = {}
        self._names: list[QLabel] = []
        self._missing: set[str] = set()  # keys whose value is "not recorded" (muted)
        for key, text in (
                ("area", self.tr("Area")),
                ("addresses", self.tr("Addresses")),
                ("buildings", self.tr("Buildings")),
                ("built", self.tr("Built")),
                ("floor_area", self.tr("Floor area")),
                ("unused_coverage", self.tr("Unused coverage")),
                ("unused_floor", self.tr("Unused floor area")),
                ("vacancy", self.tr("Vacancy")),
                ("climate", self.tr("Climate score")),
                ("profile_fit", self.tr("Profile fit")),
                ("to_dwelling", self.tr("To dwelling")),
                ("neighbours", self.tr("Neighbours"))):
            label = QLabel(text)
            label.setForegroundRole(palette.muted_role(self.palette()))  # muted, any palette
            self._names.append(label)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row = len(self.values)
            self.layout_.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft
                                   | Qt.AlignmentFlag.AlignTop)
            self.layout_.addWidget(value, row, 1)
            self.values[key] = value

    def text(self, key: str) -> str:
        return self.values[key].text()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._fit_heights()

    def _fit_heights(self) -> None:
        """A wrapped value never loses its last line: a scroll area lays its content out by
        size hint, not by height-for-width, so each label asks for its wrapped height."""
        for label in self.values.values():
            if label.width() > 0:
                label.setMinimumHeight(label.heightForWidth(label.width()))

    def _set(self, key: str, text: str, missing: bool = False) -> None:
        label = self.values[key]
        label.setText(text)
        # Missing values in the palette's muted colour (not a fixed grey: dark palettes)
        if missing:
            self._missing.add(key)
        else:
            self._missing.discard(key)
        label.setForegroundRole(palette.muted_role(self.palette()) if missing
                                else QPalette.ColorRole.WindowText)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new palette (dark mode, high contrast) decides again whether the muted colour
        is legible."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            muted = palette.muted_role(self.palette())
            for label in self._names:
                label.setForegroundRole(muted)
            for key in self._missing:
                self.values[key].setForegroundRole(muted)

    def set_facts(self, row: ParcelRow, detail: ParcelDetail,
                  today: dt.date | None = None) -> None:
        area = format_area(row.area_m2)
        if row.registered_area_m2 is not None and round(row.registered_area_m2) != round(
                row.area_m2):  # the cadastre's figure, when it differs from the geometry
            area += " " + self.tr("(registered %1)").replace(
                "%1", format_area(row.registered_area_m2))
        self._set("area", area)
        self._set("addresses", "\n".join(row.addresses) or self.tr("none known"),
                  missing=not row.addresses)
        self._set_buildings(detail)
        self._set("built", self.tr("%1 footprint, %2 coverage").replace(
            "%1", format_area(row.built_footprint_m2)).replace(
            "%2", format_percent(row.coverage_pct)))
        self._set("floor_area", format_area(row.existing_floor_area_m2) + " " + (
            self.tr("(BAG verblijfsobjecten)") if row.floor_area_from_bag
            else self.tr("(indicative: footprint × storeys)")))
        planning_missing = self.tr("unknown: record %1").replace(
            "%1", topic_spec(Topic.PLANNING).label.lower())
        if row.unused_coverage_m2 is None:
            self._set("unused_coverage", planning_missing, missing=True)
            self._set("unused_floor", planning_missing, missing=True)
        else:
            self._set("unused_coverage", format_area(row.unused_coverage_m2))
            self._set("unused_floor", format_area(row.unused_floor_area_m2 or 0.0) + " " + self.tr(
                "(indicative: 3.5 m per storey)"))
        self._set_vacancy(row, today)
        climate = row.values.get(Topic.CLIMATE)
        score = climate_score(climate) if climate else None
        if score is not None:
            self._set("climate", self.tr("%1 of 1 (%2 % answered)").replace(
                "%1", format_number(score, 2)).replace(
                "%2", format_number(100 * climate_completeness(climate), 0)))
        else:
            self._set("climate", self.tr("not recorded"), missing=True)
        self._set_profile_fit(row, detail)
        self._set_to_dwelling(row)
        self._set("neighbours", self.tr("%n adjacent parcel(s)", "", detail.neighbour_count))
        self._add_observation_dates(row, today or dt.date.today())
        self._fit_heights()

    def _add_observation_dates(self, row: ParcelRow, today: dt.date) -> None:
        """"· observed 3-1-2024" after facts from a topic; "stale" when older than the
        cutoff the map and the survey progress use."""
        cutoff = months_before(today, self.stale_months)
        self.stale = set()
        for key, topic in FACT_TOPICS.items():
            when = row.observed_at.get(str(topic))
            if when is None:
                continue
            local = when.astimezone().date()
            text = self.tr("observed %1").replace("%1", format_date(local))
            if local < cutoff:
                self.stale.add(key)
                text = "⚠ " + self.tr("stale: observed %1").replace("%1", format_date(local))
            label = self.values[key]
            label.setText(f"{label.text()}\n{text}")

    def _set_buildings(self, detail: ParcelDetail) -> None:
        count = len(detail.buildings)
        if not count:
            self._set("buildings", self.tr("none"), missing=True)
            return
        text = self.tr("%n building(s)", "", count)
        years = detail.years_built
        if years:
            shown = ", ".join(str(y) for y in years[:4]) + (", …" if len(years) > 4 else "")
            text += " " + self.tr("(built %1)").replace("%1", shown)
        self._set("buildings", text)

    def _set_vacancy(self, row: ParcelRow, today: dt.date | None) -> None:
        figures = vacancy(row, today)
        if figures is None:
            self._set("vacancy", self.tr("not recorded"), missing=True)
            return
        if figures["vacancy_pct"] is None:
            self._set("vacancy", self.tr("not recorded"), missing=True)
            return
        text = format_percent(figures["vacancy_pct"])
        if figures["vacancy_class"] is not None:
            # PBL class by name; the 5 % friction vacancy belongs to the park, not to a parcel.
            text += f" ({VACANCY_CLASS_LABELS[figures['vacancy_class']]})"
        self._set("vacancy", text)

    def _set_profile_fit(self, row: ParcelRow, detail: ParcelDetail) -> None:
        category = row.value(Topic.PROFILE_FIT, "environmental_category")
        if category is None:
            self._set("profile_fit", self.tr("not recorded"), missing=True)
            return
        if not detail.park_profile:
            self._set("profile_fit", self.tr("category %1; the parcel is in no park").replace(
                "%1", display_value(topic_spec(Topic.PROFILE_FIT).field(
                    "environmental_category"), category)), missing=True)
            return
        fits = profile_fits(detail.park_profile, category)
        text = (self.tr("fits (%1, category %2)") if fits
                else self.tr("does not fit (%1, category %2)"))
        shown = display_value(topic_spec(Topic.PROFILE_FIT).field("environmental_category"),
                              category)
        # The programme fixes no park profile yet: the fit is indicative, the profile assumed.
        self._set("profile_fit", text.replace("%1", profile_label(detail.park_profile))
                  .replace("%2", shown) + " · " + self.tr(
                      "indicative; park profile provisional (assumption)"))

    def _set_to_dwelling(self, row: ParcelRow) -> None:
        """Distance to the nearest BAG woonfunctie, against the VNG guide distance."""
        distance = row.distance_to_sensitive_m
        if distance is None:
            self._set("to_dwelling", self.tr("unknown: import BAG verblijfsobjecten"),
                      missing=True)
            return
        text = self.tr("%1 m to the nearest dwelling (BAG woonfunctie)").replace(
            "%1", format_number(distance, 0))
        category = row.value(Topic.PROFILE_FIT, "environmental_category")
        guide = VNG_GUIDE_DISTANCE_M.get(str(category)) if category is not None else None
        met = guide_distance_met(distance, guide)
        if met is not None:
            text += " · " + (self.tr("at least the guide distance %1 m of category %2") if met
                             else self.tr("within the guide distance %1 m of category %2")
                             ).replace("%1", format_number(guide, 0)).replace("%2", str(category))
        self._set("to_dwelling", text)
