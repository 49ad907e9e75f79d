"""observation's parcel reference checked once per statement, not once per row

Revision ID: c0005
Revises: c0004
Create Date: 2026-11-30 18:00:00

Measured on a push of 10 000 observations (issue 11): the foreign key observation.parcel_id →
parcel ran its check (an index probe of parcel with a row lock) once per arriving row, about
3 µs each and a fifth of the server's work for a batch, although a batch refers to a few
hundred parcels at most. The key is replaced by triggers that keep what it guaranteed:

* arriving observations: one statement-level check over the transition table: each distinct
  parcel id is looked up and locked (FOR KEY SHARE, as the foreign key locked it, so it is not
  deleted or renamed before the push commits) once; an unknown parcel fails the statement
  with the foreign key's error code (foreign_key_violation): a push is refused as before
  (an observation's parcel never changes afterwards: append-only, c0002);
* parcels: a DELETE, an UPDATE that changes an id and a TRUNCATE are refused while an
  observation refers to a parcel id that is then gone; in read committed transactions only
  (the check must see the pushes that committed while the change waited for their locks;
  parcels are reference data, not deleted in practice).

Photos keep their foreign key: a photo push is a few rows after their bytes.
"""
from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None

UPGRADE = """
ALTER TABLE observation DROP CONSTRAINT observation_parcel_id_fkey;

-- As the owner: a field user may read parcels but not lock them.
CREATE FUNCTION otb_check_observation_parcels() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    referred text[] := ARRAY(SELECT DISTINCT parcel_id FROM arrived);
    locked bigint;
    missing text;
BEGIN
    -- Locked as the foreign key locked them: not deleted or renamed until this commits.
    PERFORM FROM parcel p WHERE p.id = ANY(referred) ORDER BY p.id FOR KEY SHARE;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < cardinality(referred) THEN
        SELECT r INTO missing FROM unnest(referred) r
            WHERE NOT EXISTS (SELECT FROM parcel p WHERE p.id = r) LIMIT 1;
        RAISE EXCEPTION 'observation refers to parcel %, which is not on the server', missing
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER check_parcels AFTER INSERT ON observation REFERENCING NEW TABLE AS arrived
    FOR EACH STATEMENT EXECUTE FUNCTION otb_check_observation_parcels();

-- A parcel id that is gone after the statement while an observation refers to it. Read
-- committed only: the check must see pushes that committed while it waited for their locks.
CREATE FUNCTION otb_keep_referred_parcels() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orphaned text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'parcels are deleted or renamed in read committed transactions only'
            USING ERRCODE = 'feature_not_supported';
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        SELECT parcel_id INTO orphaned FROM observation LIMIT 1;
    ELSIF TG_LEVEL = 'ROW' THEN
        SELECT o.parcel_id INTO orphaned FROM observation o WHERE o.parcel_id = OLD.id
            AND NOT EXISTS (SELECT FROM parcel p WHERE p.id = OLD.id) LIMIT 1;
    ELSE
        SELECT o.parcel_id INTO orphaned FROM observation o JOIN gone g ON g.id = o.parcel_id
            WHERE NOT EXISTS (SELECT FROM parcel p WHERE p.id = g.id) LIMIT 1;
    END IF;
    IF orphaned IS NOT NULL THEN
        RAISE EXCEPTION 'parcel % is referred to by observations', orphaned
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER keep_referred_deleted AFTER DELETE ON parcel REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION otb_keep_referred_parcels();
-- Row level: reference updates in place (every column but the id) pay nothing.
CREATE TRIGGER keep_referred_renamed AFTER UPDATE OF id ON parcel
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
    EXECUTE FUNCTION otb_keep_referred_parcels();
CREATE TRIGGER keep_referred_truncated AFTER TRUNCATE ON parcel
    FOR EACH STATEMENT EXECUTE FUNCTION otb_keep_referred_parcels();
"""

DOWNGRADE = """
DROP TRIGGER keep_referred_deleted ON parcel;
DROP TRIGGER keep_referred_renamed ON parcel;
DROP TRIGGER keep_referred_truncated ON parcel;
DROP TRIGGER check_parcels ON observation;
DROP FUNCTION otb_keep_referred_parcels, otb_check_observation_parcels;
ALTER TABLE observation ADD CONSTRAINT observation_parcel_id_fkey
    FOREIGN KEY (parcel_id) REFERENCES parcel (id);
"""


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
