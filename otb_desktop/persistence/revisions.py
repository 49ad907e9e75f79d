"""Append-only revision families: the observation pattern for every other record that travels.

Anything that syncs between laptops and is not an observation (photo captions and
withdrawals, park facts, sites, weight profiles, intakes…) is never updated in place. Each
saved state of one *subject* (a site, a park, a photo, a profile…) is a new row of the
family's revision table; it names the revisions it supersedes in the family's edge table. The
current state of a subject is its head: the revision nothing supersedes. Two or more heads
with different bodies are a conflict that a person resolves by saving a revision that
supersedes them all; heads with identical bodies are one value.

A family is declared with two small classes:

    class SiteRevision(Revision, Base):
        __tablename__ = "site_revision"

    class SiteRevisionEdge(RevisionEdge, Base):
        __tablename__ = "site_revision_supersedes"

Sync treats every family alike: insert-if-absent by id, edges validated on arrival (both
ends belong to the same subject; no cycles).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, String, exists, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.types import UtcDateTime, utcnow


class Revision:
    """Mixin: one saved state (``body``) of one subject; never updated, never deleted."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    subject_id: Mapped[str] = mapped_column(String(36), index=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[str] = mapped_column(String(36))


class RevisionEdge:
    """Mixin: ``revision_id`` supersedes ``superseded_id`` (the latter may arrive later)."""

    revision_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    superseded_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


def head_revisions(session: Session, revision: type[Revision], edge: type[RevisionEdge],
                   subject_ids: Iterable[str] | None = None) -> dict[str, list[Revision]]:
    """Per subject its heads, newest first (more than one with different bodies: conflict)."""
    query = select(revision).where(~exists().where(edge.superseded_id == revision.id))
    if subject_ids is not None:
        query = query.where(revision.subject_id.in_(list(subject_ids)))
    query = query.order_by(revision.subject_id, revision.created_at.desc(), revision.id.desc())
    result: dict[str, list[Revision]] = {}
    for row in session.scalars(query):
        result.setdefault(row.subject_id, []).append(row)
    return result


def distinct_heads(heads: Sequence[Revision]) -> list[Revision]:
    """Heads with identical bodies are one value (the newest stands for them)."""
    seen: list[Mapping[str, Any]] = []
    kept: list[Revision] = []
    for head in heads:
        if head.body not in seen:
            seen.append(head.body)
            kept.append(head)
    return kept


def append_revision(session: Session, revision: type[Revision], edge: type[RevisionEdge],
                    subject_id: str, body: Mapping[str, Any], author: str, device_id: str,
                    supersedes: Sequence[str] | None = None) -> Revision:
    """Add a revision of ``subject_id`` superseding ``supersedes`` (default: all its heads).

    Runs inside the caller's unit of work. Passing the heads the user saw (rather than the
    default) keeps a concurrent edit that arrived meanwhile as a visible conflict.
    """
    if supersedes is None:
        supersedes = [h.id for h in head_revisions(session, revision, edge, [subject_id])
                      .get(subject_id, [])]
    row = revision(id=new_id(), subject_id=subject_id, body=dict(body), created_at=utcnow(),
                   created_by=author, device_id=device_id)
    session.add(row)
    for old in supersedes:
        session.add(edge(revision_id=row.id, superseded_id=old))
    return row


def history(session: Session, revision: type[Revision], subject_id: str) -> list[Revision]:
    """Every revision of one subject, newest first."""
    return list(session.scalars(
        select(revision).where(revision.subject_id == subject_id)
        .order_by(revision.created_at.desc(), revision.id.desc())))
