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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.songprint.common.event.EventJson;

/**
 * Reads a dump directory and checks it whole before anything is loaded: its manifest, then every
 * table file (complete gzip, the columns of each line, the row count and checksum the manifest
 * gives), so a bad dump is refused with the file and line at fault and nothing half-loaded.
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

    /** Every file is whole and as the manifest says. */
    void verify(DumpManifest manifest, DumpProgress progress) {
        List<DumpManifest.Table> files = new ArrayList<>();
        for (DumpTable table : DumpTable.values()) {
            files.add(manifest.table(table));
        }
        if (manifest.incremental()) {
            files.add(manifest.deleted());
        }
        for (DumpManifest.Table expected : files) {
            verify(expected, progress);
        }
    }

    private void verify(DumpManifest.Table expected, DumpProgress progress) {
        String file = expected.file();
        progress.start("check " + expected.name(), expected.rows());
        long lines = 0;
        int columns = 1;
        MessageDigest sha256 = sha256();
        try (InputStream in = open(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
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
        progress.done(lines);
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
