"""Random offline schedules of two and three laptops (hypothesis stateful testing): whatever
is edited, synced, interrupted and resumed in whatever order, after everyone synced the
laptops hold the same records, each exactly once, and the server holds each exactly once."""

from __future__ import annotations

import contextlib
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from otb_desktop.central.loading import load_demo
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync.engine import sync
from tests.central_support import Dropped

TOPICS = ("note", "condition")



def _values(topic: str, n: int) -> dict:
    return {"text": f"tekst {n % 4}"} if topic == "note" else {"overall": 1 + n % 6}


def _rows(context: AppContext, query: str) -> set[tuple]:
    with sqlite3.connect(context.database.path) as connection:
        return set(connection.execute(query).fetchall())


def _state(context: AppContext) -> tuple[set, set]:
    observations = {(*r[:3], json.dumps(json.loads(r[3]), sort_keys=True), r[4]) for r in _rows(
        context, 'SELECT id, parcel_id, topic, "values", created_by FROM observation')}
    return observations, _rows(context, "SELECT * FROM observation_supersedes")


def make_machine(central, clients: int):
    class Laptops(RuleBasedStateMachine):
        @initialize()
        def start(self):
            with central.connect() as connection:
                connection.execute("TRUNCATE observation, revision, photo CASCADE")
            self.users = [central.user(f"veld{k}") for k in range(clients)]
            self.laptops = [central.laptop(f"l{k}", u) for k, u in enumerate(self.users)]
            self.made: set[str] = set()
            for laptop, user in zip(self.laptops, self.users, strict=True):
                sync(laptop, central.as_user(user))
            with sqlite3.connect(self.laptops[0].database.path) as connection:
                self.parcels = [r[0] for r in connection.execute(
                    "SELECT id FROM parcel ORDER BY id LIMIT 3")]

        def teardown(self):
            for laptop in getattr(self, "laptops", []):
                laptop.database.close()

        @rule(k=st.integers(0, clients - 1), parcel=st.integers(0, 2),
              topic=st.sampled_from(TOPICS), n=st.integers(0, 99))
        def edit_offline(self, k, parcel, topic, n):
            view = SurveyService(self.laptops[k]).record(self.parcels[parcel], topic,
                                                         _values(topic, n))
            self.made.add(view.id)

        @rule(k=st.integers(0, clients - 1), batch=st.sampled_from([1, 2, 500]),
              page=st.sampled_from([1, 3, 2000]))
        def sync_now(self, k, batch, page):
            sync(self.laptops[k], central.as_user(self.users[k]), batch=batch, page=page)

        @rule(k=st.integers(0, clients - 1),
              point=st.sampled_from(["push-batch-sent", "push-committed", "pull-page"]),
              after=st.integers(0, 2))
        def sync_interrupted(self, k, point, after):
            seen = []

            def drop(where):
                if where == point:
                    seen.append(where)
                    if len(seen) > after:
                        raise Dropped(where)

            with contextlib.suppress(Dropped):
                sync(self.laptops[k], central.as_user(self.users[k]), batch=1, page=2,
                     fault=drop)

        @invariant()
        def nothing_made_is_lost_locally(self):
            for laptop in getattr(self, "laptops", []):
                ids = {row[0] for row in _state(laptop)[0]}
                assert len(ids) == len(_state(laptop)[0])

        def check_converged(self):
            for _ in range(2):
                for laptop, user in zip(self.laptops, self.users, strict=True):
                    sync(laptop, central.as_user(user))
            states = [_state(laptop) for laptop in self.laptops]
            assert all(state == states[0] for state in states)
            ids = {row[0] for row in states[0][0]}
            assert self.made <= ids
            with central.connect() as connection:
                total, distinct = connection.execute(
                    "SELECT count(*), count(DISTINCT id) FROM observation").fetchone()
            assert total == distinct == len(ids)
            heads = [{p: SurveyService(laptop).heads(p) for p in self.parcels}
                     for laptop in self.laptops]
            assert all(h == heads[0] for h in heads)

    return Laptops


@pytest.mark.parametrize("clients", [2, 3])
def test_random_offline_schedules_converge(central_server, clients):
    load_demo(central_server.admin, parcels=12, seed=5) if not central_server.count(
        "parcel") else None
    machine = make_machine(central_server, clients)
    original_teardown = machine.teardown

    def teardown(self):
        try:
            if hasattr(self, "laptops"):
                self.check_converged()
        finally:
            original_teardown(self)

    machine.teardown = teardown
    run_state_machine_as_test(machine, settings=settings(
        max_examples=6, stateful_step_count=12, deadline=None,
        suppress_health_check=list(HealthCheck)))
