package org.songprint.fingerprint.dump;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code manifest.json} of a dump, written last, so a directory without one is not a dump: the
 * snapshot's time, and per table its file, columns, row count, highest id and the SHA-256 of its
 * uncompressed {@code COPY} text (compressed bytes could differ between gzip implementations).
 *
 * <p>{@code catalogue} and {@code transactions} (the export's {@code pg_current_snapshot()}) let a
 * later export of the same catalogue write only what changed since this one. Such an incremental
 * dump {@code follows} the dump it continues (its manifest's checksum and snapshot) and lists the
 * rows deleted since in {@code deleted}; a full dump has neither.
 */
public record DumpManifest(String format, int version, OffsetDateTime snapshot, String catalogue, String transactions,
        Follows follows, List<Table> tables, Table deleted) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "songprint-catalogue-dump";
    public static final int VERSION = 1;
    /** The tombstones of an incremental dump: the table and id of each row deleted since. */
    public static final String DELETED_FILE = "deleted.gz";
    public static final List<String> DELETED_COLUMNS = List.of("table", "id");
    // xmin:xmax:xip,... as PostgreSQL writes a pg_snapshot; checked before it is put into SQL
    private static final Pattern TRANSACTIONS = Pattern.compile("[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?");

    public record Table(String name, String file, List<String> columns, long rows, long maxId, String sha256) {
    }

    /** The dump an incremental dump continues. */
    public record Follows(String manifestSha256, OffsetDateTime snapshot) {
    }

    public Table table(DumpTable table) {
        return tables.stream().filter(t -> t.name().equals(table.table())).findFirst()
                .orElseThrow(() -> new DumpException(FILE + " does not list the table " + table.table()));
    }

    public boolean incremental() {
        return follows != null;
    }

    /** The export's snapshot as SQL text, once it is known to be one. */
    String transactionsLiteral() {
        if (transactions == null || !TRANSACTIONS.matcher(transactions).matches()) {
            throw new DumpException(FILE + " has no transaction snapshot (" + transactions + ")");
        }
        return "'" + transactions + "'::pg_snapshot";
    }
}
