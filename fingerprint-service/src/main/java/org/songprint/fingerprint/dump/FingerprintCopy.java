package org.songprint.fingerprint.dump;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * The fingerprint table's rows from a dump's COPY text into PostgreSQL in COPY's binary format, and
 * each fingerprint's {@code fingerprint_data} row (compressed form and simhash) computed on the way.
 * PostgreSQL parsing an array of 700 decimal items was most of an import's time (10,000 fingerprints
 * a second on 2 cores); read here once, the items go over as binary, and nothing is read back from
 * the database for {@code fingerprint_data}. Rows go in chunks: a chunk's fingerprints, then (their
 * foreign key satisfied) its {@code fingerprint_data}, so memory holds one chunk's data rows only.
 */
final class FingerprintCopy implements DumpReader.Sink {

    /** What runs between a chunk's fingerprints and its fingerprint data (an incremental import's upsert). */
    @FunctionalInterface
    interface BetweenCopies {
        void chunk(int[] ids) throws SQLException;
    }

    static final String DATA_COPY = "COPY fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key) FROM STDIN";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int COLUMNS = DumpTable.FINGERPRINT.columns().size();
    private static final int INT4_OID = 23;
    private static final OffsetDateTime POSTGRES_EPOCH = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    // PostgreSQL's ISO output: fractions of up to 6 digits without trailing zeros, offsets as +00 or +05:30
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true).optionalEnd()
            .appendOffset("+HH:mm", "+00").toFormatter(Locale.ROOT);
    private static final int FLUSH_AT = 1 << 20;
    // a fingerprint of an hour (28,800 items, far more than any AcoustID client sends) is ~350 kB of text
    private static final int MAX_LINE = 4 << 20;
    /** About 20 MB of fingerprint data text per chunk at 4 KB a row. */
    static final int CHUNK = 5_000;

    private final CopyManager copies;
    private final String fingerprintCopy;
    private final String file;
    private final BetweenCopies between;
    private final Tuples out = new Tuples();
    private final StringBuilder data = new StringBuilder(1 << 20);
    private final HexFormat hex = HexFormat.of();
    private final int[] chunkIds;
    private int chunkRows;
    private CopyIn copy;
    private byte[] line = new byte[1 << 14];
    private int lineLength;
    private long lineNumber;
    private int[] items = new int[1024];
    // where each column of the line in hand starts (one past the end for the last): reused per line
    private final int[] columnStarts = new int[COLUMNS + 1];

    /** Into {@code target} (the fingerprint table, or an incremental import's staging table). */
    FingerprintCopy(CopyManager copies, String target, String file, int chunk, BetweenCopies between) {
        this.chunkIds = new int[chunk];
        this.copies = copies;
        this.fingerprintCopy = "COPY " + target + " (" + DumpTable.FINGERPRINT.columnList() + ") FROM STDIN (FORMAT binary)";
        this.file = file;
        this.between = between;
    }

    @Override
    public void accept(byte[] buffer, int length) throws SQLException {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                row();
                lineLength = 0;
                start = i + 1;
                if (chunkRows == chunkIds.length) {
                    endChunk();
                }
            }
        }
        append(buffer, start, length - start);
        if (copy != null && out.size >= FLUSH_AT) {
            flush();
        }
    }

    /** The last chunk, once the file is read whole. */
    void finish() throws SQLException {
        if (chunkRows > 0) {
            endChunk();
        }
    }

    /** Ends a COPY this may have open, after a failure (the transaction is rolled back next). */
    void abandon() {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException ignored) {
                // the failure being reported is the one that matters
            }
        }
    }

    private void startChunk() throws SQLException {
        copy = copies.copyIn(fingerprintCopy);
        out.size = 0;
        out.bytes(SIGNATURE);
        out.putInt(0);
        out.putInt(0);
    }

    private void endChunk() throws SQLException {
        out.putShort(-1);
        flush();
        copy.endCopy();
        copy = null;
        between.chunk(java.util.Arrays.copyOf(chunkIds, chunkRows));
        CopyIn dataCopy = copies.copyIn(DATA_COPY);
        try {
            byte[] bytes = data.toString().getBytes(StandardCharsets.US_ASCII);
            dataCopy.writeToCopy(bytes, 0, bytes.length);
            dataCopy.endCopy();
        } finally {
            if (dataCopy.isActive()) {
                dataCopy.cancelCopy();
            }
        }
        data.setLength(0);
        chunkRows = 0;
    }

    private void append(byte[] buffer, int from, int length) {
        if (lineLength + length > MAX_LINE) {
            lineNumber++;
            throw bad("a line longer than " + MAX_LINE + " bytes is no fingerprint");
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    /** One line: id, track_id, fingerprint, length, bitrate, format_id, created, submission_count. */
    private void row() throws SQLException {
        lineNumber++;
        if (copy == null) {
            startChunk();
        }
        int[] starts = columnStarts;
        int column = 0;
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == '\t') {
                starts[++column] = i + 1;
            }
        }
        starts[COLUMNS] = lineLength + 1;
        int id = (int) number(starts, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
        chunkIds[chunkRows++] = id;
        int count = items(starts[2], starts[3] - 1);
        out.putShort(COLUMNS);
        int4(id);
        nullableInt4(starts, 1);
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
        nullableInt2(starts, 3);
        nullableInt2(starts, 4);
        nullableInt4(starts, 5);
        created(starts, 6);
        nullableInt4(starts, 7);
        int[] fingerprint = Arrays.copyOf(items, count);
        int simhash = FingerprintSimHash.of(fingerprint);
        data.append(id).append("\t\\\\x");
        hex.formatHex(data, ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, fingerprint));
        data.append('\t').append(FingerprintSimHash.toCube(simhash)).append('\t').append(simhash).append('\n');
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

    private void nullableInt4(int[] starts, int column) {
        if (isNull(starts, column)) {
            out.putInt(-1);
        } else {
            int4((int) number(starts, column, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
    }

    private void nullableInt2(int[] starts, int column) {
        if (isNull(starts, column)) {
            out.putInt(-1);
        } else {
            out.putInt(2);
            out.putShort((int) number(starts, column, Short.MIN_VALUE, Short.MAX_VALUE));
        }
    }

    private void created(int[] starts, int column) {
        String text = new String(line, starts[column], starts[column + 1] - 1 - starts[column], StandardCharsets.US_ASCII);
        try {
            OffsetDateTime created = OffsetDateTime.parse(text, TIMESTAMPTZ);
            out.putInt(8);
            out.putLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH, created));
        } catch (DateTimeParseException e) {
            throw bad("created is not a timestamp: " + text);
        }
    }

    private boolean isNull(int[] starts, int column) {
        int from = starts[column];
        return starts[column + 1] - 1 - from == 2 && line[from] == '\\' && line[from + 1] == 'N';
    }

    private long number(int[] starts, int column, long min, long max) {
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

    private void flush() throws SQLException {
        copy.writeToCopy(out.buffer, 0, out.size);
        out.size = 0;
    }

    /** Big-endian values into a growing buffer: COPY's binary tuples. */
    private static final class Tuples {
        byte[] buffer = new byte[FLUSH_AT + (1 << 16)];
        int size;

        void bytes(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
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
