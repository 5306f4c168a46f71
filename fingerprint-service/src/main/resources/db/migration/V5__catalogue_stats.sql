-- Catalogue totals by day, as AcoustID's stats table keeps them: tracks, fingerprints, distinct MBIDs
-- linked and tracks by their number of MBIDs, written by a scheduled job (CatalogueTotals) so the
-- /stats page never counts a million rows per request. Names follow AcoustID's: track.all,
-- fingerprint.all, mbid.all, track.<N>mbids (N from 0 to 10, 10 meaning 10 or more).
CREATE TABLE catalogue_stats (
    name  varchar(64) NOT NULL,
    date  date NOT NULL,
    value bigint NOT NULL CONSTRAINT catalogue_stats_value_check CHECK (value >= 0),
    PRIMARY KEY (name, date)
);
