package org.songprint.common.chromaprint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;

/**
 * Chromaprint's two text forms of a fingerprint: the compressed URL-safe base64 string that
 * {@code fpcalc} prints and AcoustID clients send, and the raw comma-separated integer list of
 * {@code fpcalc -raw}. The format is described in {@code docs/fingerprint-scoring.md}.
 *
 * <p><b>Encoding</b> reproduces Chromaprint byte for byte: {@code encode(decode(s)).equals(s)} for
 * every string {@code fpcalc} prints.
 *
 * <p><b>Decoding</b> accepts everything Chromaprint's own encoder can produce and refuses, with
 * {@link InvalidFingerprintException}, everything else this codec cannot read unambiguously.
 * Chromaprint's decoder is more lenient in three places, on purpose not copied:
 * <ul>
 *   <li>It decodes characters outside the URL-safe alphabet as 0 bits, which silently turns a
 *       damaged string (for example standard base64 with {@code +} and {@code /}, or a
 *       form-encoded {@code +} that became a space) into a different fingerprint. AcoustID
 *       clients only send the 64 URL-safe characters, so any other character is refused
 *       ({@link Reason#BAD_CHARACTER}). The one concession is canonical {@code =} padding
 *       (a generic base64 encoder's output), which is accepted and ignored.</li>
 *   <li>It ignores bytes after the exception stream. No encoder writes any, so they are refused
 *       ({@link Reason#TRAILING_DATA}); this also keeps a long garbage tail from being accepted.</li>
 *   <li>It shifts by more than 31 when an item's gaps add up past bit 32 (undefined behaviour in
 *       C). Such items are refused ({@link Reason#BIT_OVERFLOW}).</li>
 * </ul>
 * Unused padding bits at the end of the 3-bit stream, the 5-bit stream and the last base64
 * character are ignored, as Chromaprint does; re-encoding writes them as zeros.
 *
 * <p><b>Resource bounds.</b> Input longer than {@link #MAX_ENCODED_LENGTH} characters is refused
 * before decoding. The item count in the header is checked against what the body can hold
 * (every item needs at least one 3-bit value) before the item array is allocated, and the
 * streams are read in place, so decoding allocates only the decoded bytes and the items.
 *
 * <p>All methods are static, thread-safe and allocation-light.
 */
public final class ChromaprintCodec {

    /**
     * Longest accepted compressed string, in characters: 1 MiB, AcoustID's own request body
     * limit, so nothing AcoustID could receive is cut off. A 120 s fingerprint is about
     * 2,000-4,000 characters; this allows roughly 250,000 items (about 8.5 hours of audio).
     */
    public static final int MAX_ENCODED_LENGTH = 1 << 20;

    /** Longest accepted binary (base64-decoded) fingerprint, in bytes. */
    public static final int MAX_COMPRESSED_LENGTH = MAX_ENCODED_LENGTH / 4 * 3;

    /** Most items the 24-bit header count can declare. */
    public static final int MAX_ITEMS = 0xFFFFFF;

    /** Longest accepted raw integer list, in characters (16 MiB, about 1.5 million items). */
    public static final int MAX_RAW_LENGTH = 16 << 20;

    private static final int HEADER_BYTES = 4;
    /** Normal-stream value meaning "7 or more; the rest is in the exception stream". */
    private static final int ESCAPE = 7;

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEXTET = new byte[256]; // by Latin-1 code; -1 outside the alphabet

    static {
        Arrays.fill(SEXTET, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            SEXTET[ALPHABET[i]] = (byte) i;
        }
    }

    /** Zero values, and escape values, among the four 3-bit values of each 12-bit word. */
    private static final byte[] ZEROS = new byte[1 << 12];
    private static final byte[] ESCAPES = new byte[1 << 12];

    static {
        for (int word = 0; word < ZEROS.length; word++) {
            for (int shift = 0; shift < 12; shift += 3) {
                int value = (word >>> shift) & 7;
                ZEROS[word] += (byte) (value == 0 ? 1 : 0);
                ESCAPES[word] += (byte) (value == ESCAPE ? 1 : 0);
            }
        }
    }

    private ChromaprintCodec() {
    }

    // ---------------------------------------------------------------------------------------
    // Compressed string form

    /**
     * Decodes a compressed base64 fingerprint of any algorithm.
     *
     * @throws InvalidFingerprintException if the string is not a well-formed fingerprint
     */
    public static Fingerprint decode(CharSequence encoded) {
        return decompress(base64Decode(encoded));
    }

    /**
     * Decodes a fingerprint as AcoustID's web service does: it must be well-formed, made with
     * algorithm {@value Fingerprint#ACOUSTID_ALGORITHM} and contain at least one item (the
     * server treats an empty decoded list as an invalid fingerprint too).
     *
     * @throws InvalidFingerprintException otherwise; the API answers it with error 3
     */
    public static Fingerprint decodeForAcoustId(CharSequence encoded) {
        Fingerprint fp = decode(encoded).requireAlgorithm(Fingerprint.ACOUSTID_ALGORITHM);
        if (fp.size() == 0) {
            throw new InvalidFingerprintException(Reason.EMPTY, "fingerprint has no items");
        }
        return fp;
    }

    /**
     * The item count a compressed base64 fingerprint declares in its header, read from its first
     * six characters without decoding the rest; -1 when those characters are not a header. Lets a
     * caller refuse an over-long fingerprint before its items are allocated.
     */
    public static int declaredItemCount(CharSequence encoded) {
        if (encoded.length() < 6) {
            return -1;
        }
        int bits = 0;
        for (int i = 0; i < 6; i++) {
            char c = encoded.charAt(i);
            int sextet = c < 256 ? SEXTET[c] : -1;
            if (sextet < 0) {
                return -1;
            }
            bits = bits << 6 | sextet;
        }
        // 36 bits: algorithm (8), count (24), 4 bits of the body
        return (bits >>> 4) & 0xFFFFFF;
    }

    /** Encodes {@code fp} to the string {@code fpcalc} prints for it. */
    public static String encode(Fingerprint fp) {
        return encode(fp.algorithm(), fp.hashes());
    }

    /**
     * Encodes items to the compressed URL-safe base64 string, byte-exact with Chromaprint.
     *
     * @throws IllegalArgumentException if {@code algorithm} is not 0..255 or there are more
     *                                  than {@link #MAX_ITEMS} items
     */
    public static String encode(int algorithm, int[] hashes) {
        return base64Encode(compress(algorithm, hashes));
    }

    // ---------------------------------------------------------------------------------------
    // Binary form (what the base64 text carries)

    /**
     * Decodes the binary compressed form: header byte 0 = algorithm, bytes 1-3 = item count
     * (big-endian), then the 3-bit normal stream and the 5-bit exception stream.
     *
     * @throws InvalidFingerprintException if the bytes are not a well-formed fingerprint
     */
    public static Fingerprint decompress(byte[] data) {
        int len = data.length;
        if (len > MAX_COMPRESSED_LENGTH) {
            throw new InvalidFingerprintException(Reason.TOO_LONG,
                    "compressed fingerprint has " + len + " bytes, more than " + MAX_COMPRESSED_LENGTH);
        }
        if (len < HEADER_BYTES) {
            throw new InvalidFingerprintException(Reason.TRUNCATED_HEADER,
                    "compressed fingerprint has " + len + " bytes, fewer than the 4 header bytes");
        }
        int algorithm = data[0] & 0xFF;
        int count = (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF;
        int capacity = (len - HEADER_BYTES) * 8 / 3; // whole 3-bit values in the body
        if (count > capacity) {
            throw new InvalidFingerprintException(Reason.MISSING_ITEMS, "header declares " + count
                    + " items but the " + (len - HEADER_BYTES) + " body bytes hold at most " + capacity);
        }

        // Pass 1: find the end of the normal stream (the count-th zero) and count the escapes.
        // Whole groups of eight values (three bytes) are counted with two table lookups each; the
        // group holding the count-th zero, and any tail, value by value.
        int values = 0;
        int zeros = 0;
        int escapes = 0;
        int groups = capacity / 8;
        for (int g = 0; g < groups; g++) {
            int word = group(data, g);
            int groupZeros = ZEROS[word & 0xFFF] + ZEROS[word >>> 12];
            if (zeros + groupZeros >= count) {
                break;
            }
            zeros += groupZeros;
            escapes += ESCAPES[word & 0xFFF] + ESCAPES[word >>> 12];
            values += 8;
        }
        while (zeros < count) {
            if (values >= capacity) {
                throw new InvalidFingerprintException(Reason.MISSING_ITEMS, "normal stream ends after "
                        + zeros + " of " + count + " items");
            }
            int v = read3(data, values++);
            if (v == 0) {
                zeros++;
            } else if (v == ESCAPE) {
                escapes++;
            }
        }
        int exceptionStart = HEADER_BYTES + packedSize(values, 3);
        int end = exceptionStart + packedSize(escapes, 5);
        if (len < end) {
            throw new InvalidFingerprintException(Reason.MISSING_EXCEPTIONS, escapes
                    + " escaped gaps need " + packedSize(escapes, 5) + " exception bytes, only "
                    + Math.max(0, len - exceptionStart) + " present");
        }
        if (len > end) {
            throw new InvalidFingerprintException(Reason.TRAILING_DATA,
                    (len - end) + " bytes after the end of the fingerprint");
        }

        // Pass 2: rebuild the items from the gaps, reading both streams in place, the normal stream
        // a group of eight values at a time.
        int[] hashes = new int[count];
        int item = 0;
        int delta = 0;
        int bit = 0;
        int previous = 0;
        int exceptionBit = exceptionStart * 8;
        int grouped = values / 8 * 8;
        int word = 0;
        for (int k = 0; k < values; k++) {
            int gap;
            if (k < grouped) {
                if ((k & 7) == 0) {
                    word = group(data, k >>> 3);
                }
                gap = word & 7;
                word >>>= 3;
            } else {
                gap = read3(data, k);
            }
            if (gap == 0) {
                previous ^= delta;
                hashes[item++] = previous;
                delta = 0;
                bit = 0;
                continue;
            }
            if (gap == ESCAPE) {
                gap += read5(data, exceptionBit);
                exceptionBit += 5;
            }
            bit += gap;
            if (bit > 32) {
                throw new InvalidFingerprintException(Reason.BIT_OVERFLOW,
                        "item " + item + " sets bit " + bit + ", past bit 32");
            }
            delta |= 1 << (bit - 1);
        }
        return new Fingerprint(algorithm, hashes);
    }

    /**
     * Compresses items to Chromaprint's binary form (before base64).
     *
     * @throws IllegalArgumentException if {@code algorithm} is not 0..255 or there are more
     *                                  than {@link #MAX_ITEMS} items
     */
    public static byte[] compress(int algorithm, int[] hashes) {
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("algorithm must be 0..255, got " + algorithm);
        }
        int count = hashes.length;
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException(count + " items do not fit the 24-bit count");
        }
        // The normal stream's size: each item gives one value per set bit of its XOR-delta plus a 0.
        long values = count;
        int previous = 0;
        for (int h : hashes) {
            values += Integer.bitCount(h ^ previous);
            previous = h;
        }
        // A gap of 7 or more bits is escaped: at most 4 per item (32 / 7).
        long maxEscapes = Math.min(values, 4L * count);
        long normalBytes = (values * 3 + 7) / 8;
        if (HEADER_BYTES + normalBytes + (maxEscapes * 5 + 7) / 8 > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("fingerprint too large to compress");
        }
        byte[] out = new byte[(int) (HEADER_BYTES + normalBytes + (maxEscapes * 5 + 7) / 8)];
        byte[] exceptions = new byte[(int) ((maxEscapes * 5 + 7) / 8) + 4];
        out[0] = (byte) algorithm;
        out[1] = (byte) (count >>> 16);
        out[2] = (byte) (count >>> 8);
        out[3] = (byte) count;

        // One pass: the gaps, LSB-first, gathered in two bit accumulators that are emptied a byte at
        // a time (the normal stream into place, the exception stream aside until its start is known).
        long normal = 0;
        int normalBits = 0;
        int normalAt = HEADER_BYTES;
        long escaped = 0;
        int escapedBits = 0;
        int escapedAt = 0;
        previous = 0;
        for (int h : hashes) {
            int delta = h ^ previous;
            previous = h;
            int last = 0;
            while (delta != 0) {
                int pos = Integer.numberOfTrailingZeros(delta) + 1;
                int gap = pos - last;
                if (gap >= ESCAPE) {
                    normal |= (long) ESCAPE << normalBits;
                    escaped |= (long) (gap - ESCAPE) << escapedBits;
                    escapedBits += 5;
                    if (escapedBits >= 8) {
                        exceptions[escapedAt++] = (byte) escaped;
                        escaped >>>= 8;
                        escapedBits -= 8;
                    }
                } else {
                    normal |= (long) gap << normalBits;
                }
                normalBits += 3;
                if (normalBits >= 8) {
                    out[normalAt++] = (byte) normal;
                    normal >>>= 8;
                    normalBits -= 8;
                }
                last = pos;
                delta &= delta - 1;
            }
            normalBits += 3; // the terminating 0
            if (normalBits >= 8) {
                out[normalAt++] = (byte) normal;
                normal >>>= 8;
                normalBits -= 8;
            }
        }
        if (normalBits > 0) {
            out[normalAt++] = (byte) normal;
        }
        if (escapedBits > 0) {
            exceptions[escapedAt++] = (byte) escaped;
        }
        System.arraycopy(exceptions, 0, out, normalAt, escapedAt);
        int total = normalAt + escapedAt;
        return total == out.length ? out : Arrays.copyOf(out, total);
    }

    /** Values 8g..8g+7 of the normal stream as one 24-bit word, value j in bits 3j..3j+2. */
    private static int group(byte[] data, int g) {
        int idx = HEADER_BYTES + 3 * g;
        return (data[idx] & 0xFF) | (data[idx + 1] & 0xFF) << 8 | (data[idx + 2] & 0xFF) << 16;
    }

    /** The {@code k}-th 3-bit value of the normal stream; the caller guarantees it is in bounds. */
    private static int read3(byte[] data, int k) {
        int bit = HEADER_BYTES * 8 + 3 * k;
        int idx = bit >>> 3;
        int shift = bit & 7;
        int word = data[idx] & 0xFF;
        if (shift > 5) {
            word |= (data[idx + 1] & 0xFF) << 8;
        }
        return (word >>> shift) & 7;
    }

    /** The 5-bit value starting at absolute bit {@code bit}; the caller guarantees it is in bounds. */
    private static int read5(byte[] data, int bit) {
        int idx = bit >>> 3;
        int shift = bit & 7;
        int word = data[idx] & 0xFF;
        if (shift > 3) {
            word |= (data[idx + 1] & 0xFF) << 8;
        }
        return (word >>> shift) & 31;
    }

    private static int packedSize(int values, int width) {
        return (int) (((long) values * width + 7) >>> 3);
    }

    // ---------------------------------------------------------------------------------------
    // URL-safe base64 without padding

    /**
     * Decodes URL-safe base64. Only {@code A-Z a-z 0-9 - _} are accepted, plus canonical
     * {@code =} padding; a length of 4k+1 characters is refused.
     */
    static byte[] base64Decode(CharSequence s) {
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
    static String base64Encode(byte[] data) {
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

    // ---------------------------------------------------------------------------------------
    // Raw integer list

    /**
     * Parses the raw form: items separated by commas, each a decimal 32-bit integer in either
     * view, signed ({@code -2147483648}) or unsigned (up to {@code 4294967295}); unsigned values
     * above {@code 2147483647} wrap to the negative {@code int} with the same bits. ASCII
     * whitespace around items is allowed; a blank string is the empty list. The output of
     * {@code fpcalc -raw} and {@code fpcalc -raw -signed} after {@code FINGERPRINT=} parses.
     *
     * @throws InvalidFingerprintException ({@link Reason#BAD_RAW_ITEM} or {@link Reason#TOO_LONG})
     */
    public static int[] parseRaw(CharSequence s) {
        int n = s.length();
        if (n > MAX_RAW_LENGTH) {
            throw new InvalidFingerprintException(Reason.TOO_LONG,
                    "raw fingerprint has " + n + " characters, more than " + MAX_RAW_LENGTH);
        }
        int start = 0;
        int end = n;
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return new int[0];
        }
        int items = 1;
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == ',') {
                items++;
            }
        }
        if (items > MAX_ITEMS) {
            throw new InvalidFingerprintException(Reason.TOO_LONG,
                    "raw fingerprint has " + items + " items, more than " + MAX_ITEMS);
        }
        int[] out = new int[items];
        int k = 0;
        int i = start;
        while (true) {
            while (i < end && isSpace(s.charAt(i))) {
                i++;
            }
            boolean negative = false;
            if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                negative = s.charAt(i) == '-';
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < end) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
                if (value > 0xFFFFFFFFL) {
                    throw badRaw(k, "is out of the 32-bit range");
                }
                digits++;
                i++;
            }
            if (digits == 0) {
                throw badRaw(k, "is not a number");
            }
            if (negative) {
                if (value > 0x80000000L) {
                    throw badRaw(k, "is out of the 32-bit range");
                }
                value = -value;
            }
            out[k++] = (int) value;
            while (i < end && isSpace(s.charAt(i))) {
                i++;
            }
            if (i == end) {
                break;
            }
            if (s.charAt(i) != ',') {
                throw badRaw(k - 1, String.format("is followed by U+%04X instead of a comma", (int) s.charAt(i)));
            }
            i++;
        }
        return out;
    }

    /** Formats items as {@code fpcalc -raw} ({@code signed == false}) or {@code -raw -signed} does. */
    public static String formatRaw(int[] hashes, boolean signed) {
        StringBuilder sb = new StringBuilder(hashes.length * 11);
        for (int i = 0; i < hashes.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (signed) {
                sb.append(hashes[i]);
            } else {
                sb.append(hashes[i] & 0xFFFFFFFFL);
            }
        }
        return sb.toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static InvalidFingerprintException badRaw(int item, String what) {
        return new InvalidFingerprintException(Reason.BAD_RAW_ITEM, "raw item " + item + " " + what);
    }
}
