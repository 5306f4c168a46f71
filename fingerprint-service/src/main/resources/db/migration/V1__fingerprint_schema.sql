-- acoustid_fingerprint: tracks, fingerprints, the links a track collects from submissions
-- (MBID, PUID, user metadata, foreign ids) and their provenance.
--
-- Table, column and index names follow AcoustID's data model
-- (test-support/src/main/resources/datamodel/acoustid-data-model.md, the spec that
-- SchemaConformance checks this schema against). Where the model is vague, this file decides:
--
-- * 19 tables. The model describes 15 and counts 19; the other four are AcoustID's
--   track_meta_source, track_puid_source, track_foreignid_source (provenance of the other
--   links, like track_mbid_source) and track_mbid_flag (user reports against an MBID link).
-- * Timestamps are timestamptz (instants, not wall-clock readings); every "created" is
--   NOT NULL DEFAULT now().
-- * Link columns (fingerprint.track_id, track_mbid.track_id, *_source.*_id, ...) are NOT NULL:
--   a link row without both ends means nothing. Optional references (fingerprint.format_id,
--   track.new_id) stay nullable.
-- * ON DELETE: the model says every FK cascades or sets null. Rows that belong to their parent
--   (fingerprints of a track, links, provenance, audit rows) CASCADE; optional references
--   (format, merge target) SET NULL, so deleting a merge target leaves the old gid resolvable.
-- * submission_count is NOT NULL with CHECK (>= 0); durations and bitrates CHECK (> 0).
-- * Cross-database references are plain integers without FK, because PostgreSQL cannot
--   enforce a key in another database: source.application_id and source.account_id
--   (acoustid_app), track_mbid_change.account_id and track_mbid_flag.account_id (acoustid_app),
--   and *_source.submission_id (the submission lives in acoustid_ingest).
-- * *_source.submission_id is the importer's idempotency key: fingerprint_source is unique on
--   submission_id (one submission imports to one fingerprint), the other *_source tables on
--   (link id, submission_id). Replaying a submission therefore fails on the key instead of
--   counting twice.
-- * source's unique key is NULLS NOT DISTINCT (PostgreSQL 15): applications without a version
--   must still find-or-create a single row per (application, account).
-- * meta.gid: a content-hash id (as AcoustID does), computed by the importer from the
--   normalised fields, so identical metadata is stored once. Nullable, so rows loaded without
--   it are allowed; UNIQUE ignores NULLs.
-- * format and foreignid_vendor are not seeded: the importer creates rows on demand
--   (find-or-create on the unique name), exactly like source and meta.
-- * fingerprint_lookup_idx keeps the model's name and key (length, track_id) but INCLUDEs id,
--   not the fingerprint array. A B-tree entry must fit in a third of a page (2704 bytes) and
--   cannot be TOASTed; a fingerprint has ~8 ints per second, so anything longer than ~80 s of
--   audio (> ~670 ints) would make the INSERT fail ("index row size exceeds btree version 4
--   maximum 2704"), and the arrays would be stored twice. Candidates come from the fingerprint
--   index by id and the array is read from the heap (PK) for scoring; the covering index
--   answers "ids/tracks in this duration window" with an index-only scan.
-- * Materialized view track_stats: the model's query does not run (fingerprint has no
--   fingerprint_id column, submission_count is ambiguous, the join multiplies rows). Rewritten
--   below with the same output columns; see its comment.

CREATE EXTENSION IF NOT EXISTS intarray;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- ---------------------------------------------------------------------------------------------
-- Tracks and fingerprints
-- ---------------------------------------------------------------------------------------------

CREATE TABLE track (
    id       serial PRIMARY KEY,
    gid      uuid NOT NULL CONSTRAINT track_gid_key UNIQUE,
    created  timestamp with time zone NOT NULL DEFAULT now(),
    -- merge target; kept one hop deep by propagate_track_merge
    new_id   integer REFERENCES track (id) ON DELETE SET NULL,
    disabled boolean NOT NULL DEFAULT false
);
CREATE INDEX track_new_id_idx ON track (new_id);

CREATE TABLE format (
    id   serial PRIMARY KEY,
    name varchar(20) NOT NULL CONSTRAINT format_name_key UNIQUE
);

CREATE TABLE fingerprint (
    id               serial PRIMARY KEY,
    track_id         integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    fingerprint      integer[] NOT NULL,
    length           smallint NOT NULL CONSTRAINT fingerprint_length_check CHECK (length > 0),
    bitrate          smallint CONSTRAINT fingerprint_bitrate_check CHECK (bitrate > 0),
    format_id        integer REFERENCES format (id) ON DELETE SET NULL,
    created          timestamp with time zone NOT NULL DEFAULT now(),
    -- 1 for rows loaded without provenance; the importer inserts 0 and the first
    -- fingerprint_source row brings it to 1 (see update_fingerprint_submission_count)
    submission_count integer NOT NULL DEFAULT 1
        CONSTRAINT fingerprint_submission_count_check CHECK (submission_count >= 0)
);
CREATE INDEX fingerprint_track_id_idx ON fingerprint (track_id);
CREATE INDEX fingerprint_length_idx ON fingerprint (length);
-- intarray's operator class: && / @> overlap queries (AcoustID's pre-index search path)
CREATE INDEX fingerprint_fingerprint_idx ON fingerprint USING GIN (fingerprint gin__int_ops);
-- INCLUDE (id) rather than the array: see the header
CREATE INDEX fingerprint_lookup_idx ON fingerprint (length, track_id) INCLUDE (id);

CREATE TABLE fingerprint_data (
    fingerprint_id integer PRIMARY KEY REFERENCES fingerprint (id) ON DELETE CASCADE,
    -- compressed Chromaprint data, as clients submit it
    fingerprint    bytea NOT NULL,
    simhash        cube
);
CREATE INDEX fingerprint_data_simhash_idx ON fingerprint_data USING GIST (simhash);

-- ---------------------------------------------------------------------------------------------
-- Links from tracks to MBIDs, PUIDs, user metadata and foreign ids
-- ---------------------------------------------------------------------------------------------

CREATE TABLE track_mbid (
    id               serial PRIMARY KEY,
    track_id         integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    mbid             uuid NOT NULL,
    created          timestamp with time zone NOT NULL DEFAULT now(),
    submission_count integer NOT NULL DEFAULT 1
        CONSTRAINT track_mbid_submission_count_check CHECK (submission_count >= 0),
    disabled         boolean NOT NULL DEFAULT false,
    CONSTRAINT track_mbid_track_id_mbid_key UNIQUE (track_id, mbid)
);
CREATE INDEX track_mbid_mbid_idx ON track_mbid (mbid);

CREATE TABLE track_puid (
    id               serial PRIMARY KEY,
    track_id         integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    puid             uuid NOT NULL,
    created          timestamp with time zone NOT NULL DEFAULT now(),
    submission_count integer NOT NULL DEFAULT 1
        CONSTRAINT track_puid_submission_count_check CHECK (submission_count >= 0),
    CONSTRAINT track_puid_track_id_puid_key UNIQUE (track_id, puid)
);
CREATE INDEX track_puid_puid_idx ON track_puid (puid);

CREATE TABLE meta (
    id           serial PRIMARY KEY,
    track        varchar(255),
    artist       varchar(255),
    album        varchar(255),
    album_artist varchar(255),
    track_no     integer,
    disc_no      integer,
    year         integer,
    -- content hash of the normalised fields: identical metadata is stored once
    gid          uuid CONSTRAINT meta_gid_key UNIQUE
);

CREATE TABLE track_meta (
    id               serial PRIMARY KEY,
    track_id         integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    meta_id          integer NOT NULL REFERENCES meta (id) ON DELETE CASCADE,
    created          timestamp with time zone NOT NULL DEFAULT now(),
    submission_count integer NOT NULL DEFAULT 1
        CONSTRAINT track_meta_submission_count_check CHECK (submission_count >= 0),
    CONSTRAINT track_meta_track_id_meta_id_key UNIQUE (track_id, meta_id)
);
-- finds orphaned meta rows (cleanup) and serves the FK's cascade
CREATE INDEX track_meta_meta_id_idx ON track_meta (meta_id);

CREATE TABLE foreignid_vendor (
    id   serial PRIMARY KEY,
    name varchar(255) NOT NULL CONSTRAINT foreignid_vendor_name_key UNIQUE
);

CREATE TABLE foreignid (
    id        serial PRIMARY KEY,
    vendor_id integer NOT NULL REFERENCES foreignid_vendor (id) ON DELETE CASCADE,
    name      varchar(255) NOT NULL,
    CONSTRAINT foreignid_vendor_id_name_key UNIQUE (vendor_id, name)
);

CREATE TABLE track_foreignid (
    id               serial PRIMARY KEY,
    track_id         integer NOT NULL REFERENCES track (id) ON DELETE CASCADE,
    foreignid_id     integer NOT NULL REFERENCES foreignid (id) ON DELETE CASCADE,
    created          timestamp with time zone NOT NULL DEFAULT now(),
    submission_count integer NOT NULL DEFAULT 1
        CONSTRAINT track_foreignid_submission_count_check CHECK (submission_count >= 0),
    CONSTRAINT track_foreignid_track_id_foreignid_id_key UNIQUE (track_id, foreignid_id)
);
CREATE INDEX track_foreignid_foreignid_id_idx ON track_foreignid (foreignid_id);

-- ---------------------------------------------------------------------------------------------
-- Provenance
-- ---------------------------------------------------------------------------------------------

-- application_id / account_id point into acoustid_app (another database): plain integers,
-- kept consistent by the importer from the `applications` topic.
CREATE TABLE source (
    id             serial PRIMARY KEY,
    application_id integer NOT NULL,
    account_id     integer NOT NULL,
    version        varchar(255),
    CONSTRAINT source_application_id_account_id_version_key
        UNIQUE NULLS NOT DISTINCT (application_id, account_id, version)
);

-- submission_id points into acoustid_ingest: plain integer, the importer's idempotency key.
CREATE TABLE fingerprint_source (
    id             serial PRIMARY KEY,
    fingerprint_id integer NOT NULL REFERENCES fingerprint (id) ON DELETE CASCADE,
    submission_id  integer NOT NULL,
    source_id      integer NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    created        timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT fingerprint_source_submission_id_key UNIQUE (submission_id)
);
CREATE INDEX fingerprint_source_fingerprint_id_idx ON fingerprint_source (fingerprint_id);

CREATE TABLE track_mbid_source (
    id            serial PRIMARY KEY,
    track_mbid_id integer NOT NULL REFERENCES track_mbid (id) ON DELETE CASCADE,
    submission_id integer NOT NULL,
    source_id     integer NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    created       timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT track_mbid_source_track_mbid_id_submission_id_key UNIQUE (track_mbid_id, submission_id)
);

CREATE TABLE track_puid_source (
    id            serial PRIMARY KEY,
    track_puid_id integer NOT NULL REFERENCES track_puid (id) ON DELETE CASCADE,
    submission_id integer NOT NULL,
    source_id     integer NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    created       timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT track_puid_source_track_puid_id_submission_id_key UNIQUE (track_puid_id, submission_id)
);

CREATE TABLE track_meta_source (
    id            serial PRIMARY KEY,
    track_meta_id integer NOT NULL REFERENCES track_meta (id) ON DELETE CASCADE,
    submission_id integer NOT NULL,
    source_id     integer NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    created       timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT track_meta_source_track_meta_id_submission_id_key UNIQUE (track_meta_id, submission_id)
);

CREATE TABLE track_foreignid_source (
    id                 serial PRIMARY KEY,
    track_foreignid_id integer NOT NULL REFERENCES track_foreignid (id) ON DELETE CASCADE,
    submission_id      integer NOT NULL,
    source_id          integer NOT NULL REFERENCES source (id) ON DELETE CASCADE,
    created            timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT track_foreignid_source_track_foreignid_id_submission_id_key
        UNIQUE (track_foreignid_id, submission_id)
);

-- Moderation log of MBID links; account_id lives in acoustid_app (plain integer).
CREATE TABLE track_mbid_change (
    id            serial PRIMARY KEY,
    track_mbid_id integer NOT NULL REFERENCES track_mbid (id) ON DELETE CASCADE,
    account_id    integer NOT NULL,
    disabled      boolean NOT NULL,
    created       timestamp with time zone NOT NULL DEFAULT now(),
    note          text
);
CREATE INDEX track_mbid_change_track_mbid_id_idx ON track_mbid_change (track_mbid_id);

-- User reports that an MBID link is wrong, waiting for a moderator; account_id as above.
CREATE TABLE track_mbid_flag (
    id            serial PRIMARY KEY,
    track_mbid_id integer NOT NULL REFERENCES track_mbid (id) ON DELETE CASCADE,
    account_id    integer NOT NULL,
    handled       boolean NOT NULL DEFAULT false,
    created       timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX track_mbid_flag_track_mbid_id_idx ON track_mbid_flag (track_mbid_id);

-- ---------------------------------------------------------------------------------------------
-- Trigger: update_fingerprint_submission_count
--
-- Every fingerprint_source row is one submission that imported to the fingerprint, so it adds
-- one to fingerprint.submission_count. The rule that keeps the count exact:
--   * the importer inserts a new fingerprint with submission_count = 0 and, in the same
--     transaction, its first fingerprint_source row, which brings it to 1; a reused fingerprint
--     gets +1 from its new fingerprint_source row. The importer never touches the count itself.
--   * rows loaded without provenance (bulk or demo loads) keep the column default 1 and have
--     no fingerprint_source rows.
-- Deleting provenance does not decrement: the count is the history of submissions.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION increment_submission_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE fingerprint SET submission_count = submission_count + 1 WHERE id = NEW.fingerprint_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER update_fingerprint_submission_count
    AFTER INSERT ON fingerprint_source
    FOR EACH ROW
    EXECUTE FUNCTION increment_submission_count();

-- ---------------------------------------------------------------------------------------------
-- Trigger: propagate_track_merge
--
-- Merging track A into track B is `UPDATE track SET new_id = B WHERE id = A` (optionally with
-- disabled = true in the same statement; the trigger leaves `disabled` alone). When new_id
-- becomes non-null, the trigger, in the merging transaction:
--   1. refuses A = B and a target that is itself merged (B.new_id IS NOT NULL), so merges
--      never form cycles; B's row is locked so a concurrent merge of B waits;
--   2. re-points tracks merged earlier into A (new_id = A) to B, so every redirect stays one
--      hop (lookups by an old gid follow new_id exactly once);
--   3. moves A's fingerprints to B;
--   4. for track_mbid, track_puid, track_meta and track_foreignid: where B already has the same
--      value, adds A's submission_count to B's row (created becomes the earlier of the two,
--      B's disabled flag stands: the moderation decision on the surviving link wins),
--      re-points the rows hanging off A's row (*_source, and track_mbid_change /
--      track_mbid_flag) to B's row and deletes A's row; every other row of A is re-pointed
--      to B as is. A provenance row whose submission is already recorded on B's row is a
--      duplicate of it and is dropped instead of violating the idempotency key.
-- Changing the target of an already merged track runs the same steps (they are no-ops for a
-- merged track, which owns nothing); setting new_id back to NULL does nothing, as a merge
-- cannot be undone row by row.
-- ---------------------------------------------------------------------------------------------

CREATE FUNCTION update_merged_track_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target_new_id integer;
BEGIN
    IF NEW.new_id = NEW.id THEN
        RAISE EXCEPTION 'cannot merge track % into itself', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;

    SELECT new_id INTO target_new_id FROM track WHERE id = NEW.new_id FOR UPDATE;
    IF target_new_id IS NOT NULL THEN
        RAISE EXCEPTION 'cannot merge track % into track %, which is itself merged into track %',
            NEW.id, NEW.new_id, target_new_id
            USING ERRCODE = 'check_violation';
    END IF;

    -- 2. redirects stay one hop
    UPDATE track SET new_id = NEW.new_id WHERE new_id = NEW.id;

    -- 3. fingerprints
    UPDATE fingerprint SET track_id = NEW.new_id WHERE track_id = NEW.id;

    -- 4a. track_mbid
    UPDATE track_mbid t
       SET submission_count = t.submission_count + s.submission_count,
           created = LEAST(t.created, s.created)
      FROM track_mbid s
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid;
    DELETE FROM track_mbid_source d
     USING track_mbid s, track_mbid t, track_mbid_source e
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid
       AND d.track_mbid_id = s.id AND e.track_mbid_id = t.id AND e.submission_id = d.submission_id;
    UPDATE track_mbid_source d SET track_mbid_id = t.id
      FROM track_mbid s, track_mbid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid
       AND d.track_mbid_id = s.id;
    UPDATE track_mbid_change d SET track_mbid_id = t.id
      FROM track_mbid s, track_mbid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid
       AND d.track_mbid_id = s.id;
    UPDATE track_mbid_flag d SET track_mbid_id = t.id
      FROM track_mbid s, track_mbid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid
       AND d.track_mbid_id = s.id;
    DELETE FROM track_mbid s
     USING track_mbid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.mbid = s.mbid;
    UPDATE track_mbid SET track_id = NEW.new_id WHERE track_id = NEW.id;

    -- 4b. track_puid
    UPDATE track_puid t
       SET submission_count = t.submission_count + s.submission_count,
           created = LEAST(t.created, s.created)
      FROM track_puid s
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.puid = s.puid;
    DELETE FROM track_puid_source d
     USING track_puid s, track_puid t, track_puid_source e
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.puid = s.puid
       AND d.track_puid_id = s.id AND e.track_puid_id = t.id AND e.submission_id = d.submission_id;
    UPDATE track_puid_source d SET track_puid_id = t.id
      FROM track_puid s, track_puid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.puid = s.puid
       AND d.track_puid_id = s.id;
    DELETE FROM track_puid s
     USING track_puid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.puid = s.puid;
    UPDATE track_puid SET track_id = NEW.new_id WHERE track_id = NEW.id;

    -- 4c. track_meta
    UPDATE track_meta t
       SET submission_count = t.submission_count + s.submission_count,
           created = LEAST(t.created, s.created)
      FROM track_meta s
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.meta_id = s.meta_id;
    DELETE FROM track_meta_source d
     USING track_meta s, track_meta t, track_meta_source e
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.meta_id = s.meta_id
       AND d.track_meta_id = s.id AND e.track_meta_id = t.id AND e.submission_id = d.submission_id;
    UPDATE track_meta_source d SET track_meta_id = t.id
      FROM track_meta s, track_meta t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.meta_id = s.meta_id
       AND d.track_meta_id = s.id;
    DELETE FROM track_meta s
     USING track_meta t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.meta_id = s.meta_id;
    UPDATE track_meta SET track_id = NEW.new_id WHERE track_id = NEW.id;

    -- 4d. track_foreignid
    UPDATE track_foreignid t
       SET submission_count = t.submission_count + s.submission_count,
           created = LEAST(t.created, s.created)
      FROM track_foreignid s
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.foreignid_id = s.foreignid_id;
    DELETE FROM track_foreignid_source d
     USING track_foreignid s, track_foreignid t, track_foreignid_source e
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.foreignid_id = s.foreignid_id
       AND d.track_foreignid_id = s.id AND e.track_foreignid_id = t.id
       AND e.submission_id = d.submission_id;
    UPDATE track_foreignid_source d SET track_foreignid_id = t.id
      FROM track_foreignid s, track_foreignid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.foreignid_id = s.foreignid_id
       AND d.track_foreignid_id = s.id;
    DELETE FROM track_foreignid s
     USING track_foreignid t
     WHERE s.track_id = NEW.id AND t.track_id = NEW.new_id AND t.foreignid_id = s.foreignid_id;
    UPDATE track_foreignid SET track_id = NEW.new_id WHERE track_id = NEW.id;

    RETURN NULL;
END;
$$;

CREATE TRIGGER propagate_track_merge
    AFTER UPDATE OF new_id ON track
    FOR EACH ROW
    WHEN (NEW.new_id IS NOT NULL AND NEW.new_id IS DISTINCT FROM OLD.new_id)
    EXECUTE FUNCTION update_merged_track_references();

-- ---------------------------------------------------------------------------------------------
-- Materialized view track_stats
--
-- One row per live (not merged) track, including tracks without fingerprints or MBIDs:
--   fingerprint_count  fingerprints of the track
--   mbid_count         distinct MBIDs linked and not disabled (disabled links are never shown)
--   total_submissions  sum of the fingerprints' submission_count: each imported submission
--                      counts once, on the fingerprint it landed on
-- Aggregated per table before joining, so MBIDs do not multiply fingerprint sums (the model's
-- single join did). The unique index allows REFRESH MATERIALIZED VIEW CONCURRENTLY.
-- ---------------------------------------------------------------------------------------------

CREATE MATERIALIZED VIEW track_stats AS
SELECT t.id                             AS track_id,
       COALESCE(f.fingerprint_count, 0) AS fingerprint_count,
       COALESCE(m.mbid_count, 0)        AS mbid_count,
       COALESCE(f.total_submissions, 0) AS total_submissions
  FROM track t
  LEFT JOIN (SELECT track_id,
                    count(*)              AS fingerprint_count,
                    sum(submission_count) AS total_submissions
               FROM fingerprint
              GROUP BY track_id) f ON f.track_id = t.id
  LEFT JOIN (SELECT track_id, count(DISTINCT mbid) AS mbid_count
               FROM track_mbid
              WHERE NOT disabled
              GROUP BY track_id) m ON m.track_id = t.id
 WHERE t.new_id IS NULL;

CREATE UNIQUE INDEX track_stats_track_id_idx ON track_stats (track_id);
