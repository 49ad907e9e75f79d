"""photo revisions: captions, withdrawals and moves as an append-only family

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 07:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_revision',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),  # UtcDateTime (ISO text)
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photo_revision'))
    )
    with op.batch_alter_table('photo_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_revision_subject_id'), ['subject_id'],
                              unique=False)
    op.create_table('photo_revision_supersedes',
    sa.Column('revision_id', sa.String(length=36), nullable=False),
    sa.Column('superseded_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('revision_id', 'superseded_id',
                            name=op.f('pk_photo_revision_supersedes'))
    )
    with op.batch_alter_table('photo_revision_supersedes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_photo_revision_supersedes_superseded_id'),
                              ['superseded_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('photo_revision_supersedes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_revision_supersedes_superseded_id'))
    op.drop_table('photo_revision_supersedes')
    with op.batch_alter_table('photo_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_photo_revision_subject_id'))
    op.drop_table('photo_revision')
