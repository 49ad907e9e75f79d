"""Fill an empty database with the synthetic demo data set (``otb-desktop demo``).

Every parcel and building says ``DEMO (synthetisch)`` as its source, observations are by
``Demo: …`` authors from a fixed demo device, and the local setting ``demo_data`` records
``synthetisch, seed N``. The same seed gives the same data, ids included (``demo.ids``);
dates are counted back from today (the survey spans the last 30 months; parks, parcels and
buildings are dated a month before it began), so the data looks as current on any day and is
identical for runs on the same day.

Running it again on a database that already holds the same demo set (same seed and size)
changes nothing and says so. Anything else already in the database (parcels or buildings
from another source, demo data of another seed or size, park boundaries) is refused: demo
records are never mixed with real ones and, observations being append-only, never replaced.

All rows go in with bulk inserts in one transaction; 100 000 parcels take well under a
minute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otb_desktop.demo.dataset import DemoDataset, build_dataset
from otb_desktop.demo.dwellings import plan_dwellings
from otb_desktop.demo.ids import DemoIds
from otb_desktop.demo.plan import DEMO_AUTHOR, DEMO_DEVICE_ID, DEMO_SOURCE
from otb_desktop.demo.site_records import (
    PRIORITY_PARK,
    PRIORITY_SOURCE,
    PRIORITY_THEMES,
    PRIORITY_VRAAGSTUKKEN,
    site_revisions,
)
from otb_desktop.demo.survey import HORIZON_DAYS
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.figures import SENSITIVE_USE
from otb_desktop.domain.ids import reference_ids
from otb_desktop.domain.parks import load_park_definitions
from otb_desktop.domain.ranking.weights import ParkPriorities
from otb_desktop.domain.wording import number
from otb_desktop.paths import resources_dir
from otb_desktop.persistence.bulk import Same, insert_columns
from otb_desktop.persistence.models import (
    Building,
    BusinessPark,
    Observation,
    ObservationSupersedes,
    Parcel,
    Setting,
    SiteRevision,
    SiteRevisionEdge,
    Verblijfsobject,
    WeightProfileRevision,
)
from otb_desktop.persistence.types import utcnow
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.weight_profiles import priorities_id

DEFAULT_PARCELS = 1_700  # about 1 600 in the ten parks in scope
MAX_PARCELS = 500_000
SETTING_KEY = "demo_data"
_DWELLINGS = 4  # own random stream (dataset.py uses 1–3)


class DemoDataError(OtbError):
    pass


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    parks: int
    in_scope_parks: int
    parcels: int
    buildings: int
    observations: int
    superseded: int
    sites: int
    already_present: bool = False

    def summary_lines(self) -> list[str]:
        label = setting_value(self.seed)
        first = (f"De demodata ({label}) staat al in deze database; er is niets gewijzigd."
                 if self.already_present else
                 f"Demodata aangemaakt ({label}): alle gegevens zijn verzonnen.")
        return [
            first,
            f"{_n(self.parks)} bedrijventerreinen ({_n(self.in_scope_parks)} binnen de "
            f"OTB-afbakening), {_n(self.parcels)} percelen, {_n(self.buildings)} panden",
            f"{_n(self.observations)} waarnemingen (waarvan {_n(self.superseded)} vervangen "
            f"door een nieuwere), {_n(self.sites)} herontwikkelingslocaties",
        ]


def _n(value: int) -> str:
    return number(value)


def setting_value(seed: int) -> str:
    return f"synthetisch, seed {seed}"


def generate(context: AppContext, parcels: int | None = None, seed: int = 2026,
             progress: Progress = no_progress, *, today: dt.date | None = None
             ) -> DemoSummary:
    """Create the demo data set of ``parcels`` parcels (default about 1 700) from ``seed``.

    ``today`` (default: the current UTC date) is where the survey's dates count back from.
    Raises DemoDataError when the database holds other data.
    """
    count = DEFAULT_PARCELS if parcels is None else parcels
    if not 1 <= count <= MAX_PARCELS:
        raise DemoDataError(
            f"Het aantal percelen ({count}) moet tussen 1 en {_n(MAX_PARCELS)} liggen; "
            f"laat --parcels weg voor de standaardset van {_n(DEFAULT_PARCELS)} percelen.")
    today = today or utcnow().date()
    definitions = load_park_definitions(resources_dir() / "parks.json")
    with context.database.session() as session:
        present = _existing(session, seed, count)
        if present:
            return present
        data = build_dataset(definitions, count, seed, today, progress)
        return _store(session, data, seed, today, progress)


def _existing(session: Session, seed: int, count: int) -> DemoSummary | None:
    """The summary of this very demo set if present; refuses any other data."""
    demo = session.scalar(select(func.count()).where(Parcel.source == DEMO_SOURCE))
    for model, what in ((Parcel, "percelen"), (Building, "panden")):
        other = session.scalar(select(func.count()).where(
            (model.source != DEMO_SOURCE) | model.source.is_(None)))
        if other:
            raise DemoDataError(
                f"Deze database bevat al {_n(other)} {what} die geen demodata zijn; demodata "
                "wordt daar niet tussen gezet. Maak de demodata in een nieuw databasebestand, "
                "bijvoorbeeld: otb-desktop --db demo.sqlite demo")
    if demo:
        setting = session.get(Setting, SETTING_KEY)
        label = setting.value if setting else "synthetisch"
        if label == setting_value(seed) and demo == count:
            return _counts(session, seed)
        raise DemoDataError(
            f"Deze database bevat al demodata ({label}, {_n(demo)} percelen); die wordt niet "
            f"vervangen. Kies met --db een nieuw databasebestand voor demodata met seed "
            f"{seed} en {_n(count)} percelen.")
    bounded = session.scalar(select(func.count()).where(BusinessPark.geometry.is_not(None)))
    if bounded:
        raise DemoDataError(
            f"Deze database bevat al grenzen van {bounded} bedrijventerreinen; de demodata zou "
            "ze overschrijven. Maak de demodata in een nieuw databasebestand, bijvoorbeeld: "
            "otb-desktop --db demo.sqlite demo")
    return None


def _counts(session: Session, seed: int) -> DemoSummary:
    def count(*criteria) -> int:
        return session.scalar(select(func.count()).where(*criteria))

    return DemoSummary(
        seed=seed,
        parks=count(BusinessPark.geometry.is_not(None)),
        in_scope_parks=count(BusinessPark.geometry.is_not(None), BusinessPark.in_scope),
        parcels=count(Parcel.source == DEMO_SOURCE),
        buildings=count(Building.source == DEMO_SOURCE),
        observations=session.scalar(select(func.count(Observation.id))),
        superseded=session.scalar(select(func.count(
            ObservationSupersedes.superseded_id.distinct()))),
        sites=session.scalar(select(func.count(SiteRevision.subject_id.distinct()))),
        already_present=True)


def _store(session: Session, data: DemoDataset, seed: int, today: dt.date,
           progress: Progress) -> DemoSummary:
    ids = DemoIds(seed)
    ids.take(len(data.parks))     # parks have fixed ids (resources/parks.json)
    ids.take(len(data.parcels))     # drawn and dropped: keeps the later ids as they were
    ids.take(len(data.buildings))
    # Reference data has one identity everywhere: derived from designation and BAG id.
    parcel_ids = reference_ids("parcel", [str(d) for d in data.designations])
    building_ids = reference_ids("building", data.building_facts.bag_ids)
    observation_ids = ids.take(len(data.observations))
    site_ids = ids.take(len(data.sites))
    # Parks, parcels and buildings are dated before the survey began, as if loaded then.
    start = today - dt.timedelta(days=HORIZON_DAYS + 30)
    made = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
    stamp = {"created_at": Same(made), "created_by": Same(DEMO_AUTHOR),
             "device_id": Same(DEMO_DEVICE_ID)}  # of parks, parcels, buildings and sites

    park_row_ids = _store_parks(session, data, made)
    supersedes = [(observation_ids[i], observation_ids[o.supersedes])
                  for i, o in enumerate(data.observations) if o.supersedes is not None]
    revisions = site_revisions(data.sites, parcel_ids, today, np.random.default_rng([seed, 9]))
    revision_ids = ids.take(len(revisions))
    edges = [(revision_ids[i], revision_ids[i - 1]) for i in range(1, len(revisions))
             if revisions[i].site == revisions[i - 1].site]
    priorities = _park_priorities(data, park_row_ids)
    priority_ids = ids.take(len(priorities))
    dwellings = plan_dwellings([p.boundary for p in data.parks], data.parcels,
                               np.random.default_rng([seed, _DWELLINGS]))
    dwelling_ids = reference_ids("verblijfsobject", list(dwellings.bag_ids))
    tables = [
        (Parcel, len(parcel_ids),
         lambda: {**_parcel_columns(data, parcel_ids, park_row_ids, made), **stamp}),
        (Building, len(building_ids),
         lambda: {**_building_columns(data, building_ids, made), **stamp}),
        (Observation, len(observation_ids),
         lambda: _observation_columns(data, observation_ids, parcel_ids)),
        (ObservationSupersedes, len(supersedes),
         lambda: {"observation_id": [a for a, _ in supersedes],
                  "superseded_id": [b for _, b in supersedes]}),
        (SiteRevision, len(revisions),
         lambda: _site_revision_columns(revisions, revision_ids, site_ids)),
        (WeightProfileRevision, len(priorities),
         lambda: {"id": priority_ids, "subject_id": [priorities_id(p.park_id)
                                                      for p in priorities],
                  "body": [p.to_body() for p in priorities], "created_at": Same(made),
                  "created_by": Same(DEMO_AUTHOR), "device_id": Same(DEMO_DEVICE_ID)}),
        (SiteRevisionEdge, len(edges),
         lambda: {"revision_id": [a for a, _ in edges], "superseded_id": [b for _, b in edges]}),
        (Verblijfsobject, len(dwellings.bag_ids),
         lambda: {**_dwelling_columns(dwellings, dwelling_ids, made),
                  **stamp}),
    ]
    total = sum(n for _, n, _ in tables)
    stored = 0
    progress(0, total, "Demodata opslaan")
    for model, count, columns in tables:
        insert_columns(session, model, count, columns(),
                       lambda done, before=stored: progress(before + done, total,
                                                            "Demodata opslaan"))
        stored += count
    session.merge(Setting(key=SETTING_KEY, value=setting_value(seed)))
    return DemoSummary(
        seed=seed, parks=len(data.parks),
        in_scope_parks=sum(p.definition.in_scope for p in data.parks),
        parcels=len(parcel_ids), buildings=len(building_ids),
        observations=len(observation_ids), superseded=len({b for _, b in supersedes}),
        sites=len(site_ids))


def _store_parks(session: Session, data: DemoDataset, made: dt.datetime) -> list[str]:
    """Give every park its demo boundary, creating the parks that are missing."""
    existing = {p.name: p for p in session.scalars(select(BusinessPark))}
    result = []
    for park in data.parks:
        definition = park.definition
        row = existing.get(definition.name)
        if row is None:
            row = BusinessPark(id=definition.id, name=definition.name,
                               in_scope=definition.in_scope,
                               profile=str(definition.profile or ""), created_at=made,
                               created_by=DEMO_AUTHOR, device_id=DEMO_DEVICE_ID)
            session.add(row)
        row.geometry = park.boundary
        result.append(row.id)
    session.flush()
    return result


def _parcel_columns(data: DemoDataset, parcel_ids: list[str], park_ids: list[str],
                    made: dt.datetime) -> dict[str, Any]:
    bounds = shapely.bounds(data.parcels)
    designations = data.designations
    return {
        "id": parcel_ids, "designation": [str(d) for d in designations],
        "akr_code": [d.akr_code for d in designations],
        "section": [d.section for d in designations],
        "number": [d.number for d in designations],
        "short_key": [f"{d.section} {d.number}" for d in designations],
        "area_m2": shapely.area(data.parcels), "registered_area_m2": data.registered_area_m2,
        "park_id": [park_ids[k] for k in data.parcel_park.tolist()],
        "addresses": data.addresses, "source": Same(DEMO_SOURCE), "source_id": Same(None),
        "geometry": data.parcels, **_bbox(bounds),
        "updated_at": Same(made),
    }


def _building_columns(data: DemoDataset, building_ids: list[str], made: dt.datetime
                      ) -> dict[str, Any]:
    facts = data.building_facts
    return {
        "id": building_ids, "bag_id": facts.bag_ids, "height_m": facts.height_m,
        "storeys": facts.storeys, "year_built": facts.year_built, "status": facts.status,
        "source": Same(DEMO_SOURCE), "geometry": data.buildings,
        **_bbox(shapely.bounds(data.buildings)), "updated_at": Same(made),
    }


def _observation_columns(data: DemoDataset, observation_ids: list[str],
                         parcel_ids: list[str]) -> dict[str, Any]:
    observations = data.observations
    moments = [o.observed_at for o in observations]
    return {
        "id": observation_ids, "parcel_id": [parcel_ids[o.parcel] for o in observations],
        "topic": [str(o.topic) for o in observations],
        "values": [o.values for o in observations], "observed_at": moments,
        "created_at": moments, "created_by": [o.author for o in observations],
        "device_id": Same(DEMO_DEVICE_ID),
    }


def _park_priorities(data: DemoDataset, park_row_ids: list[str]) -> list[ParkPriorities]:
    names = [p.definition.name for p in data.parks]
    if PRIORITY_PARK not in names:
        return []
    return [ParkPriorities(park_row_ids[names.index(PRIORITY_PARK)], PRIORITY_THEMES,
                           PRIORITY_VRAAGSTUKKEN, PRIORITY_SOURCE)]


def _site_revision_columns(revisions: list, revision_ids: list[str], site_ids: list[str]
                           ) -> dict[str, Any]:
    return {"id": revision_ids, "subject_id": [site_ids[r.site] for r in revisions],
            "body": [r.body for r in revisions], "created_at": [r.at for r in revisions],
            "created_by": [r.author for r in revisions], "device_id": Same(DEMO_DEVICE_ID)}


def _dwelling_columns(dwellings, vbo_ids: list[str], made: dt.datetime) -> dict[str, Any]:
    coords = shapely.get_coordinates(dwellings.points)
    return {"id": vbo_ids, "bag_id": dwellings.bag_ids, "pand_bag_id": Same(None),
            "floor_area_m2": dwellings.floor_area_m2, "uses": Same([SENSITIVE_USE]),
            "residential": Same(True), "status": Same("Verblijfsobject in gebruik"),
            "x": coords[:, 0], "y": coords[:, 1], "source": Same(DEMO_SOURCE),
            "updated_at": Same(made)}


def _bbox(bounds) -> dict[str, Any]:
    return {"min_x": bounds[:, 0], "min_y": bounds[:, 1], "max_x": bounds[:, 2],
            "max_y": bounds[:, 3]}
