package org.songprint.fingerprint.lookup;

import java.util.List;

/**
 * A {@code /v2/lookup} call once read: what to return, how far durations may differ, and the
 * queries (only the first without {@code batch=1}).
 */
record LookupRequest(LookupMeta meta, int maxDurationDiff, List<LookupQuery> queries, boolean batch) {
}
