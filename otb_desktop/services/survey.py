"""Recording observations (append-only), reading history and current values, drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from otb_desktop.domain import topics
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.observations import ObservationRecord as ObservationView
from otb_desktop.services.context import AppContext

if TYPE_CHECKING:
    pass

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from otb_desktop.persistence.models import Observation


class UnknownParcelError(OtbError):
    pass


def is_log_topic(topic: str) -> bool:
    """A log topic (notes): each observation stands on its own (a note does not replace the
    previous note), so several heads are the log's entries, never a conflict."""
    return str(topic) in topics.LOG_TOPICS


def _view(obs: Observation) -> ObservationView:
    return ObservationView(obs.id, obs.parcel_id, obs.topic, dict(obs.values), obs.observed_at,
                           obs.created_by, obs.device_id,
                           tuple(sorted(s.superseded_id for s in obs.supersedes)))


def head_filter():
    """SQL condition: the observation is a head (nothing supersedes it)."""
    from sqlalchemy import exists

    from otb_desktop.persistence.models import Observation, ObservationSupersedes

    return ~exists().where(ObservationSupersedes.superseded_id == Observation.id)


class SurveyService:
    def __init__(self, context: AppContext):
        self.context = context

    def record(self, parcel_id: str, topic: str, raw: Mapping[str, Any],
               observed_at: dt.datetime | None = None) -> ObservationView:
        """Validate and append a new observation that supersedes every current head.

        Raises ValidationError (nothing saved) when a value is outside its domain.
        """
        values = topics.validate(topic, raw)
        with self.context.database.session() as session:
            return _view(self.append(session, parcel_id, topic, values, observed_at))

    def append(self, session: Session, parcel_id: str, topic: str, values: dict[str, Any],
               observed_at: dt.datetime | None = None, author: str | None = None
               ) -> Observation:
        """Append already validated values inside the caller's unit of work."""
        from sqlalchemy import delete, select

        from otb_desktop.domain.ids import new_id
        from otb_desktop.persistence.models import Draft, Observation, ObservationSupersedes, Parcel
        from otb_desktop.persistence.types import utcnow

        if session.scalar(select(Parcel.id).where(Parcel.id == parcel_id)) is None:
            raise UnknownParcelError(f"Perceel {parcel_id} bestaat niet (meer) in deze database.")
        head_ids = [] if is_log_topic(topic) else session.scalars(
            select(Observation.id).where(Observation.parcel_id == parcel_id,
                                         Observation.topic == topic, head_filter())).all()
        obs_id = new_id()
        obs = Observation(
            id=obs_id, parcel_id=parcel_id, topic=str(topics.Topic(topic)), values=values,
            observed_at=observed_at or utcnow(), created_by=author or self.context.author,
            device_id=self.context.device_id,
            supersedes=[ObservationSupersedes(observation_id=obs_id, superseded_id=h)
                        for h in head_ids])
        session.add(obs)
        session.execute(delete(Draft).where(Draft.parcel_id == parcel_id, Draft.topic == topic))
        return obs

    def restore(self, observation_id: str) -> ObservationView:
        """Write the values of an earlier observation again, as a new observation that
        supersedes the current heads: the append-only way to undo a mistaken save."""
        from otb_desktop.persistence.models import Observation

        with self.context.database.session() as session:
            old = session.get(Observation, observation_id)
            if old is None:
                raise OtbError("Deze waarneming bestaat niet (meer) in deze database.")
            values = topics.validate(old.topic, old.values)
            return _view(self.append(session, old.parcel_id, old.topic, values))

    def history(self, parcel_id: str, topic: str) -> list[ObservationView]:
        """Every observation of the topic, newest first."""
        from sqlalchemy import select

        from otb_desktop.persistence.models import Observation

        with self.context.database.session() as session:
            rows = session.scalars(
                select(Observation).where(Observation.parcel_id == parcel_id,
                                          Observation.topic == topic)
                .order_by(Observation.observed_at.desc(), Observation.id.desc())).all()
            return [_view(o) for o in rows]

    def heads(self, parcel_id: str) -> dict[str, list[ObservationView]]:
        """Per topic the heads, newest first; more than one head is a conflict.

        Heads with identical values (the same spreadsheet imported on two laptops) are one
        value: the newest stands for them, so they are no conflict.
        """
        from sqlalchemy import select

        from otb_desktop.persistence.models import Observation

        with self.context.database.session() as session:
            rows = session.scalars(
                select(Observation).where(Observation.parcel_id == parcel_id, head_filter())
                .order_by(Observation.observed_at.desc(), Observation.id.desc())).all()
            result: dict[str, list[ObservationView]] = {}
            for obs in rows:
                same = result.setdefault(obs.topic, [])
                if all(head.values != obs.values for head in same):
                    same.append(_view(obs))
            return result

    # Drafts: unsaved form input, kept so a crash loses nothing.

    def save_draft(self, parcel_id: str, topic: str, raw: Mapping[str, Any]) -> None:
        from otb_desktop.persistence.models import Draft
        from otb_desktop.persistence.types import utcnow

        with self.context.database.session() as session:
            session.merge(Draft(parcel_id=parcel_id, topic=topic, values=dict(raw),
                                updated_at=utcnow()))

    def discard_draft(self, parcel_id: str, topic: str) -> None:
        from sqlalchemy import delete

        from otb_desktop.persistence.models import Draft

        with self.context.database.session() as session:
            session.execute(delete(Draft).where(Draft.parcel_id == parcel_id,
                                                Draft.topic == topic))

    def drafts(self) -> list[tuple[str, str, dict[str, Any], dt.datetime]]:
        """(parcel id, topic, values, updated at) of every draft, oldest first."""
        from sqlalchemy import select

        from otb_desktop.persistence.models import Draft

        with self.context.database.session() as session:
            rows = session.scalars(select(Draft).order_by(Draft.updated_at)).all()
            return [(d.parcel_id, d.topic, dict(d.values), d.updated_at) for d in rows]
