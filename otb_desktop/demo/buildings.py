"""Register facts of the demo buildings (BAG-like): pand id, year built, storeys, height."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# BAG identifiers: municipality code 0164 (Hengelo), object type 10 (pand), serial number.
BAG_PAND_PREFIX = "0164100"
_SERIAL_DIGITS = 16 - len(BAG_PAND_PREFIX)
STATUSES = ("Pand in gebruik", "Pand in gebruik (niet ingemeten)", "Verbouwing pand",
            "Pand buiten gebruik")
_STATUS_SHARES = (0.92, 0.04, 0.02, 0.02)
FIRST_YEAR, LAST_YEAR = 1960, 2023


@dataclass(frozen=True)
class BuildingFacts:
    bag_ids: list[str]
    year_built: np.ndarray
    storeys: np.ndarray
    height_m: np.ndarray
    status: list[str]


def bag_pand_ids(first_serial: int, count: int) -> list[str]:
    if first_serial + count >= 10 ** _SERIAL_DIGITS:
        raise ValueError("too many demo buildings for the BAG id range")
    return [f"{BAG_PAND_PREFIX}{n:0{_SERIAL_DIGITS}d}"
            for n in range(first_serial, first_serial + count)]


def building_facts(first_serial: int, era: tuple[int, int], count: int,
                   rng: np.random.Generator) -> BuildingFacts:
    """Years mostly within the park's era; one-storey halls of 5.5–12 m, offices of 2–4."""
    years = np.clip(np.round(rng.uniform(*era, count) + rng.normal(0, 4, count)),
                    FIRST_YEAR, LAST_YEAR).astype(int)
    storeys = rng.choice([1, 2, 3, 4], size=count, p=[0.55, 0.28, 0.12, 0.05])
    height = np.where(storeys == 1, rng.uniform(5.5, 12.0, count),
                      storeys * rng.uniform(3.3, 4.2, count) + rng.uniform(0, 1.5, count))
    status = rng.choice(len(STATUSES), size=count, p=_STATUS_SHARES)
    return BuildingFacts(bag_pand_ids(first_serial + 1, count), years, storeys,
                         np.round(height, 1), [STATUSES[s] for s in status.tolist()])
