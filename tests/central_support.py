"""Fixtures for tests against the machine's real PostgreSQL/PostGIS server.

A fresh database is created for the test run and dropped afterwards; every test starts from
empty tables. Under CI=true a missing server fails the run; elsewhere those tests skip and
say why. ``OTB_TEST_PG`` points at another server (default postgresql://postgres@127.0.0.1).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from otb_desktop.central import schema
from otb_desktop.persistence.database import open_database
from otb_desktop.services.context import AppContext
from otb_desktop.sync.connection import ServerConfig

SERVER = os.environ.get("OTB_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture(autouse=True, scope="session")
def _no_system_keyring():
    """Tests never read or write the machine's keyring: keyring's fail backend (the keyring
    test replaces it with one in memory)."""
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)
TABLES = ("starter_package", "photo", "photo_upload", "photo_blob", "revision", "observation",
          "verblijfsobject", "building", "parcel", "business_park")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests must run under CI, but: {reason}")
    pytest.skip(f"no PostgreSQL/PostGIS server for the central-database tests: {reason}")


class Dropped(Exception):
    """What a test's fault hook raises to cut a sync off at one of its points."""


class Central:
    """The run's central database: superuser config, users, laptops."""

    def __init__(self, admin: ServerConfig, token: str, folder: Path):
        self.admin = admin
        self.token = token
        self.folder = folder
        self.users: list[str] = []

    def as_user(self, name: str) -> ServerConfig:
        return ServerConfig(self.admin.url, user=name)

    def user(self, name: str, role: str = "field") -> str:
        """A login role of this run (names are unique per run: roles are cluster-wide)."""
        full = f"{name}_{self.token}"
        schema.add_user(self.admin, full, role)
        self.users.append(full)
        return full

    def laptop(self, label: str, user: str | None) -> AppContext:
        context = AppContext(open_database(self.folder / f"{label}-{secrets.token_hex(3)}"
                                           / "otb.sqlite"))
        context.set_user_name(user or label)
        return context

    def connect(self) -> psycopg.Connection:
        from otb_desktop.sync.connection import connect

        return connect(self.admin, autocommit=True)

    def count(self, table: str) -> int:
        with self.connect() as connection:
            return connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]


@pytest.fixture(scope="session")
def central_server(tmp_path_factory) -> Iterator[Central]:
    try:
        with psycopg.connect(f"{SERVER}/postgres", connect_timeout=3,
                             autocommit=True) as connection:
            postgis = connection.execute("SELECT 1 FROM pg_available_extensions WHERE "
                                         "name = 'postgis'").fetchone()
    except psycopg.OperationalError as exc:
        _unavailable(f"{SERVER} unreachable ({str(exc).strip().splitlines()[0]})")
    if not postgis:
        _unavailable("PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
    token = secrets.token_hex(4)
    name = f"otb_test_{token}"
    admin = ServerConfig(f"{SERVER}/{name}")
    schema.init(admin)
    central = Central(admin, token, tmp_path_factory.mktemp("laptops"))
    try:
        yield central
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            for user in central.users:
                schema.drop_user(connection, user)


@pytest.fixture
def central(central_server: Central) -> Iterator[Central]:
    """The run's database with empty tables."""
    with central_server.connect() as connection:
        connection.execute(sql.SQL("TRUNCATE {} CASCADE").format(
            sql.SQL(", ").join(map(sql.Identifier, TABLES))))
    yield central_server


@pytest.fixture
def laptops(central: Central) -> Iterator[Callable[..., AppContext]]:
    made: list[AppContext] = []

    def make(label: str, user: str | None = None) -> AppContext:
        context = central.laptop(label, user)
        made.append(context)
        return context

    yield make
    for context in made:
        context.database.close()
