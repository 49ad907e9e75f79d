"""Whether a stale parcel's geometry-derived figures changed too

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:10:00

``parcel_figures_stale.geometry_stale``: 1 when the parcel's shape, area or park, a building
near it or a dwelling (BAG verblijfsobject) changed, so its built footprint, floor area and
distance to dwellings are computed again; 0 when only its observations or supersedes edges
did (saves, imports, a sync's pull), so the refresh recomputes its heads and takes those areas
from the figures it stored (persistence/figure_store.py). The observation triggers mark with
0 and never lower a 1 (INSERT OR IGNORE); every other trigger marks with 1, replacing a 0.
The triggers are those of migrations 0011 and 0012 with these marks (made here again: a
migration imports no application code).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_NEAR = ("SELECT p.id FROM parcel AS p JOIN parcel_rtree AS r ON r.id = p.rowid "
         "WHERE r.min_x <= {0}.max_x AND r.max_x >= {0}.min_x "
         "AND r.min_y <= {0}.max_y AND r.max_y >= {0}.min_y")


def _triggers(observations: str, geometry: str, zero: str) -> dict[str, str]:
    """The figure triggers of 0011 and 0012; ``observations`` and ``geometry`` start the
    statement that marks a parcel, ``zero`` is what an observation's mark adds to its id."""
    return {
        "figures_observation_insert": "AFTER INSERT ON observation BEGIN "
        + observations + f"VALUES (new.parcel_id{zero}); END",
        "figures_observation_delete": "AFTER DELETE ON observation BEGIN "
        + observations + f"VALUES (old.parcel_id{zero}); END",
        "figures_observation_update": "AFTER UPDATE ON observation BEGIN "
        + observations + f"VALUES (old.parcel_id{zero}); "
        + observations + f"VALUES (new.parcel_id{zero}); END",
        "figures_supersedes_insert": "AFTER INSERT ON observation_supersedes BEGIN "
        + observations + f"SELECT parcel_id{zero} FROM observation WHERE id = "
        "new.superseded_id; END",
        "figures_supersedes_delete": "AFTER DELETE ON observation_supersedes BEGIN "
        + observations + f"SELECT parcel_id{zero} FROM observation WHERE id = "
        "old.superseded_id; END",
        "figures_parcel_insert": "AFTER INSERT ON parcel BEGIN "
        + geometry + "VALUES (new.id); END",
        "figures_parcel_update": "AFTER UPDATE OF geometry, area_m2, park_id ON parcel BEGIN "
        + geometry + "VALUES (new.id); END",
        "figures_building_insert": "AFTER INSERT ON building BEGIN "
        + geometry + _NEAR.format("new") + "; END",
        "figures_building_delete": "AFTER DELETE ON building BEGIN "
        + geometry + _NEAR.format("old") + "; END",
        "figures_building_update": "AFTER UPDATE OF geometry, storeys, height_m, min_x, "
        "min_y, max_x, max_y ON building BEGIN " + geometry + _NEAR.format("old") + "; "
        + geometry + _NEAR.format("new") + "; END",
        "figures_park_update": "AFTER UPDATE OF profile ON business_park BEGIN "
        + geometry + "SELECT id FROM parcel WHERE park_id = new.id; END",
        "figures_verblijfsobject_insert": "AFTER INSERT ON verblijfsobject BEGIN "
        + geometry + "VALUES ('*'); END",
        "figures_verblijfsobject_delete": "AFTER DELETE ON verblijfsobject BEGIN "
        + geometry + "VALUES ('*'); END",
        "figures_verblijfsobject_update": "AFTER UPDATE ON verblijfsobject BEGIN "
        + geometry + "VALUES ('*'); END",
    }


TRIGGERS = _triggers(
    "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id, geometry_stale) ",
    "INSERT OR REPLACE INTO parcel_figures_stale (parcel_id) ", ", 0")
_OLD_MARK = "INSERT OR IGNORE INTO parcel_figures_stale (parcel_id) "
OLD_TRIGGERS = _triggers(_OLD_MARK, _OLD_MARK, "")


def _make(triggers: dict[str, str]) -> None:
    for name, body in triggers.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(f"CREATE TRIGGER {name} {body}")


def upgrade() -> None:
    op.add_column("parcel_figures_stale", sa.Column(
        "geometry_stale", sa.Integer(), server_default=sa.text("1"), nullable=False))
    _make(TRIGGERS)


def downgrade() -> None:
    _make(OLD_TRIGGERS)
    op.execute("ALTER TABLE parcel_figures_stale DROP COLUMN geometry_stale")
