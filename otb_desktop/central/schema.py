"""Create and upgrade the central schema (its own Alembic environment, ``db/central``) and
manage its users (login roles in one of the groups otb_field, otb_coordinator, otb_admin)."""

from __future__ import annotations

from dataclasses import replace

import psycopg
from psycopg import sql

from otb_desktop.domain.errors import OtbError
from otb_desktop.paths import central_migrations_dir
from otb_desktop.persistence.migrations import alembic_config
from otb_desktop.sync.connection import ServerConfig, connect, server_version

ROLES = {"field": "otb_field", "coordinator": "otb_coordinator", "admin": "otb_admin"}


class CentralAdminError(OtbError):
    pass


def create_database(config: ServerConfig) -> bool:
    """Create the database the URL names when it does not exist; True when created."""
    params = config.params()
    name = params.get("dbname")
    if not name:
        raise CentralAdminError("Het serveradres noemt geen database; gebruik "
                                "postgresql://server:5432/otb.")
    maintenance = replace(config, url=config.url.replace(f"/{name}", "/postgres", 1))
    with connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (name,)).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


def upgrade(config: ServerConfig) -> tuple[str | None, str]:
    """Bring the central schema to the newest revision; (before, after)."""
    from alembic import command
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine("postgresql+psycopg://", creator=lambda: connect(config),
                           poolclass=NullPool)
    try:
        with engine.begin() as connection:
            before = server_version(connection.connection.driver_connection)
            command.upgrade(alembic_config(connection, central_migrations_dir()), "head")
            after = server_version(connection.connection.driver_connection)
    finally:
        engine.dispose()
    return before, after


def init(config: ServerConfig) -> list[str]:
    created = create_database(config)
    before, after = upgrade(config)
    return [f"Database {config.safe_label()} {'aangemaakt' if created else 'bestond al'}; "
            f"schema {before or 'leeg'} → {after}."]


def add_user(config: ServerConfig, name: str, role: str, password: str | None = None
             ) -> list[str]:
    """A login role in the group of ``role`` (field, coordinator or admin)."""
    if role not in ROLES:
        raise CentralAdminError(f"Onbekende rol '{role}'; kies field, coordinator of admin.")
    if not name.strip():
        raise CentralAdminError("Geef een gebruikersnaam.")
    with connect(config) as connection:
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                    (name,)).fetchone()
        statement = "ALTER ROLE {} LOGIN" if exists else "CREATE ROLE {} LOGIN"
        connection.execute(sql.SQL(statement).format(sql.Identifier(name)))
        if password:
            connection.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(name), sql.Literal(password)))
        for group in ROLES.values():
            connection.execute(sql.SQL("REVOKE {} FROM {}").format(
                sql.Identifier(group), sql.Identifier(name)))
        connection.execute(sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(ROLES[role]), sql.Identifier(name)))
    return [f"Gebruiker {name} heeft nu de rol {role} op {config.safe_label()}."]


def drop_user(connection: psycopg.Connection, name: str) -> None:
    connection.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
