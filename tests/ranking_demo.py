"""A small demo database shared by the ranking UI tests (built once per module, copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from otb_desktop.demo.generator import generate
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext

TODAY = dt.date(2026, 5, 20)


def make_demo_file(folder: Path, parcels: int = 700) -> Path:
    path = folder / "demo.sqlite"
    database = open_database(path)
    context = AppContext(database)
    context.set_user_name("Coördinator")
    generate(context, parcels=parcels, today=TODAY)
    database.close()
    return path
