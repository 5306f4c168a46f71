package org.songprint.fingerprint.dump;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * The fingerprint table's rows from a dump's COPY text into PostgreSQL in COPY's binary format, and
 * each fingerprint's {@code fingerprint_data} row (compressed form and simhash) computed on the way.
 * PostgreSQL parsing an array of 700 decimal items was most of an import's time (10,000 fingerprints
 * a second on 2 cores); read here once, the items go over as binary, and nothing is read back from
 * the database for {@code fingerprint_data}. Its rows wait in a temporary file until the fingerprints
 * are in (their foreign key), then go in by {@link #copyData}.
 */
final class FingerprintCopy implements DumpReader.Sink, AutoCloseable {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int COLUMNS = DumpTable.FINGERPRINT.columns().size();
    private static final int INT4_OID = 23;
    private static final long EPOCH_2000_MICROS = ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    // PostgreSQL's ISO output: fractions of up to 6 digits without trailing zeros, offsets as +00 or +05:30
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, true).optionalEnd()
            .appendOffset("+HH:mm", "+00").toFormatter(Locale.ROOT);
    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final String file;
    private final Path dataFile;
    private final BufferedWriter data;
    private final Tuples out = new Tuples();
    private final HexFormat hex = HexFormat.of();
    private byte[] line = new byte[1 << 14];
    private int lineLength;
    private long lineNumber;
    private int[] items = new int[1024];

    FingerprintCopy(CopyIn copy, String file) throws IOException {
        this.copy = copy;
        this.file = file;
        this.dataFile = Files.createTempFile("songprint-fingerprint-data", ".copy");
        this.data = Files.newBufferedWriter(dataFile, StandardCharsets.US_ASCII);
        out.bytes(SIGNATURE);
        out.putInt(0);
        out.putInt(0);
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
            }
        }
        append(buffer, start, length - start);
        if (out.size >= FLUSH_AT) {
            flush();
        }
    }

    /** Ends the COPY of the fingerprints (the caller then ends it with PostgreSQL). */
    void finish() throws SQLException {
        out.putShort(-1);
        flush();
    }

    /** The fingerprints' {@code fingerprint_data} rows, once the fingerprints are in. */
    void copyData(CopyIn dataCopy) throws SQLException {
        try {
            data.flush();
            try (InputStream in = Files.newInputStream(dataFile)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0;) {
                    dataCopy.writeToCopy(buffer, 0, n);
                }
            }
            dataCopy.endCopy();
        } catch (IOException e) {
            throw new UncheckedIOException("the fingerprint data of the import cannot be read back from " + dataFile, e);
        }
    }

    @Override
    public void close() {
        try {
            data.close();
        } catch (IOException ignored) {
            // a temporary file deleted on close
        }
        try {
            Files.deleteIfExists(dataFile);
        } catch (IOException ignored) {
            // the temporary directory's own clean-up takes it
        }
    }

    private void append(byte[] buffer, int from, int length) {
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    /** One line: id, track_id, fingerprint, length, bitrate, format_id, created, submission_count. */
    private void row() {
        lineNumber++;
        int[] starts = new int[COLUMNS + 1];
        int column = 0;
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == '\t') {
                starts[++column] = i + 1;
            }
        }
        starts[COLUMNS] = lineLength + 1;
        int id = (int) number(starts, 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
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
        try {
            data.append(Integer.toString(id)).append("\t\\\\x")
                    .append(hex.formatHex(ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, fingerprint))).append('\t')
                    .append(FingerprintSimHash.toCube(simhash)).append('\t').append(Integer.toString(simhash)).append('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fingerprint data of the import into " + dataFile, e);
        }
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
            long micros = ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), created);
            out.putInt(8);
            out.putLong(micros - EPOCH_2000_MICROS);
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
