"""The ranking to CSV or XLSX, with the weights, the formulas and the completeness.

- CSV (like the parcel export: ``;``, decimal comma, UTF-8 with BOM for Excel NL): one row
  per unit in rank order; the weights and formulas go into a second file beside it,
  ``<name>.gewichten.csv``, so the figures never travel without how they were made.
- XLSX: sheet "Rangschikking" (rank, score, both axes, completeness, stability, flags and
  every sub-score; empty = no data, never 0), "Gewichten" (the profile), "Formules" (each
  criterion's sub-score and the score formula) and "Volledigheid" (per unit which criteria
  have data, are indicatief or in conflict).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from otb_desktop.domain.ranking.criteria import AXIS_LABELS, CRITERIA, FLAGS
from otb_desktop.domain.ranking.weights import WeightProfile
from otb_desktop.exporting import atomic_output
from otb_desktop.exporting.parcels import CSV_DELIMITER, CSV_ENCODING
from otb_desktop.services.ranking import RankedUnit

SCORE_FORMULA = ("score = Σ gewicht × deelscore / Σ gewicht, over de criteria met gegevens; "
                 "volledigheid = Σ gewicht met gegevens / Σ alle gewichten; urgentie en "
                 "kansrijkheid: hetzelfde over de criteria van die as. Ontbrekende gegevens "
                 "tellen niet als 0. Gelijke scores: eerst de hoogste volledigheid, dan de id.")
STABILITY_NOTE = ("stabiliteit = aandeel van de proeven (gewichten ±50 % verstoord, vaste "
                  "seed) waarin de eenheid in de top N staat; instabiel: in de top N maar in "
                  "minder dan 80 % van de proeven, of erbuiten maar in meer dan 20 %.")


@dataclass(frozen=True)
class RankingExport:
    path: Path
    rows: int
    ranked: int

    def summary_lines(self) -> list[str]:
        return [f"Rangschikking van {self.rows} eenheden ({self.ranked} gerangschikt) "
                f"geschreven naar {self.path}."]


def headers() -> list[tuple[str, str]]:
    base = [("rank", "Rang"), ("name", "Naam"), ("park", "Bedrijventerrein"),
            ("stage", "Fase"), ("score", "Score"), ("urgentie", "Urgentie"),
            ("kansrijkheid", "Kansrijkheid"), ("completeness", "Volledigheid"),
            ("share_in_top", "Stabiliteit (aandeel top N)"), ("unstable", "Instabiel"),
            ("indicative", "Indicatief"), ("flags", "Randvoorwaarden / knelpunten"),
            ("conflicts", "Niet gebruikt (conflict)")]
    return base + [(f"c_{c.key}", c.label) for c in CRITERIA] + [("id", "Id")]


def _values(row: RankedUnit) -> list:
    return [row.rank or None, row.name, row.park, row.stage, row.score, row.urgentie,
            row.kansrijkheid, row.completeness, row.share_in_top, row.unstable,
            row.indicative, ", ".join(FLAGS[f] for f in row.flags),
            ", ".join(row.conflicts), *row.subscores, row.id]


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(round(value, 6)).replace(".", ",")
    return str(value)


def _weight_lines(profile: WeightProfile) -> list[list[str]]:
    lines = [["profiel", profile.name], ["minimale volledigheid",
                                         _csv_text(profile.min_completeness)],
             ["parkprioriteiten gebruikt", _csv_text(profile.use_park_priorities)],
             ["formule", SCORE_FORMULA], ["stabiliteit", STABILITY_NOTE],
             ["criterium", "as", "gewicht", "deelscore (1 = kansrijker voor herontwikkeling)"]]
    for c in CRITERIA:
        lines.append([c.label, AXIS_LABELS[c.axis], _csv_text(float(profile.weights.get(
            c.key, 0.0))), c.formula])
    return lines


def write_csv_rows(handle: TextIO, rows: Sequence[RankedUnit], lineterminator: str = "\r\n"
                   ) -> None:
    """The ranking's header and rows as CSV (``;``, decimal comma) to an open text handle."""
    writer = csv.writer(handle, delimiter=CSV_DELIMITER, lineterminator=lineterminator)
    writer.writerow([key for key, _ in headers()])
    for row in rows:
        writer.writerow([_csv_text(v) for v in _values(row)])


def export_ranking_csv(rows: Sequence[RankedUnit], profile: WeightProfile, path: Path
                       ) -> RankingExport:
    path = Path(path)
    with atomic_output(path) as temporary, temporary.open(
            "w", encoding=CSV_ENCODING, newline="") as handle:
        write_csv_rows(handle, rows)
    weights_path = path.with_name(f"{path.stem}.gewichten.csv")
    with atomic_output(weights_path) as temporary, temporary.open(
            "w", encoding=CSV_ENCODING, newline="") as handle:
        csv.writer(handle, delimiter=CSV_DELIMITER).writerows(_weight_lines(profile))
    return RankingExport(path, len(rows), sum(1 for r in rows if r.rank))


def export_ranking_xlsx(rows: Sequence[RankedUnit], profile: WeightProfile, path: Path
                        ) -> RankingExport:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Rangschikking"
    sheet.append([label for _, label in headers()])
    for row in rows:
        values = _values(row)
        sheet.append([("ja" if v else "nee") if isinstance(v, bool) else v for v in values])
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions

    weights = book.create_sheet("Gewichten")
    weights.append(["Profiel", profile.name])
    weights.append(["Minimale volledigheid", profile.min_completeness])
    weights.append(["Parkprioriteiten gebruikt", "ja" if profile.use_park_priorities
                    else "nee"])
    weights.append([])
    weights.append(["Criterium", "As", "Gewicht"])
    for c in CRITERIA:
        weights.append([c.label, AXIS_LABELS[c.axis], float(profile.weights.get(c.key, 0))])

    formulas = book.create_sheet("Formules")
    formulas.append(["Score", SCORE_FORMULA])
    formulas.append(["Stabiliteit", STABILITY_NOTE])
    formulas.append([])
    formulas.append(["Criterium", "As", "Deelscore (1 = kansrijker voor herontwikkeling)"])
    for c in CRITERIA:
        formulas.append([c.label, AXIS_LABELS[c.axis], c.formula])
    formulas.append([])
    formulas.append(["Randvoorwaarde (vlag, nooit in de score)", ""])
    for label in FLAGS.values():
        formulas.append([label])

    complete = book.create_sheet("Volledigheid")
    complete.append(["Naam", "Volledigheid", *[c.label for c in CRITERIA]])
    for row in rows:
        states = []
        for c, value in zip(CRITERIA, row.subscores, strict=True):
            if c.key in row.conflicts:
                states.append("conflict")
            elif value is None:
                states.append("ontbreekt")
            elif c.key in row.indicative_criteria:
                states.append("indicatief")
            else:
                states.append("ja")
        complete.append([row.name, row.completeness, *states])
    for ws in (weights, formulas, complete):
        for cell in ws[1]:
            cell.font = bold
    with atomic_output(Path(path)) as temporary:
        book.save(temporary)
    return RankingExport(Path(path), len(rows), sum(1 for r in rows if r.rank))
