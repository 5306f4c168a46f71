-- The SimHash as a plain integer with a B-tree index, next to the model's cube column.
-- The importer looks up fingerprints whose SimHash equals a submission's or differs in one bit
-- (33 index probes). A GiST index over 32-dimensional 0/1 cubes cannot do that fast: with a few
-- thousand rows an equality or nearest-neighbour scan already took ~12 ms (it visits most pages,
-- as every point sits on a corner of the same hypercube); the B-tree answers in microseconds at
-- any size.
ALTER TABLE fingerprint_data ADD COLUMN simhash_key integer;
CREATE INDEX fingerprint_data_simhash_key_idx ON fingerprint_data (simhash_key);

-- The GIN index over whole fingerprints (the model's fingerprint_fingerprint_idx) is kept, but no
-- query path of this suite reads it (the fingerprint index serves every search), and maintaining it
-- entry by entry costs ~5 ms per new fingerprint (470 posting-tree updates). With a large pending
-- list, inserts only append to it (~0.5 ms) and autovacuum merges it in the background.
ALTER INDEX fingerprint_fingerprint_idx SET (fastupdate = on, gin_pending_list_limit = 65536);

-- Statistics for the new column now, not at the next autovacuum: without them the planner
-- estimates simhash_key lookups badly and scans the table.
ANALYZE fingerprint_data;
