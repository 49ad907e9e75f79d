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

-- Supersedes edges are validated on arrival, whichever end arrives first: both ends have the
-- same subject (parcel and topic; family and subject) and no edge closes a cycle.
CREATE FUNCTION otb_check_edges() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wrong text;
BEGIN
    EXECUTE format('SELECT id FROM %I WHERE (id = ANY($1) OR supersedes @> ARRAY[$2]) '
                   'AND subject <> $3 LIMIT 1', TG_TABLE_NAME)
        INTO wrong USING NEW.supersedes, NEW.id, NEW.subject;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'supersedes edge between % and % crosses subjects (% record)',
            NEW.id, wrong, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.id = ANY(NEW.supersedes) THEN
        RAISE EXCEPTION 'record % supersedes itself', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    EXECUTE format('WITH RECURSIVE older(id) AS (SELECT unnest($1::text[]) UNION '
                   'SELECT unnest(r.supersedes) FROM %I r JOIN older o ON r.id = o.id) '
                   'SELECT id FROM older WHERE id = $2', TG_TABLE_NAME)
        INTO wrong USING NEW.supersedes, NEW.id;
    IF wrong IS NOT NULL THEN
        RAISE EXCEPTION 'supersedes edges of % form a cycle', NEW.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_edges AFTER INSERT ON observation
    FOR EACH ROW EXECUTE FUNCTION otb_check_edges();
CREATE TRIGGER check_edges AFTER INSERT ON revision
    FOR EACH ROW EXECUTE FUNCTION otb_check_edges();

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
    op.execute(_roles_and_security())


def downgrade() -> None:
    op.execute("DROP TABLE photo, photo_upload, photo_blob, revision, observation, building, "
               "parcel, business_park CASCADE")
    op.execute("DROP FUNCTION otb_restamp, otb_check_edges, otb_upload_chunk, "
               "otb_finish_upload, otb_apply_redaction")
