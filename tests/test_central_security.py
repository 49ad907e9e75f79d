"""The server enforces roles (grants + row-level security) and validates edges on arrival;
the client refuses unknown server versions and keeps the password in the keyring."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

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


def test_verify_full_reaches_libpq_and_a_tls_failure_is_a_calm_message(central_server):
    """The machine's test server has no TLS: demanding verify-full must fail, calmly."""
    config = ServerConfig(central_server.admin.url, sslmode="verify-full",
                          sslrootcert="/nonexistent/ca.pem")
    with pytest.raises((ServerUnreachableError, sync_connection.ServerLoginError)) as refused:
        connect(config)
    assert "SSL" in str(refused.value) or "ssl" in str(refused.value)
    assert "\n" not in str(refused.value)
