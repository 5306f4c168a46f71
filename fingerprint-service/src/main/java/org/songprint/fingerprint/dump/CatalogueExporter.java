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
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.postgresql.PGConnection;
import org.songprint.common.event.EventJson;

/**
 * Writes the catalogue as a dump: every table of {@link DumpTable} from one snapshot (a read-only
 * repeatable-read transaction, as AcoustID's export runs in one serializable transaction), each
 * ordered by id and in UTC, so the same catalogue always gives the same files.
 *
 * <p>Given the manifest of an earlier export of the same catalogue, it writes only what changed
 * since: the rows written by transactions that the earlier snapshot could not see (new and changed
 * rows, a merge's moved fingerprints and links, disabled links), and the ids of rows deleted since
 * ({@code catalogue_deletion}). A transaction still open now is not in this dump and is in the next.
 */
public final class CatalogueExporter {

    private final DumpProgress progress;

    public CatalogueExporter(DumpProgress progress) {
        this.progress = progress;
    }

    public DumpManifest export(Connection connection, Path dir) {
        return export(connection, dir, null);
    }

    /** @param since an earlier export's manifest (or its directory), or null for the whole catalogue */
    public DumpManifest export(Connection connection, Path dir, Path since) {
        Path baseFile = since == null ? null : Files.isDirectory(since) ? since.resolve(DumpManifest.FILE) : since;
        DumpManifest base = baseFile == null ? null : DumpReader.manifest(baseFile);
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
            String catalogue = scalar(connection, "SELECT id::text FROM catalogue_instance", String.class);
            String transactions = scalar(connection, "SELECT pg_current_snapshot()::text", String.class);
            String changedSince = "";
            DumpManifest.Follows follows = null;
            if (base != null) {
                if (!catalogue.equals(base.catalogue())) {
                    throw new DumpException(baseFile + " is a dump of another catalogue (" + base.catalogue() + ", this is " + catalogue
                            + "): --since takes the manifest of an earlier export of this one");
                }
                changedSince = " WHERE NOT pg_visible_in_snapshot(changed, " + base.transactionsLiteral() + ")";
                follows = new DumpManifest.Follows(DumpReader.manifestChecksum(baseFile), base.snapshot());
            }
            // only now: a refused export leaves no directory behind
            prepare(dir);
            List<DumpManifest.Table> tables = new ArrayList<>();
            for (DumpTable table : DumpTable.values()) {
                tables.add(exportTable(connection, table, dir, changedSince));
            }
            DumpManifest.Table deleted = base == null ? null : exportDeletions(connection, dir, base.transactionsLiteral());
            connection.commit();
            DumpManifest manifest = new DumpManifest(DumpManifest.FORMAT, DumpManifest.VERSION, snapshot, catalogue, transactions,
                    follows, tables, deleted);
            writeManifest(manifest, dir);
            return manifest;
        } catch (SQLException e) {
            throw new DumpException("the export failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DumpException("could not write the dump into " + dir + ": " + e.getMessage(), e);
        }
    }

    private DumpManifest.Table exportTable(Connection connection, DumpTable table, Path dir, String changedSince)
            throws SQLException, IOException {
        // the planner's estimate is enough for progress: a count(*) would read every table twice
        // (the manifest's row count is the lines the COPY wrote); -1 (never analysed) shows no total
        long estimate = scalar(connection, "SELECT reltuples::bigint FROM pg_class WHERE oid = '" + table.table() + "'::regclass",
                Long.class);
        Long maxId = scalar(connection, "SELECT max(id)::bigint FROM " + table.table(), Long.class);
        progress.start(table.table(), changedSince.isEmpty() ? estimate : -1);
        CopyText text = copyOut(connection, "SELECT " + table.columnList() + " FROM " + table.table() + changedSince + " ORDER BY id",
                dir.resolve(table.file()));
        progress.done(text.lines());
        return new DumpManifest.Table(table.table(), table.file(), table.columns(), text.lines(), maxId == null ? 0 : maxId,
                text.sha256());
    }

    /** The rows deleted since the base snapshot (the range condition lets the index skip older tombstones). */
    private DumpManifest.Table exportDeletions(Connection connection, Path dir, String base) throws SQLException, IOException {
        progress.start("deleted", -1);
        CopyText text = copyOut(connection, "SELECT table_name, row_id FROM catalogue_deletion WHERE deleted >= pg_snapshot_xmin(" + base
                + ") AND NOT pg_visible_in_snapshot(deleted, " + base + ") ORDER BY table_name, row_id", dir.resolve(DumpManifest.DELETED_FILE));
        progress.done(text.lines());
        return new DumpManifest.Table("deleted", DumpManifest.DELETED_FILE, DumpManifest.DELETED_COLUMNS, text.lines(), 0, text.sha256());
    }

    private CopyText copyOut(Connection connection, String query, Path file) throws SQLException, IOException {
        CopyText text;
        try (OutputStream out = new FastGzip(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            text = new CopyText(out, progress);
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", text);
        }
        return text;
    }

    /**
     * gzip at zlib's fastest level: fingerprints' decimal text compresses 2.02:1 there against 2.15:1
     * at the default level, five times faster (74 against 14 MB/s on one core), which was the whole
     * cost of an export. The same text still always gives the same bytes.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
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
