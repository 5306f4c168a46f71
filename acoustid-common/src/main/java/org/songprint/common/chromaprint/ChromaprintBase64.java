package org.songprint.common.chromaprint;

import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_ENCODED_LENGTH;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;

/** URL-safe base64 without padding, the text that carries Chromaprint's binary form. */
final class ChromaprintBase64 {

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEXTET = new byte[256]; // by Latin-1 code; -1 outside the alphabet

    static {
        Arrays.fill(SEXTET, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            SEXTET[ALPHABET[i]] = (byte) i;
        }
    }

    private ChromaprintBase64() {
    }

    /** The 6-bit value of {@code c}, or -1 when {@code c} is not in the URL-safe alphabet. */
    static int sextetOf(char c) {
        return c < 256 ? SEXTET[c] : -1;
    }

    /**
     * Decodes URL-safe base64. Only {@code A-Z a-z 0-9 - _} are accepted, plus canonical
     * {@code =} padding; a length of 4k+1 characters is refused.
     */
    static byte[] decode(CharSequence s) {
        int n = s.length();
        if (n > MAX_ENCODED_LENGTH) {
            throw new InvalidFingerprintException(Reason.TOO_LONG,
                    "fingerprint has " + n + " characters, more than " + MAX_ENCODED_LENGTH);
        }
        // One pass over Latin-1 bytes (a plain copy of a Latin-1 String); any character outside
        // the alphabet (a non-Latin-1 one becomes '?', also outside) makes the sum negative, and the
        // exact error is then found on the characters themselves.
        byte[] chars = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        int end = n;
        while (end > 0 && end > n - 2 && chars[end - 1] == '=') {
            end--;
        }
        int rem = end & 3;
        byte[] out = new byte[end / 4 * 3 + (rem == 0 ? 0 : rem - 1)];
        int o = 0;
        int i = 0;
        int full = end - rem;
        int invalid = 0;
        while (i < full) {
            int a = SEXTET[chars[i] & 0xFF];
            int b = SEXTET[chars[i + 1] & 0xFF];
            int c = SEXTET[chars[i + 2] & 0xFF];
            int d = SEXTET[chars[i + 3] & 0xFF];
            invalid |= a | b | c | d;
            int bits = a << 18 | b << 12 | c << 6 | d;
            out[o++] = (byte) (bits >>> 16);
            out[o++] = (byte) (bits >>> 8);
            out[o++] = (byte) bits;
            i += 4;
        }
        int bits = 0;
        for (int k = 0; k < rem; k++) {
            int v = SEXTET[chars[i + k] & 0xFF];
            invalid |= v;
            bits |= v << (18 - 6 * k);
        }
        if (invalid < 0) {
            for (int k = 0; k < end; k++) {
                sextet(s, k);
            }
        }
        if (end < n && ((n & 3) != 0 || rem != 4 - (n - end))) {
            throw new InvalidFingerprintException(Reason.BAD_BASE64_LENGTH, "malformed '=' padding");
        }
        if (rem == 1) {
            throw new InvalidFingerprintException(Reason.BAD_BASE64_LENGTH,
                    "a base64 text of " + end + " characters (4k+1) encodes no whole byte string");
        }
        if (rem >= 2) {
            out[o++] = (byte) (bits >>> 16);
        }
        if (rem == 3) {
            out[o] = (byte) (bits >>> 8);
        }
        return out;
    }

    private static int sextet(CharSequence s, int i) {
        char c = s.charAt(i);
        int v = c < 128 ? SEXTET[c] : -1;
        if (v < 0) {
            throw new InvalidFingerprintException(Reason.BAD_CHARACTER, String.format(
                    "character U+%04X at position %d is not in the URL-safe base64 alphabet", (int) c, i));
        }
        return v;
    }

    /** Encodes URL-safe base64 without padding: (n*4+2)/3 characters, as Chromaprint does. */
    static String encode(byte[] data) {
        int n = data.length;
        byte[] out = new byte[(int) (((long) n * 4 + 2) / 3)];
        int o = 0;
        int i = 0;
        int full = n - n % 3;
        while (i < full) {
            int bits = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | data[i + 2] & 0xFF;
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 63];
            out[o++] = ALPHABET[(bits >>> 6) & 63];
            out[o++] = ALPHABET[bits & 63];
            i += 3;
        }
        if (n - full == 1) {
            int bits = (data[i] & 0xFF) << 16;
            out[o++] = ALPHABET[bits >>> 18];
            out[o] = ALPHABET[(bits >>> 12) & 63];
        } else if (n - full == 2) {
            int bits = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8;
            out[o++] = ALPHABET[bits >>> 18];
            out[o++] = ALPHABET[(bits >>> 12) & 63];
            out[o] = ALPHABET[(bits >>> 6) & 63];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
