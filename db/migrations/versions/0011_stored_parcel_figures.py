"""Stored derived figures per parcel

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 08:05:00

``parcel_figures`` holds every parcel's derived figures (JSON, one key per figure of
domain.figures.STORED_FIGURES); ``parcel_figures_stale`` lists parcels whose inputs changed in
the open write unit, filled by triggers on observations, parcels, buildings and parks. Every
existing parcel starts stale: the next open computes them once. The trigger statements are
copied from otb_desktop/persistence/figure_store.py (a migration imports no application code).
"""
import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

_MARK = "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id) "
_NEAR = ("SELECT p.id FROM parcel AS p JOIN parcel_rtree AS r ON r.id = p.rowid "
         "WHERE r.min_x <= {0}.max_x AND r.max_x >= {0}.min_x "
         "AND r.min_y <= {0}.max_y AND r.max_y >= {0}.min_y")
TRIGGERS = {
    "figures_observation_insert": "AFTER INSERT ON observation BEGIN "
    + _MARK + "VALUES (new.parcel_id); END",
    "figures_observation_delete": "AFTER DELETE ON observation BEGIN "
    + _MARK + "VALUES (old.parcel_id); END",
    "figures_supersedes_insert": "AFTER INSERT ON observation_supersedes BEGIN "
    + _MARK + "SELECT parcel_id FROM observation WHERE id = new.superseded_id; END",
    "figures_supersedes_delete": "AFTER DELETE ON observation_supersedes BEGIN "
    + _MARK + "SELECT parcel_id FROM observation WHERE id = old.superseded_id; END",
    "figures_parcel_insert": "AFTER INSERT ON parcel BEGIN "
    + _MARK + "VALUES (new.id); END",
    "figures_parcel_update": "AFTER UPDATE OF geometry, area_m2, park_id ON parcel BEGIN "
    + _MARK + "VALUES (new.id); END",
    "figures_building_insert": "AFTER INSERT ON building BEGIN "
    + _MARK + _NEAR.format("new") + "; END",
    "figures_building_delete": "AFTER DELETE ON building BEGIN "
    + _MARK + _NEAR.format("old") + "; END",
    "figures_building_update": "AFTER UPDATE OF geometry, storeys, height_m, min_x, min_y, "
    "max_x, max_y ON building BEGIN " + _MARK + _NEAR.format("old") + "; "
    + _MARK + _NEAR.format("new") + "; END",
    "figures_park_update": "AFTER UPDATE OF profile ON business_park BEGIN "
    + _MARK + "SELECT id FROM parcel WHERE park_id = new.id; END",
    # A dwelling (BAG verblijfsobject) changes floor areas and distances, possibly far away:
    # one marker row "*" means "every parcel" (figure_store.refresh expands it once).
    "figures_verblijfsobject_insert": "AFTER INSERT ON verblijfsobject BEGIN "
    + _MARK + "VALUES ('*'); END",
    "figures_verblijfsobject_delete": "AFTER DELETE ON verblijfsobject BEGIN "
    + _MARK + "VALUES ('*'); END",
    "figures_verblijfsobject_update": "AFTER UPDATE ON verblijfsobject BEGIN "
    + _MARK + "VALUES ('*'); END",
}


def upgrade() -> None:
    op.create_table(
        "parcel_figures",
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcel.id"], ondelete="CASCADE",
                                name=op.f("fk_parcel_figures_parcel_id_parcel")),
        sa.PrimaryKeyConstraint("parcel_id", name=op.f("pk_parcel_figures")))
    op.create_table(
        "parcel_figures_stale",
        sa.Column("parcel_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("parcel_id", name=op.f("pk_parcel_figures_stale")))
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO parcel_figures_stale (parcel_id) SELECT id FROM parcel")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("parcel_figures_stale")
    op.drop_table("parcel_figures")
