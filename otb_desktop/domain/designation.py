"""Cadastral designation (kadastrale aanduiding): AKR code, sectie, perceelnummer.

Users type it loosely (``b2298``, ``OTL02-B-2298``, ``otl02 b 2298``); it is stored in the
canonical form ``OTL02 B 2298`` and matched on a normalised search key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULL = re.compile(r"^\s*([A-Za-z]{3}\d{2})[\s\-_/]*([A-Za-z]{1,2})[\s\-_/]*(\d{1,5})\s*$")
_SHORT = re.compile(r"^\s*([A-Za-z]{1,2})[\s\-_/]*(\d{1,5})\s*$")


@dataclass(frozen=True)
class Designation:
    akr_code: str
    section: str
    number: int

    def __str__(self) -> str:
        return f"{self.akr_code} {self.section} {self.number}"


def make(akr_code: str, section: str, number: int | str) -> Designation:
    return Designation(
        str(akr_code).strip().upper(), str(section).strip().upper(), int(str(number).strip())
    )


def parse(text: str) -> Designation | None:
    match = _FULL.match(text or "")
    return make(*match.groups()) if match else None


_CANONICAL = re.compile(r"[A-Z]{3}[0-9]{2} [A-Z]{1,2} [0-9]{1,5}").fullmatch


def sort_key(text: str) -> str:
    """``OTL02 B 230`` sorts before ``OTL02 B 2298``: numbers compared as numbers (text that
    is no designation sorts as itself). Made for every parcel at a load: no dataclass, and
    the stored (canonical) form without the loose pattern's groups, in half the time."""
    if text and _CANONICAL(text):
        akr_code, section, number = text.split(" ")
        return f"{akr_code} {section:<2} {number:0>8}"
    match = _FULL.match(text or "")
    if match is None:
        return text
    akr_code, section, number = match.groups()
    return f"{akr_code.upper()} {section.upper():<2} {int(number):08d}"


# Canonical with a number without leading zeros (what ``make`` stores): one per line.
_CANONICAL_LINES = re.compile(r"^[A-Z]{3}[0-9]{2} [A-Z]{1,2} (?:0|[1-9][0-9]{0,4})$",
                              re.MULTILINE)


def natural_order(texts: list[str]) -> list[int] | None:
    """The positions of ``texts`` sorted by ``sort_key`` (ties in their order, as Python's
    stable sort), or None when not every text is canonical with a number without leading
    zeros (the caller sorts by ``sort_key`` then).

    For those, ``sort_key`` order is: the text before the number (a one-letter section's
    padding space sorts before any letter, as a shorter prefix does), then the number's
    length, then its digits. NumPy sorts by those three in C: 200 000 designations in a
    few tens of milliseconds instead of a quarter second of ``sort_key`` calls.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 \
            or len(_CANONICAL_LINES.findall(joined)) != len(texts):
        return None
    import numpy as np

    array = np.array(texts, dtype=str)
    space = np.strings.rfind(array, " ")
    prefix = np.strings.slice(array, 0, space)
    order = np.lexsort((array, np.strings.str_len(array) - space, prefix))
    return order.tolist()


def search_key(text: str) -> str | None:
    """A loose key: ``b2298`` matches every parcel ending in section B, number 2298.

    Returns ``"OTL02 B 2298"`` for a full designation, ``"B 2298"`` for a short one, or None
    when the text does not look like a designation at all.
    """
    full = parse(text)
    if full:
        return str(full)
    match = _SHORT.match(text or "")
    if match:
        return f"{match.group(1).upper()} {int(match.group(2))}"
    return None
