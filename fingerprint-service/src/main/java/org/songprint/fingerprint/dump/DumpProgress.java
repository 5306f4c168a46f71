package org.songprint.fingerprint.dump;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a table's rows on standard error: on a terminal a line rewritten every second with
 * the rate and, when the total is known, the time left; elsewhere (a Kubernetes job's log) one line
 * per table.
 */
public final class DumpProgress {

    private static final long EVERY_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private String table;
    private long total;
    private long started;
    private long lastShown;
    private long rows;

    public DumpProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static DumpProgress standardError() {
        return new DumpProgress(System.err, System.console() != null);
    }

    /** A table starts; {@code total} rows are expected (-1: unknown). */
    void start(String name, long expected) {
        table = name;
        total = expected;
        rows = 0;
        started = System.nanoTime();
        lastShown = started;
    }

    void rows(long done) {
        rows = done;
        long now = System.nanoTime();
        if (terminal && now - lastShown >= EVERY_NANOS) {
            lastShown = now;
            out.print("\r" + line(now) + "   ");
            out.flush();
        }
    }

    void done(long done) {
        rows = done;
        // the rows done are the truth; an expected total may have been an estimate
        total = -1;
        out.println((terminal ? "\r" : "") + line(System.nanoTime()));
    }

    private String line(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = rows / seconds;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-18s %,d", table, rows));
        if (total >= 0) {
            line.append(String.format(Locale.ROOT, " / %,d", total));
        }
        line.append(String.format(Locale.ROOT, " rows, %,.0f rows/s", rate));
        if (total > rows && rate > 0) {
            line.append(String.format(Locale.ROOT, ", %.0f s left", (total - rows) / rate));
        } else {
            line.append(String.format(Locale.ROOT, ", %.1f s", seconds));
        }
        return line.toString();
    }
}
