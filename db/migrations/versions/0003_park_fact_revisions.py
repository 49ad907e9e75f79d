"""park fact revisions (issue 6: facts per park, append-only)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 07:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # UtcDateTime is stored as ISO-8601 text of at most 32 characters (String(32)).
    op.create_table('park_fact_revision',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_park_fact_revision'))
    )
    op.create_index(op.f('ix_park_fact_revision_subject_id'), 'park_fact_revision',
                    ['subject_id'], unique=False)
    op.create_table('park_fact_revision_supersedes',
    sa.Column('revision_id', sa.String(length=36), nullable=False),
    sa.Column('superseded_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('revision_id', 'superseded_id',
                            name=op.f('pk_park_fact_revision_supersedes'))
    )
    op.create_index(op.f('ix_park_fact_revision_supersedes_superseded_id'),
                    'park_fact_revision_supersedes', ['superseded_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_park_fact_revision_supersedes_superseded_id'),
                  table_name='park_fact_revision_supersedes')
    op.drop_table('park_fact_revision_supersedes')
    op.drop_index(op.f('ix_park_fact_revision_subject_id'), table_name='park_fact_revision')
    op.drop_table('park_fact_revision')
