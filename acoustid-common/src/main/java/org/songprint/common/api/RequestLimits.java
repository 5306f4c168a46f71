package org.songprint.common.api;

/**
 * What one public API request may cost, shared by lookup and submit so a fingerprint one service
 * accepts the other accepts too. The figures and their reasons are in docs/api-compatibility.md.
 */
public final class RequestLimits {

    /**
     * Most items one fingerprint may have: 65,536 items are 2 h 15 min of audio at Chromaprint's
     * 8.08 items per second, so a full-length {@code fpcalc -length 0} of a one-hour mix (~28,800)
     * fits twice over, while fpcalc's default 120 s is 948. Past it a fingerprint costs more to
     * store, publish and score than any recording needs.
     */
    public static final int MAX_ITEMS_PER_FINGERPRINT = 1 << 16;

    /** Most distinct MBIDs one submitted entry may link (each becomes a stored row of its own). */
    public static final int MAX_MBIDS_PER_SUBMISSION = 10;

    /**
     * Most fingerprint items one submit request may store, counted once per stored row (an entry
     * with two MBIDs counts its items twice): the bound on the rows' memory and database work.
     * 64 default fpcalc fingerprints (beets' chunk) with one MBID each are ~61,000.
     */
    public static final int MAX_STORED_ITEMS_PER_SUBMIT = 1 << 20;

    /** Most fingerprint items one lookup request may search (all its {@code fingerprint.N} together). */
    public static final int MAX_ITEMS_PER_LOOKUP = 2 * MAX_ITEMS_PER_FINGERPRINT;

    /**
     * The longest request line AcoustID's servers accept (8,190 bytes, nginx's and uWSGI's limit): a
     * GET carrying a 120 s fingerprint in its URL is 3-4 kB.
     */
    public static final int MAX_REQUEST_LINE = 8190;

    private RequestLimits() {
    }
}
