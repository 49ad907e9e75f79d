"""The central schema's migrations go down and up again to the same definitions."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from psycopg import sql

from otb_desktop.central import schema
from otb_desktop.paths import central_migrations_dir
from otb_desktop.persistence.migrations import alembic_config
from otb_desktop.sync.connection import ServerConfig, connect

pytestmark = pytest.mark.usefixtures("central_server")   # skips (or fails under CI) alike

CHECKS = """
    SELECT p.proname, pg_get_functiondef(p.oid), array_to_string(p.proconfig, ',')
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.proname LIKE 'otb\\_%'
    UNION ALL
    SELECT indexname, indexdef, '' FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT tgname || ' ' || tgrelid::regclass::text, pg_get_triggerdef(oid), ''
    FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT conname || ' ' || conrelid::regclass::text, pg_get_constraintdef(oid), ''
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    ORDER BY 1, 2"""


def _migrate(config: ServerConfig, step: str, revision: str) -> list[tuple]:
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("postgresql+psycopg://", creator=lambda: connect(config),
                           poolclass=NullPool)
    try:
        with engine.begin() as connection:
            getattr(command, step)(alembic_config(connection, central_migrations_dir()),
                                   revision)
    finally:
        engine.dispose()
    with connect(config, autocommit=True) as connection:
        return connection.execute(CHECKS).fetchall()


@pytest.fixture
def scratch_databases():
    from central_support import SERVER

    names = [f"otb_migrations_{secrets.token_hex(3)}" for _ in range(2)]
    configs = [ServerConfig(f"{SERVER}/{name}") for name in names]
    for config in configs:
        schema.create_database(config)
    yield configs
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        for name in names:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


@pytest.mark.parametrize("below", ["c0003", "c0004", "c0005"])
def test_the_newest_migrations_go_down_to_the_definitions_before_them_and_up_again(
        scratch_databases, below):
    only_below, round_trip = scratch_databases
    at_below = _migrate(only_below, "upgrade", below)
    at_head = _migrate(round_trip, "upgrade", "head")
    assert at_head != at_below
    assert _migrate(round_trip, "downgrade", below) == at_below
    assert _migrate(round_trip, "upgrade", "head") == at_head
