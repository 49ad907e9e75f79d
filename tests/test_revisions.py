"""Append-only revision families: heads, conflicts, identical heads, history."""

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session

from otb_desktop.persistence.revisions import (
    Revision,
    RevisionEdge,
    append_revision,
    distinct_heads,
    head_revisions,
    history,
)


class _Base(DeclarativeBase):
    pass


class ThingRevision(Revision, _Base):
    __tablename__ = "thing_revision"


class ThingEdge(RevisionEdge, _Base):
    __tablename__ = "thing_revision_supersedes"


def _session() -> Session:
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    return Session(engine)


def _add(session, subject, body, supersedes=None, device="d1"):
    return append_revision(session, ThingRevision, ThingEdge, subject, body, "anna", device,
                           supersedes)


def test_a_new_revision_supersedes_the_head_and_history_keeps_both():
    with _session() as s:
        first = _add(s, "s1", {"name": "a"})
        second = _add(s, "s1", {"name": "b"})
        heads = head_revisions(s, ThingRevision, ThingEdge)
        assert [h.id for h in heads["s1"]] == [second.id]
        assert [r.id for r in history(s, ThingRevision, "s1")] == [second.id, first.id]


def test_concurrent_revisions_from_one_base_are_two_heads_until_resolved():
    with _session() as s:
        base = _add(s, "s1", {"name": "a"})
        mine = _add(s, "s1", {"name": "b"}, supersedes=[base.id])
        theirs = _add(s, "s1", {"name": "c"}, supersedes=[base.id], device="d2")
        heads = head_revisions(s, ThingRevision, ThingEdge, ["s1"])["s1"]
        assert {h.id for h in heads} == {mine.id, theirs.id}
        resolution = _add(s, "s1", {"name": "b+c"})
        assert [h.id for h in head_revisions(s, ThingRevision, ThingEdge)["s1"]] == \
            [resolution.id]


def test_heads_with_identical_bodies_are_one_value_and_subjects_stay_apart():
    with _session() as s:
        base = _add(s, "s1", {"name": "a"})
        _add(s, "s1", {"name": "same"}, supersedes=[base.id])
        _add(s, "s1", {"name": "same"}, supersedes=[base.id], device="d2")
        other = _add(s, "s2", {"name": "x"})
        heads = head_revisions(s, ThingRevision, ThingEdge)
        assert len(heads["s1"]) == 2
        assert len(distinct_heads(heads["s1"])) == 1
        assert [h.id for h in heads["s2"]] == [other.id]
