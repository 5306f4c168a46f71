package org.songprint.metadata.dump;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal (bytes done of the total when known, rate, ETA), redrawn at most 4 times a second. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private long lastDrawn;

    ProgressBar(PrintStream out, long totalBytes) {
        this.out = out;
        this.totalBytes = totalBytes;
    }

    synchronized void update(long bytes, long imported, long skipped) {
        long now = System.nanoTime();
        if (now - lastDrawn < 250_000_000L) {
            return;
        }
        lastDrawn = now;
        out.print('\r' + line(bytes, imported, skipped, now));
        out.flush();
    }

    synchronized void finish(long bytes, long imported, long skipped) {
        out.println('\r' + line(bytes, imported, skipped, System.nanoTime()));
    }

    String line(long bytes, long imported, long skipped, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String counts = String.format(Locale.ROOT, "%,d recordings (%,.0f/s), %,d skipped", imported, imported / seconds, skipped);
        if (totalBytes <= 0) {
            return counts;
        }
        double done = Math.min(1.0, bytes / (double) totalBytes);
        int filled = (int) Math.round(done * WIDTH);
        long eta = done > 0 ? Math.round(seconds / done - seconds) : 0;
        return String.format(Locale.ROOT, "[%s%s] %3.0f%% %s, ETA %d:%02d:%02d", "#".repeat(filled), ".".repeat(WIDTH - filled),
                done * 100, counts, eta / 3600, eta / 60 % 60, eta % 60);
    }
}
