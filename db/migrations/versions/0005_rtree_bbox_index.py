"""R*Tree indexes for the bounding boxes of parcels and buildings

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-30 07:00:00

The B-tree indexes ix_parcel_bbox / ix_building_bbox narrowed a box query only on min_x.
SQLite's rtree module narrows on all four sides. Each table gets ``<table>_rtree`` keyed by
the row's rowid, filled from the existing rows, and triggers that keep it in step. The same
statements are in otb_desktop/persistence/spatial_index.py (which repairs the index after a
table rebuild); they are copied here because a migration must not import application code.
"""
from alembic import op


revision = '0005'
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("parcel", "building")


def _create(name: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {name}_rtree USING rtree(id, min_x, max_x, min_y, max_y)",
        f"INSERT INTO {name}_rtree SELECT rowid, min_x, max_x, min_y, max_y FROM {name}",
        f"CREATE TRIGGER {name}_rtree_insert AFTER INSERT ON {name} BEGIN "
        f"INSERT INTO {name}_rtree VALUES (new.rowid, new.min_x, new.max_x, new.min_y, "
        "new.max_y); END",
        f"CREATE TRIGGER {name}_rtree_update AFTER UPDATE OF min_x, min_y, max_x, max_y "
        f"ON {name} BEGIN UPDATE {name}_rtree SET min_x = new.min_x, max_x = new.max_x, "
        "min_y = new.min_y, max_y = new.max_y WHERE id = new.rowid; END",
        f"CREATE TRIGGER {name}_rtree_delete AFTER DELETE ON {name} BEGIN "
        f"DELETE FROM {name}_rtree WHERE id = old.rowid; END",
    ]


def upgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_bbox", table_name=name)
        for statement in _create(name):
            op.execute(statement)


def downgrade() -> None:
    for name in TABLES:
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}_rtree_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {name}_rtree")
        op.create_index(f"ix_{name}_bbox", name, ["min_x", "max_x", "min_y", "max_y"],
                        unique=False)
