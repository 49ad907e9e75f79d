"""Shared fixtures: a fresh database built by the real migrations, offscreen Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from otb_desktop.persistence.database import Database, open_database  # noqa: E402
from otb_desktop.services.context import AppContext  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
# Fixtures for tests against the real PostgreSQL server (central database, sync).
pytest_plugins = ["central_support"]


@pytest.fixture(autouse=True)
def blocking_operations():
    """Writes through ui/operations.py still run on the writer thread, but ``run`` returns
    after they finished: GUI tests stay deterministic (a test may switch this off)."""
    from otb_desktop.ui import operations

    operations.set_blocking(True)
    yield
    operations.set_blocking(False)


@pytest.fixture
def database(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "otb.sqlite")
    yield db
    db.close()


@pytest.fixture
def context(database: Database) -> AppContext:
    ctx = AppContext(database)
    ctx.set_user_name("Test Gebruiker")
    return ctx
