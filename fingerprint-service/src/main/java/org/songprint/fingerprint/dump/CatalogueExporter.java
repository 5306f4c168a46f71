package org.songprint.fingerprint.dump;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.songprint.common.event.EventJson;

/**
 * Writes the catalogue as a dump: every table of {@link DumpTable} from one snapshot (a read-only
 * repeatable-read transaction, as AcoustID's export runs in one serializable transaction), each
 * ordered by id and in UTC, so the same catalogue always gives the same files.
 */
public final class CatalogueExporter {

    private final DumpProgress progress;

    public CatalogueExporter(DumpProgress progress) {
        this.progress = progress;
    }

    public DumpManifest export(Connection connection, Path dir) {
        prepare(dir);
        try {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                // timestamps are written in the session's zone and style: fixed, so files compare equal
                statement.execute("SET LOCAL TimeZone = 'UTC'");
                statement.execute("SET LOCAL DateStyle = 'ISO, YMD'");
            }
            OffsetDateTime snapshot = scalar(connection, "SELECT now()", OffsetDateTime.class);
            List<DumpManifest.Table> tables = new ArrayList<>();
            for (DumpTable table : DumpTable.values()) {
                tables.add(exportTable(connection, table, dir));
            }
            connection.commit();
            DumpManifest manifest = new DumpManifest(DumpManifest.FORMAT, DumpManifest.VERSION, snapshot, tables);
            writeManifest(manifest, dir);
            return manifest;
        } catch (SQLException e) {
            throw new DumpException("the export failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DumpException("could not write the dump into " + dir + ": " + e.getMessage(), e);
        }
    }

    private DumpManifest.Table exportTable(Connection connection, DumpTable table, Path dir) throws SQLException, IOException {
        // the planner's estimate is enough for progress: a count(*) would read every table twice
        // (the manifest's row count is the lines the COPY wrote); -1 (never analysed) shows no total
        long estimate = scalar(connection, "SELECT reltuples::bigint FROM pg_class WHERE oid = '" + table.table() + "'::regclass",
                Long.class);
        Long maxId = scalar(connection, "SELECT max(id)::bigint FROM " + table.table(), Long.class);
        progress.start(table.table(), estimate);
        CopyText text;
        try (OutputStream file = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(table.file())),
                1 << 16), 1 << 16)) {
            text = new CopyText(file, progress);
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT " + table.columnList() + " FROM " + table.table() + " ORDER BY id) TO STDOUT", text);
        }
        progress.done(text.lines());
        return new DumpManifest.Table(table.table(), table.file(), table.columns(), text.lines(), maxId == null ? 0 : maxId,
                text.sha256());
    }

    /** A new or empty directory: a dump never mixes with files of another. */
    private static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new DumpException(dir + " is not empty: a dump is written into a new or empty directory");
                }
            }
        } catch (IOException e) {
            throw new DumpException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeManifest(DumpManifest manifest, Path dir) throws IOException {
        Path partial = dir.resolve(DumpManifest.FILE + ".partial");
        Files.write(partial, EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest));
        Files.move(partial, dir.resolve(DumpManifest.FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    static <T> T scalar(Connection connection, String sql, Class<T> type) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getObject(1, type);
        }
    }
}
