"""What an import did, in numbers and in Dutch sentences for the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass

from otb_desktop.domain.wording import count, number

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
            f"{self.source} (laag '{self.layer}', koppeling: {self.mapping}): "
            f"{count(self.read, 'object', 'objecten')} gelezen in "
            f"{number(self.seconds, 1)} s.",
            f"{count(self.created, one, many)} toegevoegd, {number(self.updated)} bijgewerkt, "
            f"{number(self.skipped)} overgeslagen.",
        ]
        if self.kind == "parcels":
            lies = "ligt" if self.outside_parks == 1 else "liggen"
            lines.append(f"{count(self.outside_parks, one, many)} {lies} buiten alle "
                         "bedrijventerreinen.")
        if self.merged:
            had = "object had" if self.merged == 1 else "objecten hadden"
            lines.append(f"{number(self.merged)} {had} dezelfde sleutel als een eerder object en "
                         f"{'is' if self.merged == 1 else 'zijn'} daarmee samengevoegd tot één "
                         f"{one}.")
        if self.repaired:
            lines.append(f"{count(len(self.repaired), 'geometrie', 'geometrieën')} hersteld:")
            lines.extend(f"  {feature}: {reason}"
                         for feature, reason in self.repaired[:LISTED_REPAIRS])
            if len(self.repaired) > LISTED_REPAIRS:
                lines.append(f"  … en nog {number(len(self.repaired) - LISTED_REPAIRS)}.")
        lines.extend(self.notes)
        return lines
