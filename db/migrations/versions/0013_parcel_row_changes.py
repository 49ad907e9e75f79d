"""A log of the changes to what a parcel row is read from

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 15:10:00

``parcel_row_change`` gets an entry, by SQLite triggers, for every insert, update and delete
of a row of ``parcel``, ``parcel_figures`` and ``parcel_heads`` (the parcel's id) and of
``business_park`` (no id: every row may change). Each entry has a random tag. The start
snapshot of the parcel rows (services/start_snapshot.py) names the newest entry it was read
at, (seq, tag): it is used only while that entry is in the database, and then only together
with the parcels of the entries after it, read again. A copy of the database from before the
snapshot (a restored backup) cannot show that entry: its later entries get other tags.
One entry starts the log, so a snapshot always has an entry to name.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_LOG = "INSERT INTO parcel_row_change (parcel_id, tag) "


def _parcel_triggers(table: str, key: str) -> dict[str, str]:
    return {
        f"row_change_{table}_insert": f"AFTER INSERT ON {table} BEGIN "
        + _LOG + f"VALUES (new.{key}, randomblob(8)); END",
        f"row_change_{table}_update": f"AFTER UPDATE ON {table} BEGIN "
        + _LOG + f"VALUES (new.{key}, randomblob(8)); "
        + _LOG + f"SELECT old.{key}, randomblob(8) WHERE old.{key} IS NOT new.{key}; END",
        f"row_change_{table}_delete": f"AFTER DELETE ON {table} BEGIN "
        + _LOG + f"VALUES (old.{key}, randomblob(8)); END",
    }


TRIGGERS = {
    **_parcel_triggers("parcel", "id"),
    **_parcel_triggers("parcel_figures", "parcel_id"),
    **_parcel_triggers("parcel_heads", "parcel_id"),
    **{f"row_change_business_park_{event.lower()}": f"AFTER {event} ON business_park BEGIN "
       + _LOG + "VALUES (NULL, randomblob(8)); END"
       for event in ("INSERT", "UPDATE", "DELETE")},
}


def upgrade() -> None:
    op.create_table(
        "parcel_row_change",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.String(length=36), nullable=True),
        sa.Column("tag", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_parcel_row_change")),
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(_LOG + "VALUES (NULL, randomblob(8))")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("parcel_row_change")
