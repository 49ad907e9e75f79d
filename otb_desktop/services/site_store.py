"""The one place where intakes and sheets read and write redevelopment sites.

Sites are being turned into the revision family ``site_revision`` (issue 9); until that
lands this adapter reads the plain ``site`` table. Everything of issue 10 goes through the
three functions here, so switching to the site service touches only this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.sites import STAGE_LABELS, Stage, check_adjacent
from otb_desktop.persistence.models import Parcel, Site, SiteParcel
from otb_desktop.services.context import AppContext


class UnknownSiteError(OtbError):
    pass


class SiteChoiceError(OtbError):
    """The parcels of a new intake belong to more than one site."""


@dataclass(frozen=True)
class SiteInfo:
    id: str
    name: str
    parcel_ids: tuple[str, ...]
    stage: str
    approach: str
    roles: tuple[str, ...]
    issue_selection: dict[str, dict[str, Any]]  # vraagstuk code → {option, motivation}
    gas_free: bool = True  # aardgasvrij is the starting point (4.4, 4H)
    gas_free_exception: str = ""  # the motivation when it is not
    note: str = ""  # internal note on the site (intern sheet only)

    @property
    def stage_label(self) -> str:
        try:
            return STAGE_LABELS[Stage(self.stage)]
        except ValueError:
            return self.stage


def _info(session: Session, site: Site) -> SiteInfo:
    parcel_ids = tuple(sorted(session.scalars(
        select(SiteParcel.parcel_id).where(SiteParcel.site_id == site.id))))
    selection = {code: (dict(v) if isinstance(v, dict) else {"option": str(v)})
                 for code, v in (site.issue_selection or {}).items()}
    return SiteInfo(site.id, site.name, parcel_ids, site.stage, site.approach or "",
                    tuple(site.roles or ()), selection)


def list_sites(context: AppContext) -> list[SiteInfo]:
    """Every site, by name."""
    with context.database.session() as session:
        return [_info(session, s) for s in session.scalars(select(Site).order_by(Site.name))]


def get_site(context: AppContext, site_id: str) -> SiteInfo:
    with context.database.session() as session:
        return _get(session, site_id)


def _get(session: Session, site_id: str) -> SiteInfo:
    site = session.get(Site, site_id)
    if site is None:
        raise UnknownSiteError(f"Locatie {site_id} bestaat niet (meer) in deze database; "
                               "kies een locatie uit de lijst.")
    return _info(session, site)


def site_for_parcels(context: AppContext, parcel_ids: Sequence[str]) -> str:
    """The site these parcels join, or a new site made of them (stage 3D geïnventariseerd).

    An intake can start for any parcel: when one existing site holds some of them, the
    others join it (they must border it); parcels of two different sites are refused.
    """
    with context.database.session() as session:
        return _site_for_parcels(session, context, parcel_ids)


def _site_for_parcels(session: Session, context: AppContext, parcel_ids: Sequence[str]) -> str:
    wanted = list(dict.fromkeys(parcel_ids))
    parcels = session.scalars(select(Parcel).where(Parcel.id.in_(wanted))).all()
    if len(parcels) != len(wanted):
        missing = sorted(set(wanted) - {p.id for p in parcels})
        raise UnknownSiteError(f"Perceel {', '.join(missing)} bestaat niet (meer) in deze "
                               "database; kies de percelen opnieuw.")
    owners = sorted(set(session.scalars(
        select(SiteParcel.site_id).where(SiteParcel.parcel_id.in_(wanted)))))
    if len(owners) > 1:
        names = ", ".join(session.scalars(select(Site.name).where(Site.id.in_(owners))))
        raise SiteChoiceError(f"De percelen horen bij verschillende locaties ({names}); kies "
                              "percelen van één locatie of start een intake per locatie.")
    if owners:
        site = session.get(Site, owners[0])
        present = set(session.scalars(
            select(SiteParcel.parcel_id).where(SiteParcel.site_id == site.id)))
        extra = [p for p in parcels if p.id not in present]
        if extra:
            members = session.scalars(select(Parcel.geometry).where(
                Parcel.id.in_(present))).all()
            check_adjacent([*members, *(p.geometry for p in extra)])
            for p in extra:
                session.add(SiteParcel(site_id=site.id, parcel_id=p.id))
        return site.id
    check_adjacent([p.geometry for p in parcels])
    ordered = sorted(parcels, key=lambda p: p.designation)
    first = ordered[0]
    name = (first.addresses[0].split(",")[0] if first.addresses else first.designation)
    if len(ordered) > 1:
        name += f" e.o. ({len(ordered)} percelen)"
    site = Site(name=name, stage=str(Stage.INVENTORIED), approach="", roles=[],
                issue_selection={}, created_by=context.author, device_id=context.device_id)
    session.add(site)
    session.flush()
    for p in ordered:
        session.add(SiteParcel(site_id=site.id, parcel_id=p.id))
    return site.id


class RankingMissingError(OtbError):
    pass


def top_site_ids(context: AppContext, count: int) -> list[str]:
    """The ``count`` best-ranked sites (3D); needs the ranking of issue 9."""
    raise RankingMissingError(
        "De rangschikking (3D) is in deze versie nog niet beschikbaar, dus --top werkt nog "
        "niet; kies de locaties met --site ID.")


def site_of_parcels(context: AppContext, parcel_ids: Sequence[str]) -> SiteInfo | None:
    """The site the first of these parcels belongs to, if any (for "print the sheet")."""
    if not parcel_ids:
        return None
    with context.database.session() as session:
        site_id = session.scalar(select(SiteParcel.site_id).where(
            SiteParcel.parcel_id.in_(list(parcel_ids))).order_by(SiteParcel.site_id))
        return _get(session, site_id) if site_id else None


def photo_ids_of_site(context: AppContext, site_id: str) -> list[str]:
    """Every photo of the site's parcels, newest first (to share them with the architect)."""
    from otb_desktop.persistence.models import Photo

    with context.database.session() as session:
        site = _get(session, site_id)
        return list(session.scalars(select(Photo.id).where(
            Photo.parcel_id.in_(site.parcel_ids)).order_by(Photo.created_at.desc())))
