package org.songprint.fingerprint.dump;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code manifest.json} of a dump, written last, so a directory without one is not a dump: the
 * snapshot's time, and per table its file, columns, row count, highest id and the SHA-256 of its
 * uncompressed {@code COPY} text (compressed bytes could differ between gzip implementations).
 */
public record DumpManifest(String format, int version, OffsetDateTime snapshot, List<Table> tables) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "songprint-catalogue-dump";
    public static final int VERSION = 1;

    public record Table(String name, String file, List<String> columns, long rows, long maxId, String sha256) {
    }

    public Table table(DumpTable table) {
        return tables.stream().filter(t -> t.name().equals(table.table())).findFirst()
                .orElseThrow(() -> new DumpException(FILE + " does not list the table " + table.table()));
    }
}
