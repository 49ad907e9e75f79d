"""Which exported values may be personal data (AVG), so an export that holds them says so.

Owners of business premises are often natural persons: free text (notes, kansen and
knelpunten in their own words) can hold a name or a telephone number, and a contact date
ties an owner to a moment. An export holding any non-empty value of these fields says so:
the XLSX gets a sheet that says it and says it in its document title (the data stay on the
first sheet, where the observation import reads them back), the GeoPackage layer's
description says it (QGIS shows it), and every export's summary says it. The CSV stays
plain data (its first line is the header the import reads), so its name says it: a CSV
holding personal data whose name lacks the word gets ``-persoonsgegevens`` added (the report
names the file as written).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

PERSONAL_FIELDS = frozenset({
    ("note", "text"),
    ("willingness_to_invest", "contact_date"),
    ("willingness_to_invest", "opportunities_text"),
    ("willingness_to_invest", "bottlenecks_text"),
})

# Columns outside the survey that are free text too: a park's "Toelichting" (park facts).
PERSONAL_KEYS = frozenset({"fact.note"})

NOTICE_TITLE = "Let op - persoonsgegevens"
NOTICE = ("Dit bestand bevat mogelijk persoonsgegevens (AVG): vrije tekst zoals notities en "
          "contactdata van eigenaren. Deel het alleen met wie het nodig heeft, bewaar het niet "
          "langer dan nodig en zet het nooit op het blad voor de architectenpool.")


def personal_columns(columns: Iterable) -> list:
    return [c for c in columns if (str(c.topic) if c.topic else None, c.field)
            in PERSONAL_FIELDS or c.key in PERSONAL_KEYS]


def holds_personal_data(columns: Iterable, rows: Iterable) -> bool:
    personal = personal_columns(columns)
    return any(column.value(row) not in (None, "") for row in rows for column in personal)


WORD = "persoonsgegevens"


def marked_name(path: Path) -> Path:
    """``path`` with the word in its name (unchanged when it is there already)."""
    path = Path(path)
    if WORD in path.name.casefold():
        return path
    return path.with_name(f"{path.stem}-{WORD}{path.suffix}")


def mark_csv(path: Path) -> Path:
    """A CSV has no room for a notice but its name: move the written file to the marked
    name (replacing a file of that name, as an export replaces its target); the final path."""
    path = Path(path).expanduser().absolute()   # where atomic_output wrote it
    marked = marked_name(path)
    if marked != path:
        os.replace(path, marked)
    return marked


def mark_gpkg(path: Path, layer: str) -> None:
    """Put the notice in the layer's description (gpkg_contents; a GeoPackage is SQLite)."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "UPDATE gpkg_contents SET description = trim(coalesce(description, '') || ' ' || ?)"
            " WHERE table_name = ?", (f"{NOTICE_TITLE}: {NOTICE}", layer))
