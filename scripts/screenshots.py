"""Start the real app on a (demo) database and save screenshots of the main views.

    otb-desktop --db /tmp/shot.sqlite demo      # once; the script also does this when empty
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python scripts/screenshots.py --db /tmp/shot.sqlite /tmp/shots

The window runs as a user would see it (xcb platform, real services, background loading);
the script only drives it: select a parcel, search, filter, open the survey progress and the
shortcut overview, every topic form, a conflict and the parcel timeline. Each view is grabbed
from the screen, so dialogs are included. Settings go to a temporary file, so the user's own
window layout is left alone.

Issue 8 asks for these at 1366×768 at 100 % and 125 %, at 1920×1080, in Dutch, in English
and with a dark palette (scripts/screenshots_matrix.sh runs them all):

    QT_SCALE_FACTOR=1.25 xvfb-run -a -s "-screen 0 1366x768x24" \
        .venv/bin/python scripts/screenshots.py --db /tmp/shot.sqlite --dark /tmp/shots-dark
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from otb_desktop.domain.topics import TOPICS
from otb_desktop.services.context import open_context
from otb_desktop.services.parcels import ParcelService
from otb_desktop.ui import app, first_start
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.parcel_table_model import Completeness
from otb_desktop.ui.settings import Settings

STEP_MS = 700


def prepare(database_path: Path) -> None:
    """A name for the user, on an empty database the demo data, and one conflict to show."""
    context = open_context(database_path)
    try:
        if not context.user_name:
            context.set_user_name("Schermafbeelding")
        rows = ParcelService(context).rows()
        if not rows:
            from otb_desktop.demo.generator import generate

            print("\n".join(generate(context).summary_lines()))
            rows = ParcelService(context).rows()
        if not any(r.conflicts for r in rows):
            _add_conflict(context, max(rows, key=lambda r: r.surveyed_topics).id)
    finally:
        context.database.close()


def _add_conflict(context, parcel_id: str) -> None:
    """Two vacancy observations that do not supersede each other, as after a sync."""
    import datetime as dt

    from otb_desktop.domain.ids import new_id
    from otb_desktop.persistence.models import Observation

    with context.database.session() as session:
        for author, vacant, days in (("Piet de Vries", 120, 9), ("Marloes Bakker", 450, 8)):
            session.add(Observation(
                id=new_id(), parcel_id=parcel_id, topic="vacancy",
                values={"total_floor_area_m2": 1800.0, "vacant_floor_area_m2": float(vacant),
                        "offered": "huur"},
                observed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=days),
                created_by=author, device_id=new_id()))


class Tour:
    """Runs the steps one after another, each followed by a screen grab."""

    def __init__(self, window: MainWindow, out: Path):
        self.window = window
        self.out = out
        self.steps: list[tuple[str, Callable[[], QWidget | None]]] = [
            ("01-main", self.overview),
            ("02-parcel", self.parcel),
            ("03-search", self.search),
            ("04-filter-and-colouring", self.filter_and_colour),
            ("05-survey-progress", self.progress),
            ("06-shortcuts", self.shortcuts),
            ("07-welcome", self.welcome),
            *[(f"08-topic-{topic}", lambda t=topic: self.topic(t)) for topic in TOPICS],
            ("09-conflict", self.conflict),
            ("10-timeline", self.timeline),
            ("11-legend-willingness", lambda: self.legend("owner_willingness")),
        ]
        self.planned = len(self.steps)
        self.saved: list[Path] = []
        self._extra: QWidget | None = None

    def start(self) -> None:
        self._next()

    def _next(self) -> None:
        if self._extra is not None:
            self._extra.close()
            self._extra = None
        if not self.steps:
            QApplication.instance().quit()
            return
        name, action = self.steps.pop(0)
        self._extra = action()
        QTimer.singleShot(STEP_MS, lambda: self._grab(name))

    def _grab(self, name: str) -> None:
        path = self.out / f"{name}.png"
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        self.saved.append(path)
        print(path)
        self._next()

    # Steps

    def overview(self) -> None:
        self.window.canvas.zoom_full()

    def parcel(self) -> None:
        rows = sorted(self.window.model.rows(), key=lambda r: -r.surveyed_topics)
        if rows:
            self.window.select_parcels([rows[0].id], centre=True)
            self.window.canvas.zoom_to_park(rows[0].park_id) if rows[0].park_id else None
            self.window.panel.select_topic("condition")

    def search(self) -> None:
        self.window.focus_search()
        self.window.search.setText("Westermaat Campus")
        self.window.search.flush()
        self.window.zoom_to_park()

    def filter_and_colour(self) -> None:
        self.window.search.clear()
        self.window.search.flush()
        self.window.filters.select_completeness(Completeness.PARTLY)
        self.window.set_colouring("vacancy_pct")
        self.window.canvas.zoom_full()

    def progress(self) -> QWidget:
        self.window.filters.clear()
        self.window.set_colouring("survey_status")
        return self.window.show_survey_progress()

    def shortcuts(self) -> QWidget | None:
        self.window.show_shortcuts()
        return self.window.findChild(QWidget, "shortcutsBox")

    def topic(self, topic: str) -> None:
        """The topic's form on a parcel that has it recorded (else the most surveyed one)."""
        rows = sorted(self.window.model.rows(), key=lambda r: (str(topic) not in r.values,
                                                               -r.surveyed_topics))
        if rows and self.window.panel.current_parcel_id() != rows[0].id:
            self.window.select_parcels([rows[0].id], centre=True)
        self.window.panel.select_topic(str(topic))
        page = self.window.panel.current_page()
        # after the layout settled: the form at the top of the panel's scroll area
        QTimer.singleShot(STEP_MS // 2, lambda: self.window.panel.scroll.verticalScrollBar()
                          .setValue(page.mapTo(self.window.panel.scroll.widget(),
                                               page.rect().topLeft()).y() - 8))

    def conflict(self) -> None:
        rows = [r for r in self.window.model.rows() if r.conflicts]
        if rows:
            self.window.select_parcels([rows[0].id], centre=True)
            self.window.canvas.show_parcels_readably([rows[0].id])
            topic = sorted(rows[0].conflicts)[0]
            self.window.panel.select_topic(topic)
            page = self.window.panel.current_page()
            QTimer.singleShot(STEP_MS // 2, lambda: self.window.panel.scroll.verticalScrollBar()
                              .setValue(page.mapTo(self.window.panel.scroll.widget(),
                                                   page.rect().topLeft()).y() - 8))

    def timeline(self) -> QWidget | None:
        return self.window.panel.show_timeline()

    def legend(self, colouring: str) -> None:
        self.window.set_colouring(colouring)
        self.window.canvas.zoom_full()

    def welcome(self) -> QWidget:
        dialog = first_start.UserNameDialog(self.window)
        dialog.show()
        return dialog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of OTB Desktop's main views.")
    parser.add_argument("--db", type=Path, required=True, help="database (demo data)")
    parser.add_argument("--language", choices=["nl", "en"], default="nl")
    parser.add_argument("--dark", action="store_true",
                        help="a dark palette, like Windows' dark mode")
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    prepare(args.db)

    settings_file = Path(tempfile.mkdtemp(prefix="otb-shots-")) / "settings.ini"
    settings = Settings.at_path(settings_file)
    settings.language = args.language
    first_start.ask_restore_drafts = lambda parent, parcels: True  # keep drafts, no dialog
    window = app.start(args.db, settings)
    if isinstance(window, int):
        return window
    if args.dark:
        from otb_desktop.ui.palette import dark_palette

        QApplication.instance().setPalette(dark_palette())
    window.setGeometry(window.screen().availableGeometry())  # no window manager under Xvfb
    tour = Tour(window, args.out)

    def loaded(_count: int) -> None:
        window.rowsLoaded.disconnect(loaded)
        QTimer.singleShot(STEP_MS, tour.start)

    window.rowsLoaded.connect(loaded)
    QTimer.singleShot(120_000, QApplication.instance().quit)  # never hang a CI job
    QApplication.instance().exec()
    window.panel.flush_drafts()
    window.context.database.close()
    print(f"{len(tour.saved)} screenshots in {args.out}")
    return 0 if len(tour.saved) == tour.planned else 1


if __name__ == "__main__":
    sys.exit(main())
