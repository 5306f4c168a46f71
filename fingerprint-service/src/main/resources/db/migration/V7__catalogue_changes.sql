-- What changed in the catalogue since an earlier export, for incremental dumps (CatalogueExporter
-- --since): every dumped table gets `changed`, the id of the last transaction that wrote the row
-- (64-bit, so it never wraps), and deleted rows leave a tombstone. A dump's manifest keeps the
-- export's snapshot (pg_current_snapshot()); a later export writes exactly the rows and tombstones
-- whose transaction that snapshot could not see. Rows from before this migration carry '1', which
-- every snapshot sees: they are in the full dump that any incremental one follows.
--
-- No index on `changed`: it would make every submission_count update a non-HOT update, for an
-- export that runs now and then and reads each table once anyway.

-- which catalogue a manifest's snapshot belongs to: transaction ids mean nothing in another database
CREATE TABLE catalogue_instance (
    id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    created timestamp with time zone NOT NULL DEFAULT now(),
    -- one row
    only_one boolean NOT NULL DEFAULT true UNIQUE CHECK (only_one)
);
INSERT INTO catalogue_instance DEFAULT VALUES;

CREATE TABLE catalogue_deletion (
    table_name text    NOT NULL,
    row_id     integer NOT NULL,
    deleted    xid8    NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (table_name, row_id)
);
CREATE INDEX catalogue_deletion_deleted ON catalogue_deletion (deleted);

CREATE FUNCTION stamp_catalogue_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed := pg_current_xact_id();
    RETURN NEW;
END;
$$;

CREATE FUNCTION record_catalogue_deletion() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalogue_deletion (table_name, row_id) VALUES (TG_TABLE_NAME, OLD.id)
        ON CONFLICT (table_name, row_id) DO UPDATE SET deleted = EXCLUDED.deleted;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['format', 'track', 'fingerprint', 'meta', 'track_mbid', 'track_puid', 'track_meta',
                             'foreignid_vendor', 'foreignid', 'track_foreignid', 'track_mbid_change'] LOOP
        -- a constant default first: existing rows are not rewritten
        EXECUTE format('ALTER TABLE %I ADD COLUMN changed xid8 NOT NULL DEFAULT ''1''', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN changed SET DEFAULT pg_current_xact_id()', t);
        -- every update, without comparing the rows: that would detoast each fingerprint's items
        EXECUTE format('CREATE TRIGGER stamp_change BEFORE UPDATE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION stamp_catalogue_change()', t);
        EXECUTE format('CREATE TRIGGER record_deletion AFTER DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION record_catalogue_deletion()', t);
    END LOOP;
END;
$$;

-- An incremental dump carries the merge's outcome row by row (fingerprints moved, links merged and
-- deleted), so while one is applied (SET LOCAL songprint.applying_dump = 'on') a merged track's
-- row must not run the merge again on the mirror's rows.
DROP TRIGGER propagate_track_merge ON track;
CREATE TRIGGER propagate_track_merge
    AFTER UPDATE OF new_id ON track
    FOR EACH ROW
    WHEN (NEW.new_id IS NOT NULL AND NEW.new_id IS DISTINCT FROM OLD.new_id
          AND current_setting('songprint.applying_dump', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION update_merged_track_references();

-- the highest id of each table once an import was done: rows above it were written here, not imported
ALTER TABLE catalogue_import ADD COLUMN max_ids jsonb;
-- an incremental dump's base: the manifest checksum of the dump it follows
ALTER TABLE catalogue_import ADD COLUMN follows text;
-- the import's own transaction: the rows it wrote carry it in `changed`
ALTER TABLE catalogue_import ADD COLUMN xid xid8;
ALTER TABLE catalogue_import ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
-- the follow-up of each import by the service (ImportFollowUp): its MBID links sent for metadata
-- prefetch up to this track_mbid id, how many, and when it was done
ALTER TABLE catalogue_import ADD COLUMN sent_up_to integer NOT NULL DEFAULT 0;
ALTER TABLE catalogue_import ADD COLUMN mbids_sent bigint NOT NULL DEFAULT 0;
ALTER TABLE catalogue_import ADD COLUMN followed_up timestamp with time zone;
-- imports from before this migration have no transaction to follow up
UPDATE catalogue_import SET followed_up = imported;
