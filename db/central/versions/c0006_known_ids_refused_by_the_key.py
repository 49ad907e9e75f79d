"""survey records: the primary key refuses every known id; no insert-if-absent, no same-id trigger

Revision ID: c0006
Revises: c0005
Create Date: 2026-11-30 18:00:00

The same-id trigger of c0002/c0004 ran for every arriving row (an index probe of the table,
about 2.5 µs: a quarter of the server's work for a pushed batch) only because of
insert-if-absent: ``ON CONFLICT DO NOTHING`` skips a row whose id is known, so a different
record under a known id would have been skipped silently; the trigger, which runs before
that skip, refused other content and let the same content through. A plain INSERT needs no
trigger: the primary key refuses every known id itself (unique_violation).

Now insert-if-absent cannot be used at all: the primary keys of observation, revision and
photo are DEFERRABLE (INITIALLY IMMEDIATE, so still checked at the end of each statement),
and PostgreSQL refuses ON CONFLICT whenever a deferrable constraint would be an arbiter
("ON CONFLICT does not support deferrable unique constraints/exclusion constraints as
arbiters"), with or without a conflict target. Every write of a record under a known id is
refused loudly, whoever writes; whether the stored record is the same one (an idempotent
re-send, also one redacted since) is for the client to find out and skip (``_push_known``).
Nothing references these ids with a foreign key (edges are arrays), so a deferrable key is
allowed.
"""
from alembic import op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None

SURVEY = ("observation", "revision", "photo")
BLANKABLE = {"observation": "values", "revision": "body", "photo": None}

KEY = """
ALTER TABLE {table} DROP CONSTRAINT {table}_pkey,
    ADD CONSTRAINT {table}_pkey PRIMARY KEY (id){deferrable};
"""

# The c0004 trigger, for the downgrade.
CONTENT = (
    "to_jsonb({row}) - 'txid' - 'subject' || jsonb_build_object('supersedes', "
    "(SELECT coalesce(jsonb_agg(s ORDER BY s), '[]') FROM unnest({row}.supersedes) s))"
)
CONTENT_PHOTO = "to_jsonb({row}) - 'txid'"

SAME_ID = """
CREATE FUNCTION otb_same_id_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stored jsonb;
    arriving jsonb;
    redaction record;
BEGIN
    -- Nearly every arriving id is new: look it up before building any content.
    PERFORM FROM {table} o WHERE o.id = NEW.id;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    SELECT {content_old} INTO stored FROM {table} o WHERE o.id = NEW.id;
    IF stored IS NULL THEN
        RETURN NEW;
    END IF;
    arriving := {content_new};
    IF stored = arriving THEN
        RETURN NEW;
    END IF;
    {redactions}
    RAISE EXCEPTION 'record % already exists on the server with other content ({table}); '
        'nothing is overwritten', NEW.id
        USING ERRCODE = 'unique_violation',
              DETAIL = 'Same id, different content: a copied or damaged database?';
END $$;
CREATE TRIGGER same_id BEFORE INSERT ON {table}
    FOR EACH ROW EXECUTE FUNCTION otb_same_id_{table}();
"""

REDACTIONS = """FOR redaction IN SELECT body->>'field' AS field FROM revision
        WHERE family = 'redaction_revision' AND subject_id = NEW.id
          AND body->>'field' IS NOT NULL AND coalesce(body->>'record', '') {record_test} LOOP
        arriving := jsonb_set(arriving, ARRAY[{column}, redaction.field], 'null', false);
    END LOOP;
    IF stored = arriving THEN
        RETURN NEW;
    END IF;"""


def _same_id(table: str) -> str:
    template = CONTENT_PHOTO if table == "photo" else CONTENT
    column = BLANKABLE[table]
    redactions = ""
    if column:
        record_test = "= 'observation'" if table == "observation" else "<> 'observation'"
        redactions = REDACTIONS.format(record_test=record_test, column=f"'{column}'")
    return SAME_ID.format(table=table, content_old=template.format(row="o"),
                          content_new=template.format(row="NEW"), redactions=redactions)


def upgrade() -> None:
    for table in SURVEY:
        op.execute(f"DROP TRIGGER same_id ON {table}; DROP FUNCTION otb_same_id_{table}")
        op.execute(KEY.format(table=table, deferrable=" DEFERRABLE INITIALLY IMMEDIATE"))


def downgrade() -> None:
    for table in SURVEY:
        op.execute(KEY.format(table=table, deferrable=""))
        op.execute(_same_id(table))
