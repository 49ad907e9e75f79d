"""Every field and derived property of a parcel row, with its type, for comparing rows."""

from __future__ import annotations

import dataclasses
from typing import Any

from otb_desktop.services.parcels import ParcelRow

PROPERTIES = ("floor_area_from_bag", "distance_to_sensitive_m", "surveyed_topics",
              "first_observed", "first_observed_text", "last_observed", "completeness")


def every_field(row: ParcelRow) -> list[tuple[str, str, Any]]:
    """(name, type, value) of each dataclass field and derived property of ``row``."""
    names = [f.name for f in dataclasses.fields(ParcelRow)] + list(PROPERTIES)
    return [(name, type(getattr(row, name)).__name__, getattr(row, name)) for name in names]
