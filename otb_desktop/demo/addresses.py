"""Street names and house numbers for the demo parcels.

Streets run east–west between the rows of blocks; the north side of a street has the odd
numbers, the south side the even ones, counting up eastwards with an occasional gap, as Dutch
numbering goes. Some parcels carry extra addresses (``12a``, ``12b``): business units.
"""

from __future__ import annotations

import numpy as np

from otb_desktop.demo.layout import ParkLayout


def street_name(names: tuple[str, ...], index: int) -> str:
    """The park's streets in turn; when they run out, ``2e Havenweg`` and so on."""
    base = names[index % len(names)]
    lap = index // len(names)
    return base if lap == 0 else f"{lap + 1}e {base}"


def parcel_addresses(layout: ParkLayout, names: tuple[str, ...], town: str,
                     rng: np.random.Generator) -> list[list[str]]:
    """One to three addresses per parcel of ``layout``."""
    result: list[list[str]] = [[] for _ in range(layout.parcel_count)]
    n = len(layout.frontage_parcel)
    if n == 0:
        return result
    street, odd = layout.frontage_street, layout.frontage_odd
    order = np.lexsort((layout.frontage_x, odd, street))
    step = 1 + (rng.random(n) < 0.08)  # now and then a number is skipped
    running = np.cumsum(step[order])
    group = street[order] * 2 + odd[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    offset = np.repeat(running[starts] - step[order][starts], np.diff(np.r_[starts, n]))
    rank = running - offset  # 1, 2, 3 … per side of a street
    numbers = np.empty(n, dtype=int)
    numbers[order] = np.where(odd[order], 2 * rank - 1, 2 * rank)
    extras = np.where(rng.random(n) < 0.20, 1, 0) + np.where(rng.random(n) < 0.06, 1, 0)
    frontages = np.bincount(layout.frontage_parcel, minlength=layout.parcel_count)
    for parcel, s, number, extra in zip(layout.frontage_parcel.tolist(), street.tolist(),
                                        numbers.tolist(), extras.tolist(), strict=True):
        name = street_name(names, s)
        result[parcel].append(f"{name} {number}, {town}")
        if frontages[parcel] == 1:  # plots on two streets already have two addresses
            result[parcel].extend(f"{name} {number}{suffix}, {town}" for suffix in "ab"[:extra])
    return result
