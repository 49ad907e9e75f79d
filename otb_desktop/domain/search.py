"""Ranking parcels against what a field worker types in the search box.

"Zagerijweg 1" must open Zagerijweg 1, not Zagerijweg 10: a hit on the exact house number
(with or without the typed addition) ranks above a mere prefix, a full cadastral designation
above a loose one, and a postcode (``7553 AB``, optionally with a house number) finds the
addresses that carry it. Lower rank is better; None is no match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from otb_desktop.domain import designation as designations


class Rank(IntEnum):
    DESIGNATION = 0          # OTL02 B 2298 typed in full
    SHORT_DESIGNATION = 1    # b2298: section and number
    ADDRESS = 2              # street and house number (and addition) exactly
    POSTCODE_NUMBER = 2      # 7553 AB 12
    ADDRESS_OTHER_ADDITION = 3  # "Zagerijweg 1" finds "Zagerijweg 1a" after "Zagerijweg 1"
    POSTCODE = 4
    DESIGNATION_PART = 5     # "229" somewhere in a designation
    ADDRESS_PART = 6         # a prefix or part of an address ("Zagerijweg 1" in "… 10")
    PARK = 7


_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?([a-z]{2})\b")
_QUERY_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s?([a-z]{2})(?:\s*[,\s]\s*(\d+)\s*([a-z]*))?\s*$")
# street, house number, addition: one pattern for the stored addresses and the typed query
_STREET_NUMBER = re.compile(r"^(.*?\D)\s*(\d+)\s*[-\s]?([a-z]{0,4})$")


@dataclass(frozen=True)
class Address:
    """An address split for matching: street, house number, addition, postcode."""

    text: str
    street: str
    number: int | None
    addition: str
    postcode: str | None


def parse_address(text: str) -> Address:
    lower = text.lower()
    postcode_match = _POSTCODE.search(lower)
    postcode = f"{postcode_match.group(1)}{postcode_match.group(2)}" if postcode_match else None
    head = lower.split(",")[0]
    if postcode_match and postcode_match.start() < len(head):
        head = head[:postcode_match.start()]
    match = _STREET_NUMBER.match(head.strip())
    if match and match.group(1).strip():
        return Address(lower, " ".join(match.group(1).split()), int(match.group(2)),
                       match.group(3), postcode)
    return Address(lower, " ".join(head.split()), None, "", postcode)


@dataclass(frozen=True)
class SearchEntry:
    """A parcel's searchable texts, prepared once when its row arrives."""

    designation: str
    short: str | None           # "b 2298"
    addresses: tuple[Address, ...]
    park: str


def search_entry(designation: str, addresses: tuple[str, ...] | list[str],
                 park_name: str | None) -> SearchEntry:
    parsed = designations.parse(designation)
    return SearchEntry(designation.lower(),
                       f"{parsed.section} {parsed.number}".lower() if parsed else None,
                       tuple(parse_address(a) for a in addresses), (park_name or "").lower())


class SearchQuery:
    """What the user typed, prepared once for matching thousands of rows."""

    def __init__(self, text: str):
        self.text = text.strip()
        self.lower = " ".join(self.text.lower().split())
        key = designations.search_key(self.text)
        self.key = key.lower() if key else None
        self.full_designation = designations.parse(self.text) is not None
        postcode = _QUERY_POSTCODE.match(self.lower)
        self.postcode = f"{postcode.group(1)}{postcode.group(2)}" if postcode else None
        self.postcode_number = int(postcode.group(3)) if postcode and postcode.group(3) else None
        self.postcode_addition = postcode.group(4) or "" if postcode else ""
        street = _STREET_NUMBER.match(self.lower.rstrip(", "))
        self.street = " ".join(street.group(1).strip(" ,").split()) if street else None
        self.number = int(street.group(2)) if street else None
        self.addition = street.group(3) if street else ""

    def rank(self, entry: SearchEntry) -> int | None:
        if not self.text:
            return 0
        best: int | None = None

        def take(rank: Rank) -> None:
            nonlocal best
            if best is None or rank < best:
                best = int(rank)

        if self.key is not None:
            if self.key == entry.designation:
                return int(Rank.DESIGNATION)
            if entry.short and self.key == entry.short:
                take(Rank.SHORT_DESIGNATION)
        if self.lower in entry.designation:
            take(Rank.DESIGNATION if self.lower == entry.designation else Rank.DESIGNATION_PART)
        for address in entry.addresses:
            if self.postcode and address.postcode == self.postcode:
                if self.postcode_number is None:
                    take(Rank.POSTCODE)
                elif address.number == self.postcode_number:
                    take(Rank.POSTCODE_NUMBER if address.addition == self.postcode_addition
                         else Rank.ADDRESS_OTHER_ADDITION)
            if self.street and address.number is not None and address.street == self.street \
                    and address.number == self.number:
                take(Rank.ADDRESS if address.addition == self.addition
                     else Rank.ADDRESS_OTHER_ADDITION)
            elif self.lower in address.text:
                take(Rank.ADDRESS_PART)
        if best is None and self.lower in entry.park:
            take(Rank.PARK)
        return best
