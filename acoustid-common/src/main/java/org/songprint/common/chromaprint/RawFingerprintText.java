package org.songprint.common.chromaprint;

import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_ITEMS;
import static org.songprint.common.chromaprint.ChromaprintCodec.MAX_RAW_LENGTH;

import org.songprint.common.chromaprint.InvalidFingerprintException.Reason;

/** The raw text form of a fingerprint, {@code fpcalc -raw}'s comma-separated integers. */
final class RawFingerprintText {

    private RawFingerprintText() {
    }

    /** See {@link ChromaprintCodec#parseRaw}. */
    static int[] parse(CharSequence s) {
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

    /** See {@link ChromaprintCodec#formatRaw}. */
    static String format(int[] hashes, boolean signed) {
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
