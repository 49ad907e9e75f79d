"""The business parks of chapter 2.2 and their desired profile (chapter 4.2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from otb_desktop.domain.topics import category_major


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


# The programme assigns no profile to any park yet (4.2; profiles per kavel follow in 1B):
# every park profile is an assumption and is shown as such, with its source.
PROFILE_STATUS = "voorlopig (aanname)"
PROFILE_SOURCE = "aanname OTB Desktop (resources/parks.json), niet uit het programma"
PROFILE_FIT_LABEL = "indicatief"


@dataclass(frozen=True)
class ParkDefinition:
    id: str  # fixed, shipped with the app: one identity on every laptop and the server
    name: str
    in_scope: bool
    profile: Profile | None  # None: outside the OTB, no profile
    aliases: tuple[str, ...] = ()  # other spellings (IBIS) that name this park


def load_park_definitions(path: Path) -> list[ParkDefinition]:
    rows = json.loads(path.read_text(encoding="utf-8"))["parks"]
    return [ParkDefinition(r["id"], r["name"], bool(r["in_scope"]),
                           Profile(r["profile"]) if r.get("profile") else None,
                           tuple(r.get("aliases", ()))) for r in rows]


def profile_fits(profile: Profile | str, environmental_category: int | str) -> bool:
    """Indicatief: the main VNG category ("3.2" → 3; an old whole 3 → 3) fits the profile."""
    return category_major(environmental_category) in PROFILE_CATEGORIES[Profile(profile)]
