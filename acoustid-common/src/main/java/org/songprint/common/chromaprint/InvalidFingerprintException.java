package org.songprint.common.chromaprint;

/**
 * A fingerprint that cannot be decoded or parsed, or whose algorithm AcoustID does not accept.
 * The web API answers it with AcoustID error 3, "invalid fingerprint".
 *
 * <p>It is unchecked so that decoding can be used inside lambdas and parsers, but it is the
 * only exception the decoding and parsing methods of {@link ChromaprintCodec} throw for bad
 * input: no {@code ArrayIndexOutOfBoundsException}, {@code NumberFormatException} or
 * {@code OutOfMemoryError} escapes from malformed data. {@link #reason()} tells the cases apart
 * for logs and metrics; the message adds the detail (never the whole input, which may be long).
 */
public final class InvalidFingerprintException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** The encoded string is longer than {@link ChromaprintCodec#MAX_ENCODED_LENGTH}. */
        TOO_LONG,
        /** A character outside the URL-safe base64 alphabet {@code A-Z a-z 0-9 - _}. */
        BAD_CHARACTER,
        /** A base64 length that no byte string has (4k+1 characters) or malformed '=' padding. */
        BAD_BASE64_LENGTH,
        /** Fewer than the 4 header bytes (algorithm and 24-bit item count). */
        TRUNCATED_HEADER,
        /** The normal (3-bit) stream ends before the declared number of items is complete. */
        MISSING_ITEMS,
        /** The exception (5-bit) stream is shorter than the number of escaped gaps needs. */
        MISSING_EXCEPTIONS,
        /** Bytes after the end of the exception stream. */
        TRAILING_DATA,
        /** An item whose bit gaps add up past bit 32. */
        BIT_OVERFLOW,
        /** A fingerprint algorithm other than the one required (AcoustID takes only 1). */
        UNSUPPORTED_ALGORITHM,
        /** A decoded fingerprint without items where at least one is required. */
        EMPTY,
        /** The raw integer list is not a comma-separated list of 32-bit integers. */
        BAD_RAW_ITEM
    }

    private final Reason reason;

    public InvalidFingerprintException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
