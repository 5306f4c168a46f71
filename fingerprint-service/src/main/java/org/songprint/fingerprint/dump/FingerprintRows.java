package org.songprint.fingerprint.dump;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * Converts a batch of the fingerprint table's COPY text lines into COPY's binary tuples, and each
 * fingerprint's {@code fingerprint_data} row (compressed form and simhash) into COPY text. A pure
 * function of its batch, so batches convert on several threads at once while one thread talks to
 * PostgreSQL ({@link FingerprintCopy}).
 */
final class FingerprintRows {

    static final int COLUMNS = DumpTable.FINGERPRINT.columns().size();
    private static final int INT4_OID = 23;
    private static final OffsetDateTime POSTGRES_EPOCH = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    // PostgreSQL's ISO output: fractions of up to 6 digits without trailing zeros, offsets as +00 or +05:30
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true).optionalEnd()
            .appendOffset("+HH:mm", "+00").toFormatter(Locale.ROOT);

    /** Lines of COPY text, each without its newline, numbered from {@code firstLine} in the file. */
    static final class Lines {
        final long firstLine;
        byte[] text;
        int length;
        int[] ends = new int[64];
        int count;

        Lines(long firstLine, int capacity) {
            this.firstLine = firstLine;
            this.text = new byte[capacity];
        }

        void append(byte[] buffer, int from, int bytes) {
            if (length + bytes > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, length + bytes));
            }
            System.arraycopy(buffer, from, text, length, bytes);
            length += bytes;
        }

        void endLine() {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = length;
        }

        /** Bytes of the line begun and not yet ended. */
        int open() {
            return length - (count == 0 ? 0 : ends[count - 1]);
        }
    }

    /** A batch converted: its binary tuples, its fingerprint data as COPY text, and its fingerprints' ids. */
    record Converted(byte[] tuples, int tuplesLength, byte[] data, int[] ids) {
    }

    private final String file;
    private final int[] starts = new int[COLUMNS + 1];
    private int[] items = new int[1024];
    private byte[] line;
    private long lineNumber;
    private Tuples out;

    FingerprintRows(String file) {
        this.file = file;
    }

    Converted convert(Lines lines) {
        // binary items take 8 bytes each where their text takes about 11
        out = new Tuples(lines.length + 64 * lines.count);
        // the compressed form as hex (two characters a byte) and the cube: about 5.3 kB a row
        Tuples data = new Tuples(lines.count * 5400);
        int[] ids = new int[lines.count];
        line = lines.text;
        int begin = 0;
        for (int i = 0; i < lines.count; i++) {
            lineNumber = lines.firstLine + i;
            ids[i] = row(begin, lines.ends[i], data);
            begin = lines.ends[i];
        }
        Converted converted = new Converted(out.buffer, out.size, Arrays.copyOf(data.buffer, data.size), ids);
        out = null;
        line = null;
        return converted;
    }

    /** One line: id, track_id, fingerprint, length, bitrate, format_id, created, submission_count. */
    private int row(int from, int to, Tuples data) {
        int column = 0;
        starts[0] = from;
        for (int i = from; i < to; i++) {
            if (line[i] == '\t') {
                starts[++column] = i + 1;
            }
        }
        if (column != COLUMNS - 1) { // checked by the reader too; a batch stands on its own
            throw bad((column + 1) + " columns, expected " + COLUMNS);
        }
        starts[COLUMNS] = to + 1;
        int id = (int) number(0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int count = items(starts[2], starts[3] - 1);
        out.putShort(COLUMNS);
        int4(id);
        nullableInt4(1);
        out.putInt(20 + count * 8);
        out.putInt(1);
        out.putInt(0);
        out.putInt(INT4_OID);
        out.putInt(count);
        out.putInt(1);
        for (int i = 0; i < count; i++) {
            out.putInt(4);
            out.putInt(items[i]);
        }
        nullableInt2(3);
        nullableInt2(4);
        nullableInt4(5);
        created(6);
        nullableInt4(7);
        int[] fingerprint = Arrays.copyOf(items, count);
        int simhash = FingerprintSimHash.of(fingerprint);
        // COPY text written as bytes: through a StringBuilder, a character at a time, it was a sixth
        // of the conversion's time
        data.ascii(Integer.toString(id));
        data.ascii("\t\\\\x");
        data.hex(ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, fingerprint));
        data.ascii("\t");
        data.ascii(FingerprintSimHash.toCube(simhash));
        data.ascii("\t");
        data.ascii(Integer.toString(simhash));
        data.ascii("\n");
        return id;
    }

    /** The items of {@code {a,b,...}} between these offsets into {@link #items}; their count. */
    private int items(int from, int to) {
        if (to - from < 2 || line[from] != '{' || line[to - 1] != '}') {
            throw bad("the fingerprint is not an array of integers");
        }
        int count = 0;
        int i = from + 1;
        int end = to - 1;
        while (i < end) {
            boolean negative = line[i] == '-';
            if (negative) {
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < end && line[i] >= '0' && line[i] <= '9' && digits < 11) {
                value = value * 10 + (line[i++] - '0');
                digits++;
            }
            value = negative ? -value : value;
            if (digits == 0 || digits > 10 || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE || (i < end && line[i] != ',')) {
                throw bad("the fingerprint is not an array of 32-bit integers");
            }
            if (count == items.length) {
                items = Arrays.copyOf(items, items.length * 2);
            }
            items[count++] = (int) value;
            i++;
        }
        return count;
    }

    private void int4(int value) {
        out.putInt(4);
        out.putInt(value);
    }

    private void nullableInt4(int column) {
        if (isNull(column)) {
            out.putInt(-1);
        } else {
            int4((int) number(column, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
    }

    private void nullableInt2(int column) {
        if (isNull(column)) {
            out.putInt(-1);
        } else {
            out.putInt(2);
            out.putShort((int) number(column, Short.MIN_VALUE, Short.MAX_VALUE));
        }
    }

    private void created(int column) {
        String text = new String(line, starts[column], starts[column + 1] - 1 - starts[column], StandardCharsets.US_ASCII);
        try {
            OffsetDateTime created = OffsetDateTime.parse(text, TIMESTAMPTZ);
            out.putInt(8);
            out.putLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH, created));
        } catch (DateTimeParseException e) {
            throw bad("created is not a timestamp: " + text);
        }
    }

    private boolean isNull(int column) {
        int from = starts[column];
        return starts[column + 1] - 1 - from == 2 && line[from] == '\\' && line[from + 1] == 'N';
    }

    private long number(int column, long min, long max) {
        int from = starts[column];
        int to = starts[column + 1] - 1;
        try {
            long value = Long.parseLong(new String(line, from, to - from, StandardCharsets.US_ASCII));
            if (value < min || value > max) {
                throw bad(DumpTable.FINGERPRINT.columns().get(column) + " is out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(DumpTable.FINGERPRINT.columns().get(column) + " is not a number");
        }
    }

    private DumpException bad(String why) {
        return new DumpException(String.format(Locale.ROOT, "%s line %d: %s", file, lineNumber, why));
    }

    /** A growing buffer: COPY's binary tuples (big-endian values), or COPY text. */
    static final class Tuples {
        private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer;
        int size;

        Tuples(int capacity) {
            this.buffer = new byte[capacity];
        }

        void bytes(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        /** Text of ASCII characters only, as its bytes. */
        void ascii(String text) {
            int length = text.length();
            room(length);
            for (int i = 0; i < length; i++) {
                buffer[size++] = (byte) text.charAt(i);
            }
        }

        /** Bytes as lowercase hex digits, two a byte. */
        void hex(byte[] bytes) {
            room(2 * bytes.length);
            for (byte b : bytes) {
                buffer[size++] = HEX_DIGITS[(b >>> 4) & 0xF];
                buffer[size++] = HEX_DIGITS[b & 0xF];
            }
        }

        void putShort(int value) {
            room(2);
            buffer[size++] = (byte) (value >> 8);
            buffer[size++] = (byte) value;
        }

        void putInt(int value) {
            room(4);
            buffer[size++] = (byte) (value >> 24);
            buffer[size++] = (byte) (value >> 16);
            buffer[size++] = (byte) (value >> 8);
            buffer[size++] = (byte) value;
        }

        void putLong(long value) {
            putInt((int) (value >> 32));
            putInt((int) value);
        }

        private void room(int bytes) {
            if (size + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
            }
        }
    }
}
