package org.songprint.fingerprint.dump;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The fingerprint table's rows from a dump's COPY text into PostgreSQL in COPY's binary format, and
 * each fingerprint's {@code fingerprint_data} row (compressed form and simhash) computed on the way.
 * PostgreSQL parsing an array of 700 decimal items was most of an import's time (10,000 fingerprints
 * a second on 2 cores); read here once, the items go over as binary, and nothing is read back from
 * the database for {@code fingerprint_data}.
 *
 * <p>Lines are cut into batches that {@link FingerprintRows} converts on a thread per core, a few
 * batches ahead, while this thread writes the converted ones, in file order, to PostgreSQL: one
 * thread converting was the import's bottleneck, with PostgreSQL a third busy. Rows go in chunks: a
 * chunk's fingerprints, then (their foreign key satisfied) its {@code fingerprint_data}, so memory
 * holds one chunk's data rows and the batches in flight only.
 */
final class FingerprintCopy implements DumpReader.Sink {

    /** What runs between a chunk's fingerprints and its fingerprint data (an incremental import's upsert). */
    @FunctionalInterface
    interface BetweenCopies {
        void chunk(int[] ids) throws SQLException;
    }

    static final String DATA_COPY = "COPY fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key) FROM STDIN";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    // a fingerprint of an hour (28,800 items, far more than any AcoustID client sends) is ~350 kB of text
    private static final int MAX_LINE = 4 << 20;
    /** About 20 MB of fingerprint data text per chunk at 4 KB a row. */
    static final int CHUNK = 5_000;
    // a batch is a few MB of text: large enough that handing it over costs nothing, small enough
    // that the batches in flight stay a few tens of MB
    private static final int BATCH_ROWS = 500;
    private static final int BATCH_BYTES = 4 << 20;
    private static final int MAX_THREADS = 8;

    private final CopyManager copies;
    private final String fingerprintCopy;
    private final String file;
    private final BetweenCopies between;
    private final int chunk;
    private final int batchRows;
    private final ExecutorService converters;
    private final int maxInFlight;
    private final ArrayDeque<Future<FingerprintRows.Converted>> inFlight = new ArrayDeque<>();
    private final ThreadLocal<FingerprintRows> rows;
    private FingerprintRows.Lines batch;
    private long lines;
    private CopyIn copy;
    private int[] chunkIds = new int[64];
    private int chunkRows;
    private byte[][] chunkData = new byte[16][];
    private int chunkDataCount;

    /** Into {@code target} (the fingerprint table, or an incremental import's staging table). */
    FingerprintCopy(CopyManager copies, String target, String file, int chunk, BetweenCopies between) {
        this.copies = copies;
        this.fingerprintCopy = "COPY " + target + " (" + DumpTable.FINGERPRINT.columnList() + ") FROM STDIN (FORMAT binary)";
        this.file = file;
        this.between = between;
        this.chunk = chunk;
        this.batchRows = Math.min(chunk, BATCH_ROWS);
        // capped, so the batches in flight stay tens of MB on a machine of many cores
        int threads = Math.max(1, Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()));
        this.converters = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "dump-convert-" + file);
            thread.setDaemon(true);
            return thread;
        });
        // a chunk's worth more (~60 MB): the converters keep going while PostgreSQL takes a chunk's data rows
        this.maxInFlight = 2 * threads + Math.max(1, chunk / batchRows);
        this.rows = ThreadLocal.withInitial(() -> new FingerprintRows(file));
        this.batch = new FingerprintRows.Lines(1, 1 << 16);
    }

    @Override
    public void accept(byte[] buffer, int length) throws SQLException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                batch.endLine();
                lines++;
                start = i + 1;
                if (batch.count == batchRows || batch.length >= BATCH_BYTES) {
                    submit();
                }
            }
        }
        append(buffer, start, length - start);
    }

    /** The last chunk, once the file is read whole. */
    void finish() throws SQLException {
        if (batch.count > 0) {
            submit();
        }
        while (!inFlight.isEmpty()) {
            write(next());
        }
        if (chunkRows > 0) {
            endChunk();
        }
        converters.shutdown();
    }

    /** Stops the conversions and ends a COPY this may have open, after a failure (the transaction is rolled back next). */
    void abandon() {
        converters.shutdownNow();
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the failure being reported is the one that matters
            }
        }
    }

    private void append(byte[] buffer, int from, int length) {
        if (batch.open() + length > MAX_LINE) {
            throw new DumpException(String.format(java.util.Locale.ROOT, "%s line %d: a line longer than %d bytes is no fingerprint",
                    file, lines + 1, MAX_LINE));
        }
        if (length > 0) {
            batch.append(buffer, from, length);
        }
    }

    private void submit() throws SQLException {
        FingerprintRows.Lines full = batch;
        inFlight.add(converters.submit(() -> rows.get().convert(full)));
        batch = new FingerprintRows.Lines(lines + 1, Math.min(BATCH_BYTES, full.length + (1 << 16)));
        while (inFlight.size() > maxInFlight) {
            write(next());
        }
    }

    private FingerprintRows.Converted next() {
        try {
            return inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException(file + ": interrupted while loading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new DumpException(file + ": " + e.getCause(), e.getCause());
        }
    }

    private void write(FingerprintRows.Converted converted) throws SQLException {
        if (copy == null) {
            copy = copies.copyIn(fingerprintCopy);
            FingerprintRows.Tuples header = new FingerprintRows.Tuples(SIGNATURE.length + 8);
            header.bytes(SIGNATURE);
            header.putInt(0);
            header.putInt(0);
            copy.writeToCopy(header.buffer, 0, header.size);
        }
        copy.writeToCopy(converted.tuples(), 0, converted.tuplesLength());
        int[] ids = converted.ids();
        if (chunkRows + ids.length > chunkIds.length) {
            chunkIds = Arrays.copyOf(chunkIds, Math.max(chunkIds.length * 2, chunkRows + ids.length));
        }
        System.arraycopy(ids, 0, chunkIds, chunkRows, ids.length);
        chunkRows += ids.length;
        if (chunkDataCount == chunkData.length) {
            chunkData = Arrays.copyOf(chunkData, chunkDataCount * 2);
        }
        chunkData[chunkDataCount++] = converted.data();
        if (chunkRows >= chunk) {
            endChunk();
        }
    }

    private void endChunk() throws SQLException {
        copy.writeToCopy(new byte[] {(byte) 0xff, (byte) 0xff}, 0, 2);
        copy.endCopy();
        copy = null;
        between.chunk(Arrays.copyOf(chunkIds, chunkRows));
        CopyIn dataCopy = copies.copyIn(DATA_COPY);
        try {
            for (int i = 0; i < chunkDataCount; i++) {
                dataCopy.writeToCopy(chunkData[i], 0, chunkData[i].length);
                chunkData[i] = null;
            }
            dataCopy.endCopy();
        } finally {
            if (dataCopy.isActive()) {
                dataCopy.cancelCopy();
            }
        }
        chunkDataCount = 0;
        chunkRows = 0;
    }
}
