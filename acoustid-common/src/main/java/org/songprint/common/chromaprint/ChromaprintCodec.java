package org.songprint.common.chromaprint;

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
            int sextet = ChromaprintBase64.sextetOf(encoded.charAt(i));
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
        return ChromaprintDecoder.decompress(data);
    }

    /**
     * Compresses items to Chromaprint's binary form (before base64).
     *
     * @throws IllegalArgumentException if {@code algorithm} is not 0..255 or there are more
     *                                  than {@link #MAX_ITEMS} items
     */
    public static byte[] compress(int algorithm, int[] hashes) {
        return ChromaprintEncoder.compress(algorithm, hashes);
    }

    /** Decodes URL-safe base64 (see {@link ChromaprintBase64#decode}). */
    static byte[] base64Decode(CharSequence s) {
        return ChromaprintBase64.decode(s);
    }

    /** Encodes URL-safe base64 without padding, as Chromaprint does. */
    static String base64Encode(byte[] data) {
        return ChromaprintBase64.encode(data);
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
        return RawFingerprintText.parse(s);
    }

    /** Formats items as {@code fpcalc -raw} ({@code signed == false}) or {@code -raw -signed} does. */
    public static String formatRaw(int[] hashes, boolean signed) {
        return RawFingerprintText.format(hashes, signed);
    }
}
