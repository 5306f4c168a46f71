package org.songprint.fingerprint.bench;

import java.util.List;
import java.util.Locale;

/**
 * The simplest way to find an excerpt, measured beside the index: slide the clip over every offset
 * of every catalogued fingerprint and keep the alignment with the fewest differing bits (at least
 * half the clip inside the fingerprint). It needs no structure at all, and its cost grows with the
 * catalogue: measured here on the corpus tracks, then extrapolated per fingerprint.
 */
final class ExcerptScan {

    private ExcerptScan() {
    }

    static String report(MusicClips music, List<MusicClips.Track> catalogued, List<MusicClips.Clip> clips) {
        List<int[]> stored = catalogued.stream().map(music::catalogued).toList();
        List<MusicClips.Clip> sample = clips.stream()
                .filter(c -> c.seconds() == 15 && c.variant() == MusicClips.Variant.WAV && ExcerptBenchmark.isCatalogued(c.track()))
                .toList();
        int right = 0;
        long start = System.nanoTime();
        for (MusicClips.Clip clip : sample) {
            int best = -1;
            double bestBer = 1;
            for (int s = 0; s < stored.size(); s++) {
                double ber = bestBer(clip.items(), stored.get(s));
                if (ber < bestBer) {
                    bestBer = ber;
                    best = s;
                }
            }
            if (best >= 0 && catalogued.get(best).number() == clip.track().number() && bestBer < 0.25) {
                right++;
            }
        }
        double perClipPerFingerprint = (System.nanoTime() - start) / 1e9 / Math.max(1, sample.size()) / stored.size();
        return String.format(Locale.ROOT,
                "The simplest alternative, scanning every offset of every catalogued fingerprint for the clip's best "
                        + "alignment: recall@1 %.1f %% on the %d catalogued 15 s clips as cut, at %.2f ms per clip and "
                        + "catalogued fingerprint, so %,.0f s per clip at a million fingerprints (one thread).%n",
                100.0 * right / Math.max(1, sample.size()), sample.size(), perClipPerFingerprint * 1e3,
                perClipPerFingerprint * 1e6);
    }

    // the lowest bit error rate of the clip at any offset with at least half of it inside the stored fingerprint
    private static double bestBer(int[] clip, int[] stored) {
        double best = 1;
        for (int offset = -clip.length / 2; offset < stored.length - clip.length / 2; offset++) {
            int from = Math.max(0, -offset);
            int to = Math.min(clip.length, stored.length - offset);
            long errors = 0;
            for (int i = from; i < to; i++) {
                errors += Integer.bitCount(clip[i] ^ stored[i + offset]);
            }
            best = Math.min(best, errors / (32.0 * (to - from)));
        }
        return best;
    }
}
