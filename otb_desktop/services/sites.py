"""Redevelopment sites (3D/3E) as the append-only revision family ``site_revision``.

A site keeps one stable id (the revision family's subject id) for ever; every change saves
the whole state (``domain.site_record.SiteRecord``) as a new revision with who, when and on
which device, superseding the heads the user saw. Two devices that changed the same site
offline leave two heads: ``SiteView.conflict`` is then true until someone saves a revision
that supersedes both (``resolve``).

Use cases: ``create`` from parcel ids, ``get`` → frozen ``SiteView``, ``list``, ``save``
(append a revision), ``set_stage``, ``history`` and ``stage_history``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from otb_desktop.domain.catalogue import Catalogue, load_catalogue
from otb_desktop.domain.errors import OtbError, ValidationIssue
from otb_desktop.domain.ids import new_id
from otb_desktop.domain.site_record import (
    SiteRecord,
    check_record,
    missing_steps,
    new_site,
)
from otb_desktop.domain.sites import STAGE_LABELS, Stage, check_adjacent
from otb_desktop.persistence.models import BusinessPark, Parcel, SiteRevision, SiteRevisionEdge
from otb_desktop.persistence.revisions import (
    append_revision,
    distinct_heads,
    head_revisions,
)
from otb_desktop.persistence.revisions import (
    history as revision_history,
)
from otb_desktop.services.context import AppContext


class UnknownSiteError(OtbError):
    pass


class StaleSiteError(OtbError):
    """The site changed (another save or a sync) since the form was opened."""


@dataclass(frozen=True)
class SiteMember:
    parcel_id: str
    designation: str
    park_id: str | None
    park_name: str | None
    in_scope: bool | None
    area_m2: float


@dataclass(frozen=True)
class SiteRevisionView:
    id: str
    record: SiteRecord
    created_at: dt.datetime
    created_by: str
    device_id: str
    supersedes: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageChange:
    stage: str
    label: str
    at: dt.datetime
    by: str
    device_id: str
    accelerated: bool
    motivation: str


@dataclass(frozen=True)
class SiteView:
    """A site as the UI, the ranking and the intake sheets read it."""

    id: str
    record: SiteRecord  # the newest head's state (the one shown while in conflict)
    members: tuple[SiteMember, ...]
    head_ids: tuple[str, ...]  # pass back to ``save`` as ``based_on``
    conflicting: tuple[SiteRecord, ...]  # the other heads' states, when in conflict
    updated_at: dt.datetime
    updated_by: str
    device_id: str
    missing: dict[int, tuple[ValidationIssue, ...]]  # per chapter-5 step what is missing
    warnings: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def stage(self) -> Stage:
        return Stage(self.record.stage)

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def parcel_ids(self) -> tuple[str, ...]:
        return self.record.parcel_ids

    @property
    def conflict(self) -> bool:
        return bool(self.conflicting)

    @property
    def area_m2(self) -> float:
        return sum(m.area_m2 for m in self.members)

    @property
    def park_names(self) -> tuple[str, ...]:
        return tuple(sorted({m.park_name for m in self.members if m.park_name}))

    def steps_complete(self, steps: Iterable[int] = (1, 2, 3)) -> bool:
        return all(not self.missing[s] for s in steps)


def outside_scope_warning(members: Sequence[SiteMember]) -> str | None:
    """A site outside the 10 parks in scope (chapter 2.2) is kept, with a warning."""
    outside = [m.designation for m in members if m.in_scope is not True]
    if not outside:
        return None
    return (f"{len(outside)} van de {len(members)} percelen ligt buiten de tien "
            "bedrijventerreinen van het OTB (hoofdstuk 2.2): " + ", ".join(outside) + ".")


class SiteService:
    def __init__(self, context: AppContext, catalogue: Catalogue | None = None):
        self.context = context
        self.catalogue = catalogue or load_catalogue()

    # --- reading -------------------------------------------------------------------------

    def list(self) -> list[SiteView]:
        """Every site, by name."""
        with self.context.database.session() as session:
            heads = head_revisions(session, SiteRevision, SiteRevisionEdge)
            views = self._views(session, heads)
        return sorted(views, key=lambda v: (v.name.casefold(), v.id))

    def get(self, site_id: str) -> SiteView:
        with self.context.database.session() as session:
            heads = head_revisions(session, SiteRevision, SiteRevisionEdge, [site_id])
            if site_id not in heads:
                raise UnknownSiteError(f"Locatie {site_id} bestaat niet in deze database.")
            return self._views(session, heads)[0]

    def sites_of_parcel(self, parcel_id: str) -> list[SiteView]:
        return [v for v in self.list() if parcel_id in v.parcel_ids]

    def history(self, site_id: str) -> list[SiteRevisionView]:
        """Every revision of the site, newest first."""
        with self.context.database.session() as session:
            rows = revision_history(session, SiteRevision, site_id)
            edges: dict[str, list[str]] = {}
            for rid, old in session.execute(select(
                    SiteRevisionEdge.revision_id, SiteRevisionEdge.superseded_id).where(
                    SiteRevisionEdge.revision_id.in_([r.id for r in rows]))):
                edges.setdefault(rid, []).append(old)
            return [SiteRevisionView(r.id, SiteRecord.from_body(r.body), r.created_at,
                                     r.created_by, r.device_id, tuple(sorted(edges.get(r.id, []))))
                    for r in rows]

    def stage_history(self, site_id: str) -> list[StageChange]:
        """Each change of stage, oldest first (the first revision counts as one)."""
        changes: list[StageChange] = []
        previous: str | None = None
        for rev in reversed(self.history(site_id)):
            if rev.record.stage != previous:
                changes.append(StageChange(
                    rev.record.stage, STAGE_LABELS[Stage(rev.record.stage)], rev.created_at,
                    rev.created_by, rev.device_id, rev.record.accelerated,
                    rev.record.accelerated_motivation))
                previous = rev.record.stage
        return changes

    # --- writing -------------------------------------------------------------------------

    def create(self, parcel_ids: Sequence[str], name: str | None = None) -> SiteView:
        """A new inventoried site of adjacent parcels, with the programme's pre-fills."""
        ids = sorted(set(parcel_ids))
        site_id = new_id()
        with self.context.database.session() as session:
            members = self._check_members(session, ids)
            record = new_site(name or _default_name(members, session), ids)
            check_record(record, None, self.catalogue)
            append_revision(session, SiteRevision, SiteRevisionEdge, site_id,
                            record.to_body(), self.context.author, self.context.device_id, [])
        return self.get(site_id)

    def save(self, site_id: str, record: SiteRecord, based_on: Sequence[str]) -> SiteView:
        """Append ``record`` as the site's new state, superseding ``based_on``.

        ``based_on`` is the ``head_ids`` of the view the user edited. If the heads changed
        since (another save on this laptop), ``StaleSiteError`` says so and nothing is saved;
        a revision that arrived by sync from another device is a different matter: it stays
        as a second head, a visible conflict. Saving with all heads resolves a conflict.
        """
        with self.context.database.session() as session:
            heads = head_revisions(session, SiteRevision, SiteRevisionEdge, [site_id])
            if site_id not in heads:
                raise UnknownSiteError(f"Locatie {site_id} bestaat niet in deze database.")
            current = heads[site_id]
            known = {h.id for h in current}
            based = list(dict.fromkeys(based_on))
            unknown = [b for b in based if b not in known]
            local = [h for h in current if h.id not in based
                     and h.device_id == self.context.device_id]
            if unknown or local or not based:
                raise StaleSiteError(
                    "De locatie is intussen gewijzigd; open haar opnieuw en breng uw "
                    "wijziging dan aan (er is niets opgeslagen).")
            base = next(h for h in current if h.id == based[0])
            previous = SiteRecord.from_body(base.body)
            record = replace(record, parcel_ids=tuple(sorted(set(record.parcel_ids))))
            if set(record.parcel_ids) != set(previous.parcel_ids):
                self._check_members(session, list(record.parcel_ids))
            check_record(record, previous, self.catalogue)
            append_revision(session, SiteRevision, SiteRevisionEdge, site_id, record.to_body(),
                            self.context.author, self.context.device_id, based)
        return self.get(site_id)

    def update(self, site_id: str, **changes) -> SiteView:
        """Convenience: change some fields of the current state (not while in conflict)."""
        view = self.get(site_id)
        if view.conflict:
            raise StaleSiteError("Deze locatie heeft een conflict tussen twee versies; los het "
                                 "eerst op in het 3E-formulier.")
        return self.save(site_id, replace(view.record, **changes), view.head_ids)

    def set_stage(self, site_id: str, stage: Stage | str, motivation: str = "") -> SiteView:
        """Move to ``stage``; to start 3E early ("versneld") pass the motivation."""
        changes: dict = {"stage": Stage(stage).value}
        if motivation:
            changes.update(accelerated=True, accelerated_motivation=motivation)
        return self.update(site_id, **changes)

    def resolve(self, site_id: str, record: SiteRecord) -> SiteView:
        """Save ``record`` superseding every head: the conflict is resolved."""
        return self.save(site_id, record, self.get(site_id).head_ids)

    # --- internals -----------------------------------------------------------------------

    def _check_members(self, session: Session, parcel_ids: Sequence[str]) -> list[SiteMember]:
        rows = session.execute(select(Parcel.id, Parcel.geometry).where(
            Parcel.id.in_(list(parcel_ids)))).all()
        missing = set(parcel_ids) - {r.id for r in rows}
        if missing:
            raise UnknownSiteError(f"{len(missing)} perceel/percelen bestaan niet (meer) in "
                                   "deze database; kies de percelen opnieuw.")
        check_adjacent([r.geometry for r in rows])
        return self._members(session, parcel_ids)

    @staticmethod
    def _members(session: Session, parcel_ids: Iterable[str]) -> list[SiteMember]:
        rows = session.execute(
            select(Parcel.id, Parcel.designation, Parcel.park_id, BusinessPark.name,
                   BusinessPark.in_scope, Parcel.area_m2)
            .outerjoin(BusinessPark, BusinessPark.id == Parcel.park_id)
            .where(Parcel.id.in_(list(parcel_ids))).order_by(Parcel.designation)).all()
        return [SiteMember(*row) for row in rows]

    def _views(self, session: Session, heads: dict[str, list[SiteRevision]]) -> list[SiteView]:
        all_parcels = {p for revs in heads.values() for r in revs
                       for p in r.body.get("parcel_ids", [])}
        members = {m.parcel_id: m for m in self._members(session, all_parcels)}
        views = []
        for site_id, revs in heads.items():
            newest = revs[0]
            record = SiteRecord.from_body(newest.body)
            others = tuple(SiteRecord.from_body(r.body) for r in distinct_heads(revs)[1:])
            site_members = tuple(members[p] for p in record.parcel_ids if p in members)
            warnings = []
            if len(site_members) < len(record.parcel_ids):
                warnings.append(f"{len(record.parcel_ids) - len(site_members)} perceel/percelen "
                                "van deze locatie staan niet (meer) in de database.")
            if (scope := outside_scope_warning(site_members)) is not None:
                warnings.append(scope)
            if others:
                warnings.append("Twee versies van deze locatie zijn tegelijk gewijzigd "
                                "(conflict); kies welke geldt en sla op.")
            steps = missing_steps(record, self.catalogue)
            views.append(SiteView(
                site_id, record, site_members, tuple(r.id for r in revs), others,
                newest.created_at, newest.created_by, newest.device_id,
                {k: tuple(v) for k, v in steps.items()}, tuple(warnings)))
        return views


def _default_name(members: Sequence[SiteMember], session: Session) -> str:
    rows = session.execute(select(Parcel.designation, Parcel.addresses).where(
        Parcel.id.in_([m.parcel_id for m in members])).order_by(Parcel.designation)).all()
    for _designation, addresses in rows:
        if addresses:
            first = str(addresses[0]).split(",")[0]
            return first if len(rows) == 1 else f"{first} e.o."
    return " / ".join(r.designation for r in rows)
