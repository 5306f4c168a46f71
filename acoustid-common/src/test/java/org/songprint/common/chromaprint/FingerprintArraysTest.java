package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Items read from PostgreSQL's binary array form; the byte strings are what PostgreSQL 15's array_send returned. */
class FingerprintArraysTest {

    private static byte[] sent(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void readsTheItemsOfAnIntegerArray() {
        assertArrayEquals(new int[] {1, -2, 3},
                FingerprintArrays.fromArraySend(sent("0000000100000000000000170000000300000001000000040000000100000004fffffffe0000000400000003")));
        assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE},
                FingerprintArrays.fromArraySend(sent("0000000100000000000000170000000200000001000000047fffffff0000000480000000")));
    }

    @Test
    void readsTheBytesBetweenABuffersPositionAndLimitWhateverItsByteOrder() {
        byte[] value = sent("0000000100000000000000170000000300000001000000040000000100000004fffffffe0000000400000003");
        byte[] around = new byte[value.length + 7];
        Arrays.fill(around, (byte) 0x55);
        System.arraycopy(value, 0, around, 3, value.length);
        ByteBuffer buffer = ByteBuffer.wrap(around, 3, value.length).order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new int[] {1, -2, 3}, FingerprintArrays.fromArraySend(buffer));
        assertEquals(3, buffer.position(), "the buffer's position is left as it was");
        assertEquals(ByteOrder.LITTLE_ENDIAN, buffer.order());
        // the bytes behind the limit are not read: without them the value is cut short
        assertThrows(IllegalArgumentException.class,
                () -> FingerprintArrays.fromArraySend(ByteBuffer.wrap(around, 3, value.length - 4)));
    }

    @Test
    void anEmptyArrayHasNoItems() {
        assertArrayEquals(new int[0], FingerprintArrays.fromArraySend(sent("000000000000000000000017")));
    }

    @Test
    void refusesWhatIsNotAFlatIntegerArrayWithoutNulls() {
        // '{{1,2},{3,4}}'
        assertThrows(IllegalArgumentException.class, () -> FingerprintArrays.fromArraySend(sent(
                "000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004")));
        // '{1,NULL}'
        assertThrows(IllegalArgumentException.class, () -> FingerprintArrays.fromArraySend(sent(
                "00000001000000010000001700000002000000010000000400000001ffffffff")));
        // a bigint[] of one item
        assertThrows(IllegalArgumentException.class, () -> FingerprintArrays.fromArraySend(sent(
                "000000010000000000000014000000010000000100000008000000000000002a")));
        // cut short, and too short for a header
        assertThrows(IllegalArgumentException.class, () -> FingerprintArrays.fromArraySend(sent(
                "0000000100000000000000170000000300000001000000040000000100000004fffffffe00000004")));
        assertThrows(IllegalArgumentException.class, () -> FingerprintArrays.fromArraySend(sent("00000001")));
    }
}
