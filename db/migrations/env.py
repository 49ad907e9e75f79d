"""Alembic environment: runs on the connection the app hands over (no fileConfig).

Imports no application code, so every migration keeps working however the app changes.
For autogenerate, pass the models' metadata in ``config.attributes["target_metadata"]``;
the app's column types are then written as the plain SQL types they store.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through otb_desktop.persistence.migrations.upgrade")


def render_item(type_, obj, autogen_context):
    """UtcDateTime → sa.String(length=32), Geometry → sa.LargeBinary(): what SQLite stores."""
    if type_ == "type" and type(obj).__module__.startswith("otb_desktop"):
        return f"sa.{obj.impl!r}"
    return False


context.configure(connection=connection,
                  target_metadata=context.config.attributes.get("target_metadata"),
                  render_as_batch=True, render_item=render_item)
with context.begin_transaction():
    context.run_migrations()
