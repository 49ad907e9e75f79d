"""Start-up of the window: ``otb-desktop [--db PATH]`` without a command ends up here.

Two phases (``run`` → ``start_fast``): Qt application, logging, translations and a start
window painted at once (ui/start_window.py); after that first paint a background thread
imports the data layers, opens (checks, backs up, migrates) the database and reads the rows
and map layers; then, on the GUI thread, the user's name is asked once (written by the
operations object's writer thread, not the GUI thread) and the filled main window takes the
start window's place; then demo data or an import is offered for an empty database, or the
drafts an earlier session left behind. ``start`` does the same in one phase (tests,
screenshots).

This module imports no services, persistence, SQLAlchemy or Shapely at module level: they
load in phase two.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from otb_desktop import __version__
from otb_desktop.domain.errors import OtbError
from otb_desktop.logging_setup import log_file, setup_logging
from otb_desktop.paths import resources_dir, user_files_follow
from otb_desktop.ui import first_start, i18n, workers
from otb_desktop.ui.settings import Settings
from otb_desktop.ui.start_window import StartWindow

if TYPE_CHECKING:
    from otb_desktop.services.context import AppContext
    from otb_desktop.ui.main_window import MainWindow

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
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
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
    from otb_desktop.services.context import open_context

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


def ensure_user_name(context: AppContext, known: str | None = None) -> bool:
    """Ask the name once; False when the user chose to quit instead.

    Asked on the GUI thread before the main window exists; the answer is written through
    the operations object (its writer thread, BEGIN IMMEDIATE), never on the GUI thread.
    ``known``: the stored name when the caller already read it off the GUI thread.
    """
    from otb_desktop.ui.operations import SETTINGS, operations

    if (known if known is not None else context.user_name):
        return True
    name = first_start.ask_user_name()
    if not name:
        return False
    operations().run(SETTINGS, lambda _progress: context.set_user_name(name), progress=False)
    operations().wait_for_all()
    return True


def after_first_load(window: MainWindow, context: AppContext, count: int) -> None:
    """Empty database: offer demo data or an import. Otherwise: offer to restore drafts."""
    from otb_desktop.services.survey import SurveyService

    if count == 0:
        choice = first_start.ask_start_choice(window)
        if choice is first_start.StartChoice.DEMO:
            window.load_demo_data()
        elif choice is first_start.StartChoice.IMPORT:
            window.import_gis("parcels")
        return
    survey = SurveyService(context)
    # Read on the thread pool once the window has settled: after the two-phase start this is
    # the first use of SQLAlchemy (Database.engine), half a second of CPU and imports that
    # neither the GUI thread nor the filled window's first moments should wait for.
    # Without cyclic collection meanwhile (workers.bulk_load): a full collection among the
    # objects those imports make held the GIL for a tenth of a second.
    def read(_progress) -> list:
        with workers.bulk_load():
            return survey.drafts()

    window.after_settled(lambda: workers.run_task(
        read, on_result=lambda drafts: _offer_drafts(window, survey, drafts)))


def _offer_drafts(window: MainWindow, survey, drafts: list) -> None:
    from otb_desktop.ui.operations import DRAFTS, operations

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


def _prepare(database_path: Path, settings: Settings | None, chosen: bool) -> Settings:
    """What both starts do first: the Qt application, logging, the excepthook, the settings
    (beside a chosen database, paths.user_files_follow) and their language."""
    make_application()
    files = user_files_follow(database_path, chosen)
    setup_logging(files.logs)
    install_excepthook()
    if settings is None:
        settings = Settings.at_path(files.settings) if files.settings else Settings()
    i18n.set_language(settings.language)
    return settings


def start(database_path: Path, settings: Settings | None = None,
          chosen: bool = False) -> MainWindow | int:
    """Everything up to a shown, loading main window; an int is the exit code instead.

    ``chosen``: the user named the database (--db, OTB_DB); log and settings then live in
    its folder (paths.user_files_follow).
    """
    settings = _prepare(database_path, settings, chosen)
    log.info("OTB Desktop %s starting on %s", __version__, database_path)
    context = open_or_explain(database_path, ask_to_create=chosen)
    if context is None:
        return 1
    if not ensure_user_name(context):
        context.database.close()
        return 0
    from otb_desktop.ui.main_window import MainWindow

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


def _load_everything(database_path: Path, colouring: str, stale_months: int,
                     report, screen_px: tuple[int, int] | None = None) -> tuple[Any, ...]:
    """Phase two, on the start thread: the imports, the database, rows and map layers, and
    the per-parcel work of showing them (``main_window.prepare_loaded``).

    A database that opening would not change (the usual start) is checked and read with
    plain sqlite3 (``open_context_fast``): SQLAlchemy is first imported after the window is
    filled, by the first worker that needs a session. Otherwise ``open_context`` checks,
    backs up and migrates it first, as always.

    ``screen_px``: the largest the window can be; when the first view (all parcels) of such
    a window draws no building, the buildings are read after the window is filled
    (``MapLayers.buildings_pending``, ``MainWindow`` reads them on the thread pool)."""
    report(QCoreApplication.translate("App", "Opening the database…"))
    from otb_desktop.services.context import open_context, open_context_fast
    from otb_desktop.ui.main_window import read_loaded
    from otb_desktop.ui.ranking import hook  # noqa: F401 - imported here, not by MainWindow

    context = open_context_fast(database_path) or open_context(database_path)
    try:
        name = context.user_name
        with workers.bulk_load():
            loaded = read_loaded(context, colouring, stale_months,
                                 lambda _done, _total, text: report(text), screen_px)
    except BaseException:
        context.database.close()
        raise
    return context, name, loaded


def start_fast(database_path: Path, settings: Settings | None = None,
               chosen: bool = False) -> StartWindow | int:
    """Two-phase start: the start window at once, everything else after its first paint.

    Returns the start window (its ``main_window`` is set, and ``rowsLoaded`` forwarded, when
    the loaded main window has replaced it), or an exit code.
    """
    settings = _prepare(database_path, settings, chosen)
    log.info("OTB Desktop %s starting (two phases) on %s", __version__, database_path)
    if chosen and not Path(database_path).expanduser().exists():
        answer = QMessageBox.question(None, APPLICATION_NAME, QCoreApplication.translate(
            "App", "The database %1 does not exist. Create a new, empty database there?")
            .replace("%1", str(database_path)))
        if answer != QMessageBox.StandardButton.Yes:
            return 1
    shell = StartWindow(APPLICATION_NAME)
    if settings.window_geometry is not None:
        shell.restoreGeometry(settings.window_geometry)
    else:
        shell.resize(1366, 768)
    screen = shell.screen().availableGeometry()
    if settings.window_geometry is None and screen.width() <= 1440:
        shell.showMaximized()
    else:
        shell.show()

    def failed(error: BaseException, text: str) -> None:
        shell.hide()
        if isinstance(error, OtbError):
            log.warning("database %s refused: %s", database_path, error)
            QMessageBox.critical(None, APPLICATION_NAME, str(error))
        else:
            log.error("database %s could not be opened:\n%s", database_path, text)
            QMessageBox.critical(None, APPLICATION_NAME, QCoreApplication.translate("App",
                "The database %1 could not be opened (%2). Choose another file with --db; "
                "details are in the log file %3.").replace("%1", str(database_path))
                .replace("%2", f"{type(error).__name__}: {error}")
                .replace("%3", str(log_file())))
        shell.close()
        QApplication.instance().exit(1)

    def loaded(result: tuple[Any, ...]) -> None:
        from otb_desktop.ui.main_window import MainWindow

        context, name, loaded_data = result
        if not ensure_user_name(context, known=name):
            shell.close()
            context.database.close()
            QApplication.instance().exit(0)
            return
        window = MainWindow(context, settings)
        shell.main_window = window
        window.rowsLoaded.connect(shell.rowsLoaded)

        def first_load(count: int) -> None:
            window.rowsLoaded.disconnect(first_load)
            after_first_load(window, context, count)

        window.rowsLoaded.connect(first_load)
        window.setGeometry(shell.geometry())
        if shell.isMaximized():
            window.showMaximized()
        else:
            window.show()
        shell.hide()  # kept (hidden) as the holder of main_window and rowsLoaded
        # The next turn: the window paints (empty) before list and map are handed over.
        workers.later(window, lambda: window.apply_loaded(loaded_data))

    colouring, stale_months = settings.colouring, settings.stale_months  # read here, not there
    screen = shell.screen().availableGeometry()
    screen_px = (screen.width(), screen.height())
    shell.load(lambda report: _load_everything(database_path, colouring, stale_months, report,
                                               screen_px), loaded, failed)
    return shell


def run(database_path: Path, chosen: bool = False) -> int:
    """Open the window on ``database_path`` (two-phase start); returns the exit code."""
    started = start_fast(database_path, chosen=chosen)
    if isinstance(started, int):
        return started
    try:
        code = QApplication.instance().exec()
    finally:
        workers.wait_for_all()
        from otb_desktop.ui.operations import operations

        operations().wait_for_all()
        if started.main_window is not None:
            started.main_window.context.database.close()
    return code
