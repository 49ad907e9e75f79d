"""What an import did, in numbers and in Dutch sentences for the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass

# How many repaired features the summary names one by one; the rest are counted.
LISTED_REPAIRS = 20

_KIND_WORDS = {"parcels": ("perceel", "percelen"), "buildings": ("pand", "panden"),
               "parks": ("bedrijventerrein", "bedrijventerreinen")}


@dataclass(frozen=True)
class ImportReport:
    """Counts of one import.

    ``repaired`` holds (feature, reason) for every feature whose geometry was repaired;
    ``outside_parks`` counts imported parcels that lie in no business park (with
    ``inside_parks_only`` those were skipped instead); ``merged`` counts features that shared
    their key with an earlier feature and were merged into it.
    """

    kind: str
    source: str
    layer: str
    mapping: str
    read: int
    created: int
    updated: int
    skipped: int = 0
    repaired: tuple[tuple[str, str], ...] = ()
    outside_parks: int = 0
    merged: int = 0
    notes: tuple[str, ...] = ()
    seconds: float = 0.0

    def summary_lines(self) -> list[str]:
        one, many = _KIND_WORDS[self.kind]
        lines = [
            f"{self.source} (laag '{self.layer}', koppeling: {self.mapping}): {_nl(self.read)} "
            f"objecten gelezen in {_nl(self.seconds, 1)} s.",
            f"{_nl(self.created)} {many} toegevoegd, {_nl(self.updated)} bijgewerkt, "
            f"{_nl(self.skipped)} overgeslagen.",
        ]
        if self.kind == "parcels":
            lines.append(f"{_nl(self.outside_parks)} {many} liggen buiten alle "
                         "bedrijventerreinen.")
        if self.merged:
            lines.append(f"{self.merged} {'object had' if self.merged == 1 else 'objecten hadden'}"
                         f" dezelfde sleutel als een eerder object en "
                         f"{'is' if self.merged == 1 else 'zijn'} daarmee samengevoegd tot één "
                         f"{one}.")
        if self.repaired:
            lines.append(f"{len(self.repaired)} geometrieën hersteld:")
            lines.extend(f"  {feature}: {reason}"
                         for feature, reason in self.repaired[:LISTED_REPAIRS])
            if len(self.repaired) > LISTED_REPAIRS:
                lines.append(f"  … en nog {len(self.repaired) - LISTED_REPAIRS}.")
        lines.extend(self.notes)
        return lines


def _nl(number: float, decimals: int = 0) -> str:
    """Dutch number text: 1.700 and 1,5 (the report is read in Dutch)."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")
