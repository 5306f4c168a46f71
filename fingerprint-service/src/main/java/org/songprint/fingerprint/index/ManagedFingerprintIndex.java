package org.songprint.fingerprint.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A fingerprint index as its owner ({@link IndexLifecycle}) drives it: bulk builds, periodic
 * maintenance and commits, and the figures the health check and metrics show.
 */
public interface ManagedFingerprintIndex extends FingerprintIndex, AutoCloseable {

    /**
     * Adds a fingerprint known to be absent, without the check for an older copy an upsert makes:
     * for building an empty index. Not for the running importer (see {@link #upsert}).
     */
    void add(IndexedFingerprint fingerprint);

    /** Switches to building an empty index; {@code ramBufferMb} bounds an engine's indexing buffer where it has one. */
    void beginBulkLoad(double ramBufferMb);

    /** Ends a bulk load: what was added becomes searchable. */
    void endBulkLoad();

    /** Merges the index down to at most {@code segments} segments. */
    void forceMerge(int segments);

    /** Segments a search reads now. */
    int segmentCount();

    /** Periodic maintenance, off the import path: makes every write so far durable-ready and searchable. */
    void refreshReaders();

    /** Writes pending changes to disk with the highest indexed id, if anything changed. */
    void commit();

    /**
     * The ids of every fingerprint the index holds now, ascending, each once: what the catch-up
     * compares with the database's ids.
     */
    long[] ids();

    /** Whether every fingerprint in a segment can be found as an excerpt (false without excerpt postings). */
    default boolean excerptsReady() {
        return false;
    }

    /** Heap bytes of the excerpt postings (0 without them). */
    default long excerptBytes() {
        return 0;
    }

    /** Records of the engine's own log found torn or corrupt at open, and dropped. */
    default long damagedLogRecords() {
        return 0;
    }

    /** Drops every fingerprint (the index belonged to another database). */
    void clear();

    /** Bytes the index takes on disk. */
    long bytesOnDisk();

    /** Bytes of the files directly in {@code dir}. */
    static long bytesOfFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // deleted meanwhile (a merged-away segment)
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void close();
}
