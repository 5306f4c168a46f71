package org.songprint.fingerprint.lookup;

import java.util.List;

/**
 * A {@code /v2/lookup} call once read: what to return, how far durations may differ, the queries
 * (only the first without {@code batch=1}), and whether each fingerprint is an excerpt that may
 * begin anywhere inside a stored one ({@code excerpt=1}; no duration window then).
 */
record LookupRequest(LookupMeta meta, int maxDurationDiff, List<LookupQuery> queries, boolean batch, boolean excerpt) {
}
