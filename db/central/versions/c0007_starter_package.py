"""starter package: a new laptop's first sync as one prepared SQLite file

Revision ID: c0007
Revises: c0006
Create Date: 2026-11-30 18:00:00

A first sync of 200 000 parcels and 500 000 observations stores every row one by one and then
computes every parcel's figures: about 20 times what reading the same rows costs. The
administrator prepares that laptop database once (``otb-desktop central package``: a normal
first pull into an empty database, laptop-specific settings removed, ``VACUUM INTO``) and
stores it here in chunks; an empty laptop of the same local schema revision downloads it and
pulls only what came after it.

``starter_package``: one row per upload, ``complete`` once every chunk is in and
``otb_publish_package`` accepted it (which deletes every other package). Everyone who syncs
reads complete packages; only administrators write them (row-level security, forced, on
both tables; the publishing function executable by ``otb_admin`` only).

AVG: a package holds copies of observations. A redaction arriving on the server deletes
every package there is (``otb_drop_packages``, security definer), and publishing refuses a
package that lacks a redaction already on the server (one after the package's redaction
cursor). Both take the same lock on ``starter_package``, so a redaction that arrives while a
package is being published is seen by one of the two.
"""
from alembic import op

revision = "c0007"
down_revision = "c0006"
branch_labels = None
depends_on = None

SCHEMA = """
CREATE TABLE starter_package (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    local_revision text NOT NULL,       -- the laptop schema (Alembic) it was built with
    sha256 text NOT NULL,
    size bigint NOT NULL,
    chunk_size integer NOT NULL,
    chunks integer NOT NULL,
    redaction_txid xid8 NOT NULL,       -- its redaction cursor: the newest redaction in it
    redaction_id text NOT NULL,
    built_at timestamptz NOT NULL DEFAULT now(),
    built_by text NOT NULL DEFAULT current_user,
    complete boolean NOT NULL DEFAULT false
);
CREATE TABLE starter_package_chunk (
    package_id bigint NOT NULL REFERENCES starter_package ON DELETE CASCADE,
    n integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (package_id, n)
);
-- SQLite pages compress little and are read whole: no compression on the way in or out.
ALTER TABLE starter_package_chunk ALTER COLUMN data SET STORAGE EXTERNAL;

-- Publishing: the package complete, every other one gone. False (and the package deleted)
-- when a redaction arrived that the package does not hold.
CREATE FUNCTION otb_publish_package(package bigint) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    p starter_package;
BEGIN
    LOCK TABLE starter_package IN SHARE ROW EXCLUSIVE MODE;
    SELECT * INTO p FROM starter_package WHERE id = package;
    IF p.id IS NULL OR (SELECT count(*) FROM starter_package_chunk
                        WHERE package_id = package) <> p.chunks THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM revision WHERE family = 'redaction_revision'
               AND (txid, id) > (p.redaction_txid, p.redaction_id)) THEN
        DELETE FROM starter_package WHERE id = package;
        RETURN false;
    END IF;
    UPDATE starter_package SET complete = true WHERE id = package;
    DELETE FROM starter_package WHERE id <> package;
    RETURN true;
END $$;

-- AVG: a redaction deletes every package built before it (all there are now).
CREATE FUNCTION otb_drop_packages() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows WHERE family = 'redaction_revision') THEN
        LOCK TABLE starter_package IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM starter_package;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER drop_packages AFTER INSERT ON revision REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION otb_drop_packages();

REVOKE ALL ON starter_package, starter_package_chunk FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION otb_publish_package, otb_drop_packages FROM PUBLIC;
GRANT EXECUTE ON FUNCTION otb_publish_package TO otb_admin;
GRANT SELECT ON starter_package, starter_package_chunk TO otb_field;
GRANT INSERT ON starter_package, starter_package_chunk TO otb_admin;
GRANT USAGE ON SEQUENCE starter_package_id_seq TO otb_admin;
ALTER TABLE starter_package ENABLE ROW LEVEL SECURITY;
ALTER TABLE starter_package_chunk ENABLE ROW LEVEL SECURITY;
-- Forced like every other table: the schema owner too goes through policies; its own (the
-- publishing and redaction functions run as the owner) lets it read, publish and delete.
ALTER TABLE starter_package FORCE ROW LEVEL SECURITY;
ALTER TABLE starter_package_chunk FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON starter_package TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON starter_package_chunk TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY read_complete ON starter_package FOR SELECT TO otb_field USING (complete);
CREATE POLICY admin_read ON starter_package FOR SELECT TO otb_admin USING (true);
CREATE POLICY admin_insert ON starter_package FOR INSERT TO otb_admin WITH CHECK (NOT complete);
CREATE POLICY read_all ON starter_package_chunk FOR SELECT TO otb_field USING (true);
CREATE POLICY admin_insert ON starter_package_chunk FOR INSERT TO otb_admin WITH CHECK (true);
"""


def upgrade() -> None:
    op.execute(SCHEMA)


def downgrade() -> None:
    op.execute("DROP TRIGGER drop_packages ON revision")
    op.execute("DROP FUNCTION otb_drop_packages, otb_publish_package")
    op.execute("DROP TABLE starter_package_chunk, starter_package")
