package org.songprint.fingerprint.index.packed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The votes of one excerpt search. A hit (a document, and the offset into it where the clip would
 * begin) counts in a cell of {@link #CELL_ITEMS} offsets of its document, in an open-addressing
 * table of primitive arrays that a thread reuses. Hits of one document that agree on the offset to
 * within a few items fall in one cell or in two neighbouring ones, so a document's votes are the
 * most hits in two neighbouring cells: counting them needs no sort of the hits.
 *
 * <p>A clip's hits are thousands at a million fingerprints (tens of thousands with 20-bit terms),
 * nearly all of them chance: one hit in a document that gets no other. Counting each in a table that large would miss the CPU's
 * caches at every hit, so hits are first kept in order of arrival, and counted per document in a
 * small sketch (a counter per hash of the document, which never counts too few); only the hits of
 * documents with enough of them in the sketch reach the table.
 */
final class ExcerptVotes {

    /** log2 of the offsets a cell spans: two neighbouring cells hold any window of up to 5 items. */
    static final int CELL_SHIFT = 2;
    static final int CELL_ITEMS = 1 << CELL_SHIFT;
    /** Segments a search can tell apart: a document is its segment's place in the search and its ordinal. */
    static final int MAX_SEGMENTS = 1 << 16;
    private static final int DOC_BITS = 31;
    // offsets from EARLIEST_OFFSET to MAX_POSITION, in cells, and one more for the neighbour above
    private static final int CELL_BITS = 15;
    // a hit's offset from EARLIEST_OFFSET: up to MAX_POSITION and a little more
    private static final int OFFSET_BITS = 17;
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    private static final int SKETCH_BITS = 17;
    private static final int INITIAL_CAPACITY = 1 << 12;
    private static final int INITIAL_HITS = 1 << 14;
    private static final int KEPT_CAPACITY = 1 << 18;

    /** A document worth scoring: its votes, and the offset they agree on (their mean). */
    record Candidate(int segment, int doc, int votes, int offset) {
    }

    private final byte[] sketch = new byte[1 << SKETCH_BITS];
    private long[] hits = new long[INITIAL_HITS]; // document << 17 | offset from EARLIEST_OFFSET
    private int hitCount;
    private long[] cells; // a cell's key plus one: 0 is an empty slot
    private int[] counts;
    private long[] offsetSums; // of offsets from EARLIEST_OFFSET: a crafted clip can overflow an int
    private int[] filled;
    private int size;
    private int shift;

    ExcerptVotes() {
        allocate(INITIAL_CAPACITY);
    }

    /** The key of document {@code doc} of the search's {@code segment}-th segment. */
    static long document(int segment, int doc) {
        return (long) segment << DOC_BITS | doc;
    }

    /** Keeps a hit: the clip would begin at {@code offset} (at least {@link ExcerptSearch#EARLIEST_OFFSET}) of {@code document}. */
    void add(long document, int offset) {
        if (hitCount == hits.length) {
            hits = Arrays.copyOf(hits, 2 * hits.length);
        }
        hits[hitCount++] = document << OFFSET_BITS | (offset - ExcerptSearch.EARLIEST_OFFSET);
        int counter = sketchSlot(document);
        if (sketch[counter] < Byte.MAX_VALUE) {
            sketch[counter]++;
        }
    }

    private static int sketchSlot(long document) {
        return (int) ((document * 0x9E3779B97F4A7C15L) >>> (64 - SKETCH_BITS));
    }

    // counts a hit, of a document with enough hits in the sketch, in its cell
    private void count(long document, int fromEarliest) {
        if (2 * size >= cells.length) {
            allocate(2 * cells.length);
        }
        long cell = (document << CELL_BITS | fromEarliest >>> CELL_SHIFT) + 1;
        int slot = slotOf(cell);
        if (cells[slot] == 0) {
            cells[slot] = cell;
            filled[size++] = slot;
        }
        counts[slot]++;
        offsetSums[slot] += fromEarliest;
    }

    /**
     * The best {@code limit} documents with at least {@code minVotes} votes: most votes first, then
     * by segment and ordinal, each at the offset its best pair of neighbouring cells agrees on.
     */
    List<Candidate> candidates(int minVotes, int limit) {
        clearTable();
        for (int i = 0; i < hitCount; i++) {
            long hit = hits[i];
            long document = hit >>> OFFSET_BITS;
            if (sketch[sketchSlot(document)] >= minVotes) {
                count(document, (int) hit & OFFSET_MASK);
            }
        }
        List<Candidate> found = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int slot = filled[i];
            long cell = cells[slot];
            int votes = counts[slot];
            long offsetSum = offsetSums[slot];
            int above = slotOf(cell + 1);
            if (cells[above] != 0) {
                votes += counts[above];
                offsetSum += offsetSums[above];
            }
            if (votes >= minVotes) {
                long document = (cell - 1) >>> CELL_BITS;
                int offset = (int) Math.round((double) offsetSum / votes) + ExcerptSearch.EARLIEST_OFFSET;
                found.add(new Candidate((int) (document >>> DOC_BITS), (int) document & Integer.MAX_VALUE, votes, offset));
            }
        }
        found.sort(Comparator.comparingInt(Candidate::segment).thenComparingInt(Candidate::doc)
                .thenComparing(Comparator.comparingInt(Candidate::votes).reversed()));
        List<Candidate> best = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Candidate candidate = found.get(i);
            if (i == 0 || candidate.segment() != found.get(i - 1).segment() || candidate.doc() != found.get(i - 1).doc()) {
                best.add(candidate);
            }
        }
        best.sort(Comparator.comparingInt(Candidate::votes).reversed().thenComparingInt(Candidate::segment)
                .thenComparingInt(Candidate::doc));
        return best.size() > limit ? best.subList(0, limit) : best;
    }

    /** Forgets every hit, for the next search; arrays that grew large are given back. */
    void clear() {
        Arrays.fill(sketch, (byte) 0);
        hitCount = 0;
        if (hits.length > KEPT_CAPACITY) {
            hits = new long[INITIAL_HITS];
        }
        clearTable();
    }

    private void clearTable() {
        if (cells.length > KEPT_CAPACITY) {
            allocate(INITIAL_CAPACITY);
            return;
        }
        for (int i = 0; i < size; i++) {
            int slot = filled[i];
            cells[slot] = 0;
            counts[slot] = 0;
            offsetSums[slot] = 0;
        }
        size = 0;
    }

    private int slotOf(long cell) {
        int mask = cells.length - 1;
        int slot = (int) ((cell * 0x9E3779B97F4A7C15L) >>> shift);
        while (cells[slot] != 0 && cells[slot] != cell) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    // a table of `capacity` slots (a power of two) holding the cells of the current one, if any
    private void allocate(int capacity) {
        long[] oldCells = cells;
        int[] oldCounts = counts;
        long[] oldSums = offsetSums;
        int[] oldFilled = filled;
        int oldSize = oldCells == null || capacity < oldCells.length ? 0 : size;
        cells = new long[capacity];
        counts = new int[capacity];
        offsetSums = new long[capacity];
        filled = new int[capacity / 2 + 1];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        size = 0;
        for (int i = 0; i < oldSize; i++) {
            int from = oldFilled[i];
            int slot = slotOf(oldCells[from]);
            cells[slot] = oldCells[from];
            counts[slot] = oldCounts[from];
            offsetSums[slot] = oldSums[from];
            filled[size++] = slot;
        }
    }
}
