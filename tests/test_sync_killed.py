"""A sync process killed at the worst moments (kill -9), then run again: nothing lost, nothing
twice. And pushers that commit concurrently never hide a row from a puller."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from otb_desktop.central.loading import load_demo
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync.engine import sync


@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=15, seed=21)
    return central


def _ids(context, query="SELECT id FROM observation") -> set[str]:
    with sqlite3.connect(context.database.path) as connection:
        return {row[0] for row in connection.execute(query)}


@pytest.mark.parametrize("point", ["push-batch-sent", "push-committed", "pull-page"])
def test_a_killed_sync_process_loses_and_duplicates_nothing(seeded, laptops, tmp_path, point):
    anna = seeded.user("anna")
    laptop = laptops("a", anna)
    sync(laptop, seeded.as_user(anna))
    parcels = sorted(_ids(laptop, "SELECT id FROM parcel"))
    made = {SurveyService(laptop).record(parcels[i % 15], "note", {"text": f"n{i}"}).id
            for i in range(12)}
    other = laptops("b", seeded.user("bram"))
    if point == "pull-page":       # something to pull for the killed laptop
        sync(other, seeded.as_user(other.author))
        SurveyService(other).record(parcels[0], "condition", {"overall": 2})
        sync(other, seeded.as_user(other.author))
    laptop.database.close()
    mark = tmp_path / "paused"
    env = {**os.environ, "OTB_SYNC_TEST_PAUSE": point, "OTB_SYNC_TEST_MARK": str(mark)}
    process = subprocess.Popen(
        [sys.executable, "-m", "otb_desktop", "--db", str(laptop.database.path), "sync",
         "--server", seeded.admin.url, "--user", anna], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not mark.exists():
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the sync never reached the pause"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    assert main_sync(laptop.database.path, seeded.admin.url, anna) == 0
    reopened = _reopen(laptop.database.path)
    try:
        assert made <= _ids(reopened)
        with seeded.connect() as connection:
            total, distinct = connection.execute(
                "SELECT count(*), count(DISTINCT id) FROM observation").fetchone()
            assert total == distinct == len(_ids(reopened))
            assert connection.execute("SELECT count(*) FROM observation WHERE id = ANY(%s)",
                                      (list(made),)).fetchone()[0] == len(made)
        with sqlite3.connect(reopened.database.path) as connection:
            waiting = connection.execute(
                "SELECT count(*) FROM observation o JOIN sync_outbox s ON "
                "s.kind = 'observation' AND s.record_id = o.id"
            ).fetchone()[0]
        assert waiting == 0
    finally:
        reopened.database.close()


def main_sync(path, url, user) -> int:
    from otb_desktop.cli import main

    return main(["--db", str(path), "sync", "--server", url, "--user", user])


def _reopen(path):
    from otb_desktop.services.context import open_context

    return open_context(path)


def test_concurrent_pushers_and_a_puller_never_miss_a_row(seeded, laptops):
    users = [seeded.user(f"veld{k}") for k in range(3)]
    pushers = [laptops(f"p{k}", u) for k, u in enumerate(users)]
    puller_user = seeded.user("lezer")
    puller = laptops("reader", puller_user)
    for laptop, user in zip(pushers, users, strict=True):
        sync(laptop, seeded.as_user(user))
    sync(puller, seeded.as_user(puller_user))
    parcels = sorted(_ids(puller, "SELECT id FROM parcel"))
    made: set[str] = set()
    errors: list[BaseException] = []
    done = threading.Event()

    def push(k: int) -> None:
        try:
            for round_ in range(4):
                for i in range(5):
                    made.add(SurveyService(pushers[k]).record(
                        parcels[(k * 5 + i) % 15], "note", {"text": f"{k}-{round_}-{i}"}).id)
                sync(pushers[k], seeded.as_user(users[k]), batch=2)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    def pull() -> None:
        try:
            while not done.is_set():
                sync(puller, seeded.as_user(puller_user), page=3)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    reader = threading.Thread(target=pull)
    reader.start()
    threads = [threading.Thread(target=push, args=(k,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    done.set()
    reader.join(120)
    assert errors == []
    sync(puller, seeded.as_user(puller_user))
    assert len(made) == 60 and made <= _ids(puller)
