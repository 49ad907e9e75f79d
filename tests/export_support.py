"""The small demo set the export tests read (a pytest plugin, see conftest.py).

Made once per test session: the export tests only read it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext

EXPORT_DEMO_TODAY = dt.date(2026, 5, 20)
EXPORT_DEMO_PARCELS = 150


@pytest.fixture(scope="session")
def export_demo(tmp_path_factory) -> AppContext:
    """A small demo set: every topic surveyed somewhere, conflicts, notes, dates."""
    from otb_desktop.demo.generator import generate

    context = AppContext(open_database(tmp_path_factory.mktemp("demo") / "otb.sqlite"))
    context.set_user_name("Test Gebruiker")
    generate(context, parcels=EXPORT_DEMO_PARCELS, today=EXPORT_DEMO_TODAY)
    yield context
    context.database.close()
