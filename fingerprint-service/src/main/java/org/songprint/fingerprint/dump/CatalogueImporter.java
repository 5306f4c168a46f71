package org.songprint.fingerprint.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintSimHash;

/**
 * Loads a dump into an empty catalogue, keeping every id and gid, in one transaction: a dump that
 * fails anywhere (checked whole first by {@link DumpReader}; a foreign key that does not resolve is
 * found by PostgreSQL) leaves the catalogue as it was. The same dump imported again is a no-op, told
 * apart by its manifest's checksum in {@code catalogue_import}. Afterwards the sequences continue
 * past the loaded ids and each fingerprint has its {@code fingerprint_data} (compressed form and
 * simhash, which the importer of submissions matches on).
 */
public final class CatalogueImporter {

    // a batch's COPY text is built in memory: about 5 MB at 1,000 fingerprints
    private static final int FINGERPRINT_BATCH = 1_000;

    private final DumpProgress progress;

    public CatalogueImporter(DumpProgress progress) {
        this.progress = progress;
    }

    /** Whether anything was loaded: false when this very dump had been imported already. */
    public boolean importDump(Connection connection, Path dir) {
        DumpReader reader = new DumpReader(dir);
        DumpManifest manifest = reader.manifest();
        String manifestSha256 = manifestChecksum(dir);
        reader.verify(manifest, progress);
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL TimeZone = 'UTC'");
                // one import at a time, and none while the importer of submissions writes
                statement.execute("LOCK TABLE track, fingerprint IN SHARE ROW EXCLUSIVE MODE");
            }
            if (alreadyImported(connection, manifestSha256)) {
                connection.rollback();
                return false;
            }
            long tracks = CatalogueExporter.scalar(connection, "SELECT count(*) FROM track", Long.class);
            if (tracks > 0) {
                throw new DumpException("the catalogue is not empty (" + tracks + " tracks): a dump is imported into an empty "
                        + "catalogue only; nothing was changed");
            }
            for (DumpTable table : DumpTable.values()) {
                load(connection, reader, table, manifest.table(table).rows());
            }
            for (DumpTable table : DumpTable.values()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT setval(pg_get_serial_sequence('" + table.table() + "', 'id'), "
                            + "COALESCE(max(id), 1), max(id) IS NOT NULL) FROM " + table.table());
                }
            }
            fingerprintData(connection, manifest.table(DumpTable.FINGERPRINT).rows());
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO catalogue_import (manifest_sha256, snapshot) VALUES (?, ?)")) {
                record.setString(1, manifestSha256);
                record.setObject(2, manifest.snapshot());
                record.executeUpdate();
            }
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("REFRESH MATERIALIZED VIEW track_stats");
                statement.execute("ANALYZE");
            }
            return true;
        } catch (SQLException e) {
            rollback(connection);
            throw new DumpException("the import failed, nothing was changed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rollback(connection);
            throw e;
        }
    }

    private void load(Connection connection, DumpReader reader, DumpTable table, long rows) throws SQLException {
        progress.start(table.table(), rows);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table.table() + " (" + table.columnList() + ") FROM STDIN");
        long lines = 0;
        try (InputStream in = reader.open(table)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                copy.writeToCopy(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    lines += buffer[i] == '\n' ? 1 : 0;
                }
                progress.rows(lines);
            }
            copy.endCopy();
        } catch (PSQLException e) {
            throw new DumpException(table.file() + ": " + describe(e), e);
        } catch (IOException e) {
            throw new DumpException(table.file() + " cannot be read: " + e.getMessage(), e);
        } finally {
            cancelIfActive(copy);
        }
        progress.done(lines);
    }

    // a failed copy is ended without hiding the failure that ended it (the transaction is rolled back next)
    private static void cancelIfActive(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the failure being reported is the one that matters
        }
    }

    /** PostgreSQL's message with its detail and where (for COPY: the line) in the file. */
    private static String describe(PSQLException e) {
        ServerErrorMessage server = e.getServerErrorMessage();
        if (server == null) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder(server.getMessage());
        if (server.getDetail() != null) {
            text.append(" (").append(server.getDetail()).append(')');
        }
        if (server.getWhere() != null) {
            text.append(", at ").append(server.getWhere().replaceFirst("^COPY [a-z_]+, ", ""));
        }
        return text.toString();
    }

    /** The compressed form and simhash of every loaded fingerprint, in batches of ids. */
    private void fingerprintData(Connection connection, long rows) throws SQLException {
        progress.start("fingerprint_data", rows);
        long done = 0;
        int last = 0;
        HexFormat hex = HexFormat.of();
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT id, fingerprint FROM fingerprint WHERE id > ? ORDER BY id LIMIT " + FINGERPRINT_BATCH)) {
            while (true) {
                read.setInt(1, last);
                StringBuilder batch = new StringBuilder();
                int count = 0;
                try (ResultSet found = read.executeQuery()) {
                    while (found.next()) {
                        last = found.getInt(1);
                        Array array = found.getArray(2);
                        int[] items = toInts((Integer[]) array.getArray());
                        int simhash = FingerprintSimHash.of(items);
                        batch.append(last).append("\t\\\\x")
                                .append(hex.formatHex(ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, items))).append('\t')
                                .append(FingerprintSimHash.toCube(simhash)).append('\t').append(simhash).append('\n');
                        count++;
                    }
                }
                if (count == 0) {
                    break;
                }
                byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
                CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY fingerprint_data (fingerprint_id, fingerprint, simhash, simhash_key) FROM STDIN");
                copy.writeToCopy(bytes, 0, bytes.length);
                copy.endCopy();
                done += count;
                progress.rows(done);
            }
        }
        progress.done(done);
    }

    private static int[] toInts(Integer[] boxed) {
        int[] items = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            items[i] = boxed[i];
        }
        return items;
    }

    private static boolean alreadyImported(Connection connection, String manifestSha256) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM catalogue_import WHERE manifest_sha256 = ?")) {
            query.setString(1, manifestSha256);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
        }
    }

    private static String manifestChecksum(Path dir) {
        try {
            return HexFormat.of().formatHex(DumpReader.sha256().digest(Files.readAllBytes(dir.resolve(DumpManifest.FILE))));
        } catch (IOException e) {
            throw new DumpException(dir.resolve(DumpManifest.FILE) + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the failure being reported matters more; the connection is closed next anyway
        }
    }
}
