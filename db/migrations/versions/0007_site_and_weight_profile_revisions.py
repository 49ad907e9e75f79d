"""sites and weight profiles as append-only revision families

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-30 07:00:00

Every existing ``site`` row (with its ``site_parcel`` members) becomes the first revision of
its site in ``site_revision``; the site keeps its id as the revision's subject id, so
references to it stay valid. Then ``site`` and ``site_parcel`` go: the revisions are the only
place a site lives. Plain SQLAlchemy types only: a migration never imports the application.
"""
import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None

FAMILIES = ("site_revision", "weight_profile_revision")
STAGES = {"inventoried", "prioritised", "approach_chosen", "in_redevelopment", "done",
          "dropped"}


def _create_family(name: str) -> None:
    op.create_table(
        name,
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('subject_id', sa.String(length=36), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')))
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_subject_id'), ['subject_id'], unique=False)
    edge = f"{name}_supersedes"
    op.create_table(
        edge,
        sa.Column('revision_id', sa.String(length=36), nullable=False),
        sa.Column('superseded_id', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('revision_id', 'superseded_id', name=op.f(f'pk_{edge}')))
    with op.batch_alter_table(edge, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{edge}_superseded_id'), ['superseded_id'],
                              unique=False)


def _loads(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def _old_selection(raw) -> dict:
    """Old rows held {vraagstuk: {"option", "motivation"}} (or just the option)."""
    selection = {}
    for code, choice in _loads(raw).items():
        if isinstance(choice, str):
            choice = {"option": choice}
        selection[code] = {"option": choice.get("option", ""),
                           "motivation": choice.get("motivation", "")}
    return selection


def upgrade() -> None:
    for family in FAMILIES:
        _create_family(family)
    bind = op.get_bind()
    members: dict[str, list[str]] = {}
    for site_id, parcel_id in bind.execute(sa.text("SELECT site_id, parcel_id FROM site_parcel")):
        members.setdefault(site_id, []).append(parcel_id)
    revisions = sa.table(
        "site_revision", sa.column("id", sa.String), sa.column("subject_id", sa.String),
        sa.column("body", sa.JSON), sa.column("created_at", sa.String),
        sa.column("created_by", sa.String), sa.column("device_id", sa.String))
    rows = []
    for row in bind.execute(sa.text(
            "SELECT id, name, stage, approach, roles, issue_selection, intake_status, "
            "created_at, created_by, device_id FROM site")).mappings():
        stage = row["stage"] if row["stage"] in STAGES else "inventoried"
        body = {
            "schema": 1, "name": row["name"], "parcel_ids": sorted(members.get(row["id"], [])),
            "stage": stage, "approach": row["approach"] or "",
            "roles": {"codes": list(_loads(row["roles"]) or [])},
            "selection": _old_selection(row["issue_selection"]),
            "intake_status": row["intake_status"] or "none",
        }
        rows.append({"id": str(uuid.uuid4()), "subject_id": row["id"], "body": body,
                     "created_at": row["created_at"], "created_by": row["created_by"],
                     "device_id": row["device_id"]})
    if rows:
        op.bulk_insert(revisions, rows)
    op.drop_table('site_parcel')
    op.drop_table('site')


def downgrade() -> None:
    op.create_table(
        'site',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('stage', sa.String(length=30), nullable=False),
        sa.Column('approach', sa.Text(), nullable=False),
        sa.Column('roles', sa.JSON(), nullable=False),
        sa.Column('issue_selection', sa.JSON(), nullable=False),
        sa.Column('intake_status', sa.String(length=30), nullable=False),
        sa.Column('created_at', sa.String(length=32), nullable=False),
        sa.Column('created_by', sa.String(length=100), nullable=False),
        sa.Column('device_id', sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site')))
    op.create_table(
        'site_parcel',
        sa.Column('site_id', sa.String(length=36), nullable=False),
        sa.Column('parcel_id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['parcel_id'], ['parcel.id'],
                                name=op.f('fk_site_parcel_parcel_id_parcel')),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_site_parcel_site_id_site')),
        sa.PrimaryKeyConstraint('site_id', 'parcel_id', name=op.f('pk_site_parcel')))
    bind = op.get_bind()
    # The newest head of each site goes back into the old tables (history cannot).
    heads = bind.execute(sa.text(
        "SELECT subject_id, body, created_at, created_by, device_id FROM site_revision r "
        "WHERE NOT EXISTS (SELECT 1 FROM site_revision_supersedes e "
        "WHERE e.superseded_id = r.id) ORDER BY created_at")).all()
    latest = {subject: (body, at, by, device) for subject, body, at, by, device in heads}
    for subject, (body, at, by, device) in latest.items():
        body = _loads(body)
        roles = body.get("roles") or {}
        bind.execute(sa.text(
            "INSERT INTO site (id, name, stage, approach, roles, issue_selection, "
            "intake_status, created_at, created_by, device_id) VALUES (:id, :name, :stage, "
            ":approach, :roles, :sel, :intake, :at, :by, :device)"),
            {"id": subject, "name": body.get("name", ""),
             "stage": body.get("stage", "inventoried"), "approach": body.get("approach", ""),
             "roles": json.dumps(roles.get("codes", []) if isinstance(roles, dict) else roles),
             "sel": json.dumps({c: {"option": e.get("option", ""),
                                    "motivation": e.get("motivation", "")}
                                for c, e in (body.get("selection") or {}).items()}),
             "intake": body.get("intake_status", "none"), "at": at, "by": by,
             "device": device})
        for parcel_id in body.get("parcel_ids", []):
            bind.execute(sa.text("INSERT INTO site_parcel (site_id, parcel_id) VALUES (:s, :p)"),
                         {"s": subject, "p": parcel_id})
    for family in reversed(FAMILIES):
        op.drop_table(f"{family}_supersedes")
        op.drop_table(family)
