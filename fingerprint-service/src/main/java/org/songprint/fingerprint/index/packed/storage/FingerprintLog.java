package org.songprint.fingerprint.index.packed.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.songprint.common.chromaprint.ChromaprintCodec;

/**
 * The packed index's fingerprint store: an append-only file of records, each a fingerprint (id,
 * length, raw items) or a delete. Segments address fingerprints by record offset for scoring; the
 * records after the last manifest are replayed at start, so a crash loses nothing the log had
 * synced. A record is {@code [int size][long id][int length][int crc][size bytes of items]}, a
 * delete has length -1 and no bytes; the CRC covers id, length and items. A replay stops at the
 * first torn or corrupt record and drops the rest of the log (see {@link #replay}).
 *
 * <p>Items are stored as they are, 4 bytes each, not Chromaprint-compressed: decompressing a
 * candidate costs more than scoring it, on every lookup (see {@code docs/fingerprint-index.md}).
 *
 * <p>A lookup's candidates are read through memory mappings of the log ({@link #readInto}): a
 * {@code pread} of a record cost about 4 µs, a copy out of a mapping about 1.3 µs, and a lookup
 * reads up to 40. The log is mapped in windows of 64 MiB plus an overlap of 1 MiB, each
 * only once the file holds all of it (touching a mapping past the end of its file is a fault); a
 * record in the newest, unmapped part or larger than the overlap is read with {@code pread}.
 * Sequential reads (replay, the excerpt build) keep {@code pread}: mapped, every page of the log they
 * pass would count as the service's resident memory.
 *
 * <p>A log larger than the page cache can keep (half the memory beside the heap) is read with
 * {@code pread} only: a mapped page not in the cache is read with the device's whole read-around
 * window around it (8 MiB on this project's virtual disk), where a {@code pread} reads the record and
 * a little around it: at 10 M fingerprints (a 29 GB log) a search's p99 went from 48 to 3 ms.
 */
public final class FingerprintLog implements AutoCloseable {

    public static final int HEADER = 20;
    private static final int WRITE_BUFFER = 1 << 20;
    /** The most item bytes a record can hold: the most items a Chromaprint fingerprint can have. */
    private static final int MAX_RECORD_BYTES = ChromaprintCodec.MAX_ITEMS * Integer.BYTES;
    private static final long WINDOW = 1L << 26;
    private static final int OVERLAP = 1 << 20;

    private final FileChannel channel;
    // guarded by this
    private final ByteBuffer pending = ByteBuffer.allocateDirect(WRITE_BUFFER);
    private long flushedEnd;
    private final ThreadLocal<ByteBuffer> readBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(8192));
    private final long window;
    private final int overlap;
    /** Window i maps the bytes from i × window, window + overlap of them, as big-endian ints; replaced, never changed. */
    private volatile IntBuffer[] windows = new IntBuffer[0];
    /** Candidates are read through the mappings while the windows cover at most this many bytes. */
    private final long mappedReadsUpTo;

    /** A record read back: {@code length} is -1 for a delete. */
    public record Entry(long offset, long id, int length, int[] items) {
        public boolean isDelete() {
            return length < 0;
        }
    }

    public FingerprintLog(Path file) {
        this(file, WINDOW, OVERLAP, cacheableBytes());
    }

    /** A log mapped in windows of {@code window} bytes plus {@code overlap} (multiples of 4; small ones in tests). */
    FingerprintLog(Path file, long window, int overlap) {
        this(file, window, overlap, Long.MAX_VALUE);
    }

    /** ...whose candidates are read with {@code pread} once its windows cover more than {@code mappedReadsUpTo} bytes. */
    FingerprintLog(Path file, long window, int overlap, long mappedReadsUpTo) {
        this.window = window;
        this.overlap = overlap;
        this.mappedReadsUpTo = mappedReadsUpTo;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.flushedEnd = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fingerprint log " + file, e);
        }
        mapWritten();
    }

    /** Half the memory beside the heap (a container's limit where there is one): what the page cache may keep of the log. */
    static long cacheableBytes() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
            return Long.MAX_VALUE; // a JVM that does not say: mapped, as before
        }
        return Math.max(0, (os.getTotalMemorySize() - Runtime.getRuntime().maxMemory()) / 2);
    }

    /** Whether candidates are now read through the mappings (false once the log outgrows the page cache). */
    boolean readsMapped() {
        IntBuffer[] mapped = windows;
        return mapped.length > 0 && readsMapped(mapped);
    }

    private boolean readsMapped(IntBuffer[] mapped) {
        return (long) mapped.length * window <= mappedReadsUpTo;
    }

    // maps every window the file now holds whole; called where the file grows
    private synchronized void mapWritten() {
        IntBuffer[] current = windows;
        long whole = wholeWindows(flushedEnd);
        if (whole <= current.length) {
            return;
        }
        IntBuffer[] grown = Arrays.copyOf(current, (int) whole);
        try {
            for (int i = current.length; i < whole; i++) {
                grown[i] = channel.map(FileChannel.MapMode.READ_ONLY, i * window, window + overlap).asIntBuffer();
            }
        } catch (IOException e) {
            // pread still reads every record; a mapping is only faster
            return;
        }
        windows = grown;
    }

    // forgets the windows past `end` before the file is cut there
    private synchronized void unmapFrom(long end) {
        IntBuffer[] current = windows;
        long whole = wholeWindows(end);
        if (whole < current.length) {
            windows = Arrays.copyOf(current, (int) whole);
        }
    }

    // how many windows a file of `end` bytes holds whole
    private long wholeWindows(long end) {
        return end < overlap ? 0 : (end - overlap) / window;
    }

    /** Appends a fingerprint; returns its offset. Readable with {@link #read} after {@link #flush()}. */
    public synchronized long append(long id, int length, int[] items) {
        return write(id, length, items);
    }

    public synchronized long appendDelete(long id) {
        return write(id, -1, new int[0]);
    }

    private long write(long id, int length, int[] items) {
        long offset = flushedEnd + pending.position();
        int bytes = items.length * Integer.BYTES;
        int size = HEADER + bytes;
        if (pending.remaining() < size) {
            flush();
        }
        boolean fits = pending.remaining() >= size;
        ByteBuffer target = fits ? pending : ByteBuffer.allocate(size);
        int start = target.position();
        target.putInt(bytes).putLong(id).putInt(length).putInt(0);
        target.asIntBuffer().put(items);
        CRC32 crc = new CRC32();
        crc.update(target.duplicate().position(start + 4).limit(start + 16));
        crc.update(target.duplicate().position(start + HEADER).limit(start + size));
        target.putInt(start + 16, (int) crc.getValue()).position(start + size);
        if (!fits) {
            writeFully(target.flip());
        }
        return offset;
    }

    /** Makes everything appended so far readable (written to the file, not necessarily synced). */
    public synchronized void flush() {
        pending.flip();
        writeFully(pending);
        pending.clear();
        mapWritten();
    }

    private void writeFully(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                flushedEnd += channel.write(buffer, flushedEnd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fingerprint log", e);
        }
    }

    /** Flushes and syncs to disk. */
    public void sync() {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the fingerprint log", e);
        }
    }

    /** Offset just past the last record appended. */
    public synchronized long end() {
        return flushedEnd + pending.position();
    }

    /** The items of the fingerprint at {@code offset} (flushed), without checking its CRC. */
    public int[] read(long offset) {
        return read(offset, 0);
    }

    /**
     * {@link #read(long)} of a fingerprint expected to have about {@code expectedItems} items: one
     * read of about its size brings it, where reading a fixed larger block would copy more than the
     * record from the page cache on every lookup's candidates. A wrong guess costs a second read.
     */
    public int[] read(long offset, int expectedItems) {
        ByteBuffer buffer = readBuffers.get();
        int guess = expectedItems > 0 ? HEADER + (expectedItems + 32) * Integer.BYTES : buffer.capacity();
        buffer.clear().limit(Math.min(buffer.capacity(), guess));
        readAt(buffer, offset, HEADER);
        int size = buffer.getInt(0);
        if (size < 0 || size > MAX_RECORD_BYTES || size % Integer.BYTES != 0) {
            // a record the log's writer could not have written: refused before anything is allocated for it
            throw new IllegalStateException("the fingerprint log's record at offset " + offset + " claims " + size
                    + " bytes of items: the log is damaged there");
        }
        if (HEADER + size > buffer.capacity()) {
            buffer = ByteBuffer.allocateDirect(Math.max(HEADER + size, buffer.capacity() * 2));
            readBuffers.set(buffer);
            buffer.clear();
            readAt(buffer, offset, HEADER + size);
        } else if (buffer.position() < HEADER + size) {
            buffer.limit(buffer.capacity());
            readAt(buffer, offset + buffer.position(), HEADER + size - buffer.position());
        }
        int[] items = new int[size / Integer.BYTES];
        buffer.duplicate().position(HEADER).limit(HEADER + size).asIntBuffer().get(items);
        return items;
    }

    /**
     * The items of the fingerprint at {@code offset} (flushed) copied into {@code into}, without
     * checking its CRC; returns how many there are. If {@code into} is too small for them, returns
     * that count negated and copies nothing. A lookup scores its candidates this way: from the
     * log's mapping where it covers the record, into one array reused for all of them.
     */
    public int readInto(long offset, int[] into) {
        IntBuffer[] mapped = windows;
        long w = offset / window;
        if (w < mapped.length && offset % Integer.BYTES == 0 && readsMapped(mapped)) {
            IntBuffer ints = mapped[(int) w];
            int at = (int) ((offset - w * window) / Integer.BYTES);
            try {
                int count = ints.get(at) / Integer.BYTES;
                if (count >= 0 && HEADER + (long) count * Integer.BYTES <= overlap) {
                    if (count > into.length) {
                        return -count;
                    }
                    ints.get(at + HEADER / Integer.BYTES, into, 0, count);
                    return count;
                }
            } catch (InternalError pageGone) {
                // the JVM's answer to a mapped page the file no longer holds (cut under a reader that
                // took the windows before): pread below says what is wrong
            }
        }
        int[] items = read(offset, into.length);
        if (items.length > into.length) {
            return -items.length;
        }
        System.arraycopy(items, 0, into, 0, items.length);
        return items.length;
    }

    // reads at least `atLeast` bytes (more if they come in the same call) into the buffer at its position
    private void readAt(ByteBuffer buffer, long offset, int atLeast) {
        int start = buffer.position();
        try {
            while (buffer.position() - start < atLeast) {
                int read = channel.read(buffer, offset + buffer.position() - start);
                if (read < 0) {
                    throw new IllegalStateException("fingerprint log ends before offset " + (offset + atLeast));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fingerprint log", e);
        }
    }

    /** Receives replayed entries. */
    public interface EntrySink {
        void accept(Entry entry);
    }

    /**
     * What a replay found: {@code records} read and handed on; {@code stoppedAt} is the offset of the
     * first torn or corrupt record, or -1 if the log was read to its end; {@code droppedBytes} is how
     * much of the log after it was not read; {@code cutAt} is where the file now ends.
     */
    public record Replay(long records, long stoppedAt, long droppedBytes, long cutAt) {
        public boolean damaged() {
            return stoppedAt >= 0;
        }

        /** Damage below what committed segments reference: the file could not be cut there. */
        public boolean damagedBeforeCut() {
            return damaged() && cutAt > stoppedAt;
        }
    }

    /**
     * Reads every record from {@code from} to the end, in order, each checked against its CRC. A torn
     * or corrupt record (a crash mid-append, a damaged disk) ends the replay: neither it nor anything
     * after it is handed on. The file is cut there so later appends follow the last good record, but
     * never below {@code keep}: committed segments read the records before it by offset, and an
     * append there would overwrite them.
     */
    public synchronized Replay replay(long from, long keep, EntrySink sink) {
        flush();
        long offset = from;
        long records = 0;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        try {
            while (offset + HEADER <= flushedEnd) {
                header.clear();
                readFully(header, offset);
                header.flip();
                int size = header.getInt();
                long id = header.getLong();
                int length = header.getInt();
                int crc = header.getInt();
                if (size < 0 || size % Integer.BYTES != 0 || offset + HEADER + size > flushedEnd) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(size);
                readFully(body, offset + HEADER);
                CRC32 check = new CRC32();
                check.update(ByteBuffer.allocate(12).putLong(id).putInt(length).flip());
                check.update(body.array());
                if ((int) check.getValue() != crc) {
                    break;
                }
                int[] items = new int[size / Integer.BYTES];
                body.flip().asIntBuffer().get(items);
                sink.accept(new Entry(offset, id, length, items));
                records++;
                offset += HEADER + size;
            }
            if (offset >= flushedEnd) {
                return new Replay(records, -1, 0, flushedEnd);
            }
            long end = flushedEnd;
            long cut = Math.max(offset, Math.min(keep, end));
            if (cut < end) {
                unmapFrom(cut);
                channel.truncate(cut);
                flushedEnd = cut;
            }
            return new Replay(records, offset, end - offset, cut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the fingerprint log", e);
        }
    }

    /** Offset just past the record at {@code offset} (flushed), read from its header. */
    public long recordEnd(long offset) {
        ByteBuffer size = ByteBuffer.allocate(Integer.BYTES);
        try {
            readFully(size, offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fingerprint log", e);
        }
        return offset + HEADER + size.getInt(0);
    }

    // fills the buffer from the file at `offset`; a file that ends first leaves the rest unfilled
    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset + buffer.position() - start);
            if (read < 0) {
                return;
            }
        }
    }

    /** Drops every record. */
    public synchronized void clear() {
        pending.clear();
        unmapFrom(0);
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the fingerprint log", e);
        }
        flushedEnd = 0;
    }

    public long bytes() {
        return end();
    }

    @Override
    public synchronized void close() {
        windows = new IntBuffer[0];
        try {
            sync();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
