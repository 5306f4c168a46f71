package org.songprint.fingerprint.index.packed;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.songprint.fingerprint.index.packed.storage.PrimitiveChannels;

/**
 * An immutable set of fingerprints of the packed index: their ids (ascending, so the ordinal of an id
 * is a binary search), lengths, fingerprint-log offsets and bucket postings. Deletes are a bit set
 * replaced on write, so a search sees either the old or the new set, never half of one.
 */
final class PackedSegment {

    private static final int MAGIC = 0x53505348; // "SPSH": version 2, bulk arrays

    final long[] ids;
    final char[] lengths;
    final long[] offsets;
    final BucketPostings postings;
    /** Offset of its oldest record in the fingerprint log: the log is replayed from here if it is lost. */
    final long logStart;
    /** Its excerpt postings, or null until they are built (never when excerpts are off). */
    volatile ExcerptPostings excerpt;
    /** Its file, or null while it lives only in memory (a recent flush, rebuilt from the log after a crash). */
    volatile Path file;
    private volatile long[] deleted;
    private volatile int deletedCount;

    PackedSegment(long[] ids, char[] lengths, long[] offsets, BucketPostings postings, long logStart) {
        this.ids = ids;
        this.lengths = lengths;
        this.offsets = offsets;
        this.postings = postings;
        this.logStart = logStart;
        this.deleted = new long[(ids.length + 63) >>> 6];
    }

    int docCount() {
        return ids.length;
    }

    int liveCount() {
        return ids.length - deletedCount;
    }

    /** The ordinal of a live fingerprint, or -1. */
    int liveOrdinal(long id) {
        int ordinal = Arrays.binarySearch(ids, id);
        return ordinal >= 0 && isLive(ordinal) ? ordinal : -1;
    }

    boolean isLive(int ordinal) {
        return (deleted[ordinal >>> 6] & (1L << ordinal)) == 0;
    }

    /** The deleted bits now: a search or merge reads one consistent set. */
    long[] deletedBits() {
        return deleted;
    }

    static boolean isLive(long[] deletedBits, int ordinal) {
        return (deletedBits[ordinal >>> 6] & (1L << ordinal)) == 0;
    }

    /** The ordinals {@code deletedBits} marks deleted, ascending: what a manifest keeps of them. */
    int[] deletedOrdinals(long[] deletedBits) {
        int[] ordinals = new int[ids.length];
        int count = 0;
        for (int ordinal = 0; ordinal < ids.length; ordinal++) {
            if (!isLive(deletedBits, ordinal)) {
                ordinals[count++] = ordinal;
            }
        }
        return Arrays.copyOf(ordinals, count);
    }

    /** Marks a fingerprint deleted (call under the index's write lock). */
    void delete(int ordinal) {
        if (!isLive(ordinal)) {
            return;
        }
        long[] copy = deleted.clone();
        copy[ordinal >>> 6] |= 1L << ordinal;
        deleted = copy;
        deletedCount++;
    }

    /** Marks the live copy of {@code id} deleted (under the index's write lock); whether there was one. */
    boolean deleteLive(long id) {
        int ordinal = liveOrdinal(id);
        if (ordinal < 0) {
            return false;
        }
        delete(ordinal);
        return true;
    }

    /** Heap bytes: postings plus id, length and log offset per fingerprint. */
    long bytes() {
        return postings.bytes() + ids.length * 18L + deleted.length * 8L;
    }

    /** Writes the segment to {@code file} durably (deletes are kept in the manifest, not here). */
    void writeTo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            PrimitiveChannels.Writer out = new PrimitiveChannels.Writer(channel);
            out.writeInt(MAGIC).writeInt(ids.length).writeLong(logStart);
            out.writeLongs(ids).writeChars(lengths).writeLongs(offsets);
            postings.write(out);
            out.flush();
            channel.force(true);
        }
        this.file = file;
    }

    static PackedSegment readFrom(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            PrimitiveChannels.Reader in = new PrimitiveChannels.Reader(channel);
            if (in.readInt() != MAGIC) {
                throw new IOException("not a fingerprint index segment: " + file);
            }
            int count = in.readInt();
            long logStart = in.readLong();
            long[] ids = in.readLongs(count);
            char[] lengths = in.readChars(count);
            long[] offsets = in.readLongs(count);
            PackedSegment segment = new PackedSegment(ids, lengths, offsets, BucketPostings.read(in), logStart);
            segment.file = file;
            return segment;
        }
    }
}
