package org.songprint.fingerprint.index.packed.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Damages index files in place, as bit rot on a disk would. */
public final class DiskDamage {

    private DiskDamage() {
    }

    /** Flips bits of the byte at {@code at}. */
    public static void flipByte(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
            channel.write(one, at);
        }
    }
}
