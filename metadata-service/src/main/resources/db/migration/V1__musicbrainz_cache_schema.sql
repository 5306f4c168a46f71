-- musicbrainz: metadata-service's database-first cache of MusicBrainz.
--
-- It holds what one ws/2 call returns, GET /ws/2/recording/<mbid>?inc=artists+releases+
-- release-groups+isrcs+media, normalised into the entities AcoustID renders (recordings with
-- title/duration/artists/ISRCs, release groups with type and secondary types, releases with
-- events and counts, mediums with their tracks). It is not a MusicBrainz mirror: names follow
-- MusicBrainz, columns only what the renderer needs. Decisions:
--
-- * Every MusicBrainz entity is keyed by its MBID (uuid primary key), as the provider returns
--   it: a lookup of a redirected MBID answers with the canonical id, so rows are stored under
--   that id and mbid_alias maps the requested one to it.
-- * fetched_at is on the entities a provider response carries (recording, artist,
--   release_group, release): when that row was last written from a response, the cache's TTL
--   clock. Rows that only exist inside a parent (artist_credit_name, release_event, medium,
--   track, isrc) are replaced together with their parent and carry no clock of their own.
-- * artist_credit has no MBID in ws/2: its id is a content hash (uuid) of its ordered
--   (artist id, credited name, join phrase) items, computed by the service, so equal credits are
--   stored once whatever entity they come from.
-- * Partial dates ("YYYY", "YYYY-MM", "YYYY-MM-DD") are stored as year/month/day parts, the
--   shape AcoustID renders ({year, month, day}).
-- * release.medium_count / track_count describe the whole release, which a recording lookup does
--   not list (its media[] holds only the medium with this recording): they are nullable and
--   filled when the provider gives them, else the renderer counts the mediums it knows.
-- * medium is keyed by its MBID (ws/2 since 2025); for data without one the service derives a
--   deterministic uuid from (release id, position).
-- * recording.releases_truncated marks a lookup that hit ws/2's cap of 25 embedded releases.
-- * Secondary types of a release group are a text[] in MusicBrainz order (no join table: they
--   are only ever read with the release group).
-- * 404s (unknown MBIDs) are not stored here: the model keeps that negative cache in Redis
--   (unknown_mbid:<mbid>, 1 h).
-- * Text columns are `text`: MusicBrainz titles and names have no length limit.

CREATE TABLE artist (
    id             uuid PRIMARY KEY,
    name           text NOT NULL,
    sort_name      text,
    disambiguation text,
    type           varchar(255),
    country        varchar(2),
    fetched_at     timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE artist_credit (
    id   uuid PRIMARY KEY,
    -- the rendered credit: concatenation of name + join_phrase over its items
    name text NOT NULL
);

CREATE TABLE artist_credit_name (
    artist_credit_id uuid NOT NULL REFERENCES artist_credit (id) ON DELETE CASCADE,
    position         smallint NOT NULL CHECK (position >= 0),
    artist_id        uuid NOT NULL REFERENCES artist (id),
    -- the name as credited, which may differ from artist.name
    name             text NOT NULL,
    join_phrase      text NOT NULL DEFAULT '',
    PRIMARY KEY (artist_credit_id, position)
);
CREATE INDEX artist_credit_name_artist_id_idx ON artist_credit_name (artist_id);

CREATE TABLE recording (
    id                 uuid PRIMARY KEY,
    title              text NOT NULL,
    -- milliseconds, as ws/2 returns it; AcoustID renders duration = length / 1000.0
    length             integer CHECK (length > 0),
    artist_credit_id   uuid REFERENCES artist_credit (id),
    disambiguation     text,
    video              boolean NOT NULL DEFAULT false,
    releases_truncated boolean NOT NULL DEFAULT false,
    fetched_at         timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX recording_artist_credit_id_idx ON recording (artist_credit_id);

CREATE TABLE isrc (
    recording_id uuid NOT NULL REFERENCES recording (id) ON DELETE CASCADE,
    isrc         char(12) NOT NULL CHECK (isrc ~ '^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$'),
    PRIMARY KEY (recording_id, isrc)
);
CREATE INDEX isrc_isrc_idx ON isrc (isrc);

CREATE TABLE release_group (
    id               uuid PRIMARY KEY,
    title            text NOT NULL,
    -- MusicBrainz labels: "Album", "Single", ...; rendered as `type`
    primary_type     varchar(255),
    secondary_types  text[] NOT NULL DEFAULT '{}',
    artist_credit_id uuid REFERENCES artist_credit (id),
    disambiguation   text,
    fetched_at       timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE release (
    id               uuid PRIMARY KEY,
    title            text NOT NULL,
    release_group_id uuid REFERENCES release_group (id) ON DELETE SET NULL,
    artist_credit_id uuid REFERENCES artist_credit (id),
    status           varchar(255),
    barcode          varchar(255),
    disambiguation   text,
    medium_count     smallint CHECK (medium_count >= 0),
    track_count      integer CHECK (track_count >= 0),
    fetched_at       timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX release_release_group_id_idx ON release (release_group_id);

-- Release events in provider order; the first one is copied onto the rendered release.
CREATE TABLE release_event (
    release_id uuid NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    position   smallint NOT NULL CHECK (position >= 0),
    -- ISO 3166-1 alpha-2 of the event's area (XE, XW included); NULL when the area has none
    country    varchar(2),
    date_year  smallint,
    date_month smallint CHECK (date_month BETWEEN 1 AND 12),
    date_day   smallint CHECK (date_day BETWEEN 1 AND 31),
    PRIMARY KEY (release_id, position)
);

CREATE TABLE medium (
    id          uuid PRIMARY KEY,
    release_id  uuid NOT NULL REFERENCES release (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position > 0),
    format      varchar(255),
    title       text,
    track_count integer NOT NULL CHECK (track_count >= 0)
);
CREATE INDEX medium_release_id_idx ON medium (release_id);

CREATE TABLE track (
    id               uuid PRIMARY KEY,
    medium_id        uuid NOT NULL REFERENCES medium (id) ON DELETE CASCADE,
    recording_id     uuid NOT NULL REFERENCES recording (id) ON DELETE CASCADE,
    position         integer NOT NULL CHECK (position >= 0),
    -- the printed track number ("A1", "3"), a string in MusicBrainz
    number           varchar(255),
    title            text NOT NULL,
    length           integer CHECK (length > 0),
    artist_credit_id uuid REFERENCES artist_credit (id)
);
CREATE INDEX track_medium_id_idx ON track (medium_id);
CREATE INDEX track_recording_id_idx ON track (recording_id);

-- A requested MBID that MusicBrainz redirects (entity merged) to a canonical one. No FK on
-- canonical_mbid: the alias is learnt before, and may outlive, the cached canonical row.
CREATE TABLE mbid_alias (
    mbid           uuid PRIMARY KEY,
    canonical_mbid uuid NOT NULL,
    entity_type    varchar(20) NOT NULL
        CHECK (entity_type IN ('recording', 'release', 'release-group', 'artist', 'track', 'medium')),
    created        timestamp with time zone NOT NULL DEFAULT now(),
    CHECK (mbid <> canonical_mbid)
);
CREATE INDEX mbid_alias_canonical_mbid_idx ON mbid_alias (canonical_mbid);
