"""central schema: reference data, survey records, revision families, photos, roles, RLS

Revision ID: c0001
Revises:
Create Date: 2026-11-30 07:00:00
"""
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

GROUPS = ("otb_field", "otb_coordinator", "otb_admin")
# Families a field user may write (photo captions, site proposals); every other family
# (park facts, weight profiles, intakes, ...) is for coordinators.
FIELD_FAMILIES = ("photo_revision", "site_revision")

PROVENANCE = """
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    device_id text NOT NULL,
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()"""

BOUNDED = """
    geometry geometry(Geometry, 28992) NOT NULL
        CHECK (ST_GeometryType(geometry) IN ('ST_Polygon', 'ST_MultiPolygon')),
    min_x float8 NOT NULL, min_y float8 NOT NULL, max_x float8 NOT NULL, max_y float8 NOT NULL"""

SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE business_park (
    id text PRIMARY KEY,
    name text NOT NULL UNIQUE,
    in_scope boolean NOT NULL,
    profile text NOT NULL,
    geometry geometry(Geometry, 28992),
    {PROVENANCE}
);

CREATE TABLE parcel (
    id text PRIMARY KEY,
    designation text NOT NULL UNIQUE,
    akr_code text, section text, number integer, short_key text,
    area_m2 float8 NOT NULL,
    registered_area_m2 float8,
    park_id text REFERENCES business_park (id),
    addresses jsonb NOT NULL DEFAULT '[]',
    source text, source_id text,
    updated_at timestamptz NOT NULL,
    {BOUNDED},
    {PROVENANCE}
);
CREATE INDEX ix_parcel_geometry ON parcel USING gist (geometry);

CREATE TABLE building (
    id text PRIMARY KEY,
    bag_id text NOT NULL UNIQUE,
    height_m float8, storeys integer, year_built integer, status text, source text,
    updated_at timestamptz NOT NULL,
    {BOUNDED},
    {PROVENANCE}
);
CREATE INDEX ix_building_geometry ON building USING gist (geometry);

CREATE TABLE observation (
    id text PRIMARY KEY,
    parcel_id text NOT NULL REFERENCES parcel (id),
    topic text NOT NULL,
    "values" jsonb NOT NULL,
    observed_at timestamptz NOT NULL,
    supersedes text[] NOT NULL DEFAULT '{{}}',
    subject text GENERATED ALWAYS AS (parcel_id || ' ' || topic) STORED,
    {PROVENANCE}
);
CREATE INDEX ix_observation_supersedes ON observation USING gin (supersedes);

CREATE TABLE revision (
    id text PRIMARY KEY,
    family text NOT NULL,
    subject_id text NOT NULL,
    body jsonb NOT NULL,
    supersedes text[] NOT NULL DEFAULT '{{}}',
    subject text GENERATED ALWAYS AS (family || ' ' || subject_id) STORED,
    {PROVENANCE}
);
CREATE INDEX ix_revision_supersedes ON revision USING gin (supersedes);

CREATE TABLE photo_blob (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    data bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Uploads in progress: chunks are appended until the bytes hash to the name.
CREATE TABLE photo_upload (
    sha256 text PRIMARY KEY,
    data bytea NOT NULL DEFAULT '',
    uploaded_by text NOT NULL DEFAULT current_user
);

CREATE TABLE photo (
    id text PRIMARY KEY,
    parcel_id text NOT NULL REFERENCES parcel (id),
    sha256 text NOT NULL REFERENCES photo_blob (sha256),
    caption text NOT NULL DEFAULT '',
    taken_at timestamptz,
    width integer NOT NULL, height integer NOT NULL,
    {PROVENANCE}
);

-- Pull pages walk (txid, id) per table.
CREATE INDEX ix_business_park_txid ON business_park (txid, id);
CREATE INDEX ix_parcel_txid ON parcel (txid, id);
CREATE INDEX ix_building_txid ON building (txid, id);
CREATE INDEX ix_observation_txid ON observation (txid, id);
CREATE INDEX ix_revision_txid ON revision (txid, id);
CREATE INDEX ix_photo_txid ON photo (txid, id);

-- Reference data is updated in place by the administrator only; the update is a new
-- transaction id, so laptops pull the row again.
CREATE FUNCTION otb_restamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.txid := pg_current_xact_id();
    RETURN NEW;
END $$;
CREATE TRIGGER restamp BEFORE UPDATE ON business_park FOR EACH ROW EXECUTE FUNCTION otb_restamp();
CREATE TRIGGER restamp BEFORE UPDATE ON parcel FOR EACH ROW EXECUTE FUNCTION otb_restamp();
CREATE TRIGGER restamp BEFORE UPDATE ON building FOR EACH ROW EXECUTE FUNCTION otb_restamp();

-- A coordinator's redaction (AVG) blanks one value of a record everywhere; the record keeps
-- its id and its place in the supersedes chain. Runs as the owner: nobody else may UPDATE.
CREATE FUNCTION otb_apply_redaction() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    field text := NEW.body->>'field';
BEGIN
    IF NEW.family <> 'redaction_revision' OR field IS NULL THEN
        RETURN NULL;
    END IF;
    IF NEW.body->>'record' = 'observation' THEN
        UPDATE observation SET "values" = jsonb_set("values", ARRAY[field], 'null', false)
            WHERE id = NEW.subject_id;
    ELSE
        UPDATE revision SET body = jsonb_set(body, ARRAY[field], 'null', false)
            WHERE id = NEW.subject_id AND family <> 'redaction_revision';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER apply_redaction AFTER INSERT ON revision
    FOR EACH ROW EXECUTE FUNCTION otb_apply_redaction();

-- Photo bytes: appended in chunks (resumable), published when they hash to their name.
CREATE FUNCTION otb_upload_chunk(name text, at bigint, chunk bytea) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    have bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM photo_blob WHERE sha256 = name) THEN
        RETURN -1;
    END IF;
    INSERT INTO photo_upload (sha256) VALUES (name) ON CONFLICT DO NOTHING;
    SELECT length(data) INTO have FROM photo_upload WHERE sha256 = name FOR UPDATE;
    IF at = have THEN
        UPDATE photo_upload SET data = data || chunk WHERE sha256 = name;
        have := have + length(chunk);
    END IF;
    RETURN have;
END $$;

CREATE FUNCTION otb_finish_upload(name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM photo_blob WHERE sha256 = name) THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM photo_upload WHERE sha256 = name
                   AND encode(sha256(data), 'hex') = name) THEN
        RETURN false;
    END IF;
    INSERT INTO photo_blob (sha256, data)
        SELECT sha256, data FROM photo_upload WHERE sha256 = name;
    DELETE FROM photo_upload WHERE sha256 = name;
    RETURN true;
END $$;
"""

# Supersedes edges are validated on arrival, whichever end arrives first: both ends have the
# same subject (parcel and topic; family and subject) and no edge closes a cycle. One check
# per INSERT statement over all its rows (a pushed batch is one statement), set-based.
EDGE_CHECK = """
CREATE FUNCTION otb_check_{table}_edges() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wrong text;
    arrived text[];
BEGIN
    SELECT array_agg(id) INTO arrived FROM new_rows;
    SELECT n.id INTO wrong FROM new_rows n, unnest(n.supersedes) s(old)
        JOIN {table} o ON o.id = s.old
        WHERE o.subject <> n.subject OR o.id = n.id LIMIT 1;
    IF wrong IS NULL THEN
        SELECT n.id INTO wrong FROM {table} r, unnest(r.supersedes) s(old)
            JOIN new_rows n ON n.id = s.old
            WHERE r.supersedes && arrived AND r.subject <> n.subject LIMIT 1;
    END IF;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'supersedes edge of % crosses subjects or points at itself ({table})',
            wrong USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- A cycle can only close through a record that something already supersedes.
    WITH RECURSIVE referenced AS (
        SELECT DISTINCT s.old AS id FROM {table} r, unnest(r.supersedes) s(old)
        WHERE r.supersedes && arrived AND s.old = ANY(arrived)
    ), walk(start, id) AS (
        SELECT x.id, unnest(o.supersedes) FROM referenced x JOIN {table} o ON o.id = x.id
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
CREATE TRIGGER check_edges AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION otb_check_{table}_edges();
"""
EDGE_CHECKS = "".join(EDGE_CHECK.format(table=t) for t in ("observation", "revision"))

SURVEY = ("observation", "revision", "photo")
REFERENCE = ("business_park", "parcel", "building")


def _roles_and_security() -> str:
    statements = []
    for group in GROUPS:
        statements.append(f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN
                CREATE ROLE {group} NOLOGIN;
            END IF; END $$;""")
    statements += ["GRANT otb_field TO otb_coordinator", "GRANT otb_coordinator TO otb_admin",
                   "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC",
                   "REVOKE EXECUTE ON FUNCTION otb_upload_chunk, otb_finish_upload FROM PUBLIC",
                   "GRANT EXECUTE ON FUNCTION otb_upload_chunk, otb_finish_upload TO otb_field",
                   "GRANT SELECT ON alembic_version TO otb_field",
                   "GRANT SELECT ON photo_blob TO otb_field"]
    for table in (*SURVEY, *REFERENCE):
        statements += [f"GRANT SELECT ON {table} TO otb_field",
                       f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                       f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
                       f"CREATE POLICY read_all ON {table} FOR SELECT TO otb_field USING (true)"]
    for table in SURVEY:
        statements += [f"GRANT INSERT ON {table} TO otb_field",
                       # Administrators load demo and migrated records in others' names.
                       f"CREATE POLICY admin_insert ON {table} FOR INSERT TO otb_admin "
                       "WITH CHECK (true)"]
    families = ", ".join(f"'{f}'" for f in FIELD_FAMILIES)
    statements += [
        "CREATE POLICY own_insert ON observation FOR INSERT TO otb_field "
        "WITH CHECK (created_by = current_user)",
        "CREATE POLICY own_insert ON photo FOR INSERT TO otb_field "
        "WITH CHECK (created_by = current_user)",
        "CREATE POLICY field_families ON revision FOR INSERT TO otb_field "
        f"WITH CHECK (created_by = current_user AND family IN ({families}))",
        "CREATE POLICY coordinator_families ON revision FOR INSERT TO otb_coordinator "
        "WITH CHECK (created_by = current_user)",
    ]
    # The schema owner (who ran 'central init') applies redactions through the trigger above.
    statements += [f"CREATE POLICY owner_redacts ON {table} FOR UPDATE TO CURRENT_USER "
                   "USING (true) WITH CHECK (true)" for table in ("observation", "revision")]
    for table in REFERENCE:
        statements += [f"GRANT INSERT, UPDATE ON {table} TO otb_admin",
                       f"CREATE POLICY admin_write ON {table} FOR INSERT TO otb_admin "
                       "WITH CHECK (true)",
                       f"CREATE POLICY admin_update ON {table} FOR UPDATE TO otb_admin "
                       "USING (true) WITH CHECK (true)"]
    return ";\n".join(statements) + ";"


def upgrade() -> None:
    op.execute(SCHEMA)
    op.execute(EDGE_CHECKS)
    op.execute(_roles_and_security())


def downgrade() -> None:
    op.execute("DROP TABLE photo, photo_upload, photo_blob, revision, observation, building, "
               "parcel, business_park CASCADE")
    op.execute("DROP FUNCTION otb_restamp, otb_check_observation_edges, "
               "otb_check_revision_edges, otb_upload_chunk, "
               "otb_finish_upload, otb_apply_redaction")
