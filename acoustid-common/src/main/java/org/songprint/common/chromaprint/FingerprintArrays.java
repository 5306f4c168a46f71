package org.songprint.common.chromaprint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    // one load a value; assembled from four bytes it was a fifth of an index build's CPU
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The items of an {@code integer[]} in PostgreSQL's binary form ({@code SELECT array_send(fingerprint)}):
     * dimensions, a has-nulls flag, the element type, each dimension's size and lower bound, then a
     * length and a value per item. Read straight into an {@code int[]}, where the client's own decoding
     * boxes every item (a fingerprint is 700–1,000 of them).
     *
     * @throws IllegalArgumentException for anything but a one-dimensional {@code integer[]} without nulls
     */
    public static int[] fromArraySend(byte[] data) {
        if (data.length < 12) {
            throw new IllegalArgumentException("not an array_send value: " + data.length + " bytes");
        }
        int dimensions = intAt(data, 0);
        if (dimensions == 0) {
            return new int[0];
        }
        if (dimensions != 1 || intAt(data, 4) != 0 || intAt(data, 8) != INT4_OID || data.length < 20) {
            throw new IllegalArgumentException("not a one-dimensional integer[] without nulls");
        }
        int count = intAt(data, 12);
        if (count < 0 || (long) count * 8 != data.length - 20) {
            throw new IllegalArgumentException(count + " items do not fill " + (data.length - 20) + " bytes");
        }
        int[] items = new int[count];
        for (int i = 0, at = 20; i < count; i++, at += 8) {
            if (intAt(data, at) != 4) {
                throw new IllegalArgumentException("item " + i + " is not 4 bytes long");
            }
            items[i] = intAt(data, at + 4);
        }
        return items;
    }

    private static int intAt(byte[] data, int at) {
        return (int) INT_BE.get(data, at);
    }
}
