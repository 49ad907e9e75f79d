"""The business parks of chapter 2.2 and their desired profile (chapter 4.2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Profile(StrEnum):
    HIGHTECH = "hightech"
    HEAVY = "zware_maakindustrie"
    MIXED = "gemengd"


PROFILE_LABELS = {Profile.HIGHTECH: "hightech", Profile.HEAVY: "zware maakindustrie",
                  Profile.MIXED: "gemengd"}

# Environmental categories (milieucategorie) that fit each settlement profile. The OTB asks
# that heavy environmental space is reserved for firms that need it (4.2, vraagstuk 2).
PROFILE_CATEGORIES = {
    Profile.HIGHTECH: range(1, 4),
    Profile.MIXED: range(1, 5),
    Profile.HEAVY: range(3, 7),
}


@dataclass(frozen=True)
class ParkDefinition:
    id: str  # fixed, shipped with the app: one identity on every laptop and the server
    name: str
    in_scope: bool
    profile: Profile


def load_park_definitions(path: Path) -> list[ParkDefinition]:
    rows = json.loads(path.read_text(encoding="utf-8"))["parks"]
    return [ParkDefinition(r["id"], r["name"], bool(r["in_scope"]), Profile(r["profile"]))
            for r in rows]


def profile_fits(profile: Profile | str, environmental_category: int) -> bool:
    return environmental_category in PROFILE_CATEGORIES[Profile(profile)]
