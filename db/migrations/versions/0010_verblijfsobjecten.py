"""BAG verblijfsobjecten (issue 6: floor areas per parcel, distance to dwellings)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 07:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # UtcDateTime is stored as ISO-8601 text of at most 32 characters (String(32)).
    op.create_table('verblijfsobject',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('bag_id', sa.String(length=40), nullable=False),
    sa.Column('pand_bag_id', sa.String(length=40), nullable=True),
    sa.Column('floor_area_m2', sa.Float(), nullable=True),
    sa.Column('uses', sa.JSON(), nullable=False),
    sa.Column('residential', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=80), nullable=True),
    sa.Column('x', sa.Float(), nullable=False),
    sa.Column('y', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verblijfsobject')),
    sa.UniqueConstraint('bag_id', name=op.f('uq_verblijfsobject_bag_id'))
    )
    op.create_index(op.f('ix_verblijfsobject_pand_bag_id'), 'verblijfsobject',
                    ['pand_bag_id'], unique=False)
    op.create_index(op.f('ix_verblijfsobject_residential'), 'verblijfsobject',
                    ['residential'], unique=False)
    op.create_index(op.f('ix_verblijfsobject_x'), 'verblijfsobject', ['x'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_verblijfsobject_x'), table_name='verblijfsobject')
    op.drop_index(op.f('ix_verblijfsobject_residential'), table_name='verblijfsobject')
    op.drop_index(op.f('ix_verblijfsobject_pand_bag_id'), table_name='verblijfsobject')
    op.drop_table('verblijfsobject')
