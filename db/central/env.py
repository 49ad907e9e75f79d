"""Alembic environment of the central PostgreSQL/PostGIS database (not the laptop's).

Runs on the connection the app hands over (``otb_desktop.central.schema``); migrations are
plain SQL and import no application code.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run central migrations through otb_desktop.central.schema.upgrade")

context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
