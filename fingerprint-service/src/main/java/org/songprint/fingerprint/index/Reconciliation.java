package org.songprint.fingerprint.index;

/**
 * An index compared with the database: how many fingerprints each holds, how many id ranges were
 * compared and how many differed, and the ids the index lacks ({@code missing}) or holds although
 * the database does not ({@code extra}), both ascending and checked again before they are reported.
 */
public record Reconciliation(long databaseCount, long indexCount, int ranges, int differingRanges, long[] missing,
        long[] extra) {

    /** Whether the index holds exactly the database's ids. */
    public boolean exact() {
        return missing.length == 0 && extra.length == 0;
    }
}
