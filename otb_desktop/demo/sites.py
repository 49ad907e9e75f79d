"""A handful of demo redevelopment sites (3D/3E): adjacent parcels at every pipeline stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from otb_desktop.domain.catalogue import load_catalogue
from otb_desktop.domain.sites import Stage

STAGES = tuple(str(stage) for stage in Stage)
ROLES = tuple(role.code for role in load_catalogue().roles)
APPROACHES = (
    "Transformatie naar kleinschalige bedrijfsunits voor starters.",
    "Herverkaveling met het buurperceel en gezamenlijke ontsluiting.",
    "Sloop en nieuwbouw van een duurzame bedrijfshal met tweede bouwlaag.",
    "Renovatie en verduurzaming van de bestaande opstal; dak met zonnepanelen.",
    "Intensivering: onbebouwd achterterrein uitgeven aan de buurman.",
)
DROPPED = "Eigenaar ziet geen aanleiding; locatie voorlopig niet verder opgepakt."
_NUMBERED = re.compile(r"^(.*\D)\s+(\d+)\w*$")


@dataclass(frozen=True)
class DemoSite:
    name: str
    parcels: tuple[int, ...]  # positions in the parcel list; neighbours in one row
    stage: str
    approach: str
    roles: tuple[str, ...]


def site_count(parcels: int) -> int:
    return int(min(40, max(4, round(parcels / 140))))


def plan_sites(promising: np.ndarray, subrow: np.ndarray, position: np.ndarray,
               addresses: list[list[str]], count: int, rng: np.random.Generator
               ) -> list[DemoSite]:
    """``count`` sites grown from promising parcels along their row, stages in turn.

    ``subrow``/``position`` say which parcels touch: the same subrow, positions one apart.
    """
    where = {(int(s), int(p)): i for i, (s, p) in enumerate(zip(subrow, position, strict=True))}
    seeds = rng.permutation(np.flatnonzero(promising)).tolist()
    used: set[int] = set()
    sites: list[DemoSite] = []
    for seed in seeds:
        if len(sites) >= count:
            break
        if seed in used:
            continue
        size = int(rng.choice([1, 2, 3], p=[0.4, 0.4, 0.2]))
        members = [seed]
        while len(members) < size:
            nxt = where.get((int(subrow[seed]), int(position[seed]) + len(members)))
            if nxt is None or nxt in used:
                break
            members.append(nxt)
        used.update(members)
        stage = STAGES[len(sites) % len(STAGES)]
        sites.append(_site(members, stage, addresses, rng))
    return sites


def _site(members: list[int], stage: str, addresses: list[list[str]],
          rng: np.random.Generator) -> DemoSite:
    later = STAGES.index(stage) >= STAGES.index("approach_chosen")
    if stage == "dropped":
        approach = DROPPED
    elif later:
        approach = APPROACHES[int(rng.integers(len(APPROACHES)))]
    else:
        approach = ""
    roles: tuple[str, ...] = ()
    if later and stage != "dropped":
        picks = rng.choice(len(ROLES), size=int(rng.integers(1, 3)), replace=False)
        roles = tuple(ROLES[p] for p in sorted(picks.tolist()))
    return DemoSite(_name([addresses[m][0] for m in members]), tuple(members), stage,
                    approach, roles)


def _name(first_addresses: list[str]) -> str:
    """``Havenweg 12–16`` for parcels along one street, else the addresses joined."""
    plain = [a.split(",")[0] for a in first_addresses]
    parts = [_NUMBERED.match(a) for a in plain]
    if all(parts) and len({p.group(1) for p in parts}) == 1 and len(plain) > 1:
        numbers = sorted(int(p.group(2)) for p in parts)
        return f"{parts[0].group(1)} {numbers[0]}–{numbers[-1]}"
    return " / ".join(plain)
