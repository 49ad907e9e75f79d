"""The one place where intakes and sheets read and write redevelopment sites and the ranking.

Sites are the revision family ``site_revision`` behind ``services.sites.SiteService``
(issue 9); the ranking (3D) is ``services.ranking``. Issue 10 goes through the functions
here only, so a change in either touches this module alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.sites import STAGE_LABELS, Stage, check_adjacent
from otb_desktop.persistence.models import Parcel, Photo
from otb_desktop.services.context import AppContext
from otb_desktop.services.sites import SiteService, SiteView
from otb_desktop.services.sites import UnknownSiteError as _UnknownSite


class UnknownSiteError(OtbError):
    pass


class SiteChoiceError(OtbError):
    """The parcels of a new intake belong to more than one site."""


class RankingMissingError(OtbError):
    pass


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


def _info(view: SiteView) -> SiteInfo:
    record = view.record
    selection = {code: {"option": entry.option, "motivation": entry.motivation}
                 for code, entry in record.selection.items() if entry.option}
    return SiteInfo(view.id, record.name, tuple(sorted(record.parcel_ids)), record.stage,
                    record.approach, tuple(record.roles.codes), selection, record.gas_free,
                    record.gas_free_exception, record.note)


def list_sites(context: AppContext) -> list[SiteInfo]:
    """Every site, by name."""
    return [_info(v) for v in SiteService(context).list()]


def get_site(context: AppContext, site_id: str) -> SiteInfo:
    try:
        return _info(SiteService(context).get(site_id))
    except _UnknownSite:
        raise UnknownSiteError(f"Locatie {site_id} bestaat niet (meer) in deze database; "
                               "kies een locatie uit de lijst.") from None


def site_for_parcels(context: AppContext, parcel_ids: Sequence[str]) -> str:
    """The site these parcels join, or a new site made of them (stage 3D geïnventariseerd).

    An intake can start for any parcel: when one existing site holds some of them, the
    others join it (they must border it: a new site revision); parcels of two different
    sites are refused.
    """
    wanted = list(dict.fromkeys(parcel_ids))
    with context.database.session() as session:
        found = dict(session.execute(select(Parcel.id, Parcel.geometry).where(
            Parcel.id.in_(wanted))).all())
    if len(found) != len(wanted):
        missing = sorted(set(wanted) - set(found))
        raise UnknownSiteError(f"Perceel {', '.join(missing)} bestaat niet (meer) in deze "
                               "database; kies de percelen opnieuw.")
    service = SiteService(context)
    owners = [v for v in service.list() if set(v.parcel_ids) & set(wanted)]
    if len(owners) > 1:
        names = ", ".join(v.name for v in owners)
        raise SiteChoiceError(f"De percelen horen bij verschillende locaties ({names}); kies "
                              "percelen van één locatie of start een intake per locatie.")
    if owners:
        site = owners[0]
        extra = [p for p in wanted if p not in site.parcel_ids]
        if extra:
            service.update(site.id, parcel_ids=tuple(sorted({*site.parcel_ids, *extra})))
        return site.id
    check_adjacent([found[p] for p in wanted])
    return service.create(wanted).id


def site_of_parcels(context: AppContext, parcel_ids: Sequence[str]) -> SiteInfo | None:
    """The site the first of these parcels belongs to, if any (for "print the sheet")."""
    service = SiteService(context)
    for parcel_id in parcel_ids:
        sites = service.sites_of_parcel(parcel_id)
        if sites:
            return _info(sites[0])
    return None


def photo_ids_of_site(context: AppContext, site_id: str) -> list[str]:
    """Every photo of the site's parcels, newest first (to share them with the architect)."""
    site = get_site(context, site_id)
    with context.database.session() as session:
        return list(session.scalars(select(Photo.id).where(
            Photo.parcel_id.in_(site.parcel_ids)).order_by(Photo.created_at.desc())))


@dataclass(frozen=True)
class SiteRank:
    rank: int  # 0: not ranked (too little data)
    score: float | None
    urgentie: float | None
    kansrijkheid: float | None
    completeness: float
    profile: str

    def rank_text(self, count: int) -> str:
        if not self.rank:
            return (f"niet gerangschikt: te weinig gegevens (volledigheid "
                    f"{self.completeness:.0%}), profiel '{self.profile}'")
        score = "–" if self.score is None else f"{self.score:.2f}".replace(".", ",")
        return (f"{self.rank} van {count} (score {score}, volledigheid "
                f"{self.completeness:.0%}, profiel '{self.profile}')")

    def axes_text(self) -> str:
        def value(v: float | None) -> str:
            return "onbekend" if v is None else f"{v:.2f}".replace(".", ",")

        return f"urgentie {value(self.urgentie)}, kansrijkheid {value(self.kansrijkheid)}"


def site_ranking(context: AppContext) -> list[tuple[str, SiteRank]]:
    """The sites in rank order under the active weight profile (3D); unranked ones last."""
    from otb_desktop.services.ranking import SITES, RankingService, rank_units, ranked_rows
    from otb_desktop.services.weight_profiles import WeightProfileService

    profiles = WeightProfileService(context)
    profile = profiles.active().profile
    units = RankingService(context).load().units(SITES)
    if not len(units):
        return []
    ranking = rank_units(units, profile, profiles.park_priorities())
    return [(r.id, SiteRank(r.rank, r.score, r.urgentie, r.kansrijkheid, r.completeness,
                            profile.name)) for r in ranked_rows(units, ranking)]


def top_site_ids(context: AppContext, count: int) -> list[str]:
    """The ``count`` best-ranked sites (3D), in rank order."""
    ranked = [site for site, r in site_ranking(context) if r.rank]
    if not ranked:
        raise RankingMissingError(
            "Er zijn nog geen gerangschikte locaties (3D): leg eerst gegevens vast of kies "
            "de locaties met --site ID.")
    return ranked[:count]


def rank_texts(context: AppContext) -> tuple[dict[str, str], dict[str, str]]:
    """Per site the rank and the two axes as the intern sheet prints them."""
    ranking = site_ranking(context)
    count = sum(1 for _, r in ranking if r.rank)
    return ({s: r.rank_text(count) for s, r in ranking},
            {s: r.axes_text() for s, r in ranking})
