package org.songprint.fingerprint.dump;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.songprint.common.event.EventJson;

/**
 * Reads a dump directory: its manifest, checked before anything is loaded, then each table file as
 * it is loaded, checked on the way (complete gzip, the columns of each line, the row count and
 * checksum the manifest gives), so a bad dump is refused with the file and line at fault.
 */
final class DumpReader {

    private final Path dir;

    DumpReader(Path dir) {
        this.dir = dir;
    }

    DumpManifest manifest() {
        return manifest(dir.resolve(DumpManifest.FILE));
    }

    /** A manifest file, checked: its format, and the files and columns of every table. */
    static DumpManifest manifest(Path file) {
        DumpManifest manifest;
        try {
            manifest = EventJson.mapper().readValue(file.toFile(), DumpManifest.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DumpException(file.getParent() + " has no " + file.getFileName() + ": not a complete dump");
        } catch (IOException e) {
            throw new DumpException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!DumpManifest.FORMAT.equals(manifest.format()) || manifest.version() != DumpManifest.VERSION) {
            throw new DumpException(file + " is a " + manifest.format() + " version " + manifest.version() + " dump; this reads "
                    + DumpManifest.FORMAT + " version " + DumpManifest.VERSION);
        }
        for (DumpTable table : DumpTable.values()) {
            List<String> columns = manifest.table(table).columns();
            if (!table.file().equals(manifest.table(table).file())) {
                throw new DumpException(file + " names " + manifest.table(table).file() + " as the file of " + table.table()
                        + ", expected " + table.file());
            }
            if (!table.columns().equals(columns)) {
                throw new DumpException(file + " gives " + table.table() + " the columns " + columns + ", expected " + table.columns());
            }
        }
        if (manifest.incremental() && (manifest.deleted() == null || !DumpManifest.DELETED_COLUMNS.equals(manifest.deleted().columns())
                || !DumpManifest.DELETED_FILE.equals(manifest.deleted().file()))) {
            throw new DumpException(file + " follows another dump but does not list its deleted rows as "
                    + DumpManifest.DELETED_FILE + " " + DumpManifest.DELETED_COLUMNS);
        }
        return manifest;
    }

    /** The SHA-256 of a manifest's bytes: how imports and incremental dumps name a dump. */
    static String manifestChecksum(Path manifest) {
        try {
            return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(manifest)));
        } catch (IOException e) {
            throw new DumpException(manifest + " cannot be read: " + e.getMessage(), e);
        }
    }

    String manifestChecksum() {
        return manifestChecksum(dir.resolve(DumpManifest.FILE));
    }

    /** Where checked text goes, a buffer at a time. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] buffer, int length) throws SQLException;
    }

    /**
     * Streams a file's COPY text into {@code sink}, checking it on the way: each buffer's lines have
     * the manifest's number of columns before the buffer is passed on, and once the file ends, its
     * row count and checksum are the manifest's. The caller loads in one transaction and rolls it
     * back on a {@link DumpException}, so a bad file leaves nothing loaded though it was read once.
     */
    long stream(DumpManifest.Table expected, DumpProgress progress, Sink sink) throws SQLException {
        String file = expected.file();
        long lines = 0;
        int columns = 1;
        MessageDigest sha256 = sha256();
        try (Inflated in = new Inflated(open(file), file)) {
            for (Inflated.Chunk chunk; (chunk = in.next()) != null;) {
                byte[] buffer = chunk.bytes();
                int n = chunk.length();
                sha256.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    // COPY text escapes tabs and newlines inside values: raw ones only separate
                    if (buffer[i] == '\t') {
                        columns++;
                    } else if (buffer[i] == '\n') {
                        lines++;
                        if (columns != expected.columns().size()) {
                            throw new DumpException(String.format(Locale.ROOT, "%s line %d: %d columns, expected %d",
                                    file, lines, columns, expected.columns().size()));
                        }
                        columns = 1;
                    }
                }
                sink.accept(buffer, n);
                in.recycle(chunk);
                progress.rows(lines);
            }
        } catch (EOFException | ZipException e) {
            throw new DumpException(String.format(Locale.ROOT, "%s is truncated or damaged after line %d (%s)", file, lines,
                    e.getMessage()), e);
        } catch (IOException e) {
            throw new DumpException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (lines != expected.rows()) {
            throw new DumpException(String.format(Locale.ROOT, "%s has %d rows, %s says %d", file, lines,
                    DumpManifest.FILE, expected.rows()));
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(expected.sha256())) {
            throw new DumpException(file + " does not match its checksum in " + DumpManifest.FILE);
        }
        return lines;
    }

    /**
     * A gzip'd file inflated on a thread of its own, a few buffers ahead: inflating was a third of an
     * import's time on the thread that also parses and talks to PostgreSQL.
     */
    static final class Inflated implements AutoCloseable {

        record Chunk(byte[] bytes, int length) {
        }

        private static final int BUFFERS = 4;
        private static final Chunk END = new Chunk(new byte[0], 0);
        private final InputStream in;
        private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(BUFFERS);
        private final Thread reader;
        private volatile IOException failure;
        private volatile boolean closed;

        Inflated(InputStream in, String file) {
            this.in = in;
            for (int i = 0; i < BUFFERS; i++) {
                empty.add(new byte[1 << 18]);
            }
            this.reader = new Thread(this::read, "dump-inflate-" + file);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try {
                while (!closed) {
                    byte[] buffer = empty.take();
                    int n = in.readNBytes(buffer, 0, buffer.length);
                    if (n == 0) {
                        break;
                    }
                    full.put(new Chunk(buffer, n));
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            full.add(END);
        }

        /** The next chunk of text, or null at the end of the file. */
        Chunk next() throws IOException {
            Chunk chunk;
            try {
                chunk = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading the dump");
            }
            if (chunk == END) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
            return chunk;
        }

        void recycle(Chunk chunk) {
            empty.add(chunk.bytes());
        }

        @Override
        public void close() throws IOException {
            closed = true;
            reader.interrupt();
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            in.close();
        }
    }

    /** A file's COPY text, uncompressed. */
    InputStream open(String file) throws IOException {
        Path path = dir.resolve(file);
        if (!Files.exists(path)) {
            throw new DumpException(dir + " has no " + file);
        }
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), 1 << 16);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
