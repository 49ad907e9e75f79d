"""Redaction (AVG): a coordinator blanks a personal-data value everywhere.

Owners are often natural persons; a name in a note or a contact detail may have to go. A
redaction is a synced record of its own (family ``redaction_revision``): which record, which
field, why, by whom and when. Applying it sets that one value to null in place (the only
in-place change a synced record ever gets), here at once, on the server when it arrives
(trigger) and on every other laptop at its next sync. The record keeps its id, its other
values and its place in the supersedes chain, so history keeps its shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from otb_desktop.domain.errors import OtbError
from otb_desktop.persistence.models import Observation, RedactionRevision, RedactionRevisionEdge
from otb_desktop.persistence.revisions import append_revision
from otb_desktop.services.context import AppContext

FAMILY = RedactionRevision.__tablename__


class RedactionError(OtbError):
    pass


@dataclass(frozen=True)
class RedactionView:
    id: str
    record_id: str
    field: str
    reason: str
    by: str
    at: str


def redact(context: AppContext, observation_id: str, field: str, reason: str
           ) -> RedactionView:
    """Blank ``field`` of an observation, with a reason; raises RedactionError (Dutch)."""
    if not reason.strip():
        raise RedactionError("Geef een reden voor het verwijderen van dit gegeven (AVG); die "
                             "wordt met je naam en de datum bewaard.")
    with context.database.session() as session:
        observation = session.get(Observation, observation_id)
        if observation is None:
            raise RedactionError("Deze waarneming bestaat niet (meer) in deze database.")
        if field not in observation.values:
            raise RedactionError(f"De waarneming heeft geen veld '{field}'; kies een van: "
                                 f"{', '.join(sorted(observation.values))}.")
        row = append_revision(session, RedactionRevision, RedactionRevisionEdge,
                              subject_id=observation_id,
                              body={"record": "observation", "field": field,
                                    "reason": reason.strip()},
                              author=context.author, device_id=context.device_id,
                              supersedes=[])
        apply_redactions(session, [{"subject_id": observation_id, "body": row.body}])
        return RedactionView(row.id, observation_id, field, reason.strip(), row.created_by,
                             row.created_at.isoformat(timespec="seconds"))


def apply_redactions(session: Session, redactions: Iterable[Mapping[str, Any]]) -> int:
    """Blank what the redactions name (idempotent); returns how many values were blanked."""
    blanked = 0
    for redaction in redactions:
        body = redaction["body"]
        if body.get("record") != "observation" or not body.get("field"):
            continue
        observation = session.get(Observation, redaction["subject_id"])
        if observation is None or observation.values.get(body["field"]) is None:
            continue
        observation.values = {**observation.values, body["field"]: None}
        blanked += 1
    session.flush()
    return blanked


def redacted_values(values: Mapping[str, Any], redactions: Iterable[Mapping[str, Any]]
                    ) -> dict[str, Any]:
    """``values`` as they look after the redactions (for comparing with the server)."""
    result = dict(values)
    for body in redactions:
        if body.get("field") in result:
            result[body["field"]] = None
    return result


def redactions_of(session: Session, record_ids: Iterable[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in session.scalars(select(RedactionRevision).where(
            RedactionRevision.subject_id.in_(list(record_ids)))):
        found.setdefault(row.subject_id, []).append(dict(row.body))
    return found
