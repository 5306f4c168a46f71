package org.songprint.common.chromaprint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Conversions between fingerprint items as Java holds them ({@code int[]}) and as the PostgreSQL
 * clients bind and return {@code integer[]} columns ({@code Integer[]}), or as PostgreSQL's
 * {@code array_send} writes one.
 */
public final class FingerprintArrays {

    private FingerprintArrays() {
    }

    public static int[] unbox(Integer[] boxed) {
        int[] out = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    public static Integer[] box(int[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static final int INT4_OID = 23;

    /**
     * The items of an {@code integer[]} in PostgreSQL's binary form ({@code SELECT array_send(fingerprint)}):
     * dimensions, a has-nulls flag, the element type, each dimension's size and lower bound, then a
     * length and a value per item. Read straight into an {@code int[]}, where the client's own decoding
     * boxes every item (a fingerprint is 700–1,000 of them).
     *
     * @throws IllegalArgumentException for anything but a one-dimensional {@code integer[]} without nulls
     */
    public static int[] fromArraySend(byte[] data) {
        return fromArraySend(ByteBuffer.wrap(data));
    }

    /**
     * As {@link #fromArraySend(byte[])}, from the bytes between {@code data}'s position and limit (left
     * as they are): a database client's buffer read in place, without copying it out first.
     */
    public static int[] fromArraySend(ByteBuffer data) {
        ByteBuffer sent = data.slice().order(ByteOrder.BIG_ENDIAN);
        int length = sent.remaining();
        if (length < 12) {
            throw new IllegalArgumentException("not an array_send value: " + length + " bytes");
        }
        int dimensions = sent.getInt(0);
        if (dimensions == 0) {
            return new int[0];
        }
        if (dimensions != 1 || sent.getInt(4) != 0 || sent.getInt(8) != INT4_OID || length < 20) {
            throw new IllegalArgumentException("not a one-dimensional integer[] without nulls");
        }
        int count = sent.getInt(12);
        if (count < 0 || (long) count * 8 != length - 20) {
            throw new IllegalArgumentException(count + " items do not fill " + (length - 20) + " bytes");
        }
        int[] items = new int[count];
        for (int i = 0, at = 20; i < count; i++, at += 8) {
            if (sent.getInt(at) != 4) {
                throw new IllegalArgumentException("item " + i + " is not 4 bytes long");
            }
            items[i] = sent.getInt(at + 4);
        }
        return items;
    }

}
