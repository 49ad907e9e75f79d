"""edge check by index: the supersedes check looks arrived ids up, never scans the table

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-02 10:00:00

The check of c0001 found "rows that supersede an arrived row" with ``supersedes && arrived``,
which the planner ran as a scan of the whole table for every pushed batch (1.6 s per batch of
2 000 at 78 000 observations, growing with the table). Now each arrived id is looked up in
the GIN index (``supersedes @> ARRAY[id]``, a few microseconds each); the function forbids
sequential scans of the tables so the plan cannot fall back to one (and switches JIT off,
which the forbidden plans' inflated costs would otherwise trigger). The GIN indexes stop
using the pending list (``fastupdate``): a search reads the whole list, and a pushed batch
searches once per arrived row. The rules checked are the same as in c0001.
"""
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

EDGE_CHECK = """
CREATE OR REPLACE FUNCTION otb_check_{table}_edges() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off AS $$
DECLARE
    wrong text;
    referenced text[];
BEGIN
    -- Edges of the arrived rows whose older end is here.
    SELECT n.id INTO wrong FROM new_rows n, unnest(n.supersedes) s(old)
        JOIN {table} o ON o.id = s.old
        WHERE o.subject <> n.subject OR o.id = n.id LIMIT 1;
    -- Arrived rows that something (arrived earlier or now) supersedes.
    referenced := ARRAY(SELECT n.id FROM new_rows n WHERE EXISTS (
        SELECT 1 FROM {table} r WHERE r.supersedes @> ARRAY[n.id]));
    IF wrong IS NULL AND cardinality(referenced) > 0 THEN
        SELECT n.id INTO wrong FROM new_rows n JOIN {table} r
            ON r.supersedes @> ARRAY[n.id]
            WHERE n.id = ANY(referenced) AND r.subject <> n.subject LIMIT 1;
    END IF;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'supersedes edge of % crosses subjects or points at itself ({table})',
            wrong USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF cardinality(referenced) = 0 THEN
        RETURN NULL;
    END IF;
    -- A cycle can only close through a record that something already supersedes.
    WITH RECURSIVE walk(start, id) AS (
        SELECT x.id, unnest(o.supersedes) FROM unnest(referenced) x(id)
            JOIN {table} o ON o.id = x.id
        UNION
        SELECT w.start, unnest(o.supersedes) FROM walk w JOIN {table} o ON o.id = w.id
    )
    SELECT start INTO wrong FROM walk WHERE id = start LIMIT 1;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'supersedes edges of % form a cycle', wrong
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
ALTER INDEX ix_{table}_supersedes SET (fastupdate = off);
SELECT gin_clean_pending_list('ix_{table}_supersedes');
"""

OLD_SETTINGS = """
ALTER FUNCTION otb_check_{table}_edges() RESET ALL;
ALTER INDEX ix_{table}_supersedes RESET (fastupdate);
"""


def upgrade() -> None:
    for table in ("observation", "revision"):
        op.execute(EDGE_CHECK.format(table=table))


def downgrade() -> None:
    # The c0001 bodies check the same rules (only slower): the settings go back.
    for table in ("observation", "revision"):
        op.execute(OLD_SETTINGS.format(table=table))
