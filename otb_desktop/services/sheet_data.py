"""Everything one intake sheet (3F) shows, gathered in one place: a frozen ``SheetData``.

The PDF code (exporting/sheets) knows nothing of the database; it draws what this module
hands it. Privacy by default (AVG): for the *extern* variant the private facts are never read
into SheetData at all (no names or contacts, no willingness, no rank, no notes, only photos
the business agreed to share), so no layout mistake can leak them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import Image
from shapely import union_all
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select

from otb_desktop.domain.catalogue import load_catalogue
from otb_desktop.domain.figures import vacancy_class as pbl_vacancy_class
from otb_desktop.domain.intakes import Intake
from otb_desktop.domain.parks import PROFILE_LABELS, Profile
from otb_desktop.domain.topics import Topic
from otb_desktop.persistence.models import (
    Building,
    BusinessPark,
    IntakeRevision,
    Observation,
    Parcel,
    Photo,
)
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService
from otb_desktop.services.parcels import ParcelRow, ParcelService
from otb_desktop.services.photos import PhotoService, PhotoView, photo_path
from otb_desktop.services.survey import head_filter

MAX_PHOTOS = 4
SHEET_PHOTO_PX = 900  # long side of the cached copy embedded in the PDF
MAP_MARGIN_M = 45.0  # neighbours shown around the site
DESIGN_PRINCIPLES = (  # chapter 4.3, vraagstuk 3: "de ontwerpprincipes van de toekomst"
    ("Meervoudig ruimtegebruik", "Combineer functies op één kavel: bedrijfsruimte met "
     "energie, water, groen of gedeelde voorzieningen."),
    ("De hoogte benutten", "Gebruik de toegestane bouwhoogte: stapelen en een tweede bouwlaag "
     "in plaats van uitbreiden in de breedte."),
    ("Mobiliteitstransitie", "Minder en gedeeld parkeren (STOMP), laden en logistiek op "
     "eigen terrein, ruimte die vrijkomt opnieuw benutten."),
    ("Circulair bouwen", "Hergebruik van opstal en materialen, losmaakbaar en "
     "aanpasbaar ontwerpen."),
)
GAS_FREE = ("Aardgasvrij is het uitgangspunt bij herontwikkeling (4.4, activiteit 4H); "
            "een andere (tijdelijke) oplossing alleen met onderbouwing, bijvoorbeeld bij "
            "netcongestie.")
NOT_RELEVANT = "niet_relevant"
RANK_MISSING = "nog niet beschikbaar (de rangschikking 3D is nog niet berekend)"


class Variant(StrEnum):
    EXTERN = "extern"
    INTERN = "intern"


VARIANT_LABELS = {Variant.EXTERN: "extern (architect; zonder persoonsgegevens)",
                  Variant.INTERN: "intern (gemeente; vertrouwelijk)"}


@dataclass(frozen=True)
class SheetParcel:
    designation: str
    area_m2: float
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class SheetBuilding:
    bag_id: str
    year_built: int | None
    height_m: float | None
    storeys: int | None
    footprint_m2: float


@dataclass(frozen=True)
class SheetMap:
    site: tuple[BaseGeometry, ...]
    neighbours: tuple[BaseGeometry, ...]
    buildings: tuple[BaseGeometry, ...]
    window: tuple[float, float, float, float]  # min x, min y, max x, max y (RD New, m)
    centre: tuple[float, float]


@dataclass(frozen=True)
class SheetFigures:
    """Sums over the site's parcels; None = not known (never printed as 0)."""

    area_m2: float
    built_footprint_m2: float
    coverage_pct: float
    max_coverage_pct: float | None  # area-weighted over the parcels with a rule
    max_height_m: float | None
    tallest_building_m: float | None
    plan_references: tuple[str, ...]
    unused_coverage_m2: float | None
    unused_floor_area_m2: float | None  # indicatief
    planning_parcels: int  # parcels whose planning capacity is recorded
    vacant_m2: float | None
    total_floor_m2: float | None
    vacancy_class: str | None
    buildings: tuple[SheetBuilding, ...]
    vacancy_parcels: int = 0  # parcels whose vacant floor area is recorded


@dataclass(frozen=True)
class SheetIssue:
    theme: str
    vraagstuk: str
    option: str
    motivation: str


@dataclass(frozen=True)
class SheetPhoto:
    path: Path  # downscaled cached copy
    date: dt.date
    caption: str
    width: int
    height: int


@dataclass(frozen=True)
class InternFacts:
    """Only on the intern sheet: what the municipality knows but the architect must not."""

    rank: str
    axes: str  # urgentie / kansrijkheid (3D)
    willingness: tuple[str, ...]
    notes: tuple[str, ...]
    applicant: str
    intake_status: str


@dataclass(frozen=True)
class SheetData:
    sheet_id: str
    variant: Variant
    site_id: str
    site_name: str
    stage: str
    park_name: str
    park_profile: str | None  # always an assumption: shown as "voorlopig"
    parcels: tuple[SheetParcel, ...]
    map: SheetMap
    figures: SheetFigures
    principles: tuple[tuple[str, str], ...]
    gas_free: str
    issues: tuple[SheetIssue, ...]  # weighed vraagstukken except "niet relevant"
    photos: tuple[SheetPhoto, ...]
    plan_kind: str | None  # of the latest intake
    as_of: dt.date
    printed_on: dt.date
    intern: InternFacts | None = None
    approach: str = ""
    photo_note: str = ""
    not_relevant: int = 0  # vraagstukken weighed "niet relevant" (counted, not listed)


@dataclass(frozen=True)
class IntakeIndex:
    """Per site its latest intake and the moment its intakes last changed; read once per
    batch instead of once per site."""

    latest: dict[str, Intake]
    changed: dict[str, dt.datetime]


def intake_index(context: AppContext) -> IntakeIndex:
    latest: dict[str, Intake] = {}
    for intake in IntakeService(context).intakes():
        known = latest.get(intake.site_id)
        if known is None or (intake.requested_on, intake.id) > (known.requested_on, known.id):
            latest[intake.site_id] = intake
    changed: dict[str, dt.datetime] = {}
    with context.database.session() as session:
        for body, created in session.execute(select(IntakeRevision.body,
                                                    IntakeRevision.created_at)):
            site = body.get("site_id")
            if site and (site not in changed or created > changed[site]):
                changed[site] = created
    return IntakeIndex(latest, changed)


def gather_sheets(context: AppContext, site_ids: Sequence[str], variant: Variant | str
                  = Variant.EXTERN, printed_on: dt.date | None = None,
                  on_site: Callable[[int], None] | None = None) -> list[SheetData]:
    """SheetData per site, in the given order; for the intern variant with the rank and the
    two axes of the ranking (3D). ``on_site(k)`` before site k (it may raise Cancelled)."""
    index = intake_index(context)
    rank = axes = None
    if Variant(variant) is Variant.INTERN:
        rank, axes = site_store.rank_texts(context)
    sites = {s.id: s for s in site_store.list_sites(context)} if len(site_ids) > 1 else {}
    result = []
    for k, site_id in enumerate(site_ids):
        if on_site is not None:
            on_site(k)
        result.append(gather_sheet(context, site_id, variant, printed_on, rank, index, axes,
                                   sites.get(site_id)))
    return result


def gather_sheet(context: AppContext, site_id: str, variant: Variant | str = Variant.EXTERN,
                 printed_on: dt.date | None = None, rank: dict[str, str] | None = None,
                 index: IntakeIndex | None = None, axes: dict[str, str] | None = None,
                 site: site_store.SiteInfo | None = None) -> SheetData:
    variant = Variant(variant)
    printed_on = printed_on or dt.datetime.now(dt.UTC).date()
    index = index or intake_index(context)
    intake = index.latest.get(site_id)
    site = site or site_store.get_site(context, site_id)  # a batch reads all sites at once
    with context.database.session() as session:
        parcels = session.scalars(select(Parcel).where(Parcel.id.in_(site.parcel_ids))
                                  .order_by(Parcel.designation)).all()
        park = session.get(BusinessPark, parcels[0].park_id) if parcels and \
            parcels[0].park_id else None
        geoms = [p.geometry for p in parcels]
        window = _window(geoms)
        neighbours = session.scalars(select(Parcel.geometry).where(
            Parcel.id.not_in(site.parcel_ids), *_in_window(Parcel, window))).all()
        buildings = session.execute(select(
            Building.bag_id, Building.year_built, Building.height_m, Building.storeys,
            Building.geometry).where(*_in_window(Building, window))).all()
        as_of = _as_of(session, site.parcel_ids, index.changed.get(site_id))
        notes: list[str] = []
        if variant is Variant.INTERN:
            notes = [o.values.get("text", "") for o in session.scalars(
                select(Observation).where(Observation.parcel_id.in_(site.parcel_ids),
                                          Observation.topic == str(Topic.NOTE), head_filter())
                .order_by(Observation.observed_at))]
    rows = ParcelService(context).rows(list(site.parcel_ids))
    # The photos as they stand now (photo revisions: withdrawn ones gone, moved ones where
    # they are, the newest caption), newest first.
    service = PhotoService(context)
    photos = sorted((v for pid in site.parcel_ids for v in service.photos(pid)),
                    key=lambda v: (-v.created_at.timestamp(), v.id))
    site_shape = geoms
    sheet_buildings = []
    site_union = union_all(site_shape) if site_shape else None
    for bag_id, year, height, storeys, shape in buildings:
        area = site_union.intersection(shape).area if site_union is not None else 0.0
        if area > 1.0:
            sheet_buildings.append(SheetBuilding(bag_id, year, height, storeys, area))
    sheet_buildings.sort(key=lambda b: (-b.footprint_m2, b.bag_id))
    figures = _figures(rows, sheet_buildings, printed_on)
    if variant is Variant.INTERN:
        shared = list(photos)
    else:
        allowed = set(intake.shared_photo_ids) if intake else set()
        shared = [p for p in photos if p.id in allowed]
    # A caption is a colleague's free text (it may name a person): only on the intern sheet.
    # The business's consent covers the photos, not what was written under them.
    sheet_photos = tuple(_sheet_photo(context, p, variant is Variant.INTERN)
                         for p in shared[:MAX_PHOTOS])
    sheet_photos = tuple(p for p in sheet_photos if p is not None)
    if photos and not sheet_photos and variant is Variant.EXTERN:
        photo_note = ("Er zijn foto's van deze locatie, maar geen ervan is vrijgegeven voor "
                      "de architect.")
    elif not photos:
        photo_note = "Van deze locatie zijn nog geen foto's gemaakt."
    else:
        photo_note = ""
    intern = None
    if variant is Variant.INTERN:
        intern = InternFacts(
            rank=(rank or {}).get(site_id, RANK_MISSING),
            axes=(axes or {}).get(site_id, RANK_MISSING),
            willingness=_willingness(rows),
            notes=tuple(n for n in [*notes, site.note, intake.note if intake else ""] if n),
            applicant=", ".join(x for x in (intake.applicant, intake.applicant_contact) if x)
            if intake else "",
            intake_status=(f"{intake.status_label} ({intake.steps[-1].date:%d-%m-%Y})"
                           if intake else "geen intake geregistreerd"))
    profile = None
    if park is not None and park.profile:
        try:
            profile = PROFILE_LABELS[Profile(park.profile)]
        except ValueError:
            profile = park.profile
    return SheetData(
        sheet_id=f"OTB-3F-{site_id.replace('-', '')[-8:].upper()}-{as_of:%Y%m%d}",
        variant=variant, site_id=site_id, site_name=site.name, stage=site.stage_label,
        park_name=park.name if park else "buiten de bedrijventerreinen", park_profile=profile,
        parcels=tuple(SheetParcel(p.designation, p.area_m2, tuple(p.addresses or ()))
                      for p in parcels),
        map=SheetMap(tuple(site_shape), tuple(neighbours),
                     tuple(b[4] for b in buildings), window,
                     ((window[0] + window[2]) / 2, (window[1] + window[3]) / 2)),
        figures=figures, principles=DESIGN_PRINCIPLES,
        gas_free=GAS_FREE if site.gas_free else (
            "Uitzondering op aardgasvrij voor deze locatie: "
            f"{site.gas_free_exception or 'reden niet vastgelegd'}."),
        issues=_issues(site.issue_selection),
        not_relevant=sum(1 for c in site.issue_selection.values()
                         if c.get("option") == NOT_RELEVANT), photos=sheet_photos,
        plan_kind=intake.plan_kind_label if intake else None, as_of=as_of,
        printed_on=printed_on, intern=intern, approach=site.approach, photo_note=photo_note)


def _window(geoms: list[BaseGeometry]) -> tuple[float, float, float, float]:
    """A square around the site with room for its neighbours (the map frame is square)."""
    min_x = min(g.bounds[0] for g in geoms)
    min_y = min(g.bounds[1] for g in geoms)
    max_x = max(g.bounds[2] for g in geoms)
    max_y = max(g.bounds[3] for g in geoms)
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    half = max(max_x - min_x, max_y - min_y) / 2 * 1.25 + MAP_MARGIN_M
    return cx - half, cy - half, cx + half, cy + half


def _in_window(model, window):
    return (model.max_x >= window[0], model.min_x <= window[2], model.max_y >= window[1],
            model.min_y <= window[3])


def _as_of(session, parcel_ids, intake_changed: dt.datetime | None) -> dt.date:
    """The date of the newest fact the sheet rests on (observation, photo, intake)."""
    stamps = [
        session.scalar(select(func.max(Observation.created_at)).where(
            Observation.parcel_id.in_(parcel_ids))),
        session.scalar(select(func.max(Photo.created_at)).where(
            Photo.parcel_id.in_(parcel_ids))),
        session.scalar(select(func.max(Parcel.updated_at)).where(Parcel.id.in_(parcel_ids))),
    ]
    stamps.append(intake_changed)
    known = [s for s in stamps if s is not None]
    return max(known).date() if known else dt.date(1970, 1, 1)


def _figures(rows: list[ParcelRow], buildings: list[SheetBuilding], today: dt.date
             ) -> SheetFigures:
    area = sum(r.area_m2 for r in rows)
    footprint = sum(r.built_footprint_m2 for r in rows)
    planned = [r for r in rows if r.value(Topic.PLANNING, "max_coverage_pct") is not None]
    max_cov = (sum(r.value(Topic.PLANNING, "max_coverage_pct") * r.area_m2 for r in planned)
               / sum(r.area_m2 for r in planned)) if planned else None
    heights = [r.value(Topic.PLANNING, "max_height_m") for r in rows
               if r.value(Topic.PLANNING, "max_height_m") is not None]
    references = tuple(sorted({r.value(Topic.PLANNING, "plan_reference") for r in rows
                               if r.value(Topic.PLANNING, "plan_reference")}))
    unused_cov = sum(r.unused_coverage_m2 or 0 for r in planned) if planned else None
    unused_floor = (sum(r.unused_floor_area_m2 or 0 for r in planned) if planned else None)
    vacancies = [r.values[Topic.VACANCY] for r in rows if Topic.VACANCY in r.values]
    vacant = total = None
    klass = None
    recorded = [v for v in vacancies if v.get("vacant_floor_area_m2") is not None]
    if recorded:  # a vacancy observation without the vacant area is missing data, not 0
        vacant = sum(v["vacant_floor_area_m2"] for v in recorded)
        # the share needs the total floor area of every parcel whose vacancy is summed: a
        # missing total is not 0 (it would lift the share, even past 100 %)
        totals = [v.get("total_floor_area_m2") for v in recorded]
        total = (sum(totals) or None) if None not in totals else None
        since = [dt.date.fromisoformat(v["vacant_since"]) for v in vacancies
                 if v.get("vacant_since") and (v.get("vacant_floor_area_m2") or 0) > 0]
        if since:
            klass = str(pbl_vacancy_class(min(since), today))
    tallest = max((b.height_m for b in buildings if b.height_m is not None), default=None)
    return SheetFigures(
        area_m2=area, built_footprint_m2=footprint,
        coverage_pct=100.0 * footprint / area if area else 0.0, max_coverage_pct=max_cov,
        max_height_m=max(heights) if heights else None, tallest_building_m=tallest,
        plan_references=references, unused_coverage_m2=unused_cov,
        unused_floor_area_m2=unused_floor, planning_parcels=len(planned), vacant_m2=vacant,
        total_floor_m2=total, vacancy_class=klass, buildings=tuple(buildings),
        vacancy_parcels=len(recorded))


def _issues(selection: dict) -> tuple[SheetIssue, ...]:
    catalogue = load_catalogue()
    result = []
    for code, choice in sorted(selection.items()):
        if choice.get("option") == NOT_RELEVANT:
            continue
        try:
            vraagstuk = catalogue.vraagstuk(code)
            theme = catalogue.theme(vraagstuk.theme_code)
            option = catalogue.selection_option(choice.get("option", "")).title
        except KeyError:
            continue
        result.append((theme.section, vraagstuk.number, SheetIssue(
            f"{theme.section} {theme.title}", vraagstuk.title, option,
            str(choice.get("motivation", "")))))
    return tuple(issue for *_order, issue in sorted(result, key=lambda r: r[:2]))


def _willingness(rows: list[ParcelRow]) -> tuple[str, ...]:
    labels = {"owner_willingness": "eigenaar", "user_willingness": "ondernemer/huurder",
              "market_willingness": "markt"}
    lines = []
    for r in rows:
        values = r.values.get(Topic.INVESTMENT)
        if not values:
            lines.append(f"{r.designation}: niet vastgelegd")
            continue
        parts = [f"{label} {values[key]} van 5" for key, label in labels.items()
                 if values.get(key) is not None]
        if values.get("assessed_by"):
            parts.append(f"inschatting door {values['assessed_by'].replace('_', ' ')}")
        lines.append(f"{r.designation}: " + ("; ".join(parts) if parts else "niet vastgelegd"))
    return tuple(lines)


def _sheet_photo(context: AppContext, photo: PhotoView, with_caption: bool
                 ) -> SheetPhoto | None:
    """A small cached copy (``<photos>/sheet/<sha>.jpg``) so the PDF never embeds originals;
    its caption only ``with_caption``."""
    source = photo_path(context.photo_dir, photo.sha256)
    target = context.photo_dir / "sheet" / f"{photo.sha256}.jpg"
    if not target.exists():
        if not source.exists():
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        with Image.open(source) as image:
            image = image.convert("RGB")
            image.thumbnail((SHEET_PHOTO_PX, SHEET_PHOTO_PX))
            tmp = target.with_suffix(".tmp")
            image.save(tmp, "JPEG", quality=80, optimize=True)
            tmp.replace(target)
    with Image.open(target) as image:
        width, height = image.size
    when = (photo.taken_at or photo.created_at).date()
    return SheetPhoto(target, when, (photo.caption or "") if with_caption else "", width,
                      height)
