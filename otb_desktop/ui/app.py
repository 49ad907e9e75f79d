"""Start-up of the window: ``otb-desktop [--db PATH]`` without a command ends up here.

Order (STYLE.md, start-up): Qt application, logging, translations, open (check, back up,
migrate) the database, ask the user's name once, show the window and load the parcels in the
background; then offer demo data or an import for an empty database, or the drafts an
earlier session left behind.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from otb_desktop import __version__
from otb_desktop.domain.errors import OtbError
from otb_desktop.logging_setup import log_file, setup_logging
from otb_desktop.paths import user_files_follow
from otb_desktop.services.context import AppContext, open_context
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui import first_start, i18n, workers
from otb_desktop.ui.main_window import MainWindow, icon
from otb_desktop.ui.operations import DRAFTS, operations
from otb_desktop.ui.settings import Settings

log = logging.getLogger(__name__)

APPLICATION_NAME = "OTB Desktop"
ORGANISATION_NAME = "Gemeente Hengelo"
ORGANISATION_DOMAIN = "hengelo.nl"


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with the names QSettings uses, a consistent style and the icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setOrganizationDomain(ORGANISATION_DOMAIN)
    QCoreApplication.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # the same look on Windows, Linux and macOS
    app.setWindowIcon(icon("app"))
    return app


def install_excepthook() -> None:
    """An unexpected error is logged and shown; the app keeps running instead of vanishing."""
    showing = False

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if showing or QApplication.instance() is None:
            return
        showing = True
        try:
            if isinstance(error, OtbError):
                QMessageBox.warning(None, APPLICATION_NAME, str(error))
            else:
                where = log_file()
                QMessageBox.critical(None, APPLICATION_NAME, QCoreApplication.translate("App",
                    "Something went wrong: %1\n\nYour saved observations are safe. Details "
                    "are in the log file %2; please send it to the application manager.")
                    .replace("%1", f"{kind.__name__}: {error}")
                    .replace("%2", str(where) if where else "-"))
        finally:
            showing = False

    sys.excepthook = hook


def open_or_explain(database_path: Path, ask_to_create: bool = False) -> AppContext | None:
    """Open the database, or show why not (Dutch message) and return None.

    A database path the user chose (--db, OTB_DB) that does not exist is created only after
    asking: a typo should not silently start an empty database.
    """
    if ask_to_create and not Path(database_path).expanduser().exists():
        answer = QMessageBox.question(None, APPLICATION_NAME, QCoreApplication.translate(
            "App", "The database %1 does not exist. Create a new, empty database there?")
            .replace("%1", str(database_path)))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    try:
        return open_context(database_path)
    except OtbError as exc:
        log.warning("database %s refused: %s", database_path, exc)
        QMessageBox.critical(None, APPLICATION_NAME, str(exc))
    except Exception as exc:  # noqa: BLE001 - shown to the user, traceback goes to the log
        log.exception("database %s could not be opened", database_path)
        QMessageBox.critical(None, APPLICATION_NAME, QCoreApplication.translate("App",
            "The database %1 could not be opened (%2). Choose another file with --db; "
            "details are in the log file %3.").replace("%1", str(database_path))
            .replace("%2", f"{type(exc).__name__}: {exc}").replace("%3", str(log_file())))
    return None


def ensure_user_name(context: AppContext) -> bool:
    """Ask the name once; False when the user chose to quit instead."""
    if context.user_name:
        return True
    name = first_start.ask_user_name()
    if not name:
        return False
    context.set_user_name(name)
    return True


def after_first_load(window: MainWindow, context: AppContext, count: int) -> None:
    """Empty database: offer demo data or an import. Otherwise: offer to restore drafts."""
    if count == 0:
        choice = first_start.ask_start_choice(window)
        if choice is first_start.StartChoice.DEMO:
            window.load_demo_data()
        elif choice is first_start.StartChoice.IMPORT:
            window.import_gis("parcels")
        return
    survey = SurveyService(context)
    drafts = survey.drafts()
    if not drafts:
        return
    parcels = list(dict.fromkeys(parcel_id for parcel_id, *_rest in drafts))
    if first_start.ask_restore_drafts(window, len(parcels)):
        window.select_parcels([parcels[0]], centre=True)  # the panel restores the draft
        window.focus_panel()
    else:
        def discard(_progress) -> None:
            for parcel_id, topic, *_rest in drafts:
                survey.discard_draft(parcel_id, topic)

        operations().run(DRAFTS, discard, ids=parcels, progress=False, parent=window)


def start(database_path: Path, settings: Settings | None = None,
          chosen: bool = False) -> MainWindow | int:
    """Everything up to a shown, loading main window; an int is the exit code instead.

    ``chosen``: the user named the database (--db, OTB_DB); log and settings then live in
    its folder (paths.user_files_follow).
    """
    make_application()
    files = user_files_follow(database_path, chosen)
    setup_logging(files.logs)
    install_excepthook()
    if settings is None:
        settings = Settings.at_path(files.settings) if files.settings else Settings()
    i18n.set_language(settings.language)
    log.info("OTB Desktop %s starting on %s", __version__, database_path)
    context = open_or_explain(database_path, ask_to_create=chosen)
    if context is None:
        return 1
    if not ensure_user_name(context):
        context.database.close()
        return 0
    window = MainWindow(context, settings)

    def first_load(count: int) -> None:
        window.rowsLoaded.disconnect(first_load)
        after_first_load(window, context, count)

    window.rowsLoaded.connect(first_load)
    screen = window.screen().availableGeometry()
    if settings.window_geometry is None and screen.width() <= 1440:
        window.showMaximized()  # a field laptop: use every pixel
    else:
        window.show()
    window.reload()
    return window


def run(database_path: Path, chosen: bool = False) -> int:
    """Open the window on ``database_path``; returns the process exit code."""
    started = start(database_path, chosen=chosen)
    if isinstance(started, int):
        return started
    window = started
    try:
        return QApplication.instance().exec()
    finally:
        workers.wait_for_all()
        window.context.database.close()
