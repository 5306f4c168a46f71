package org.songprint.fingerprint.dump;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The catalogue tables a dump holds, in AcoustID's layout: one file per table, its rows as
 * PostgreSQL {@code COPY} text with the data model's columns in the data model's order. Listed in an
 * order where every table comes after the tables it references, so an import can load them in turn.
 * Who submitted what ({@code source}, the {@code *_source} tables) stays private, as in AcoustID's
 * exports; {@code fingerprint_data} is derived from the fingerprints and rebuilt on import.
 */
public enum DumpTable {
    FORMAT("format", "id", "name"),
    TRACK("track", "id", "gid", "created", "new_id", "disabled"),
    FINGERPRINT("fingerprint", "id", "track_id", "fingerprint", "length", "bitrate", "format_id", "created", "submission_count"),
    META("meta", "id", "track", "artist", "album", "album_artist", "track_no", "disc_no", "year", "gid"),
    TRACK_MBID("track_mbid", "id", "track_id", "mbid", "created", "submission_count", "disabled"),
    TRACK_PUID("track_puid", "id", "track_id", "puid", "created", "submission_count"),
    TRACK_META("track_meta", "id", "track_id", "meta_id", "created", "submission_count"),
    FOREIGNID_VENDOR("foreignid_vendor", "id", "name"),
    FOREIGNID("foreignid", "id", "vendor_id", "name"),
    TRACK_FOREIGNID("track_foreignid", "id", "track_id", "foreignid_id", "created", "submission_count"),
    // disabled links and who disabled them: a mirror shows and applies them as the original does
    TRACK_MBID_CHANGE("track_mbid_change", "id", "track_mbid_id", "account_id", "disabled", "created", "note");

    private final String table;
    private final List<String> columns;

    DumpTable(String table, String... columns) {
        this.table = table;
        this.columns = List.of(columns);
    }

    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }

    /** The file of this table in a dump directory: gunzipped, it is named as in AcoustID's dumps. */
    public String file() {
        return table + ".gz";
    }

    String columnList() {
        return String.join(", ", columns);
    }

    /** {@code column = EXCLUDED.column} for every column but the id: an upsert's update. */
    String excludedAssignments() {
        return columns.stream().filter(c -> !c.equals("id")).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
    }

    /** Every table's name as an SQL string literal, comma-separated. */
    static String quotedNames() {
        return Arrays.stream(values()).map(t -> "'" + t.table + "'").collect(Collectors.joining(", "));
    }
}
