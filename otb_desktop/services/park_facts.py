"""Recording and reading park facts: append-only revisions of one park's facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.park_facts import validate_park_facts
from otb_desktop.persistence.models import BusinessPark, ParkFactRevision, ParkFactRevisionEdge
from otb_desktop.persistence.revisions import (
    append_revision,
    distinct_heads,
    head_revisions,
    history,
)
from otb_desktop.services.context import AppContext


class UnknownParkError(OtbError):
    pass


@dataclass(frozen=True)
class ParkFacts:
    id: str
    park_id: str
    values: dict[str, Any]
    created_at: dt.datetime
    author: str
    device_id: str


def _view(revision: ParkFactRevision) -> ParkFacts:
    return ParkFacts(revision.id, revision.subject_id, dict(revision.body), revision.created_at,
                     revision.created_by, revision.device_id)


class ParkFactService:
    def __init__(self, context: AppContext):
        self.context = context

    def record(self, park_id: str, raw: Mapping[str, Any]) -> ParkFacts:
        """Validate and append the park's facts as a new revision superseding its heads."""
        values = validate_park_facts(raw)
        with self.context.database.session() as session:
            if session.get(BusinessPark, park_id) is None:
                raise UnknownParkError(f"Bedrijventerrein {park_id} bestaat niet in deze "
                                       "database; importeer of kies een ander terrein.")
            revision = append_revision(session, ParkFactRevision, ParkFactRevisionEdge,
                                       park_id, values, self.context.author,
                                       self.context.device_id)
            session.flush()
            return _view(revision)

    def current(self, park_ids: list[str] | None = None) -> dict[str, list[ParkFacts]]:
        """Per park its distinct heads, newest first (more than one: a conflict)."""
        with self.context.database.session() as session:
            heads = head_revisions(session, ParkFactRevision, ParkFactRevisionEdge, park_ids)
            return {park: [_view(r) for r in distinct_heads(revs)]
                    for park, revs in heads.items()}

    def history(self, park_id: str) -> list[ParkFacts]:
        with self.context.database.session() as session:
            return [_view(r) for r in history(session, ParkFactRevision, park_id)]

    def park_ids(self) -> dict[str, str]:
        with self.context.database.session() as session:
            return dict(session.execute(select(BusinessPark.name, BusinessPark.id)).all())
