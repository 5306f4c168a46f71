-- The SimHash as a plain integer with a B-tree index, next to the model's cube column.
-- The importer looks up fingerprints whose SimHash equals a submission's or differs in one bit
-- (33 index probes). A GiST index over 32-dimensional 0/1 cubes cannot do that fast: with a few
-- thousand rows an equality or nearest-neighbour scan already took ~12 ms (it visits most pages,
-- as every point sits on a corner of the same hypercube); the B-tree answers in microseconds at
-- any size.
ALTER TABLE fingerprint_data ADD COLUMN simhash_key integer;
CREATE INDEX fingerprint_data_simhash_key_idx ON fingerprint_data (simhash_key);

-- The model's GIN index over whole fingerprints (fingerprint_fingerprint_idx, gin__int_ops) is
-- dropped. No query of this suite reads it: every search goes through the fingerprint index, which
-- holds the extracted query terms. Maintaining it cost ~4.4 ms per new fingerprint (470 posting
-- tree updates for random-looking 32-bit items; measured with 5,000 inserts into a 20k-row table:
-- 21.8 s with fastupdate, 24.3 s without, 0.19 s without the index), which alone would cap imports
-- near 200 fingerprints/s on two cores, and a large pending list only moves the cost into stalls
-- of many seconds when it is flushed. AcoustID used it for its SQL overlap search before its
-- index server existed. To bring it back for ad-hoc SQL:
--   CREATE INDEX CONCURRENTLY fingerprint_fingerprint_idx ON fingerprint USING GIN (fingerprint gin__int_ops);
DROP INDEX IF EXISTS fingerprint_fingerprint_idx;

-- Statistics for the new column now, not at the next autovacuum: without them the planner
-- estimates simhash_key lookups badly and scans the table.
ANALYZE fingerprint_data;
