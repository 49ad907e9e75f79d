"""Screenshots of the architect-pool screens (3F): intake register and sheet preview.

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24" \\
        .venv/bin/python scripts/intake_screenshots.py --db /tmp/shot.sqlite /tmp/shots

Uses the demo data (made when the database is empty), registers one intake for the first
site when none exists, selects that site's parcel, opens the register and the preview.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from otb_desktop.services import site_store
from otb_desktop.services.context import open_context
from otb_desktop.services.intakes import IntakeService
from otb_desktop.ui import i18n
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings


def prepare(path: Path) -> None:
    context = open_context(path)
    try:
        context.set_user_name(context.user_name or "Schermafbeelding")
        if not site_store.list_sites(context):
            from otb_desktop.demo.generator import generate

            generate(context)
        service = IntakeService(context)
        if not service.intakes():
            sites = site_store.list_sites(context)
            one = service.start(site_id=sites[0].id, plan_kind="uitbreiding",
                                requested_on=dt.date(2026, 2, 2), applicant="A. Voorbeeld")
            service.step(one.id, "intake_gehouden", dt.date(2026, 2, 9))
            service.step(one.id, "architect_toegewezen", dt.date(2026, 2, 20),
                         architect="Bureau Hoogland")
            service.update(one.id, hours=14, cost_eur=1850)
            two = service.start(site_id=sites[1].id, plan_kind="verbouwing",
                                requested_on=dt.date(2026, 5, 12))
            service.step(two.id, "afgewezen", dt.date(2026, 5, 20))
    finally:
        context.database.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    prepare(args.db)
    qt = QApplication.instance() or QApplication(sys.argv)
    context = open_context(args.db)
    settings = Settings.at_path(Path(tempfile.mkdtemp()) / "settings.ini")
    i18n.set_language("nl")
    window = MainWindow(context, settings)
    window.resize(1366, 740)
    window.show()
    window.reload()
    site = site_store.list_sites(context)[0]
    steps = []

    def grab(name, widget):
        QApplication.primaryScreen().grabWindow(0).save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")

    def select():
        window.select_parcels(list(site.parcel_ids))

    def register():
        steps.append(window.intake_actions.show_register())

    def shot_register():
        grab("10-intake-register", steps[-1])
        steps[-1].close()

    def preview():
        steps.append(window.intake_actions.print_selected_site())

    def new_intake_dialog():
        from otb_desktop.ui.intake_register import NewIntakeDialog

        steps.append(NewIntakeDialog(window))
        steps[-1].show()

    def shot_new():
        grab("12-new-intake", steps[-1])
        steps[-1].close()

    def ranking():
        steps.append(window.ranking.open())
        steps[-1].view.select_units([site.id])

    def shot_ranking():
        grab("13-ranking-with-intake-sheet", steps[-1])
        steps[-1].close()
        qt.quit()

    def shot_preview_and_continue():
        grab("11-sheet-preview", steps[-1])
        steps[-1].close()

    for k, fn in enumerate((select, register, shot_register, preview,
                            shot_preview_and_continue, new_intake_dialog, shot_new, ranking,
                            shot_ranking)):
        QTimer.singleShot(4000 + 2000 * k, fn)
    qt.exec()
    context.database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
