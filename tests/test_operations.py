"""The one write path: no database write on the GUI thread, one change signal, waiting writers."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from otb_desktop.persistence.database import immediate_transactions, open_database
from otb_desktop.services.photos import PhotoService
from otb_desktop.ui.main_window import MainWindow
from otb_desktop.ui.operations import OBSERVATIONS, PARCELS, operations
from otb_desktop.ui.settings import Settings
from tests.ui_factories import make_parcels, type_into

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def writes(context) -> list[tuple[str, str]]:
    """(thread name, statement) of every write statement on the test database."""
    seen: list[tuple[str, str]] = []

    def before(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append((threading.current_thread().name, statement.split()[0:3]))

    event.listen(context.database.engine, "before_cursor_execute", before)
    yield seen
    event.remove(context.database.engine, "before_cursor_execute", before)


def test_no_database_write_happens_on_the_gui_thread(qtbot, context, tmp_path, writes,
                                                     monkeypatch):
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: None))
    parcels = make_parcels(context, 3)
    window = MainWindow(context, Settings.at_path(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    writes.clear()
    changes: list[tuple[str, frozenset | None]] = []
    operations().dataChanged.connect(lambda kind, ids: changes.append((kind, ids)))

    window.select_parcels([parcels[1]])
    panel = window.panel
    panel.select_topic("condition")
    page = panel.topic_pages["condition"]
    type_into(qtbot, page, "overall", "3")
    page.flush_draft()                                   # a draft
    assert panel.save_current()                          # a save
    assert window.model.row_by_id(parcels[1]).value("condition", "overall") == 3

    photo = tmp_path / "foto.jpg"
    from PIL import Image
    Image.new("RGB", (40, 30), "red").save(photo)
    panel.photos.add_files([photo])                      # a photo
    [view] = PhotoService(context).photos(parcels[1])
    from otb_desktop.ui.panel.photo_viewer import PhotoViewer
    viewer = PhotoViewer(PhotoService(context), [view], 0, panel)
    viewer.caption.setText("Voorgevel")
    assert viewer.save_caption()                         # a caption
    assert PhotoService(context).photos(parcels[1])[0].caption == "Voorgevel"

    csv = tmp_path / "obs.csv"
    designation = window.model.row_by_id(parcels[2]).designation
    csv.write_text(f"perceel;condition.overall\n{designation};5\n", encoding="utf-8")
    window.run_import_observations(csv)                  # an import

    main = threading.main_thread().name
    assert writes, "the session wrote nothing: the hook sees nothing"
    on_gui = [w for w in writes if w[0] == main]
    assert on_gui == []
    assert {name for name, _ in writes} == {"otb-writer"}
    kinds = [kind for kind, _ids in changes]
    assert OBSERVATIONS in kinds
    assert (OBSERVATIONS, frozenset([parcels[1]])) in changes


def test_the_hook_sees_a_write_on_the_gui_thread(context, writes):
    """The guard above can fail: a write made directly here is recorded on this thread."""
    make_parcels(context, 1)
    assert any(name == threading.main_thread().name for name, _ in writes)


def test_data_changed_reloads_the_list_after_an_import(qtbot, context, tmp_path):
    """The window is refreshed by the change signal alone, never by the command itself."""
    make_parcels(context, 2)
    window = MainWindow(context, Settings.at_path(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.rowsLoaded):
        window.reload()
    with qtbot.waitSignal(window.rowsLoaded):
        operations().run(PARCELS, lambda _p: make_parcels(context, 1, park_name=None),
                         progress=False)
    assert window.model.rowCount() == 3


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path: Path):
    """BEGIN IMMEDIATE: the second unit waits (busy timeout) and then succeeds."""
    database = open_database(tmp_path / "otb.sqlite")
    holding = threading.Event()
    errors: list[Exception] = []

    def first() -> None:
        with immediate_transactions(), database.session() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO local_setting (key, value) VALUES ('a', '1')")
            holding.set()
            time.sleep(0.8)

    def second() -> None:
        holding.wait(5)
        try:
            with immediate_transactions(), database.session() as session:
                session.connection().exec_driver_sql(
                    "SELECT value FROM local_setting WHERE key = 'a'").all()
                session.connection().exec_driver_sql(
                    "INSERT INTO local_setting (key, value) VALUES ('b', '2')")
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    assert database.setting("a") == "1" and database.setting("b") == "2"
    database.close()


def test_a_deferred_writer_would_fail(tmp_path: Path):
    """Why: with a plain BEGIN, a read-then-write unit fails at once when another wrote."""
    path = tmp_path / "x.sqlite"
    open_database(path).close()
    a = sqlite3.connect(path, isolation_level=None, timeout=2)
    b = sqlite3.connect(path, isolation_level=None, timeout=2)
    b.execute("BEGIN")
    b.execute("SELECT count(*) FROM local_setting").fetchall()
    a.execute("BEGIN IMMEDIATE")
    a.execute("INSERT INTO local_setting (key, value) VALUES ('c', '3')")
    a.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError):
        b.execute("INSERT INTO local_setting (key, value) VALUES ('d', '4')")
    a.close()
    b.close()
