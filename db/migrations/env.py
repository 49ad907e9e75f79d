"""Alembic environment: runs on the connection the app hands over (no fileConfig)."""

from alembic import context

from otb_desktop.persistence.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through otb_desktop.persistence.migrations.upgrade")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
