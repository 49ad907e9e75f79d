"""Every kind of record travels: every revision family found in the models, photos (bytes
first, resumable), redactions (AVG)."""

from __future__ import annotations

import hashlib
import sqlite3

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import text

from otb_desktop.central.loading import load_demo
from otb_desktop.persistence.families import revision_families
from otb_desktop.persistence.revisions import append_revision, distinct_heads, head_revisions
from otb_desktop.services.photos import PhotoService, photo_path
from otb_desktop.services.redaction import RedactionError, redact
from otb_desktop.services.survey import SurveyService
from otb_desktop.sync import engine as sync_engine
from otb_desktop.sync.engine import ServerRefusedError, sync
from tests.central_support import Dropped

FAMILIES = revision_families()



@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=15, seed=9)
    return central


def _parcel(context) -> str:
    with sqlite3.connect(context.database.path) as connection:
        return connection.execute("SELECT id FROM parcel ORDER BY id LIMIT 1").fetchone()[0]


def _classes(family):
    return family.revision_class, family.edge_class


def test_families_are_discovered_from_the_models():
    names = {f.name for f in FAMILIES}
    assert "redaction_revision" in names
    for family in FAMILIES:
        assert family.edge.name == f"{family.name}_supersedes"
        assert {"id", "subject_id", "body", "created_by"} <= set(family.revision.c.keys())


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_every_revision_family_travels_converges_and_shows_conflicts(seeded, laptops, family):
    revision, edge = _classes(family)
    cora, dirk = seeded.user("cora", "coordinator"), seeded.user("dirk", "coordinator")
    a, b = laptops("a", cora), laptops("b", dirk)
    subject = "11111111-1111-7111-8111-111111111111"

    def append(laptop, body, supersedes=None):
        with laptop.database.session() as session:
            return append_revision(session, revision, edge, subject, body, laptop.author,
                                   laptop.device_id, supersedes).id

    def heads(laptop):
        with laptop.database.session() as session:
            found = head_revisions(session, revision, edge, [subject]).get(subject, [])
            return sorted(h.id for h in found), len(distinct_heads(found))

    first = append(a, {"stand": 1})
    sync(a, seeded.as_user(cora))
    sync(b, seeded.as_user(dirk))
    assert heads(b) == ([first], 1)
    mine = append(a, {"stand": 2})
    mine = append(a, {"stand": 3})                   # a chain
    theirs = append(b, {"stand": 4})
    for laptop, user in ((a, cora), (b, dirk), (a, cora)):
        sync(laptop, seeded.as_user(user))
    assert heads(a) == heads(b) == (sorted([mine, theirs]), 2)      # a visible conflict
    same = append(b, {"stand": 5}, supersedes=[theirs])
    also = append(a, {"stand": 5}, supersedes=[mine])
    for laptop, user in ((a, cora), (b, dirk), (a, cora)):
        sync(laptop, seeded.as_user(user))
    assert heads(a) == heads(b) == (sorted([same, also]), 1)     # identical values are one
    resolved = append(a, {"stand": 6})
    for laptop, user in ((a, cora), (b, dirk)):
        sync(laptop, seeded.as_user(user))
    assert heads(a) == heads(b) == ([resolved], 1)
    with seeded.connect() as connection:
        assert connection.execute("SELECT count(*), count(DISTINCT id) FROM revision WHERE "
                                  "family = %s AND subject_id = %s",
                                  (family.name, subject)).fetchone() == (7, 7)


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_a_revision_superseding_another_subject_is_refused(seeded, laptops, family):
    revision, edge = _classes(family)
    cora = seeded.user("cora", "coordinator")
    laptop = laptops("a", cora)
    with laptop.database.session() as session:
        other = append_revision(session, revision, edge, "subject-1", {"x": 1}, cora,
                                laptop.device_id).id
        append_revision(session, revision, edge, "subject-2", {"x": 2}, cora,
                        laptop.device_id, supersedes=[other])
    with pytest.raises(ServerRefusedError, match="crosses"):
        sync(laptop, seeded.as_user(cora))


def _photo(path, seed: int):
    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (1400, 1800, 3), dtype=np.uint8)).save(path)
    return path


def test_photos_travel_bytes_first_resumably(seeded, laptops, tmp_path, monkeypatch):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    sync(a, seeded.as_user(anna))
    [view] = PhotoService(a).add_photos(_parcel(a), [_photo(tmp_path / "gevel.png", 1)],
                                        "Gevel")
    data = photo_path(a.photo_dir, view.sha256).read_bytes()
    monkeypatch.setattr(sync_engine, "PHOTO_CHUNK", 64 * 1024)
    assert len(data) > 3 * 64 * 1024
    chunks = []

    def drop(where):
        if where == "photo-chunk":
            chunks.append(where)
            if len(chunks) == 2:
                raise Dropped(where)

    with pytest.raises(Dropped):
        sync(a, seeded.as_user(anna), fault=drop)
    with seeded.connect() as connection:
        assert connection.execute("SELECT count(*) FROM photo").fetchone()[0] == 0
        partial = connection.execute("SELECT length(data) FROM photo_upload").fetchone()[0]
        assert partial == 2 * 64 * 1024                # kept for the next attempt
    sent = []
    sync(a, seeded.as_user(anna), fault=lambda where: sent.append(where))
    # One call learns where the server's copy ends, then only the rest is sent.
    assert sent.count("photo-chunk") == 1 + -(-(len(data) - partial) // (64 * 1024))
    with seeded.connect() as connection:
        blob = connection.execute("SELECT data FROM photo_blob").fetchone()[0]
        assert hashlib.sha256(blob).hexdigest() == view.sha256
        assert connection.execute("SELECT count(*) FROM photo_upload").fetchone()[0] == 0
    report = sync(b, seeded.as_user(bram))
    assert report.photos_downloaded == 1
    assert photo_path(b.photo_dir, view.sha256).read_bytes() == data
    [seen] = PhotoService(b).photos(view.parcel_id)
    assert (seen.id, seen.caption, seen.author) == (view.id, "Gevel", anna)
    assert PhotoService(b).ensure_thumbnail(seen) is not None


def test_a_coordinator_redacts_a_personal_value_everywhere(seeded, laptops):
    anna, cora = seeded.user("anna"), seeded.user("cora", "coordinator")
    a, c = laptops("a", anna), laptops("c", cora)
    sync(a, seeded.as_user(anna))
    parcel = _parcel(a)
    survey = SurveyService(a)
    topic, base = "planning_capacity", {"max_height_m": 12, "max_coverage_pct": 60}
    first = survey.record(parcel, topic, {**base, "plan_reference": "J. Jansen, 06-1234"}).id
    second = survey.record(parcel, topic, {**base, "plan_reference": "Bestemmingsplan"}).id
    sync(a, seeded.as_user(anna))
    sync(c, seeded.as_user(cora))
    with pytest.raises(RedactionError, match="reden"):
        redact(c, first, "plan_reference", " ")
    redaction = redact(c, first, "plan_reference", "Telefoonnummer van een particulier (AVG)")
    assert {o.id: o for o in SurveyService(c).history(parcel, topic)}[first].values[
        "plan_reference"] is None
    sync(c, seeded.as_user(cora))
    with seeded.connect() as connection:
        assert connection.execute('SELECT "values" FROM observation WHERE id = %s',
                                  (first,)).fetchone()[0] == {**base, "plan_reference": None}
    sync(a, seeded.as_user(anna))
    history = SurveyService(a).history(parcel, topic)
    assert [o.id for o in history][:2] == [second, first]          # the chain keeps its shape
    assert history[1].values["plan_reference"] is None
    assert history[1].values["max_height_m"] == 12 and history[0].supersedes == (first,)
    with sqlite3.connect(a.database.path) as connection:
        who = connection.execute("SELECT created_by, body FROM redaction_revision").fetchone()
    assert who[0] == cora and "AVG" in who[1] and redaction.by == cora
    # A field user may not redact: the server refuses the record.
    redact(a, second, "plan_reference", "probeer")
    with pytest.raises(ServerRefusedError):
        sync(a, seeded.as_user(anna))


def test_a_refused_kind_of_record_never_blocks_the_others_nor_the_pull(seeded, laptops):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    a, b = laptops("a", anna), laptops("b", bram)
    sync(a, seeded.as_user(anna))
    sync(b, seeded.as_user(bram))
    parcel = _parcel(a)
    from_bram = SurveyService(b).record(parcel, "note", {"text": "van Bram"}).id
    sync(b, seeded.as_user(bram))
    mine = SurveyService(a).record(parcel, "condition", {"overall": 3}).id
    redact(a, mine, "overall", "mag een veldmedewerker niet")     # coordinators only
    with pytest.raises(ServerRefusedError):
        sync(a, seeded.as_user(anna))
    with seeded.connect() as connection:                 # the observation did go
        assert connection.execute("SELECT count(*) FROM observation WHERE id = %s",
                                  (mine,)).fetchone()[0] == 1
    with sqlite3.connect(a.database.path) as connection:  # and the pull did happen
        kinds = dict(connection.execute("SELECT kind, txid FROM sync_cursor").fetchall())
        waiting = connection.execute(
            "SELECT count(*) FROM redaction_revision r JOIN sync_outbox s ON s.kind = "
            "'revision:redaction_revision' AND s.record_id = r.id").fetchone()[0]
    assert "observation" in kinds and waiting == 1       # the refused one stays in the outbox
    assert from_bram in {o.id for o in SurveyService(a).history(parcel, "note")}


def test_a_record_on_a_parcel_the_server_lacks_is_refused_in_dutch_and_kept(seeded, laptops):
    """The server's parcel check (a foreign-key violation, not SQLSTATE 23000 itself) reaches
    the user as the Dutch refusal, and the record stays in the outbox."""
    anna = seeded.user("anna")
    a = laptops("a", anna)
    sync(a, seeded.as_user(anna))
    known = _parcel(a)
    with a.database.session() as session:      # a parcel only this laptop has
        columns = [r[1] for r in session.execute(text("PRAGMA table_info(parcel)"))]
        picked = ", ".join("'alleen-hier'" if c == "id" else
                           ("'ALLEEN 1'" if c == "designation" else f'"{c}"')
                           for c in columns)
        session.execute(text(f"INSERT INTO parcel SELECT {picked} FROM parcel WHERE id = :id"),
                        {"id": known})
    lost = SurveyService(a).record("alleen-hier", "note", {"text": "nergens"}).id
    with pytest.raises(ServerRefusedError, match="De server weigert observation-records"):
        sync(a, seeded.as_user(anna))
    with seeded.connect() as connection:
        assert connection.execute("SELECT count(*) FROM observation WHERE id = %s",
                                  (lost,)).fetchone()[0] == 0
    with sqlite3.connect(a.database.path) as connection:
        assert connection.execute("SELECT count(*) FROM sync_outbox WHERE record_id = ?",
                                  (lost,)).fetchone()[0] == 1
