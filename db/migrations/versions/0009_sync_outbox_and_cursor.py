"""sync: confirmed records (the outbox is what is not here), pull cursors, redactions

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_record',
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'record_id', name=op.f('pk_sync_record'))
    )
    op.create_table('redaction_revision',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_redaction_revision'))
    )
    with op.batch_alter_table('redaction_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_revision_subject_id'), ['subject_id'],
                              unique=False)
    op.create_table('redaction_revision_supersedes',
    sa.Column('revision_id', sa.String(length=36), nullable=False),
    sa.Column('superseded_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('revision_id', 'superseded_id',
                            name=op.f('pk_redaction_revision_supersedes'))
    )
    with op.batch_alter_table('redaction_revision_supersedes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_revision_supersedes_superseded_id'),
                              ['superseded_id'], unique=False)
    op.create_table('sync_cursor',
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('txid', sa.Integer(), nullable=False),
    sa.Column('last_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_sync_cursor'))
    )


def downgrade() -> None:
    op.drop_table('sync_cursor')
    op.drop_table('redaction_revision_supersedes')
    op.drop_table('redaction_revision')
    op.drop_table('sync_record')
