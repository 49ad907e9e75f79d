"""The command line's writing commands start their units with BEGIN IMMEDIATE (issue 7):
while another process (the window's writer) holds the write lock, a CLI import waits for the
busy timeout and then succeeds instead of failing with "database is locked"."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from otb_desktop import cli
from otb_desktop.demo.generator import generate
from otb_desktop.persistence import database as db_module
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Observation, Parcel
from otb_desktop.services.context import AppContext

HOLD_S = 4.0  # under the 5 s busy timeout, longer than the CLI needs to start


def _demo(path: Path) -> tuple[str, int]:
    context = AppContext(open_database(path))
    generate(context, parcels=5, seed=1)
    with context.database.session() as session:
        designation = session.scalars(select(Parcel.designation).limit(1)).one()
        count = session.scalar(select(func.count()).select_from(Observation))
    context.database.close()
    return designation, count


def test_a_cli_import_waits_while_another_process_holds_the_write_lock(tmp_path):
    path = tmp_path / "otb.sqlite"
    designation, before = _demo(path)
    csv = tmp_path / "obs.csv"
    csv.write_text("designation,vacancy.total_floor_area_m2,vacancy.vacant_floor_area_m2\n"
                   f"{designation},900,300\n", encoding="utf-8")
    holder = sqlite3.connect(path, isolation_level=None, timeout=5)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "otb_desktop", "--db", str(path), "import", "observations",
         str(csv)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    holder.execute("BEGIN IMMEDIATE")   # the window's writer, busy with a long unit
    holder.execute("INSERT INTO local_setting (key, value) VALUES ('held', '1')")
    time.sleep(HOLD_S)
    holder.execute("COMMIT")
    holder.close()
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert time.monotonic() - started >= HOLD_S
    context = AppContext(open_database(path))
    with context.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Observation)) == before + 1
    assert context.database.setting("held") == "1"
    context.database.close()


def test_writing_commands_run_their_units_immediate_and_exports_do_not(tmp_path, monkeypatch):
    seen: dict[str, bool] = {}

    def spy(args, context, progress):
        seen[args.command] = getattr(db_module._writer, "immediate", False)
        return []

    monkeypatch.setattr(cli, "_dispatch", spy)
    path = tmp_path / "otb.sqlite"
    assert cli.main(["--db", str(path), "demo", "--parcels", "3"]) == 0
    assert cli.main(["--db", str(path), "db", "upgrade"]) == 0
    assert cli.main(["--db", str(path), "export", "csv", str(tmp_path / "x.csv")]) == 0
    assert seen == {"demo": True, "db": True, "export": False}
    assert getattr(db_module._writer, "immediate", False) is False  # restored afterwards
