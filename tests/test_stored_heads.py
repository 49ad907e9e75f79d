"""Stored heads (issue 7 item 2, migration 0012): after any mix of edits — saves, notes,
imports, a second head from another laptop (a conflict), its resolution, a redaction — the
heads stored per parcel are exactly what a full recomputation from the observations gives,
and the rows the list reads show them."""

import datetime as dt
import json
import random

from sqlalchemy import select

from otb_desktop.demo.generator import generate
from otb_desktop.domain.ids import new_id
from otb_desktop.domain.topics import SURVEY_TOPICS
from otb_desktop.importing.observations import import_observations
from otb_desktop.persistence import figure_store
from otb_desktop.persistence.models import Observation, ObservationSupersedes, Parcel
from otb_desktop.services.conflicts import conflict_count, find_conflicts
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.redaction import redact
from otb_desktop.services.survey import SurveyService


def recomputed(context) -> dict[str, tuple]:
    """Heads straight from the observations and supersedes edges, decoded like stored."""
    with context.database.session() as session:
        heads = figure_store.compute_heads(session)
    return {
        pid: (h.values, h.observed_at, sorted(h.conflicts), *h.stored()[3:])
        for pid, h in heads.items()
    }


def assert_stored_heads_equal_recomputed(context) -> None:
    with context.database.session() as session:
        stored = figure_store.stored_heads(session)
        assert not figure_store.has_stale(session)
    fresh = recomputed(context)
    assert stored == fresh
    rows = {r.id: r for r in ParcelService(context).rows()}
    assert set(rows) == set(fresh)
    assert conflict_count(context) == len(find_conflicts(context))  # read from the heads
    for pid, (values, times, conflicts, surveyed, first, last) in fresh.items():
        row = rows[pid]
        assert row.values == values
        assert {
            t: w.isoformat(timespec="microseconds") for t, w in row.observed_at.items()
        } == times
        assert row.conflicts == frozenset(conflicts)
        assert row.surveyed_topics == surveyed == sum(t in values for t in SURVEY_TOPICS)
        assert (
            row.first_observed.isoformat(timespec="microseconds") if row.first_observed else None
        ) == first
        assert (
            row.last_observed.isoformat(timespec="microseconds") if row.last_observed else None
        ) == last


def _foreign_head(context, rng, parcel_id: str, overall: int | None = None) -> None:
    """An observation from another laptop that supersedes nothing (as a sync brings it):
    a second head of the topic, a conflict when its values differ."""
    with context.database.session() as session:
        session.add(
            Observation(
                id=new_id(),
                parcel_id=parcel_id,
                topic="condition",
                values={"overall": overall or rng.randint(1, 6)},
                observed_at=dt.datetime(2026, 1, rng.randint(1, 28), 9, tzinfo=dt.UTC),
                created_by="Ander",
                device_id="other-laptop",
            )
        )


def test_stored_heads_equal_a_full_recomputation_after_random_edits(context, tmp_path):
    generate(context, parcels=80, seed=11)
    assert_stored_heads_equal_recomputed(context)  # the demo stores them
    rng = random.Random(7)
    with context.database.session() as session:
        parcels = session.scalars(select(Parcel).order_by(Parcel.designation)).all()
    survey = SurveyService(context)
    conflicts_made = 0
    for step in range(40):
        parcel = rng.choice(parcels)
        action = rng.choice(["save", "note", "foreign", "resolve", "import", "redact"])
        if action == "save":
            survey.record(
                parcel.id,
                "vacancy",
                {
                    "total_floor_area_m2": rng.randint(100, 900),
                    "vacant_floor_area_m2": rng.randint(0, 90),
                },
            )
        elif action == "note":
            survey.record(parcel.id, "note", {"text": f"notitie {step}"})
        elif action == "foreign":
            _foreign_head(context, rng, parcel.id)
            conflicts_made += 1
        elif action == "resolve":  # a save supersedes every head: the conflict is gone
            survey.record(parcel.id, "condition", {"overall": rng.randint(1, 6)})
        elif action == "import":
            csv = tmp_path / f"obs{step}.csv"
            csv.write_text(
                f"designation,condition.overall\n{parcel.designation},{rng.randint(1, 6)}\n",
                encoding="utf-8",
            )
            import_observations(context, csv)
        else:
            with context.database.session() as session:
                target = session.scalars(
                    select(Observation)
                    .where(Observation.topic == "vacancy")
                    .order_by(Observation.id)
                ).first()
            if target is not None and target.values.get("total_floor_area_m2") is not None:
                redact(context, target.id, "total_floor_area_m2", "AVG-verzoek")
        if step % 8 == 7:
            assert_stored_heads_equal_recomputed(context)
    assert_stored_heads_equal_recomputed(context)
    assert conflicts_made  # the random walk did make conflicts


def test_a_conflict_and_its_resolution_show_in_the_rows(context):
    generate(context, parcels=20, seed=3)
    parcel = ParcelService(context).rows()[4]
    survey = SurveyService(context)
    survey.record(parcel.id, "condition", {"overall": 2})
    _foreign_head(context, random.Random(1), parcel.id, overall=5)
    survey.record(parcel.id, "note", {"text": "een"})
    survey.record(parcel.id, "note", {"text": "twee"})
    row = ParcelService(context).rows([parcel.id])[0]
    assert row.conflicts == frozenset({"condition"})  # two notes are a log, not a conflict
    survey.record(parcel.id, "condition", {"overall": 3})
    row = ParcelService(context).rows([parcel.id])[0]
    assert row.conflicts == frozenset() and row.values["condition"] == {"overall": 3}


def test_a_database_from_before_0012_gets_its_heads_at_the_next_open(context):
    generate(context, parcels=30, seed=5)
    with context.database.session() as session:
        session.connection().exec_driver_sql("DELETE FROM parcel_heads")
        session.connection().exec_driver_sql(
            "DELETE FROM local_setting WHERE key = ?", (figure_store.HEADS_KEY,)
        )
    context.database.ensure_figures()
    assert_stored_heads_equal_recomputed(context)


def test_rows_decode_nothing_they_are_not_asked_for(context):
    generate(context, parcels=20, seed=9)
    rows = ParcelService(context).rows()
    assert all("values" not in r.__dict__ and "figures" not in r.__dict__ for r in rows)
    assert all(r.surveyed_topics == len([t for t in SURVEY_TOPICS if t in r.values]) for r in rows)


def test_heads_parse_few_texts_but_equal_adding_every_head_in_order(context):
    """``compute_heads`` parses only each topic's newest head and the other distinct texts of
    a survey topic; that gives what adding every head oldest first (``Heads.add``) gives:
    equal values written in another key order are one value, a value that comes back after
    another (A, B, A) is still a conflict, notes are a log."""
    generate(context, parcels=60, seed=2)
    with context.database.session() as session:   # parcels without these topics yet
        parcels = session.connection().exec_driver_sql(
            "SELECT id FROM parcel WHERE id NOT IN (SELECT parcel_id FROM observation WHERE "
            "topic IN ('condition', 'note')) ORDER BY id LIMIT 6").scalars().all()
    assert len(parcels) == 6
    variants = [{"overall": 2, "remark": "x"}, {"remark": "x", "overall": 2},   # one value
                {"overall": 4, "remark": "x"}]
    schedules = [[0, 1], [0, 1, 0], [0, 2, 0], [2], [1, 1, 1], [0, 2, 1, 0]]
    moment = dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC)
    with context.database.session() as session:
        for parcel, schedule in zip(parcels, schedules, strict=True):
            for step, which in enumerate(schedule):
                for topic, values in (("condition", variants[which]),
                                      ("note", {"text": f"notitie {which}"})):
                    session.add(Observation(
                        id=new_id(), parcel_id=parcel, topic=topic, values=values,
                        observed_at=moment + dt.timedelta(hours=10 * which + step),
                        created_by="Ander", device_id=f"laptop-{step}"))
    with context.database.session() as session:
        texts = session.connection().exec_driver_sql(
            "SELECT DISTINCT \"values\" FROM observation WHERE topic = 'condition' AND "
            "parcel_id = ?", (parcels[0],)).scalars().all()
        assert len(texts) == 2      # the same value, stored as two different texts
        computed = figure_store.compute_heads(session, parcel_ids=parcels)
        expected = {pid: figure_store.Heads() for pid in parcels}
        for pid, topic, raw, observed_at in session.connection().exec_driver_sql(
                "SELECT parcel_id, topic, \"values\", observed_at FROM observation AS o "
                "WHERE parcel_id IN (SELECT value FROM json_each(?)) AND NOT EXISTS ("
                "SELECT 1 FROM observation_supersedes AS s WHERE s.superseded_id = o.id) "
                "ORDER BY observed_at, id", (json.dumps(parcels),)):
            expected[pid].add(topic, json.loads(raw), observed_at)
    assert {p: h.stored() for p, h in computed.items()} == \
        {p: h.stored() for p, h in expected.items()}
    assert [bool(computed[p].conflicts) for p in parcels] == [False, False, True, False,
                                                             False, True]


def test_heads_of_random_logs_and_ties_equal_adding_every_head_in_order(context):
    """``compute_heads`` reads one row per parcel and log topic (its newest head, placed
    where its oldest one comes among the parcel's topics) instead of every note; stored
    texts, key order included, equal adding every head oldest first: notes and survey
    topics interleaved, equal times (ordered by id), superseded notes and heads, a parcel
    with notes only, one without observations."""
    generate(context, parcels=40, seed=5)
    rng = random.Random(17)
    moments = [dt.datetime(2026, 3, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=m)
               for m in (0, 0, 1, 1, 1, 7)]   # ties in time, ordered by id
    with context.database.session() as session:
        parcels = session.scalars(select(Parcel.id).order_by(Parcel.id).limit(12)).all()
        for bare in (parcels[0], parcels[-1]):   # notes only; no observations
            session.connection().exec_driver_sql(
                "DELETE FROM observation_supersedes WHERE observation_id IN (SELECT id FROM "
                "observation WHERE parcel_id = ?)", (bare,))
            session.connection().exec_driver_sql(
                "DELETE FROM observation WHERE parcel_id = ?", (bare,))
        made: dict[str, list[str]] = {}
        for _ in range(400):
            parcel = rng.choice(parcels[:-1])
            topic = rng.choice(["note", "note", "condition", "vacancy"] if parcel != parcels[0]
                               else ["note"])
            values = ({"text": rng.choice(["a", "b"])} if topic == "note"
                      else rng.choice([{"overall": 2, "remark": "x"},
                                       {"remark": "x", "overall": 2}, {"overall": 3}]))
            observation = Observation(
                id=new_id(), parcel_id=parcel, topic=topic, values=values,
                observed_at=rng.choice(moments) + dt.timedelta(days=rng.randint(0, 3)),
                created_by="Ander", device_id="laptop-x")
            session.add(observation)
            earlier = made.setdefault(f"{parcel}/{topic}", [])
            if earlier and rng.random() < 0.3:
                session.add(ObservationSupersedes(observation_id=observation.id,
                                                  superseded_id=rng.choice(earlier)))
            earlier.append(observation.id)
    with context.database.session() as session:
        expected = {pid: figure_store.Heads() for pid in session.scalars(select(Parcel.id))}
        for pid, topic, raw, observed_at in session.connection().exec_driver_sql(
                "SELECT parcel_id, topic, \"values\", observed_at FROM observation AS o "
                "WHERE NOT EXISTS (SELECT 1 FROM observation_supersedes AS s WHERE "
                "s.superseded_id = o.id) ORDER BY observed_at, id"):
            expected[pid].add(topic, raw, observed_at)
        every = figure_store.compute_heads(session)
        some = figure_store.compute_heads(session, parcel_ids=parcels)
    assert {p: h.stored() for p, h in every.items()} == \
        {p: h.stored() for p, h in expected.items()}
    assert {p: h.stored() for p, h in some.items()} == \
        {p: expected[p].stored() for p in parcels}
    assert expected[parcels[-1]].stored()[0] == "{}"
    assert list(json.loads(expected[parcels[0]].stored()[0])) == ["note"]
    assert len({list(json.loads(h.stored()[0])).index("note") for h in expected.values()
                if "note" in h.raw and len(h.raw) > 1}) > 1   # notes not always first
    assert_stored_heads_equal_recomputed(context)
