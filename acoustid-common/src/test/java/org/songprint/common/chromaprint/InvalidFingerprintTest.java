package org.songprint.common.chromaprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;

/** Every kind of malformed input ends in {@link InvalidFingerprintException} with its reason. */
class InvalidFingerprintTest {

    private static final String MELODY = FpcalcFixtures.load("melody-15s").encoded();
    private static final String LONG = FpcalcFixtures.load("long-9min").encoded();

    static Stream<Arguments> malformedStrings() {
        byte[] oneEscape = ChromaprintCodec.compress(1, new int[] {1 << 20}); // gap 21 = 7 + 14
        byte[] withoutExceptionByte = Arrays.copyOf(oneEscape, oneEscape.length - 1);
        return Stream.of(
                arguments("empty string", "", Reason.TRUNCATED_HEADER),
                arguments("two header bytes", "AQA", Reason.TRUNCATED_HEADER),
                arguments("three header bytes", "AQAB", Reason.TRUNCATED_HEADER),
                arguments("4k+1 characters", "AQAAA", Reason.BAD_BASE64_LENGTH),
                arguments("real fingerprint plus one character", MELODY + "A", MELODY.length() % 4 == 0
                        ? Reason.BAD_BASE64_LENGTH : Reason.TRAILING_DATA),
                arguments("one '=' where two are needed", "AQAAAA=", Reason.BAD_BASE64_LENGTH),
                arguments("three '='", "AQAAA===", Reason.BAD_CHARACTER),
                arguments("'=' inside", "AQ=AAA", Reason.BAD_CHARACTER),
                arguments("standard base64 '+'", "AQAB+A", Reason.BAD_CHARACTER),
                arguments("standard base64 '/'", MELODY.replace('_', '/').replace('-', '/') + "/", Reason.BAD_CHARACTER),
                arguments("space from a form-decoded '+'", "AQAB A", Reason.BAD_CHARACTER),
                arguments("trailing newline", MELODY + "\n", Reason.BAD_CHARACTER),
                arguments("leading space", " " + MELODY, Reason.BAD_CHARACTER),
                arguments("NUL character", "AQ\0AAA", Reason.BAD_CHARACTER),
                arguments("non-ASCII letter", "AQAAé", Reason.BAD_CHARACTER),
                arguments("fullwidth letter", "AQAAＡA", Reason.BAD_CHARACTER),
                arguments("16M items against a 10-byte body", b64(1, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0), Reason.MISSING_ITEMS),
                arguments("1 item against an empty body", b64(1, 0, 0, 1), Reason.MISSING_ITEMS),
                arguments("too few zeros in the normal stream", b64(1, 0, 0, 2, 0b00_001_001), Reason.MISSING_ITEMS),
                arguments("truncated real fingerprint", MELODY.substring(0, MELODY.length() / 2), null),
                arguments("truncated long fingerprint", LONG.substring(0, LONG.length() - 40), null),
                arguments("missing exception byte", ChromaprintCodec.base64Encode(withoutExceptionByte), Reason.MISSING_EXCEPTIONS),
                arguments("bytes after the exception stream", ChromaprintCodec.base64Encode(
                        Arrays.copyOf(oneEscape, oneEscape.length + 1)), Reason.TRAILING_DATA),
                arguments("empty fingerprint with a body", "AQAAAAAA", Reason.TRAILING_DATA),
                arguments("gaps past bit 32", b64(packed3(1, 6, 6, 6, 6, 6, 6, 0)), Reason.BIT_OVERFLOW),
                arguments("escaped gap past bit 32", b64(concat(packed3(1, 7, 0), new byte[] {31})), Reason.BIT_OVERFLOW),
                arguments("megabyte of 'A' after a header", "AQAD" + "A".repeat(1_000_000), Reason.TRAILING_DATA),
                arguments("megabyte of '_'", "_".repeat(1_000_000), Reason.MISSING_ITEMS),
                arguments("longer than the limit", "A".repeat(ChromaprintCodec.MAX_ENCODED_LENGTH + 1), Reason.TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStrings")
    void isRejected(String name, String input, Reason reason) {
        InvalidFingerprintException e = assertThrows(InvalidFingerprintException.class, () -> ChromaprintCodec.decode(input));
        if (reason != null) {
            assertEquals(reason, e.reason(), e.getMessage());
        }
        assertThrows(InvalidFingerprintException.class, () -> ChromaprintCodec.decodeForAcoustId(input));
    }

    static Stream<Arguments> wrongForAcoustId() {
        return Stream.of(
                arguments("algorithm 0", ChromaprintCodec.encode(0, new int[] {1, 2, 3}), Reason.UNSUPPORTED_ALGORITHM),
                arguments("algorithm 2", ChromaprintCodec.encode(2, new int[] {1, 2, 3}), Reason.UNSUPPORTED_ALGORITHM),
                arguments("algorithm 255", ChromaprintCodec.encode(255, new int[] {1, 2, 3}), Reason.UNSUPPORTED_ALGORITHM),
                arguments("fpcalc -algorithm 4", FpcalcFixtures.load("melody-15s-alg4").encoded(), Reason.UNSUPPORTED_ALGORITHM),
                arguments("no items", "AQAAAA", Reason.EMPTY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongForAcoustId")
    void decodesButIsRefusedForAcoustId(String name, String input, Reason reason) {
        ChromaprintCodec.decode(input);
        assertEquals(reason, assertThrows(InvalidFingerprintException.class,
                () -> ChromaprintCodec.decodeForAcoustId(input)).reason());
    }

    static Stream<Arguments> malformedRawLists() {
        return Stream.of(
                arguments("empty item", "1,,2"),
                arguments("trailing comma", "1,2,"),
                arguments("leading comma", ",1"),
                arguments("lone comma", ","),
                arguments("word", "abc"),
                arguments("just a sign", "1,-"),
                arguments("double sign", "--1"),
                arguments("above uint32", "4294967296"),
                arguments("far above uint32", "99999999999999999999999999"),
                arguments("below int32", "-2147483649"),
                arguments("space separated", "1 2"),
                arguments("semicolon", "1;2"),
                arguments("hexadecimal", "0x10"),
                arguments("decimal point", "1.5"),
                arguments("JSON brackets", "[1,2]"),
                arguments("non-ASCII digit", "١٢"),
                arguments("compressed string", MELODY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRawLists")
    void rawListIsRejected(String name, String input) {
        assertEquals(Reason.BAD_RAW_ITEM,
                assertThrows(InvalidFingerprintException.class, () -> ChromaprintCodec.parseRaw(input)).reason());
    }

    private static String b64(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return ChromaprintCodec.base64Encode(b);
    }

    private static String b64(byte[] bytes) {
        return ChromaprintCodec.base64Encode(bytes);
    }

    /** Header (algorithm 1, {@code count} items) and the given 3-bit values, LSB first. */
    private static byte[] packed3(int count, int... values) {
        byte[] out = new byte[4 + (values.length * 3 + 7) / 8];
        out[0] = 1;
        out[3] = (byte) count;
        for (int k = 0; k < values.length; k++) {
            for (int bit = 0; bit < 3; bit++) {
                if ((values[k] >> bit & 1) != 0) {
                    int pos = 32 + 3 * k + bit;
                    out[pos >> 3] |= (byte) (1 << (pos & 7));
                }
            }
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
