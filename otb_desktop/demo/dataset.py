"""The whole synthetic data set in memory: parks, parcels, buildings, survey, sites.

No database here: ``generator`` stores what ``build_dataset`` draws. Each part draws from its
own seeded stream (geometry per park, survey, sites), so the same seed gives the same data and
a change in one part leaves the others as they were.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from otb_desktop.demo.addresses import parcel_addresses
from otb_desktop.demo.buildings import BuildingFacts, building_facts
from otb_desktop.demo.layout import ParkLayout, arrange, draw_park, place, rotated_extent
from otb_desktop.demo.plan import AUTHORS, PARK_PLANS, STYLES, TOWN, ParkPlan
from otb_desktop.demo.sites import DemoSite, plan_sites, site_count
from otb_desktop.demo.survey import DemoObservation, ParcelFacts, plan_observations
from otb_desktop.domain.designation import Designation
from otb_desktop.domain.parks import ParkDefinition, Profile
from otb_desktop.domain.topics import Topic
from otb_desktop.progress import Progress

PARK_GAP_M = 150.0
MAX_PARCEL_NUMBER = 99_999
_GEOMETRY, _SURVEY, _SITES = 1, 2, 3  # independent random streams per seed


def demo_style(definition: ParkDefinition) -> Profile:
    """How the demo draws and fills a park; parks outside the OTB have no profile, the demo
    draws them in the style they look like."""
    return definition.profile or _OUTSIDE_STYLE.get(definition.name, Profile.MIXED)


_OUTSIDE_STYLE = {"Gezondheidspark": Profile.HIGHTECH}


@dataclass(frozen=True)
class DemoPark:
    definition: ParkDefinition
    boundary: BaseGeometry
    parcels: slice  # this park's parcels in the data set's arrays


@dataclass(frozen=True)
class DemoDataset:
    parks: list[DemoPark]
    parcel_park: np.ndarray  # index into ``parks``
    parcels: np.ndarray  # Polygon per parcel, RD New
    designations: list[Designation]
    registered_area_m2: np.ndarray
    addresses: list[list[str]]
    buildings: np.ndarray  # Polygon per building
    building_parcel: np.ndarray
    building_facts: BuildingFacts
    observations: list[DemoObservation]
    sites: list[DemoSite]


def build_dataset(definitions: list[ParkDefinition], count: int, seed: int, today: dt.date,
                  progress: Progress) -> DemoDataset:
    plans = [_plan(d) for d in definitions]
    quotas = _quotas(definitions, plans, count)
    layouts: list[ParkLayout] = []
    for k, (definition, plan, quota) in enumerate(zip(definitions, plans, quotas, strict=True)):
        progress(k, len(definitions), "Demodata: percelen en panden tekenen")
        layouts.append(draw_park(quota, STYLES[demo_style(definition)], plan.aspect,
                                 np.random.default_rng([seed, _GEOMETRY, k])))
    extents = np.array([rotated_extent(layout, plan.angle_deg)
                        for layout, plan in zip(layouts, plans, strict=True)])
    centres = arrange(np.array([p.anchor for p in plans]), extents, PARK_GAP_M)
    layouts = [place(layout, plan.angle_deg, tuple(centre))
               for layout, plan, centre in zip(layouts, plans, centres, strict=True)]

    parks, parcel_park, designations, addresses, facts = [], [], [], [], []
    building_parts, subrows, positions = [], [], []
    sections = _SectionPool(plans)
    first = building_serial = subrow_offset = 0
    for k, (definition, plan, layout) in enumerate(zip(definitions, plans, layouts,
                                                       strict=True)):
        rng = np.random.default_rng([seed, _GEOMETRY, k, 1])
        n = layout.parcel_count
        parks.append(DemoPark(definition, layout.boundary, slice(first, first + n)))
        parcel_park.append(np.full(n, k))
        designations += sections.number(plan, n, rng)
        addresses += parcel_addresses(layout, plan.streets, TOWN, rng)
        b_facts = building_facts(building_serial, plan.era, len(layout.buildings), rng)
        building_parts.append((layout, b_facts, first))
        facts += _parcel_facts(layout, b_facts, definition, AUTHORS[k % len(AUTHORS)],
                               today - dt.timedelta(days=int(rng.integers(30, 330))))
        subrows.append(layout.subrow + subrow_offset)
        positions.append(layout.position)
        subrow_offset += int(layout.subrow.max(initial=-1)) + 1
        building_serial += len(layout.buildings)
        first += n

    progress(len(definitions), len(definitions), "Demodata: waarnemingen bedenken")
    parcels = np.concatenate([layout.parcels for layout in layouts])
    observations = plan_observations(facts, AUTHORS, today,
                                     np.random.default_rng([seed, _SURVEY]))
    areas = shapely.area(parcels)
    registered = np.round(areas * (1 + np.random.default_rng([seed, _GEOMETRY]).uniform(
        -0.009, 0.009, len(areas))))
    in_scope = np.array([d.in_scope for d in definitions])[np.concatenate(parcel_park)]
    sites = plan_sites(in_scope & _promising(observations, len(parcels)),
                       np.concatenate(subrows), np.concatenate(positions), addresses,
                       site_count(count), np.random.default_rng([seed, _SITES]))
    return DemoDataset(
        parks=parks, parcel_park=np.concatenate(parcel_park), parcels=parcels,
        designations=designations, registered_area_m2=registered, addresses=addresses,
        buildings=np.concatenate([layout.buildings for layout, _, _ in building_parts]),
        building_parcel=np.concatenate([layout.building_parcel + offset
                                        for layout, _, offset in building_parts]),
        building_facts=_concat_facts([f for _, f, _ in building_parts]),
        observations=observations, sites=sites)


def _plan(definition: ParkDefinition) -> ParkPlan:
    try:
        return PARK_PLANS[definition.name]
    except KeyError:
        raise RuntimeError(f"no demo plan for park {definition.name!r}") from None


def _quotas(definitions: list[ParkDefinition], plans: list[ParkPlan], count: int) -> list[int]:
    """Parcels per park in proportion to its size (weight) over its typical parcel area."""
    shares = np.array([p.weight / STYLES[demo_style(d)].median_area
                       for d, p in zip(definitions, plans, strict=True)])
    exact = count * shares / shares.sum()
    quotas = np.floor(exact).astype(int)
    remainder = count - quotas.sum()
    quotas[np.argsort(-(exact - quotas), kind="stable")[:remainder]] += 1
    return quotas.tolist()


class _SectionPool:
    """Cadastral sections per park; a park that outgrows 99 999 numbers takes a free one."""

    def __init__(self, plans: list[ParkPlan]):
        taken = {(p.akr_code, p.section) for p in plans}
        self._free = [(akr, letter) for akr in ("HGL01", "HGL02", "HGL03", "HGL04")
                      for letter in string.ascii_uppercase if (akr, letter) not in taken]

    def number(self, plan: ParkPlan, count: int, rng: np.random.Generator
               ) -> list[Designation]:
        """Numbers counting up from somewhere in the section, with an occasional gap."""
        steps = np.where(rng.random(count) < 0.15, rng.integers(2, 7, count), 1)
        numbers = (int(rng.integers(800, 4_000)) + np.cumsum(steps)).tolist()
        akr, section, shift = plan.akr_code, plan.section, 0
        result = []
        for number in numbers:
            number -= shift
            if number > MAX_PARCEL_NUMBER:
                akr, section = self._free.pop(0)
                shift += number - 1
                number = 1
            result.append(Designation(akr, section, number))
        return result


def _parcel_facts(layout: ParkLayout, facts: BuildingFacts, definition: ParkDefinition,
                  author: str, planning_date: dt.date) -> list[ParcelFacts]:
    n = layout.parcel_count
    footprint_each = shapely.area(layout.buildings)
    footprint = np.bincount(layout.building_parcel, footprint_each, minlength=n)
    floor_area = np.bincount(layout.building_parcel, footprint_each * facts.storeys,
                             minlength=n)
    oldest = np.full(n, 10_000)
    np.minimum.at(oldest, layout.building_parcel, facts.year_built)
    areas = shapely.area(layout.parcels)
    return [ParcelFacts(demo_style(definition), float(areas[i]), float(footprint[i]),
                        float(floor_area[i]), None if oldest[i] == 10_000 else int(oldest[i]),
                        author, planning_date) for i in range(n)]


def _concat_facts(parts: list[BuildingFacts]) -> BuildingFacts:
    return BuildingFacts(
        bag_ids=[i for p in parts for i in p.bag_ids],
        year_built=np.concatenate([p.year_built for p in parts]),
        storeys=np.concatenate([p.storeys for p in parts]),
        height_m=np.concatenate([p.height_m for p in parts]),
        status=[s for p in parts for s in p.status])


def _promising(observations: list[DemoObservation], n: int) -> np.ndarray:
    """Parcels whose current survey suggests redevelopment: vacant, worn or willing."""
    result = np.zeros(n, dtype=bool)
    superseded = {obs.supersedes for obs in observations}
    for position, obs in enumerate(observations):
        if position in superseded:
            continue
        v = obs.values
        if obs.topic is Topic.VACANCY:
            result[obs.parcel] |= v["vacant_floor_area_m2"] >= 0.25 * v["total_floor_area_m2"]
        elif obs.topic is Topic.CONDITION:
            result[obs.parcel] |= v["overall"] >= 4
        elif obs.topic is Topic.INVESTMENT:
            result[obs.parcel] |= v["owner_willingness"] >= 4
    return result
