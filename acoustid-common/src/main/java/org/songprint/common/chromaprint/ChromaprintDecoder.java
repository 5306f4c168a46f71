package org.songprint.common.chromaprint;

import static org.songprint.common.chromaprint.ChromaprintBitStreams.ESCAPE;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.HEADER_BYTES;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.group;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.packedSize;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.read3;
import static org.songprint.common.chromaprint.ChromaprintBitStreams.read5;
import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_COMPRESSED_LENGTH;

import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;

/**
 * Reads Chromaprint's binary form back into items, in two passes over the bytes in place (see
 * {@link ChromaprintCodec#decompress}): it allocates nothing but the items.
 */
final class ChromaprintDecoder {

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

    private ChromaprintDecoder() {
    }

    /** See {@link ChromaprintCodec#decompress}. */
    static Fingerprint decompress(byte[] data) {
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
}
