"""sync: an outbox table of its own instead of "every record without a sync_record entry"

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 19:45:00

``sync_outbox`` holds exactly the records the server has not confirmed (kind, id), kept by
SQLite triggers: every local insert into a synced record table adds its row, whatever code
path makes it; a pull stores its rows with the triggers dropped inside its own transaction,
and a push's confirmation deletes the confirmed ids (sync/carriers.py). Filled here with the
records that had no ``sync_record`` entry, which is then dropped: the push's outbox read and
the waiting count no longer walk every confirmed record, and a pull no longer writes one
entry per pulled record.

The kinds are the sync carriers' (``record_carriers``): ``photo``, ``observation`` and
``revision:<table>`` for every revision family. A family added later gets its trigger in its
own migration (``tests/test_sync_outbox.py`` checks every carrier has one).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Synced record tables at this revision and their kind (sync/carriers.py, record_carriers).
KINDS = {
    "photo": "photo",
    "observation": "observation",
    "intake_revision": "revision:intake_revision",
    "park_fact_revision": "revision:park_fact_revision",
    "photo_revision": "revision:photo_revision",
    "redaction_revision": "revision:redaction_revision",
    "site_revision": "revision:site_revision",
    "weight_profile_revision": "revision:weight_profile_revision",
}


def upgrade() -> None:
    op.create_table(
        "sync_outbox",
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_sync_outbox")),
        sqlite_with_rowid=False,
    )
    for table, kind in KINDS.items():
        op.execute(f"INSERT INTO sync_outbox (kind, record_id) SELECT '{kind}', t.id "
                   f"FROM {table} AS t WHERE NOT EXISTS (SELECT 1 FROM sync_record AS s "
                   f"WHERE s.kind = '{kind}' AND s.record_id = t.id)")
        op.execute(f"CREATE TRIGGER outbox_{table} AFTER INSERT ON {table} BEGIN "
                   f"INSERT OR IGNORE INTO sync_outbox (kind, record_id) "
                   f"VALUES ('{kind}', new.id); END")
    op.drop_table("sync_record")


def downgrade() -> None:
    op.create_table(
        "sync_record",
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("kind", "record_id", name=op.f("pk_sync_record")),
    )
    for table, kind in KINDS.items():
        op.execute(f"DROP TRIGGER IF EXISTS outbox_{table}")
        op.execute(f"INSERT INTO sync_record (kind, record_id) SELECT '{kind}', t.id "
                   f"FROM {table} AS t WHERE NOT EXISTS (SELECT 1 FROM sync_outbox AS o "
                   f"WHERE o.kind = '{kind}' AND o.record_id = t.id)")
    op.drop_table("sync_outbox")
