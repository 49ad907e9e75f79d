"""sync: confirmed records (the outbox is what is not here) and pull cursors

Revision ID: 0009
Revises: 0002
Create Date: 2026-11-30 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_record',
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'record_id', name=op.f('pk_sync_record'))
    )
    op.create_table('sync_cursor',
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('txid', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_sync_cursor'))
    )


def downgrade() -> None:
    op.drop_table('sync_cursor')
    op.drop_table('sync_record')
