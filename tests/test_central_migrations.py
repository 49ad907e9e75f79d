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


def test_c0004_goes_down_to_the_c0003_definitions_and_up_again(scratch_databases):
    only_c0003, round_trip = scratch_databases
    at_c0003 = _migrate(only_c0003, "upgrade", "c0003")
    at_head = _migrate(round_trip, "upgrade", "head")
    assert at_head != at_c0003
    assert _migrate(round_trip, "downgrade", "c0003") == at_c0003
    assert _migrate(round_trip, "upgrade", "head") == at_head
