-- acoustid_ingest: submissions as /v2/submit accepted them, their import results, and the
-- transactional outbox that hands them to the `submissions` topic.
--
-- Names follow AcoustID's data model (test-support/src/main/resources/datamodel/
-- acoustid-data-model.md, checked by SchemaConformance). Where the model is vague, this file decides:
--
-- * submission keeps what the client sent, as AcoustID's API writes it: one row per
--   (submission x MBID), with puid, foreignid ("vendor:id" text), the text metadata as jsonb,
--   the file format name and application/account/version. Resolving these to ids (source,
--   meta, format, foreignid rows) is the importer's job in acoustid_fingerprint.
-- * source_id, meta_id and format_id are the model's columns but point into acoustid_fingerprint
--   (another database, so no FK is possible): plain nullable integers, filled only when known.
--   application_id and account_id point into acoustid_app: plain integers for the same reason.
-- * submission_result.track_id / fingerprint_id point into acoustid_fingerprint: plain integers;
--   track_gid is stored too, because /v2/submission_status answers with the track's gid and
--   must not need the other database.
-- * submission.handled is NOT NULL DEFAULT false; handled_at records when it was handled, so
--   old handled submissions can be purged (> 30 days, as the model's cleanup job does).
-- * submission_handled_idx indexes id (not the constant `handled` column) WHERE handled = false:
--   an index on a column that is false in every entry orders nothing; ordering by id serves the
--   importer's "next unhandled ... FOR UPDATE SKIP LOCKED". submission_unhandled_idx is the
--   model's partial index on created.
-- * pending_submission is the transactional outbox: the submit transaction writes a submission
--   and its pending row together; the relay publishes rows WHERE sent IS NULL, in id order, and
--   stamps sent. Rows go away with their submission (ON DELETE CASCADE).
-- * Timestamps are timestamptz; every "created" is NOT NULL DEFAULT now().
-- * CHECKs: length > 0 and bitrate > 0, as in acoustid_fingerprint.fingerprint.

CREATE TABLE submission (
    id                  serial PRIMARY KEY,
    fingerprint         integer[] NOT NULL,
    length              smallint NOT NULL CONSTRAINT submission_length_check CHECK (length > 0),
    bitrate             smallint CONSTRAINT submission_bitrate_check CHECK (bitrate > 0),
    format_id           integer,
    -- file format name as submitted ("fileformat"); the importer maps it to a format row
    format              varchar(20),
    created             timestamp with time zone NOT NULL DEFAULT now(),
    source_id           integer,
    mbid                uuid,
    puid                uuid,
    foreignid           varchar(255),
    -- submitted text metadata: track, artist, album, album_artist, track_no, disc_no, year
    meta                jsonb,
    meta_id             integer,
    application_id      integer NOT NULL,
    application_version varchar(255),
    account_id          integer NOT NULL,
    handled             boolean NOT NULL DEFAULT false,
    handled_at          timestamp with time zone
);
CREATE INDEX submission_handled_idx ON submission (id) WHERE handled = false;
CREATE INDEX submission_unhandled_idx ON submission (created) WHERE handled = FALSE;
-- purge of old handled submissions
CREATE INDEX submission_handled_at_idx ON submission (handled_at) WHERE handled;

CREATE TABLE submission_result (
    id             serial PRIMARY KEY,
    submission_id  integer NOT NULL
        CONSTRAINT submission_result_submission_id_key UNIQUE
        REFERENCES submission (id) ON DELETE CASCADE,
    track_id       integer,
    track_gid      uuid,
    fingerprint_id integer,
    created        timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE pending_submission (
    id            serial PRIMARY KEY,
    submission_id integer NOT NULL
        CONSTRAINT pending_submission_submission_id_key UNIQUE
        REFERENCES submission (id) ON DELETE CASCADE,
    created       timestamp with time zone NOT NULL DEFAULT now(),
    -- set by the outbox relay once the `submissions` topic acknowledged the record
    sent          timestamp with time zone
);
CREATE INDEX pending_submission_unsent_idx ON pending_submission (id) WHERE sent IS NULL;
