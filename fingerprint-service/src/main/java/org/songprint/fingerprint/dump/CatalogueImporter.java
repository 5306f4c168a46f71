package org.songprint.fingerprint.dump;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.songprint.common.event.EventJson;

/**
 * Loads a dump into an empty catalogue, keeping every id and gid, in one transaction: a dump that
 * fails anywhere (checked whole first by {@link DumpReader}; a foreign key that does not resolve is
 * found by PostgreSQL) leaves the catalogue as it was. The same dump imported again is a no-op, told
 * apart by its manifest's checksum in {@code catalogue_import}. An incremental dump is applied on top
 * of the dump it follows, on a mirror that writes no rows of its own. Afterwards the sequences
 * continue past the loaded ids and each loaded fingerprint has its {@code fingerprint_data}
 * (compressed form and simhash, which the importer of submissions matches on).
 */
public final class CatalogueImporter {

    private final DumpProgress progress;
    private final int fingerprintChunk;

    public CatalogueImporter(DumpProgress progress) {
        this(progress, FingerprintCopy.CHUNK);
    }

    /** With chunks of this many fingerprints (tests make every fingerprint a chunk of its own). */
    CatalogueImporter(DumpProgress progress, int fingerprintChunk) {
        this.progress = progress;
        this.fingerprintChunk = fingerprintChunk;
    }

    /** Whether anything was loaded: false when this very dump had been imported already. */
    public boolean importDump(Connection connection, Path dir) {
        DumpReader reader = new DumpReader(dir);
        DumpManifest manifest = reader.manifest();
        String manifestSha256 = reader.manifestChecksum();
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
            if (manifest.incremental()) {
                applyChanges(connection, reader, manifest);
            } else {
                loadWhole(connection, reader, manifest);
            }
            for (DumpTable table : DumpTable.values()) {
                try (Statement statement = connection.createStatement()) {
                    // past every id there is, and never back: GREATEST skips the null of an unused sequence or empty table
                    statement.execute("SELECT setval(s, v) FROM (SELECT pg_get_serial_sequence('" + table.table() + "', 'id') AS s, "
                            + "GREATEST(max(id), pg_sequence_last_value(pg_get_serial_sequence('" + table.table() + "', 'id')::regclass)) "
                            + "AS v FROM " + table.table() + ") last WHERE v IS NOT NULL");
                }
            }
            record(connection, manifestSha256, manifest);
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("REFRESH MATERIALIZED VIEW track_stats");
                if (!manifest.incremental()) {
                    // statistics for the planner, and the visibility map and hint bits set once: the first
                    // lookups after an import would otherwise set them row by row (index-only scans
                    // reading the heap meanwhile)
                    statement.execute("VACUUM (ANALYZE)");
                }
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

    /** A full dump, into an empty catalogue only. */
    private void loadWhole(Connection connection, DumpReader reader, DumpManifest manifest) throws SQLException {
        long tracks = CatalogueExporter.scalar(connection, "SELECT count(*) FROM track", Long.class);
        if (tracks > 0) {
            throw new DumpException("the catalogue is not empty (" + tracks + " tracks): a dump is imported into an empty "
                    + "catalogue only; nothing was changed");
        }
        // secondary indexes built once over the loaded rows instead of row by row; the unique ones stay,
        // so ids are checked as rows arrive
        List<String[]> indexes = rows(connection, """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = ANY (ARRAY[%s, 'fingerprint_data']) AND t.relnamespace = current_schema()::regnamespace
                  AND NOT i.indisunique AND NOT i.indisprimary
                ORDER BY 1""".formatted(DumpTable.quotedNames()));
        // foreign keys checked once over the loaded rows too (one join each) instead of by a lookup per
        // row, a fifth of PostgreSQL's time on the fingerprints; a row they do not resolve still fails
        // the import, named by its key
        List<String[]> foreignKeys = rows(connection, """
                SELECT t.relname, quote_ident(c.conname), pg_get_constraintdef(c.oid) FROM pg_constraint c
                JOIN pg_class t ON t.oid = c.conrelid
                WHERE t.relname = ANY (ARRAY[%s, 'fingerprint_data']) AND t.relnamespace = current_schema()::regnamespace
                  AND c.contype = 'f'
                ORDER BY 1, 2""".formatted(DumpTable.quotedNames()));
        try (Statement statement = connection.createStatement()) {
            for (String[] index : indexes) {
                statement.execute("DROP INDEX " + index[0]);
            }
            for (String[] key : foreignKeys) {
                statement.execute("ALTER TABLE " + key[0] + " DROP CONSTRAINT " + key[1]);
            }
        }
        for (DumpTable table : DumpTable.values()) {
            if (table == DumpTable.FINGERPRINT) {
                loadFingerprints(connection, reader, manifest.table(table), table.table(), ids -> {
                });
            } else {
                load(connection, reader, manifest.table(table), table.table(), table);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '512MB'");
            for (String[] index : indexes) {
                progress.start("index " + index[0], -1);
                statement.execute(index[1]);
                progress.done(0);
            }
            for (String[] key : foreignKeys) {
                progress.start("foreign key " + key[1], -1);
                try {
                    statement.execute("ALTER TABLE " + key[0] + " ADD CONSTRAINT " + key[1] + " " + key[2]);
                } catch (PSQLException e) {
                    throw new DumpException(fileOf(key[0]) + ": " + describe(e), e);
                }
                progress.done(0);
            }
        }
    }

    /** Every row of a catalogue query, its columns as text. */
    private static List<String[]> rows(Connection connection, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet found = statement.executeQuery(sql)) {
            int columns = found.getMetaData().getColumnCount();
            while (found.next()) {
                String[] row = new String[columns];
                for (int c = 0; c < columns; c++) {
                    row[c] = found.getString(c + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The dump file a table's rows come from (fingerprint_data's are computed from the fingerprints'). */
    private static String fileOf(String table) {
        for (DumpTable dumped : DumpTable.values()) {
            if (dumped.table().equals(table)) {
                return dumped.file();
            }
        }
        return DumpTable.FINGERPRINT.file();
    }

    /**
     * An incremental dump, on top of the dump it follows. Deleted rows go first, children before
     * parents, so no changed row collides with a row that is gone at the source; then the changed
     * rows, parents first, replace or add rows by id. A row that a deletion's cascade took here and
     * that the source had moved to another parent comes back with the changed rows. The merge
     * trigger is held off: the dump carries what a merge did, row by row.
     */
    private void applyChanges(Connection connection, DumpReader reader, DumpManifest manifest) throws SQLException {
        LastImport last = lastImport(connection);
        if (last == null) {
            throw new DumpException("this catalogue has no import for this incremental dump to follow: import the full dump first");
        }
        if (!alreadyImported(connection, manifest.follows().manifestSha256())) {
            throw new DumpException("this dump follows the dump of " + manifest.follows().snapshot() + " (manifest "
                    + manifest.follows().manifestSha256() + "), which was not imported here: import that one first");
        }
        if (!manifest.snapshot().isAfter(last.snapshot())) {
            throw new DumpException("this dump's snapshot (" + manifest.snapshot() + ") is not newer than the last import's ("
                    + last.snapshot() + "): applying it would take the catalogue back");
        }
        refuseLocalRows(connection, last.maxIds());
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL songprint.applying_dump = 'on'");
            statement.execute("CREATE TEMP TABLE incoming_deleted (table_name text, row_id integer) ON COMMIT DROP");
        }
        load(connection, reader, manifest.deleted(), "incoming_deleted", null);
        String unknown = CatalogueExporter.scalar(connection, "SELECT string_agg(DISTINCT table_name, ', ') FROM incoming_deleted "
                + "WHERE table_name <> ALL (ARRAY[" + DumpTable.quotedNames() + "])", String.class);
        if (unknown != null) {
            throw new DumpException(DumpManifest.DELETED_FILE + " names tables a dump does not hold: " + unknown);
        }
        DumpTable[] tables = DumpTable.values();
        for (int i = tables.length - 1; i >= 0; i--) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM " + tables[i].table() + " WHERE id IN (SELECT row_id FROM incoming_deleted WHERE table_name = '"
                        + tables[i].table() + "')");
            }
        }
        for (DumpTable table : tables) {
            String incoming = "incoming_" + table.table();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE " + incoming + " ON COMMIT DROP AS SELECT " + table.columnList() + " FROM "
                        + table.table() + " WITH NO DATA");
            }
            String upsert = "INSERT INTO " + table.table() + " (" + table.columnList() + ") SELECT " + table.columnList() + " FROM "
                    + incoming;
            String onConflict = " ORDER BY id ON CONFLICT (id) DO UPDATE SET " + table.excludedAssignments();
            if (table == DumpTable.FINGERPRINT) {
                // chunk by chunk: each chunk's fingerprints in place before its fingerprint data goes in
                try (PreparedStatement chunk = connection.prepareStatement(upsert + " WHERE id = ANY (?)" + onConflict);
                        PreparedStatement oldData = connection.prepareStatement(
                                "DELETE FROM fingerprint_data WHERE fingerprint_id = ANY (?)")) {
                    loadFingerprints(connection, reader, manifest.table(table), incoming, ids -> {
                        Array array = connection.createArrayOf("integer", java.util.Arrays.stream(ids).boxed().toArray());
                        chunk.setArray(1, array);
                        chunk.executeUpdate();
                        oldData.setArray(1, array);
                        oldData.executeUpdate();
                    });
                }
            } else {
                load(connection, reader, manifest.table(table), incoming, table);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(upsert + onConflict);
                }
            }
            try (Statement statement = connection.createStatement()) {
                // a row back after a cascade here is not deleted: its tombstone would say otherwise
                statement.execute("DELETE FROM catalogue_deletion d USING " + incoming + " i WHERE d.table_name = '" + table.table()
                        + "' AND d.row_id = i.id");
            }
        }
    }

    /**
     * A mirror takes its rows from dumps only: ids above the highest the last import left were
     * written here (submissions taken by the mirror itself) and would collide with the source's.
     */
    private static void refuseLocalRows(Connection connection, Map<String, Long> maxIds) throws SQLException {
        if (maxIds == null) {
            return;
        }
        for (DumpTable table : DumpTable.values()) {
            long imported = maxIds.getOrDefault(table.table(), 0L);
            long max = CatalogueExporter.scalar(connection, "SELECT COALESCE(max(id), 0)::bigint FROM " + table.table(), Long.class);
            if (max > imported) {
                throw new DumpException("this catalogue has rows of " + table.table() + " written here since its last import (ids up to "
                        + max + ", the import left " + imported + "): an incremental dump applies only to a mirror that takes no "
                        + "submissions of its own; nothing was changed");
            }
        }
    }

    private record LastImport(OffsetDateTime snapshot, Map<String, Long> maxIds) {
    }

    private static LastImport lastImport(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet found = statement.executeQuery(
                        "SELECT snapshot, max_ids::text FROM catalogue_import ORDER BY snapshot DESC, imported DESC LIMIT 1")) {
            if (!found.next()) {
                return null;
            }
            String maxIds = found.getString(2);
            try {
                return new LastImport(found.getObject(1, OffsetDateTime.class),
                        maxIds == null ? null : EventJson.mapper().readValue(maxIds, new TypeReference<Map<String, Long>>() {
                        }));
            } catch (JsonProcessingException e) {
                throw new DumpException("catalogue_import holds unreadable max_ids: " + e.getMessage(), e);
            }
        }
    }

    /** This import in {@code catalogue_import}, with the highest id of each table it left. */
    private static void record(Connection connection, String manifestSha256, DumpManifest manifest) throws SQLException {
        Map<String, Long> maxIds = new LinkedHashMap<>();
        for (DumpTable table : DumpTable.values()) {
            maxIds.put(table.table(), CatalogueExporter.scalar(connection, "SELECT COALESCE(max(id), 0)::bigint FROM " + table.table(),
                    Long.class));
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO catalogue_import (manifest_sha256, snapshot, follows, max_ids) VALUES (?, ?, ?, ?::jsonb)")) {
            record.setString(1, manifestSha256);
            record.setObject(2, manifest.snapshot());
            record.setString(3, manifest.incremental() ? manifest.follows().manifestSha256() : null);
            record.setString(4, EventJson.mapper().writeValueAsString(maxIds));
            record.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dump file into a table (all its columns when {@code columns} is null), checked as it is read. */
    private void load(Connection connection, DumpReader reader, DumpManifest.Table file, String target, DumpTable columns)
            throws SQLException {
        progress.start(target, file.rows());
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + target + (columns == null ? "" : " (" + columns.columnList() + ")") + " FROM STDIN");
        long lines;
        try {
            lines = reader.stream(file, progress, (buffer, length) -> copy.writeToCopy(buffer, 0, length));
            copy.endCopy();
        } catch (PSQLException e) {
            throw new DumpException(file.file() + ": " + describe(e), e);
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

    /** The fingerprint table's file, as binary COPY, with the fingerprint data of each chunk ({@link FingerprintCopy}). */
    private void loadFingerprints(Connection connection, DumpReader reader, DumpManifest.Table file, String target,
            FingerprintCopy.BetweenCopies between) throws SQLException {
        progress.start(target, file.rows());
        FingerprintCopy rows = new FingerprintCopy(connection.unwrap(PGConnection.class).getCopyAPI(), target, file.file(), fingerprintChunk,
                between);
        try {
            long lines = reader.stream(file, progress, rows);
            rows.finish();
            progress.done(lines);
        } catch (PSQLException e) {
            throw new DumpException(file.file() + ": " + describe(e), e);
        } finally {
            rows.abandon();
        }
    }

    private static boolean alreadyImported(Connection connection, String manifestSha256) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM catalogue_import WHERE manifest_sha256 = ?")) {
            query.setString(1, manifestSha256);
            try (ResultSet found = query.executeQuery()) {
                return found.next();
            }
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
