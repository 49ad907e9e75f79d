"""Start-up: refused databases, first start, drafts, crash handling, translations."""

from __future__ import annotations

import functools
import importlib.util
import logging
import shutil
import sqlite3
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QMessageBox

from otb_desktop import logging_setup
from otb_desktop.demo import generator
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui import app, first_start, i18n, workers
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.settings import Settings
from tests.ui_factories import make_parcels

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def messages(monkeypatch):
    """Capture QMessageBox.critical / warning / information instead of blocking on them."""
    shown: list[tuple[str, str]] = []
    for kind in ("critical", "warning", "information"):
        def capture(_parent, _title, text, *args, _kind=kind, **kwargs):
            shown.append((_kind, text))
            return QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, kind, staticmethod(capture))
    return shown


@pytest.fixture
def environment(tmp_path, monkeypatch, qapp):
    """Logs and settings in tmp_path, synchronous workers, English and sys.excepthook back."""
    monkeypatch.setattr(logging_setup, "log_dir", lambda: tmp_path / "log")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    workers.set_synchronous(True)
    yield Settings.at_path(tmp_path / "settings.ini")
    workers.set_synchronous(False)
    i18n.set_language("en")
    QLocale.setDefault(QLocale.system())


def started(qtbot, path: Path, settings: Settings) -> MainWindow:
    window = app.start(path, settings)
    assert isinstance(window, MainWindow), window
    qtbot.addWidget(window)
    return window


def test_database_newer_than_the_app_is_refused_without_traceback(
        tmp_path, environment, messages, monkeypatch, capsys):
    path = tmp_path / "newer.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    monkeypatch.setattr(app, "Settings", lambda: environment)
    assert app.run(path) == 1
    assert len(messages) == 1
    kind, text = messages[0]
    assert kind == "critical"
    assert "nieuwere versie" in text and "f00dfeed9999" in text
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out


def test_a_file_that_is_no_database_gives_a_message(tmp_path, environment, messages,
                                                    monkeypatch):
    path = tmp_path / "photo.sqlite"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))
    monkeypatch.setattr(app, "Settings", lambda: environment)
    assert app.run(path) == 1
    assert messages and messages[0][0] == "critical"
    assert str(path) in messages[0][1]


def test_first_start_asks_the_name_once_and_offers_demo_data(
        tmp_path, environment, messages, monkeypatch, qtbot):
    asked: list[str] = []
    monkeypatch.setattr(first_start, "ask_user_name",
                        lambda parent=None: asked.append("name") or "Anna de Vries")
    monkeypatch.setattr(first_start, "ask_start_choice",
                        lambda parent=None: asked.append("start") or
                        first_start.StartChoice.DEMO)
    monkeypatch.setattr(generator, "generate",
                        functools.partial(generator.generate, parcels=30))
    path = tmp_path / "fresh.sqlite"

    window = started(qtbot, path, environment)
    assert asked == ["name", "start"]
    assert window.context.user_name == "Anna de Vries"
    assert window.model.rowCount() == 30  # demo data loaded, list reloaded
    assert any("Demodata" in text for kind, text in messages if kind == "information")
    assert not window.act_demo.isEnabled()
    window.close()
    window.context.database.close()

    asked.clear()
    again = started(qtbot, path, environment)  # second start: no questions
    assert asked == []
    assert again.model.rowCount() == 30
    again.close()
    again.context.database.close()


def test_first_start_can_import_parcels_or_start_empty(
        tmp_path, environment, messages, monkeypatch, qtbot):
    monkeypatch.setattr(first_start, "ask_user_name", lambda parent=None: "Bert")
    monkeypatch.setattr(first_start, "ask_start_choice",
                        lambda parent=None: first_start.StartChoice.IMPORT)
    imported: list[str] = []
    monkeypatch.setattr(MainWindow, "import_gis", lambda self, kind: imported.append(kind))
    window = started(qtbot, tmp_path / "a.sqlite", environment)
    assert imported == ["parcels"]
    window.close()
    window.context.database.close()

    monkeypatch.setattr(first_start, "ask_start_choice",
                        lambda parent=None: first_start.StartChoice.EMPTY)
    window = started(qtbot, tmp_path / "b.sqlite", environment)
    assert window.model.rowCount() == 0
    assert window.act_demo.isEnabled()  # the File menu still offers the demo data
    window.close()
    window.context.database.close()


def test_quitting_at_the_name_question_ends_without_window(tmp_path, environment,
                                                            monkeypatch):
    monkeypatch.setattr(first_start, "ask_user_name", lambda parent=None: None)
    assert app.start(tmp_path / "c.sqlite", environment) == 0


@pytest.fixture
def database_with_draft(tmp_path):
    path = tmp_path / "drafts.sqlite"
    database = open_database(path)
    context = AppContext(database)
    context.set_user_name("Carla")
    ids = make_parcels(context, 4)
    SurveyService(context).save_draft(ids[2], "condition", {"overall": "5"})
    database.close()
    return path, ids


def test_drafts_of_an_earlier_session_are_offered_and_restored(
        database_with_draft, environment, monkeypatch, qtbot):
    path, ids = database_with_draft
    offered: list[int] = []
    monkeypatch.setattr(first_start, "ask_restore_drafts",
                        lambda parent, parcels: offered.append(parcels) or True)
    window = started(qtbot, path, environment)
    assert offered == [1]
    assert window.panel.current_parcel_id() == ids[2]
    assert window.selected_ids() == [ids[2]]
    page = window.panel.topic_pages["condition"]
    assert page.has_draft() or page.is_dirty()

    # closing asks what to do with the restored input; keeping the draft closes
    asked: list[str] = []
    monkeypatch.setattr(window, "ask_unsaved_on_close",
                        lambda: asked.append("asked") or "cancel")
    if window.panel.has_unsaved_changes():
        assert not window.close()
        assert asked == ["asked"] and window.isVisible()
        monkeypatch.setattr(window, "ask_unsaved_on_close", lambda: "keep")
    assert window.close()
    assert [d[0] for d in SurveyService(window.context).drafts()] == [ids[2]]
    window.context.database.close()


def test_drafts_can_be_discarded(database_with_draft, environment, monkeypatch, qtbot):
    path, _ids = database_with_draft
    monkeypatch.setattr(first_start, "ask_restore_drafts", lambda parent, parcels: False)
    window = started(qtbot, path, environment)
    assert SurveyService(window.context).drafts() == []
    window.context.database.close()


def test_unexpected_errors_are_logged_and_shown(tmp_path, environment, messages):
    log_path = logging_setup.setup_logging(tmp_path / "log")
    app.install_excepthook()
    try:
        raise RuntimeError("kapotte sensor")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert messages and messages[0][0] == "critical"
    assert "kapotte sensor" in messages[0][1] and str(log_path) in messages[0][1]
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "kapotte sensor" in logged


def _update_translations_module():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_visible_string_has_a_dutch_translation(tmp_path):
    """Fails when a tr() string lacks a Dutch translation: run scripts/update_translations.py
    and translate resources/translations/otb_nl.ts."""
    script = _update_translations_module()
    ts = tmp_path / "otb_nl.ts"
    shipped = ROOT / "resources" / "translations" / "otb_nl.ts"
    if shipped.exists():
        shutil.copy(shipped, ts)
    script.lupdate(ts)
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = translation.findall("numerusform") or [translation]
            if translation.get("type") == "unfinished" or not all(
                    (form.text or "").strip() for form in forms):
                missing.append(f"{name}: {message.findtext('source')}")
    assert len(missing) == 0, f"{len(missing)} strings without Dutch translation, e.g. " \
                              f"{missing[:10]}"


def test_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path):
    """The app loads the .qm: a .ts edited without recompiling would not reach users."""
    script = _update_translations_module()
    shipped = ROOT / "resources" / "translations"
    script.lrelease(shipped / "otb_nl.ts", tmp_path / "otb_nl.qm")
    assert (tmp_path / "otb_nl.qm").read_bytes() == (shipped / "otb_nl.qm").read_bytes(), \
        "run: python scripts/update_translations.py --release"
