"""Helpers for the issue-8 window tests: a main window on test parcels with real addresses."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import box
from sqlalchemy import select

from otb_desktop.persistence.models import Parcel
from otb_desktop.services.context import AppContext
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings


def set_addresses(context: AppContext, addresses: dict[str, list[str]]) -> None:
    with context.database.session() as session:
        for parcel_id, texts in addresses.items():
            session.get(Parcel, parcel_id).addresses = list(texts)


def move_parcel(context: AppContext, parcel_id: str, dx: float, dy: float) -> None:
    """Put a parcel far away (an outlier from a real BRK extract)."""
    with context.database.session() as session:
        parcel = session.get(Parcel, parcel_id)
        x0, y0, x1, y1 = parcel.geometry.bounds
        parcel.set_geometry(box(x0 + dx, y0 + dy, x1 + dx, y1 + dy))


def open_window(qtbot, context: AppContext, tmp_path: Path, size=(1366, 768)) -> MainWindow:
    window = MainWindow(context, Settings.at_path(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    return window


def started_window(qtbot, path: Path, tmp_path: Path) -> tuple[MainWindow, object]:
    """A window as the two-phase start makes it on the database at ``path``: the load read
    off the window (``ui.app._load_everything``), then applied; (window, what was loaded)."""
    from otb_desktop.ui import app as otb_app

    context, _name, loaded = otb_app._load_everything(path, "survey_status", 24,
                                                      lambda _text: None, (60, 40))
    window = MainWindow(context, Settings.at_path(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.rowsLoaded, timeout=30_000):
        window.apply_loaded(loaded)
    return window, loaded


def designations_of(context: AppContext) -> dict[str, str]:
    with context.database.session() as session:
        return dict(session.execute(select(Parcel.id, Parcel.designation)).all())
