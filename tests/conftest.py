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
pytest_plugins = ["central_support", "export_support", "tls_support"]


@pytest.fixture(autouse=True)
def blocking_operations():
    """Writes through ui/operations.py still run on the writer thread, but ``run`` returns
    after they finished: GUI tests stay deterministic (a test may switch this off)."""
    from otb_desktop.ui import operations

    operations.set_blocking(True)
    yield
    operations.set_blocking(False)


@pytest.fixture
def sync_workers():
    """Background reads (ui/workers.py) run at once on the calling thread; a file that wants
    this for every test says ``pytestmark = pytest.mark.usefixtures("sync_workers")``."""
    from otb_desktop.ui import workers

    workers.set_synchronous(True)
    yield
    workers.set_synchronous(False)


@pytest.fixture
def dutch_locale():
    """Numbers and dates as a Dutch user sees them (QLocale's default), restored after."""
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    yield
    QLocale.setDefault(previous)


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


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch):
    """A static QMessageBox runs its own event loop and would hang an offscreen test run for
    ever. Every box a test did not patch itself is recorded here and answered (Ok / No); the
    list is returned so a test can assert on it, and an unexpected *critical* box fails."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def box(kind, answer):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((kind, f"{title}: {text}"))
            return answer
        return staticmethod(show)

    ok, no = QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.No
    for kind, answer in (("information", ok), ("warning", ok), ("critical", ok),
                         ("question", no)):
        monkeypatch.setattr(QMessageBox, kind, box(kind, answer))
    yield shown
    unexpected = [text for kind, text in shown if kind == "critical"]
    assert not unexpected, f"unexpected error message box: {unexpected}"
