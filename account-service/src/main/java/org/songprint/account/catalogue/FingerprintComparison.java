package org.songprint.account.catalogue;

import io.quarkus.qute.TemplateData;
import java.util.Locale;
import org.songprint.common.chromaprint.FingerprintComparator;

/**
 * Two fingerprints compared as lookups compare them: compare2 with AcoustID's offset limit, the first
 * in the stored role. {@code offset}: the first's item {@code i} lines up with the second's item
 * {@code i - offset}; {@code overlap} items line up, with {@code differingBits} bits that differ.
 */
@TemplateData
public record FingerprintComparison(float score, int offset, int overlap, int differingBits) {

    public static FingerprintComparison of(int[] first, int[] second) {
        FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
        float score = comparator.compare2(first, second, FingerprintComparator.ACOUSTID_MAX_OFFSET);
        int offset = comparator.lastOffset();
        int firstStart = Math.max(0, offset);
        int secondStart = Math.max(0, -offset);
        int overlap = Math.max(0, Math.min(first.length - firstStart, second.length - secondStart));
        int differing = 0;
        for (int k = 0; k < overlap; k++) {
            differing += Integer.bitCount(first[firstStart + k] ^ second[secondStart + k]);
        }
        return new FingerprintComparison(score, offset, overlap, differing);
    }

    /** The bits of the items that line up. */
    public int alignedBits() {
        return overlap * 32;
    }

    /** The offset in seconds of audio. */
    public String offsetSeconds() {
        return String.format(Locale.ROOT, "%.2f", offset * FingerprintComparator.ITEM_SECONDS);
    }

    /** The share of the aligned bits that differ, in percent. */
    public String differingPercent() {
        return overlap == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * differingBits / (32.0 * overlap));
    }
}
