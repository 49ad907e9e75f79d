"""Conflicts: a topic of a parcel (or a subject of a revision family) with two or more heads
whose values differ, until a person resolves it.

Heads are what nothing supersedes, so chains count (A edits v1→v2→v3 offline while B edits
v1→v4: v3 and v4 conflict), and heads with identical values are one value. Each conflict shows
*base* (the newest version every head descends from), *mine* (heads made on this device) and
*theirs*. A resolution is an ordinary new record that supersedes all heads
(``SurveyService.record``, ``append_revision``); it syncs like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from otb_desktop.domain.topics import topic_spec
from otb_desktop.domain.wording import count
from otb_desktop.services.context import AppContext
from otb_desktop.services.redaction import FAMILY as REDACTION_FAMILY
from otb_desktop.services.survey import head_filter, is_log_topic

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from otb_desktop.persistence.models import Observation

# Families that are a log, like the note topic: every entry stands, none is a current value
# (two redactions of one record, here or on two laptops, are two redactions, not a conflict).
LOG_FAMILIES = frozenset({REDACTION_FAMILY})


@dataclass(frozen=True)
class Version:
    id: str
    values: Mapping[str, Any]
    by: str
    at: dt.datetime
    device_id: str


@dataclass(frozen=True)
class Conflict:
    kind: str            # "observation" or a revision family name
    subject_id: str      # parcel id (observations) or the family's subject id
    topic: str | None
    label: str           # 'Perceel OTL02 B 2298, Notitie' or 'site_revision 0193…'
    base: Version | None
    mine: tuple[Version, ...]
    theirs: tuple[Version, ...]


def find_conflicts(context: AppContext) -> list[Conflict]:
    with context.database.session() as session:
        return [*_observation_conflicts(session, context.device_id),
                *_family_conflicts(session, context.device_id)]


def conflict_count(context: AppContext) -> int:
    """How many conflicts ``find_conflicts`` lists; the observation topics in conflict are
    read as stored per parcel (``parcel_heads``, kept up to date with every write)."""
    with context.database.session() as session:
        stored = session.connection().exec_driver_sql(
            "SELECT count(*), coalesce(sum(json_array_length(conflicts)), 0) FROM "
            "parcel_heads UNION ALL SELECT count(*), 0 FROM parcel").all()
        (heads, topics), (parcels, _zero) = stored
        if heads != parcels:  # heads not (all) stored: count the slow way
            return len(find_conflicts(context))
        return topics + len(_family_conflicts(session, context.device_id))


def _observation_conflicts(session: Session, device_id: str) -> list[Conflict]:
    # Only topics with two or more heads can conflict: found in SQL (cheap on 500 000
    # observations), their values compared here (JSON text may differ in key order).
    from sqlalchemy import func, select

    from otb_desktop.persistence.models import Observation, Parcel

    several = select(Observation.parcel_id, Observation.topic).where(head_filter()).group_by(
        Observation.parcel_id, Observation.topic).having(func.count() > 1).subquery()
    heads: dict[tuple[str, str], list[Observation]] = {}
    for obs in session.scalars(
            select(Observation).join(several, (Observation.parcel_id == several.c.parcel_id)
                                     & (Observation.topic == several.c.topic))
            .where(head_filter()).order_by(Observation.observed_at.desc(), Observation.id)):
        heads.setdefault((obs.parcel_id, obs.topic), []).append(obs)
    result = []
    for (parcel_id, topic), group in sorted(heads.items()):
        distinct: list[Observation] = []
        for obs in group:
            if all(obs.values != kept.values for kept in distinct):
                distinct.append(obs)
        if len(distinct) < 2 or is_log_topic(topic):   # a log (notes): every entry stands
            continue
        designation = session.scalar(select(Parcel.designation).where(Parcel.id == parcel_id))
        base = _observation_base(session, [o.id for o in distinct])
        versions = [_version(o.id, o.values, o.created_by, o.observed_at, o.device_id)
                    for o in distinct]
        result.append(Conflict(
            "observation", parcel_id, topic,
            f"Perceel {designation or parcel_id}, {topic_spec(topic).label}", base,
            tuple(v for v in versions if v.device_id == device_id),
            tuple(v for v in versions if v.device_id != device_id)))
    return result


def _ancestors(session: Session, newer, older, start: str) -> set[str]:
    """Every id ``start`` supersedes, directly or through a chain (edge columns ``newer``
    supersedes ``older``)."""
    from sqlalchemy import select

    seen: set[str] = set()
    frontier = [start]
    while frontier:
        found = set(session.scalars(select(older).where(newer.in_(frontier)))) - seen
        seen |= found
        frontier = list(found)
    return seen


def _observation_base(session: Session, heads: list[str]) -> Version | None:
    from sqlalchemy import select

    from otb_desktop.persistence.models import Observation, ObservationSupersedes

    common = set.intersection(*(
        _ancestors(session, ObservationSupersedes.observation_id,
                   ObservationSupersedes.superseded_id, h) for h in heads))
    if not common:
        return None
    base = session.scalars(select(Observation).where(Observation.id.in_(common))
                           .order_by(Observation.observed_at.desc(), Observation.id.desc())
                           ).first()
    return None if base is None else _version(base.id, base.values, base.created_by,
                                              base.observed_at, base.device_id)


def _family_conflicts(session: Session, device_id: str) -> list[Conflict]:
    from otb_desktop.persistence.families import revision_families
    from otb_desktop.persistence.revisions import distinct_heads, head_revisions

    result = []
    for family in revision_families():
        if family.name in LOG_FAMILIES:
            continue
        cls, edge = family.revision_class, family.edge_class
        for subject, heads in sorted(head_revisions(session, cls, edge).items()):
            distinct = distinct_heads(heads)
            if len(distinct) < 2:
                continue
            versions = [_version(h.id, h.body, h.created_by, h.created_at, h.device_id)
                        for h in distinct]
            result.append(Conflict(
                family.name, subject, None, f"{family.name} {subject}",
                _revision_base(session, cls, edge, [h.id for h in distinct]),
                tuple(v for v in versions if v.device_id == device_id),
                tuple(v for v in versions if v.device_id != device_id)))
    return result


def _revision_base(session: Session, cls, edge, heads: list[str]) -> Version | None:
    from sqlalchemy import select

    common = set.intersection(*(
        _ancestors(session, edge.revision_id, edge.superseded_id, h) for h in heads))
    base = session.scalars(select(cls).where(cls.id.in_(common)).order_by(
        cls.created_at.desc(), cls.id.desc())).first() if common else None
    return None if base is None else _version(base.id, base.body, base.created_by,
                                              base.created_at, base.device_id)


def _version(record_id: str, values: Mapping[str, Any], by: str, at: dt.datetime,
             device_id: str) -> Version:
    return Version(record_id, dict(values), by, at, device_id)


def conflict_lines(context: AppContext) -> list[str]:
    """``otb-desktop conflicts``: each conflict with base, mine and theirs."""
    conflicts = find_conflicts(context)
    if not conflicts:
        return ["Geen conflicten: elk onderwerp heeft één huidige waarde."]
    lines = [f"{count(len(conflicts), 'conflict', 'conflicten')}; los op door een nieuwe "
             "waarde vast te leggen (die vervangt alle huidige):"]
    for conflict in conflicts:
        lines.append(f"{conflict.label}: {len(conflict.mine) + len(conflict.theirs)} "
                     "verschillende waarden")
        if conflict.base is not None:
            lines.append(f"  basis  {_describe(conflict.base)}")
        for version in conflict.mine:
            lines.append(f"  mijn   {_describe(version)}")
        for version in conflict.theirs:
            lines.append(f"  hun    {_describe(version)}")
    return lines


def _describe(version: Version) -> str:
    values = ", ".join(f"{k}={'(leeg)' if v is None else v}"
                       for k, v in sorted(version.values.items()))
    return f"{version.by}, {version.at.astimezone():%Y-%m-%d %H:%M}: {values}"
