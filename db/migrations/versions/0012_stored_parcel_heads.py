"""Stored current survey state (heads) per parcel

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 10:00:00

``parcel_heads`` holds per parcel the values and observation time of the newest head of
every topic, the topics in conflict and a few summaries, so the parcel list no longer reads
and decodes every head observation at start-up. It is refreshed with the figures (the
``parcel_figures_stale`` triggers of 0011 already fire on observations and supersedes edges).
A redaction blanks an observation's value in place (the one in-place change of a synced
record), so a new trigger marks the parcel stale on an update of an observation too.
The table starts empty: the next open fills it once (figure_store.ensure_heads, no geometry
work), because a migration imports no application code.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


_MARK = "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id) "
UPDATE_TRIGGER = (
    "figures_observation_update",
    "AFTER UPDATE ON observation BEGIN "
    + _MARK
    + "VALUES (old.parcel_id); "
    + _MARK
    + "VALUES (new.parcel_id); END",
)


def upgrade() -> None:
    op.create_table(
        "parcel_heads",
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("observed_at", sa.JSON(), nullable=False),
        sa.Column("conflicts", sa.JSON(), nullable=False),
        sa.Column("surveyed", sa.Integer(), nullable=False),
        sa.Column("first_observed", sa.String(length=32), nullable=True),
        sa.Column("last_observed", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["parcel_id"],
            ["parcel.id"],
            ondelete="CASCADE",
            name=op.f("fk_parcel_heads_parcel_id_parcel"),
        ),
        sa.PrimaryKeyConstraint("parcel_id", name=op.f("pk_parcel_heads")),
    )
    op.execute(f"CREATE TRIGGER {UPDATE_TRIGGER[0]} {UPDATE_TRIGGER[1]}")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {UPDATE_TRIGGER[0]}")
    op.drop_table("parcel_heads")
