package org.songprint.fingerprint.index.packed.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sequential reads and writes of primitive values and arrays on a file channel through one direct
 * buffer, arrays copied in bulk: segment files are loaded at start, and a {@code DataInputStream}
 * reading one value at a time is several times slower (see {@code docs/fingerprint-index.md}).
 */
public final class PrimitiveChannels {

    private static final int BUFFER = 1 << 20;

    private PrimitiveChannels() {
    }

    /** The buffer, holding (or with room for) at least {@code bytes} more. */
    private interface Window {
        ByteBuffer atLeast(int bytes) throws IOException;
    }

    /** Copies {@code count} elements of {@code values} from {@code at} between the array and the buffer's position. */
    private interface Chunk<A> {
        void copy(A values, int at, int count);
    }

    // as many elements at a time as the buffer has room for (or holds), flushing (refilling) it in between
    private static <A> A copyArray(A values, int length, int width, Window window, Chunk<A> chunk) throws IOException {
        for (int at = 0; at < length; ) {
            ByteBuffer buffer = window.atLeast(width);
            int count = Math.min(length - at, buffer.remaining() / width);
            chunk.copy(values, at, count);
            buffer.position(buffer.position() + count * width);
            at += count;
        }
        return values;
    }

    public static final class Writer {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

        public Writer(FileChannel channel) {
            this.channel = channel;
        }

        private ByteBuffer room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            return buffer;
        }

        public Writer writeInt(int value) throws IOException {
            room(4).putInt(value);
            return this;
        }

        public Writer writeLong(long value) throws IOException {
            room(8).putLong(value);
            return this;
        }

        public Writer writeLongs(long[] values) throws IOException {
            return writeArray(values, values.length, Long.BYTES, (v, at, count) -> buffer.asLongBuffer().put(v, at, count));
        }

        public Writer writeInts(int[] values) throws IOException {
            return writeArray(values, values.length, Integer.BYTES, (v, at, count) -> buffer.asIntBuffer().put(v, at, count));
        }

        public Writer writeChars(char[] values) throws IOException {
            return writeArray(values, values.length, Character.BYTES, (v, at, count) -> buffer.asCharBuffer().put(v, at, count));
        }

        public Writer writeBytes(byte[] values) throws IOException {
            return writeArray(values, values.length, 1, (v, at, count) -> buffer.put(buffer.position(), v, at, count));
        }

        private <A> Writer writeArray(A values, int length, int width, Chunk<A> chunk) throws IOException {
            copyArray(values, length, width, this::room, chunk);
            return this;
        }

        public void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }
    }

    public static final class Reader {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).limit(0);

        public Reader(FileChannel channel) {
            this.channel = channel;
        }

        private ByteBuffer holding(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                buffer.compact();
                while (buffer.position() < bytes) {
                    if (channel.read(buffer) < 0) {
                        throw new EOFException("segment file ends early");
                    }
                }
                buffer.flip();
            }
            return buffer;
        }

        public int readInt() throws IOException {
            return holding(4).getInt();
        }

        public long readLong() throws IOException {
            return holding(8).getLong();
        }

        public long[] readLongs(int length) throws IOException {
            return readArray(new long[length], length, Long.BYTES, (v, at, count) -> buffer.asLongBuffer().get(v, at, count));
        }

        public int[] readInts(int length) throws IOException {
            return readArray(new int[length], length, Integer.BYTES, (v, at, count) -> buffer.asIntBuffer().get(v, at, count));
        }

        public char[] readChars(int length) throws IOException {
            return readArray(new char[length], length, Character.BYTES, (v, at, count) -> buffer.asCharBuffer().get(v, at, count));
        }

        public byte[] readBytes(int length) throws IOException {
            return readArray(new byte[length], length, 1, (v, at, count) -> buffer.get(buffer.position(), v, at, count));
        }

        private <A> A readArray(A values, int length, int width, Chunk<A> chunk) throws IOException {
            return copyArray(values, length, width, this::holding, chunk);
        }
    }
}
