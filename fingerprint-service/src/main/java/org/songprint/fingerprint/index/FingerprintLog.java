package org.songprint.fingerprint.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The packed index's fingerprint store: an append-only file of records, each a fingerprint (id,
 * length, Chromaprint-compressed items) or a delete. Segments address fingerprints by record offset
 * for scoring; the records after the last manifest are replayed at start, so a crash loses nothing
 * the log had synced. A record is {@code [int size][long id][int length][int crc][size bytes]}, a
 * delete has length -1 and no bytes; a torn or corrupt tail is cut off when replayed.
 */
final class FingerprintLog implements AutoCloseable {

    static final int HEADER = 20;
    private static final int WRITE_BUFFER = 1 << 20;

    private final FileChannel channel;
    // guarded by this
    private final ByteBuffer pending = ByteBuffer.allocateDirect(WRITE_BUFFER);
    private long flushedEnd;
    private final ThreadLocal<ByteBuffer> readBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(8192));

    /** A record read back: {@code length} is -1 for a delete. */
    record Entry(long offset, long id, int length, byte[] compressed) {
        boolean isDelete() {
            return length < 0;
        }
    }

    FingerprintLog(Path file) {
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.flushedEnd = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fingerprint log " + file, e);
        }
    }

    /** Appends a fingerprint; returns its offset. Readable with {@link #read} after {@link #flush()}. */
    synchronized long append(long id, int length, byte[] compressed) {
        return write(id, length, compressed);
    }

    synchronized long appendDelete(long id) {
        return write(id, -1, new byte[0]);
    }

    private long write(long id, int length, byte[] compressed) {
        long offset = flushedEnd + pending.position();
        CRC32 crc = new CRC32();
        ByteBuffer header = ByteBuffer.allocate(12).putLong(id).putInt(length).flip();
        crc.update(header);
        crc.update(compressed);
        int size = HEADER + compressed.length;
        if (pending.remaining() < size) {
            flush();
        }
        if (pending.remaining() < size) {
            writeFully(ByteBuffer.allocate(size).putInt(compressed.length).putLong(id).putInt(length)
                    .putInt((int) crc.getValue()).put(compressed).flip());
            return offset;
        }
        pending.putInt(compressed.length).putLong(id).putInt(length).putInt((int) crc.getValue()).put(compressed);
        return offset;
    }

    /** Makes everything appended so far readable (written to the file, not necessarily synced). */
    synchronized void flush() {
        pending.flip();
        writeFully(pending);
        pending.clear();
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
    void sync() {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the fingerprint log", e);
        }
    }

    /** Offset just past the last record appended. */
    synchronized long end() {
        return flushedEnd + pending.position();
    }

    /** The compressed items of the fingerprint at {@code offset} (flushed), without checking its CRC. */
    byte[] read(long offset) {
        ByteBuffer buffer = readBuffers.get();
        buffer.clear();
        readAt(buffer, offset, HEADER);
        int size = buffer.getInt(0);
        if (HEADER + size > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Math.max(HEADER + size, buffer.capacity() * 2));
            readBuffers.set(buffer);
            buffer.clear();
            readAt(buffer, offset, HEADER + size);
        } else if (buffer.position() < HEADER + size) {
            readAt(buffer, offset + buffer.position(), HEADER + size - buffer.position());
        }
        byte[] compressed = new byte[size];
        buffer.get(HEADER, compressed);
        return compressed;
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
    interface EntrySink {
        void accept(Entry entry);
    }

    /**
     * Reads every record from {@code from} to the end, in order. A torn or corrupt record (a crash
     * mid-append) ends the log: the file is cut there, so later appends follow the last good record.
     */
    synchronized void replay(long from, EntrySink sink) {
        flush();
        long offset = from;
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        try {
            while (offset + HEADER <= flushedEnd) {
                header.clear();
                channel.read(header, offset);
                header.flip();
                int size = header.getInt();
                long id = header.getLong();
                int length = header.getInt();
                int crc = header.getInt();
                if (size < 0 || offset + HEADER + size > flushedEnd) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(size);
                while (body.hasRemaining() && channel.read(body, offset + HEADER + body.position()) > 0) {
                    // read on
                }
                CRC32 check = new CRC32();
                check.update(ByteBuffer.allocate(12).putLong(id).putInt(length).flip());
                check.update(body.array());
                if ((int) check.getValue() != crc) {
                    break;
                }
                sink.accept(new Entry(offset, id, length, body.array()));
                offset += HEADER + size;
            }
            if (offset < flushedEnd) {
                channel.truncate(offset);
                flushedEnd = offset;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the fingerprint log", e);
        }
    }

    /** Drops every record. */
    synchronized void clear() {
        pending.clear();
        try {
            channel.truncate(0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the fingerprint log", e);
        }
        flushedEnd = 0;
    }

    long bytes() {
        return end();
    }

    @Override
    public synchronized void close() {
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
