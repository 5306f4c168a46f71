package org.songprint.fingerprint.index.packed.storage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a commit made durable: the bucket bits the segments were built with, the highest indexed id,
 * the log offset from which everything no segment file holds is replayed, and the segment files
 * with the ordinals deleted from each.
 *
 * @param files   segment file names, oldest first
 * @param deleted per file, its deleted ordinals, ascending
 */
public record Manifest(int bucketBits, long maxId, long replayFrom, List<String> files, List<int[]> deleted) {

    // "SPM2": the log holds raw items. A manifest of the compressed log ("SPMF") is unreadable, so
    // an index of that version starts empty and is rebuilt
    private static final int MAGIC = 0x53504d32;

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(bucketBits);
        out.writeLong(maxId);
        out.writeLong(replayFrom);
        out.writeInt(files.size());
        for (int s = 0; s < files.size(); s++) {
            out.writeUTF(files.get(s));
            int[] ordinals = deleted.get(s);
            out.writeInt(ordinals.length);
            for (int ordinal : ordinals) {
                out.writeInt(ordinal);
            }
        }
    }

    static Manifest readFrom(DataInputStream in, Object source) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a fingerprint index manifest: " + source);
        }
        int bits = in.readInt();
        long max = in.readLong();
        long replayFrom = in.readLong();
        int count = in.readInt();
        List<String> files = new ArrayList<>();
        List<int[]> deleted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(in.readUTF());
            int[] ordinals = new int[in.readInt()];
            for (int j = 0; j < ordinals.length; j++) {
                ordinals[j] = in.readInt();
            }
            deleted.add(ordinals);
        }
        return new Manifest(bits, max, replayFrom, files, deleted);
    }
}
