"""The server enforces roles (grants + row-level security) and validates edges on arrival;
the client refuses unknown server versions and keeps the password in the keyring."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from otb_desktop.central.loading import load_demo
from otb_desktop.sync import connection as sync_connection
from otb_desktop.sync.connection import (
    ServerConfig,
    ServerUnreachableError,
    ServerVersionError,
    connect,
    handshake,
    store_password,
)

INSERT = ('INSERT INTO observation (id, parcel_id, topic, "values", observed_at, created_at, '
          "created_by, device_id, supersedes) VALUES (%s, %s, %s, '{}', now(), now(), %s, "
          "'d', %s)")


@pytest.fixture
def seeded(central):
    load_demo(central.admin, parcels=20, seed=3)
    return central


def _parcels(central) -> list[str]:
    with central.connect() as connection:
        return [r[0] for r in connection.execute("SELECT id FROM parcel ORDER BY id")]


def _as(central, user: str) -> psycopg.Connection:
    return connect(central.as_user(user), autocommit=True)


def test_field_user_cannot_change_or_delete_records_nor_write_in_another_name(seeded):
    anna, bram = seeded.user("anna"), seeded.user("bram")
    parcel = _parcels(seeded)[0]
    with _as(seeded, bram) as connection:
        connection.execute(INSERT, ("00000000-0000-7000-8000-00000000bram", parcel, "note",
                                    bram, []))
    with _as(seeded, anna) as connection:
        # Reading everything is allowed.
        assert connection.execute("SELECT count(*) FROM observation").fetchone()[0] > 1
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("""UPDATE observation SET "values" = '{"x": 1}' """
                               "WHERE created_by = %s", (bram,))
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("DELETE FROM observation WHERE created_by = %s", (bram,))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            connection.execute(INSERT, ("00000000-0000-7000-8000-00000000fake", parcel,
                                        "note", bram, []))
        connection.execute(INSERT, ("00000000-0000-7000-8000-00000000anna", parcel, "note",
                                    anna, []))
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE parcel SET area_m2 = 1")
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("DELETE FROM photo_blob")
    with seeded.connect() as connection:
        owners = dict(connection.execute(
            "SELECT id, created_by FROM observation WHERE id LIKE '00000000-%'").fetchall())
    assert owners == {"00000000-0000-7000-8000-00000000bram": bram,
                      "00000000-0000-7000-8000-00000000anna": anna}


def test_revision_families_are_written_by_the_roles_that_own_them(seeded):
    anna, cora = seeded.user("anna"), seeded.user("cora", "coordinator")
    statement = ("INSERT INTO revision (id, family, subject_id, body, created_at, created_by, "
                 "device_id) VALUES (%s, %s, 's1', '{}', now(), %s, 'd')")
    with _as(seeded, anna) as connection:
        connection.execute(statement, ("r-field-site", "site_revision", anna))
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute(statement, ("r-field-weights", "weight_profile_revision", anna))
    with _as(seeded, cora) as connection:
        connection.execute(statement, ("r-coord-weights", "weight_profile_revision", cora))
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute(statement, ("r-coord-fake", "intake_revision", anna))
        with pytest.raises(errors.InsufficientPrivilege):
            connection.execute("UPDATE business_park SET in_scope = false")


def test_edges_are_validated_on_arrival(seeded):
    first, second = _parcels(seeded)[:2]
    with seeded.connect() as connection:
        connection.execute(INSERT, ("o-1", first, "note", "x", []))
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(INSERT, ("o-2", second, "note", "x", ["o-1"]))
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(INSERT, ("o-3", first, "vacancy", "x", ["o-1"]))
        # The superseded record may arrive later; the check runs then.
        connection.execute(INSERT, ("o-5", first, "note", "x", ["o-4"]))
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(INSERT, ("o-4", second, "note", "x", []))
        # A cycle: o-6 supersedes o-7, which arrives later claiming to supersede o-6.
        connection.execute(INSERT, ("o-6", first, "note", "x", ["o-7"]))
        with pytest.raises(errors.IntegrityConstraintViolation, match="cycle"):
            connection.execute(INSERT, ("o-7", first, "note", "x", ["o-6"]))
        ok = connection.execute("SELECT count(*) FROM observation WHERE id LIKE 'o-%'")
        assert ok.fetchone()[0] == 3     # o-1, o-5, o-6


def test_an_observation_of_a_parcel_the_server_lacks_is_refused_as_by_a_foreign_key(seeded):
    anna = seeded.user("anna")
    parcel = _parcels(seeded)[0]
    rows = [("p-1", parcel, "note", anna, []), ("p-2", "no-such-parcel", "note", anna, [])]
    before = seeded.count("observation")
    with _as(seeded, anna) as connection:     # a field user: reads parcels, cannot lock them
        with (pytest.raises(errors.ForeignKeyViolation, match="no-such-parcel"),
              connection.transaction(), connection.cursor() as cursor):
            cursor.executemany(INSERT, rows)
        assert seeded.count("observation") == before
        connection.execute(INSERT, rows[0])
    assert seeded.count("observation") == before + 1


def test_a_parcel_an_observation_refers_to_is_not_deleted_renamed_or_truncated(seeded):
    referred, spare = _parcels(seeded)[:2]
    with seeded.connect() as connection:
        # Photos keep their foreign key: none here, so that the observations' check answers.
        connection.execute("DELETE FROM photo WHERE parcel_id IN (%s, %s)", (referred, spare))
        connection.execute("DELETE FROM observation WHERE parcel_id = %s", (spare,))
        connection.execute(INSERT, ("p-1", referred, "note", "x", []))
        with pytest.raises(errors.ForeignKeyViolation, match=referred):
            connection.execute("DELETE FROM parcel WHERE id IN (%s, %s)", (referred, spare))
        with pytest.raises(errors.ForeignKeyViolation, match=referred):
            connection.execute("UPDATE parcel SET id = id || '-x' WHERE id = %s", (referred,))
        with pytest.raises(errors.ForeignKeyViolation):
            connection.execute("TRUNCATE parcel CASCADE")
        connection.execute("UPDATE parcel SET area_m2 = area_m2 + 1 WHERE id = %s",
                           (referred,))
        with (pytest.raises(errors.FeatureNotSupported, match="read committed"),
              connection.transaction()):
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            connection.execute("DELETE FROM parcel WHERE id = %s", (spare,))
        connection.execute("DELETE FROM parcel WHERE id = %s", (spare,))   # nothing refers
        assert connection.execute("SELECT id FROM parcel WHERE id IN (%s, %s)",
                                  (referred, spare)).fetchall() == [(referred,)]


def test_a_push_in_flight_holds_its_parcels_until_it_commits(seeded):
    parcel = _parcels(seeded)[0]
    with seeded.connect() as pushing, seeded.connect() as deleting:
        pushing.execute("DELETE FROM observation WHERE parcel_id = %s", (parcel,))
        pushing.execute("DELETE FROM photo WHERE parcel_id = %s", (parcel,))
        with pushing.transaction():
            pushing.execute(INSERT, ("p-1", parcel, "note", "x", []))
            deleting.execute("SET lock_timeout = '300ms'")
            with pytest.raises(errors.LockNotAvailable):
                deleting.execute("DELETE FROM parcel WHERE id = %s", (parcel,))
        with pytest.raises(errors.ForeignKeyViolation):
            deleting.execute("DELETE FROM parcel WHERE id = %s", (parcel,))


def test_revision_edges_stay_within_one_family_and_subject_and_never_cycle(seeded):
    cora = seeded.user("cora", "coordinator")
    statement = ("INSERT INTO revision (id, family, subject_id, body, created_at, created_by, "
                 "device_id, supersedes) VALUES (%s, %s, %s, '{}', now(), %s, 'd', %s)")
    with _as(seeded, cora) as connection:
        connection.execute(statement, ("p-1", "weight_profile_revision", "profiel-a", cora, []))
        connection.execute(statement, ("p-2", "weight_profile_revision", "profiel-a", cora,
                                       ["p-1"]))
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(statement, ("p-3", "weight_profile_revision", "profiel-b",
                                           cora, ["p-1"]))       # another profile
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(statement, ("s-1", "site_revision", "profiel-a", cora,
                                           ["p-1"]))             # another family
        with pytest.raises(errors.IntegrityConstraintViolation, match="crosses"):
            connection.execute(statement, ("p-4", "weight_profile_revision", "profiel-a",
                                           cora, ["p-4"]))       # itself
        # A longer loop: p-7 supersedes p-9 (not here yet), p-8 supersedes p-7, and then
        # p-9 arrives superseding p-8.
        connection.execute(statement, ("p-7", "weight_profile_revision", "profiel-a", cora,
                                       ["p-9"]))
        connection.execute(statement, ("p-8", "weight_profile_revision", "profiel-a", cora,
                                       ["p-7"]))
        with pytest.raises(errors.IntegrityConstraintViolation, match="cycle"):
            connection.execute(statement, ("p-9", "weight_profile_revision", "profiel-a",
                                           cora, ["p-8"]))
        # Two records arriving in one statement that supersede each other.
        with pytest.raises(errors.IntegrityConstraintViolation, match="cycle"):
            connection.execute(
                "INSERT INTO revision (id, family, subject_id, body, created_at, created_by, "
                "device_id, supersedes) VALUES "
                "('p-5', 'weight_profile_revision', 'profiel-a', '{}', now(), %s, 'd', "
                "'{p-6}'), ('p-6', 'weight_profile_revision', 'profiel-a', '{}', now(), %s, "
                "'d', '{p-5}')", (cora, cora))
        stored = connection.execute("SELECT id FROM revision WHERE id LIKE 'p-%' ORDER BY id")
        assert [r[0] for r in stored] == ["p-1", "p-2", "p-7", "p-8"]


OBSERVATION = ('INSERT INTO observation (id, parcel_id, topic, "values", observed_at, '
               "created_at, created_by, device_id, supersedes) VALUES (%s, %s, 'note', %s, "
               "'2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', %s, 'd', '{}') ")


def test_the_server_itself_refuses_every_known_id_and_any_insert_if_absent(seeded):
    """Not the client's check: plain SQL as a field user and a coordinator. A known id is
    refused whatever the content (the primary key); insert-if-absent, which would skip a
    different record under a known id silently, is refused whole, also for new ids."""
    anna, cora = seeded.user("anna"), seeded.user("cora", "coordinator")
    parcel = _parcels(seeded)[0]
    record = "00000000-0000-7000-8000-0000000same"
    with _as(seeded, anna) as connection:
        connection.execute(OBSERVATION, (record, parcel, Jsonb({"text": "origineel"}), anna))
        for text in ("origineel", "anders"):
            with pytest.raises(errors.UniqueViolation, match="observation_pkey"):
                connection.execute(OBSERVATION, (record, parcel, Jsonb({"text": text}), anna))
        for conflict in ("ON CONFLICT DO NOTHING", "ON CONFLICT (id) DO NOTHING"):
            for oid in (record, "00000000-0000-7000-8000-00000000new"):
                with pytest.raises(errors.ObjectNotInPrerequisiteState, match="deferrable"):
                    connection.execute(OBSERVATION + conflict,
                                       (oid, parcel, Jsonb({"text": "anders"}), anna))
    revision = ("INSERT INTO revision (id, family, subject_id, body, created_at, created_by, "
                "device_id) VALUES ('w-1', 'weight_profile_revision', 'profiel', %s, "
                "'2026-03-01T10:00:00Z', %s, 'd')")
    with _as(seeded, cora) as connection:
        connection.execute(revision, (Jsonb({"weights": {"a": 1}}), cora))
        with pytest.raises(errors.UniqueViolation, match="revision_pkey"):
            connection.execute(revision, (Jsonb({"weights": {"a": 2}}), cora))
        with pytest.raises(errors.ObjectNotInPrerequisiteState, match="deferrable"):
            connection.execute(revision + " ON CONFLICT DO NOTHING",
                               (Jsonb({"weights": {"a": 2}}), cora))
    with seeded.connect() as connection:
        assert connection.execute('SELECT "values"->>\'text\' FROM observation WHERE id = %s',
                                  (record,)).fetchone() == ("origineel",)
        assert connection.execute("SELECT body FROM revision WHERE id = 'w-1'"
                                  ).fetchone() == ({"weights": {"a": 1}},)


def test_the_server_itself_refuses_a_known_photo_id_and_insert_if_absent(seeded):
    anna = seeded.user("anna")
    parcel = _parcels(seeded)[0]
    with seeded.connect() as connection:
        connection.execute("INSERT INTO photo_blob (sha256, data) VALUES "
                           "(encode(sha256('jpeg'), 'hex'), 'jpeg')")
    photo = ("INSERT INTO photo (id, parcel_id, sha256, caption, width, height, created_at, "
             "created_by, device_id) VALUES ('foto-2', %s, encode(sha256('jpeg'), 'hex'), %s, "
             "1, 1, '2026-03-01T10:00:00Z', %s, 'd')")
    with _as(seeded, anna) as connection:
        connection.execute(photo, (parcel, "gevel", anna))
        with pytest.raises(errors.UniqueViolation, match="photo_pkey"):
            connection.execute(photo, (parcel, "dak", anna))
        with pytest.raises(errors.ObjectNotInPrerequisiteState, match="deferrable"):
            connection.execute(photo + " ON CONFLICT DO NOTHING", (parcel, "dak", anna))
        assert connection.execute("SELECT caption FROM photo WHERE id = 'foto-2'"
                                  ).fetchall() == [("gevel",)]


def test_synced_records_are_append_only_even_for_the_owner_except_a_redaction(seeded):
    anna = seeded.user("anna")
    parcel = _parcels(seeded)[0]
    record = "00000000-0000-7000-8000-000000redact"
    original = {"text": "Bel P. de Vries", "plan_reference": "x"}
    with _as(seeded, anna) as connection:
        connection.execute(OBSERVATION, (record, parcel, Jsonb(original), anna))
    with seeded.connect() as connection:   # the schema's owner (a superuser here)
        for change in ("topic = 'vacancy'", "created_by = 'iemand'",
                       """ "values" = '{"text": "anders", "plan_reference": "x"}' """,
                       """ "values" = '{"text": null}' """):        # a key dropped
            with pytest.raises(errors.IntegrityConstraintViolation, match="append-only"):
                connection.execute(f"UPDATE observation SET {change} WHERE id = %s", (record,))
        connection.execute("INSERT INTO photo_blob (sha256, data) VALUES "
                           "(encode(sha256('jpeg'), 'hex'), 'jpeg')")
        connection.execute("INSERT INTO photo (id, parcel_id, sha256, width, height, "
                           "created_at, created_by, device_id) VALUES ('foto-1', %s, "
                           "encode(sha256('jpeg'), 'hex'), 1, 1, now(), %s, 'd')",
                           (parcel, anna))
        with pytest.raises(errors.IntegrityConstraintViolation, match="append-only"):
            connection.execute("UPDATE photo SET caption = 'x' WHERE id = 'foto-1'")
        # A redaction blanks one value in place (through its trigger) ...
        connection.execute(
            "INSERT INTO revision (id, family, subject_id, body, created_at, created_by, "
            "device_id) VALUES ('red-1', 'redaction_revision', %s, %s, now(), 'coord', 'd')",
            (record, Jsonb({"record": "observation", "field": "text", "reason": "AVG"})))
        assert connection.execute('SELECT "values" FROM observation WHERE id = %s',
                                  (record,)).fetchone() == ({"text": None,
                                                             "plan_reference": "x"},)
    # ... and the blanked record is still the one the key holds: sent again as it was
    # before, it is refused like any known id (the laptop finds it the same record).
    with _as(seeded, anna) as connection, pytest.raises(errors.UniqueViolation):
        connection.execute(OBSERVATION, (record, parcel, Jsonb(original), anna))


def test_a_server_of_an_unknown_schema_version_is_refused_in_one_dutch_line(central):
    with central.connect() as connection:
        assert handshake(connection) == sync_connection.known_server_versions()[1]
        connection.execute("UPDATE alembic_version SET version_num = 'c9999'")
        try:
            with pytest.raises(ServerVersionError, match="niet kent") as refused:
                handshake(connection, "De server")
            assert "\n" not in str(refused.value)
        finally:
            connection.execute("UPDATE alembic_version SET version_num = %s",
                               (sync_connection.known_server_versions()[1],))


def test_an_unreachable_server_is_a_calm_offline_message():
    config = ServerConfig("postgresql://127.0.0.1:1/otb", user="anna")
    with pytest.raises(ServerUnreachableError, match="offline"):
        connect(config)


class MemoryKeyring:
    """keyring's backend interface, in memory."""

    priority = 1

    def __init__(self):
        self.items: dict[tuple[str, str], str] = {}

    def set_password(self, service, user, password):
        self.items[(service, user)] = password

    def get_password(self, service, user):
        return self.items.get((service, user))

    def delete_password(self, service, user):
        self.items.pop((service, user), None)


def test_the_password_lives_in_the_keyring_not_in_settings(central, laptops, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class Backend(MemoryKeyring, KeyringBackend):
        pass

    backend = Backend()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setattr(keyring, "get_password", backend.get_password)
    monkeypatch.setattr(keyring, "set_password", backend.set_password)
    user = central.user("kees")
    with central.connect() as connection:
        connection.execute(f'ALTER ROLE "{user}" PASSWORD \'geheim-123\'')
    config = central.as_user(user)
    store_password(config, "geheim-123")
    assert backend.items == {("otb-desktop", config.account): "geheim-123"}
    laptop = laptops("k", user)
    from otb_desktop.sync.engine import sync

    sync(laptop, config)
    stored = laptop.database.path.read_bytes()
    assert b"geheim-123" not in stored
    assert laptop.database.setting("sync_server") == config.url
    assert "geheim" not in config.url


def test_tls_options_reach_libpq():
    config = ServerConfig("postgresql://db.example:5432/otb?sslmode=require", user="anna",
                          sslmode="verify-full", sslrootcert="/etc/otb/ca.pem")
    params = config.params()
    assert params["sslmode"] == "verify-full" and params["sslrootcert"] == "/etc/otb/ca.pem"
    assert "password" not in ServerConfig("postgresql://a:pw@h/otb").params()


def test_verify_full_with_a_missing_ca_file_is_refused_in_one_line(central_server):
    """(The real TLS server's tests are in test_sync_tls.py.)"""
    config = ServerConfig(central_server.admin.url, sslmode="verify-full",
                          sslrootcert="/nonexistent/ca.pem")
    with pytest.raises(sync_connection.ServerTrustError, match="TLS-controle") as refused:
        connect(config)
    assert "SSL" in str(refused.value) or "certificate" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_every_table_a_role_may_touch_forces_row_level_security(central):
    """FORCE ROW LEVEL SECURITY on every table a field user, coordinator or administrator
    has a privilege on: the server enforces the roles for every login, the schema owner
    included. The deliberate exceptions are read-only for them: Alembic's version (the
    handshake) and photo bytes (content-addressed, written only through the upload
    functions). Tables without any grant (photo uploads in progress, PostGIS's
    spatial_ref_sys) are reached only through security-definer functions or not at all."""
    with central.connect() as connection:
        tables = dict(connection.execute("""
            SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
                SELECT 1 FROM unnest(ARRAY['otb_field', 'otb_coordinator', 'otb_admin']) r
                WHERE has_table_privilege(r, c.oid, 'SELECT, INSERT, UPDATE, DELETE'))
            """).fetchall())
        writable = {name for (name,) in connection.execute("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
                SELECT 1 FROM unnest(ARRAY['otb_field', 'otb_coordinator', 'otb_admin']) r
                WHERE has_table_privilege(r, c.oid, 'INSERT, UPDATE, DELETE'))""")}
    unforced = sorted(name for name, forced in tables.items() if not forced)
    assert {"starter_package", "starter_package_chunk", "observation", "parcel"} <= set(tables)
    assert unforced == ["alembic_version", "photo_blob"]
    assert not writable & set(unforced)
