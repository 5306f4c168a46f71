package org.songprint.fingerprint.index.packed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.songprint.common.chromaprint.Compare2Query;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.RankedMatch;
import org.songprint.fingerprint.index.SearchOptions;

/**
 * The matches of one search: each candidate fingerprint scored once against the query with compare2
 * (a fingerprint can be a candidate twice: its copy in the buffer and an older one in a segment),
 * those above the minimum score kept, the best returned. The query is prepared in the thread's
 * comparator, not allocated per search (it was a third of what a lookup allocated).
 */
public final class MatchScorer {

    private final Compare2Query query;
    private final SearchOptions options;
    private final FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
    private final List<FingerprintMatch> matches;
    private final Set<Long> scored = new HashSet<>();

    /** A scorer of one search at a time on this thread: it prepares the query in the thread's comparator. */
    public MatchScorer(int[] query, SearchOptions options, int candidates) {
        this.query = comparator.prepare(query);
        this.options = options;
        this.matches = new ArrayList<>(candidates);
    }

    /** Whether the fingerprint was scored already: its items need not be read again. */
    public boolean scored(long id) {
        return scored.contains(id);
    }

    /** Scores a fingerprint with {@code hits} query terms unless it was scored already. */
    public void score(long id, int length, int hits, int[] stored) {
        score(id, length, hits, stored, stored.length);
    }

    /** {@link #score(long, int, int, int[])} of the first {@code storedSize} items of {@code stored}. */
    public void score(long id, int length, int hits, int[] stored, int storedSize) {
        if (!scored.add(id)) {
            return;
        }
        float score = comparator.compare2(stored, storedSize, query, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        if (score > options.minScore()) {
            matches.add(new FingerprintMatch(id, length, hits, score));
        }
    }

    /** The best matches, highest score first, at most the search's limit. */
    public List<FingerprintMatch> best() {
        comparator.release();
        return RankedMatch.best(matches, options.limit());
    }
}
