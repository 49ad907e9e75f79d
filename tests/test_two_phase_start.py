"""Two-phase start (issue 7 item 2): the window paints before SQLAlchemy, Shapely and the data
load, then fills itself from a background thread while staying responsive."""

import json
import subprocess
import sys
from pathlib import Path

from otb_desktop.demo.generator import generate
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from otb_desktop.ui import app as otb_app
from otb_desktop.ui.settings import Settings
marks = {}
settings = Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat))
shell = otb_app.start_fast(Path(sys.argv[1]), settings)
def painted():
    marks["at_paint"] = {m: m in sys.modules for m in
                         ("sqlalchemy", "shapely", "otb_desktop.services.context",
                          "otb_desktop.persistence.database")}
    marks["status"] = shell.status_text.text()
ticks = []
def tick():  # the GUI thread keeps turning while phase two loads
    ticks.append(time.perf_counter())
timer = QTimer(); timer.timeout.connect(tick); timer.start(10)
def loaded(count):
    marks["count"] = count
    marks["rows"] = shell.main_window.model.rowCount()
    marks["map_items"] = len(shell.main_window.canvas.scene.items()) > 0
    marks["ticks"] = len(ticks)
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    marks["longest_gap_ms"] = max(gaps) * 1000 if gaps else None
    print(json.dumps(marks), flush=True)
    QApplication.instance().quit()
shell.firstPainted.connect(painted)
shell.rowsLoaded.connect(loaded)
QTimer.singleShot(60000, QApplication.instance().quit)
QApplication.instance().exec()
"""


def test_the_window_paints_before_sqlalchemy_and_shapely_and_then_fills(tmp_path):
    path = tmp_path / "otb.sqlite"
    context = AppContext(open_database(path))
    generate(context, parcels=200, seed=4)
    context.set_user_name("Test")
    context.database.close()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(tmp_path / "settings.ini")],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parent.parent)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines, out.stderr[-3000:]
    marks = json.loads(lines[-1])
    assert marks["at_paint"] == {"sqlalchemy": False, "shapely": False,
                                 "otb_desktop.services.context": False,
                                 "otb_desktop.persistence.database": False}
    assert marks["status"]  # the status bar says what is happening
    assert marks["count"] == 200 and marks["rows"] == 200 and marks["map_items"]
    assert marks["ticks"] > 3  # the event loop ran while phase two loaded
