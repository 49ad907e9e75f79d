"""Weight profiles and park priorities, stored as the ``weight_profile_revision`` family.

The shipped profiles ("Evenwichtig", "Ruimtewinst", "Kwaliteitsimpuls", "Klimaat") have fixed
ids derived from their names, so every laptop means the same profile by the same id; an
edit is a new revision of that id. Park priorities live in the same family under an id
derived from the park's id. Which profile is active is a choice of this device (a local
setting), not synced.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ids import new_id
from otb_desktop.domain.ranking.weights import (
    DEFAULT_PROFILES,
    PRIORITIES_KIND,
    PROFILE_KIND,
    ParkPriorities,
    WeightProfile,
    check_priorities,
    check_profile,
)
from otb_desktop.persistence.models import WeightProfileRevision, WeightProfileRevisionEdge
from otb_desktop.persistence.revisions import append_revision, distinct_heads, head_revisions
from otb_desktop.services.context import AppContext

ACTIVE_PROFILE_KEY = "active_weight_profile"
_NAMESPACE = uuid.UUID("6f3c1b1e-9a0e-4e55-9d1f-0b7c0f3e0d09")


def shipped_profile_id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"profile:{name}"))


def priorities_id(park_id: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"park-priorities:{park_id}"))


class ProfileNameTakenError(OtbError):
    pass


@dataclass(frozen=True)
class ProfileView:
    id: str
    profile: WeightProfile
    head_ids: tuple[str, ...]  # empty: the shipped profile, never edited
    conflict: bool
    shipped: bool


class WeightProfileService:
    def __init__(self, context: AppContext):
        self.context = context

    def profiles(self) -> list[ProfileView]:
        """The shipped profiles (edited or not) and the saved ones, by name."""
        with self.context.database.session() as session:
            heads = head_revisions(session, WeightProfileRevision, WeightProfileRevisionEdge)
        views: dict[str, ProfileView] = {}
        shipped = {shipped_profile_id(p.name): p for p in DEFAULT_PROFILES}
        for subject, revs in heads.items():
            if revs[0].body.get("kind") != PROFILE_KIND:
                continue
            views[subject] = ProfileView(subject, WeightProfile.from_body(revs[0].body),
                                         tuple(r.id for r in revs),
                                         len(distinct_heads(revs)) > 1, subject in shipped)
        for subject, profile in shipped.items():
            views.setdefault(subject, ProfileView(subject, profile, (), False, True))
        return sorted(views.values(), key=lambda v: (not v.shipped, v.profile.name.casefold()))

    def active(self) -> ProfileView:
        views = self.profiles()
        chosen = self.context.database.setting(ACTIVE_PROFILE_KEY)
        return next((v for v in views if v.id == chosen), views[0])

    def set_active(self, profile_id: str) -> None:
        self.context.database.set_setting(ACTIVE_PROFILE_KEY, profile_id)

    def save(self, profile: WeightProfile, profile_id: str | None = None,
             based_on: tuple[str, ...] | None = None) -> ProfileView:
        """Save an edit of ``profile_id`` (superseding ``based_on``) or a new profile."""
        check_profile(profile)
        others = [v for v in self.profiles() if v.id != profile_id]
        if any(v.profile.name.casefold() == profile.name.strip().casefold() for v in others):
            raise ProfileNameTakenError(f"Er is al een gewichtenprofiel '{profile.name}'; kies "
                                        "een andere naam.")
        subject = profile_id or new_id()
        with self.context.database.session() as session:
            append_revision(session, WeightProfileRevision, WeightProfileRevisionEdge, subject,
                            profile.to_body(), self.context.author, self.context.device_id,
                            None if based_on is None else list(based_on))
        return next(v for v in self.profiles() if v.id == subject)

    def park_priorities(self) -> dict[str, ParkPriorities]:
        with self.context.database.session() as session:
            heads = head_revisions(session, WeightProfileRevision, WeightProfileRevisionEdge)
        result = {}
        for revs in heads.values():
            if revs[0].body.get("kind") == PRIORITIES_KIND:
                prio = ParkPriorities.from_body(revs[0].body)
                result[prio.park_id] = prio
        return result

    def save_park_priorities(self, priorities: ParkPriorities) -> None:
        check_priorities(priorities)
        with self.context.database.session() as session:
            append_revision(session, WeightProfileRevision, WeightProfileRevisionEdge,
                            priorities_id(priorities.park_id), priorities.to_body(),
                            self.context.author, self.context.device_id)
