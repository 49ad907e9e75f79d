"""central: the server refuses same id with other content; BAG verblijfsobjecten

Revision ID: c0002
Revises: c0001
Create Date: 2026-12-02 09:00:00
"""

from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

SURVEY = ("observation", "revision", "photo")
# The one column a redaction may blank (set keys to null) in place; photos have none.
BLANKABLE = {"observation": '"values"', "revision": "body", "photo": None}

# Whether ``new`` differs from ``old`` only by keys set to null (a redaction's blanking).
ONLY_BLANKED = """
CREATE FUNCTION otb_only_blanked(old jsonb, new jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT old IS NOT DISTINCT FROM new OR (
        jsonb_typeof(old) = 'object' AND jsonb_typeof(new) = 'object'
        AND ARRAY(SELECT jsonb_object_keys(old) ORDER BY 1)
            = ARRAY(SELECT jsonb_object_keys(new) ORDER BY 1)
        AND NOT EXISTS (SELECT 1 FROM jsonb_each(new) n
                        WHERE n.value <> 'null'::jsonb AND n.value <> old -> n.key))
$$;
"""

# A record's content as one comparable value: every column but the server's own (txid, the
# generated subject), supersedes as a sorted set.
CONTENT = (
    "to_jsonb({row}) - 'txid' - 'subject' || jsonb_build_object('supersedes', "
    "(SELECT coalesce(jsonb_agg(s ORDER BY s), '[]') FROM unnest({row}.supersedes) s))"
)
CONTENT_PHOTO = "to_jsonb({row}) - 'txid'"

# Insert-if-absent (ON CONFLICT DO NOTHING) must never hide a different record under a known
# id: a row-level BEFORE INSERT trigger runs for every proposed row, also one that would
# then be skipped, and refuses it loudly when the stored record with that id has another
# content (after blanking what redactions of that record blanked). The same content passes
# and is skipped by ON CONFLICT as before.
SAME_ID = """
CREATE FUNCTION otb_same_id_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stored jsonb;
    arriving jsonb;
    redaction record;
BEGIN
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

# Append-only: nobody (not even the owner, not even through a policy) changes the content of
# a synced record in place. The one exception is a redaction: it only blanks values.
NO_UPDATE = """
CREATE FUNCTION otb_append_only_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - 'txid' - 'subject' {minus}) IS DISTINCT FROM
            (to_jsonb(OLD) - 'txid' - 'subject' {minus}){blank_check} THEN
        RAISE EXCEPTION 'record % is append-only ({table}): its content is never changed '
            'in place', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER append_only BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION otb_append_only_{table}();
"""

PROVENANCE = """
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    device_id text NOT NULL,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()"""

# A point; the laptop keeps x/y (SQLite has no geometry index for points), the server adds
# the PostGIS point for those who query it there.
VERBLIJFSOBJECT = f"""
CREATE TABLE verblijfsobject (
    id text PRIMARY KEY,
    bag_id text NOT NULL UNIQUE,
    pand_bag_id text,
    floor_area_m2 float8,
    uses jsonb NOT NULL DEFAULT '[]',
    residential boolean NOT NULL DEFAULT false,
    status text,
    x float8 NOT NULL,
    y float8 NOT NULL,
    geometry geometry(Point, 28992)
        GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(x, y), 28992)) STORED,
    source text,
    updated_at timestamptz NOT NULL,
    {PROVENANCE}
);
CREATE INDEX ix_verblijfsobject_geometry ON verblijfsobject USING gist (geometry);
CREATE INDEX ix_verblijfsobject_txid ON verblijfsobject (txid, id);
CREATE TRIGGER restamp BEFORE UPDATE ON verblijfsobject
    FOR EACH ROW EXECUTE FUNCTION otb_restamp();
GRANT SELECT ON verblijfsobject TO otb_field;
ALTER TABLE verblijfsobject ENABLE ROW LEVEL SECURITY;
ALTER TABLE verblijfsobject FORCE ROW LEVEL SECURITY;
CREATE POLICY read_all ON verblijfsobject FOR SELECT TO otb_field USING (true);
GRANT INSERT, UPDATE ON verblijfsobject TO otb_admin;
CREATE POLICY admin_write ON verblijfsobject FOR INSERT TO otb_admin WITH CHECK (true);
CREATE POLICY admin_update ON verblijfsobject FOR UPDATE TO otb_admin
    USING (true) WITH CHECK (true);
"""


def _same_id(table: str) -> str:
    template = CONTENT_PHOTO if table == "photo" else CONTENT
    column = BLANKABLE[table]
    redactions = ""
    if column:
        record_test = "= 'observation'" if table == "observation" else "<> 'observation'"
        redactions = REDACTIONS.format(record_test=record_test, column=f"'{column.strip(chr(34))}'")
    return SAME_ID.format(
        table=table,
        content_old=template.format(row="o"),
        content_new=template.format(row="NEW"),
        redactions=redactions,
    )


def _no_update(table: str) -> str:
    column = BLANKABLE[table]
    if column is None:
        return NO_UPDATE.format(table=table, minus="", blank_check="")
    name = column.strip('"')
    return NO_UPDATE.format(
        table=table,
        minus=f"- '{name}'",
        blank_check=f" OR NOT otb_only_blanked(OLD.{column}, NEW.{column})",
    )


def upgrade() -> None:
    op.execute(ONLY_BLANKED)
    for table in SURVEY:
        op.execute(_same_id(table))
        op.execute(_no_update(table))
    op.execute(VERBLIJFSOBJECT)


def downgrade() -> None:
    op.execute("DROP TABLE verblijfsobject")
    for table in SURVEY:
        op.execute(f"DROP TRIGGER same_id ON {table}")
        op.execute(f"DROP TRIGGER append_only ON {table}")
        op.execute(f"DROP FUNCTION otb_same_id_{table}, otb_append_only_{table}")
    op.execute("DROP FUNCTION otb_only_blanked")
