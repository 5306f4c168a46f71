-- The importer reports rejected submissions too (fewer than 80 distinct items, no MBID/PUID/meta,
-- data the database refuses), so a client polling /v2/submission_status learns they will never be
-- imported instead of seeing "pending" forever. A rejected result has no track.
ALTER TABLE submission_result
    ADD COLUMN status varchar(16) NOT NULL DEFAULT 'imported'
        CONSTRAINT submission_result_status_check CHECK (status IN ('imported', 'rejected')),
    ADD COLUMN reason text;
