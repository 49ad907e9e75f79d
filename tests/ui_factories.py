"""Realistic parcels for UI tests, written with the ORM so tests do not wait for importers.

``make_parcels(context, n, park_name=...)`` lays out ``n`` square parcels (50 × 50 m) in a
grid in RD New near Hengelo, each with one building covering part of it, designations
``OTL02 B <number>`` and an address ``Testweg <number>, Hengelo``. Repeated calls continue the
numbering and the grid, so several parks can be filled in one database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from shapely.geometry import box
from sqlalchemy import func, select

from otb_desktop.domain import designation as designations
from otb_desktop.persistence.models import Building, Parcel
from otb_desktop.services.context import AppContext
from otb_desktop.services.parks import ensure_parks
from otb_desktop.services.survey import SurveyService

ORIGIN_X, ORIGIN_Y = 250_000.0, 475_000.0  # RD New, Hengelo
SIDE_M = 50.0
COLUMNS = 10
FIRST_NUMBER = 2290
DEFAULT_PARK = "Twentekanaal Noord 1 & 2"


def make_parcels(context: AppContext, n: int, park_name: str | None = DEFAULT_PARK,
                 akr_code: str = "OTL02", section: str = "B") -> list[str]:
    """Insert ``n`` parcels with one building each; return their ids in designation order."""
    ids: list[str] = []
    with context.database.session() as session:
        parks = ensure_parks(session, context)
        park_id = parks[park_name].id if park_name else None
        start = session.scalar(select(func.count()).select_from(Parcel)) or 0
        for offset in range(n):
            index = start + offset
            number = FIRST_NUMBER + index
            x0 = ORIGIN_X + (index % COLUMNS) * SIDE_M
            y0 = ORIGIN_Y + (index // COLUMNS) * SIDE_M
            name = designations.make(akr_code, section, number)
            parcel = Parcel(designation=str(name), akr_code=name.akr_code, section=name.section,
                            number=name.number,
                            short_key=designations.search_key(f"{section}{number}"),
                            area_m2=SIDE_M * SIDE_M, registered_area_m2=SIDE_M * SIDE_M,
                            park_id=park_id, addresses=[f"Testweg {number}, Hengelo"],
                            source="tests/ui_factories.py", created_by=context.author,
                            device_id=context.device_id)
            parcel.set_geometry(box(x0, y0, x0 + SIDE_M, y0 + SIDE_M))
            # Coverage grows with the index (10 % .. 60 %) so sorting by coverage means something.
            depth = SIDE_M * (0.1 + 0.5 * (index % 6) / 5)
            building = Building(bag_id=f"0164100000{index:06d}", height_m=7.0, storeys=2,
                                year_built=1970 + index % 50, source="tests/ui_factories.py",
                                created_by=context.author, device_id=context.device_id)
            building.set_geometry(box(x0, y0, x0 + SIDE_M, y0 + depth))
            session.add_all([parcel, building])
            session.flush()
            ids.append(parcel.id)
    return ids


def record(context: AppContext, parcel_id: str, topic: str, values: dict[str, Any],
           observed_at: dt.datetime | None = None) -> None:
    """Record one validated observation (optionally back-dated) for a test parcel."""
    SurveyService(context).record(parcel_id, topic, values, observed_at=observed_at)


# Valid values per topic, for tests that only need "this topic is surveyed".
SAMPLE_VALUES: dict[str, dict[str, Any]] = {
    "vacancy": {"total_floor_area_m2": 1000, "vacant_floor_area_m2": 200},
    "condition": {"overall": 3},
    "planning_capacity": {"max_height_m": 15, "max_coverage_pct": 70},
    "climate_adaptation": {"paved_pct": 60, "green_pct": 20},
    "willingness_to_invest": {"owner_type": "belegger", "owner_willingness": 4},
    "profile_fit": {"current_activity": "metaalbewerking", "environmental_category": "4.1"},
    "energy": {"roof_pv": False, "no_pv_reason": "netcongestie", "grid_congestion": "wachtrij"},
    "mobility": {"parking_places": 12, "loading_bays": 2},
}


def type_into(qtbot, page, field: str, text: str) -> None:
    """Replace the field's text the way a person does (select all, type or delete)."""
    line = page.form.editors[field].focus_widget
    if isinstance(line, QComboBox):  # a named-class or choice field: pick the class
        index = next((i for i in range(1, line.count()) if text and (
            line.itemData(i) == text or line.itemText(i).startswith(text))), 0)
        line.setCurrentIndex(index)
        return
    line.selectAll()
    if text:
        qtbot.keyClicks(line, text)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Backspace)
