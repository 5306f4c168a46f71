package org.songprint.fingerprint.importer;

import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One of the four link tables a submission adds to, with its provenance table, for
 * {@link ImportRepository}; {@code V} is the type of its value column.
 */
final class LinkTable<V extends Comparable<V>> {

    static final LinkTable<UUID> MBID = new LinkTable<>("track_mbid", "mbid", "uuid", "track_mbid_source", "track_mbid_id",
            UUID[]::new, row -> row.getUUID("value"));
    static final LinkTable<UUID> PUID = new LinkTable<>("track_puid", "puid", "uuid", "track_puid_source", "track_puid_id",
            UUID[]::new, row -> row.getUUID("value"));
    static final LinkTable<Integer> META = new LinkTable<>("track_meta", "meta_id", "int", "track_meta_source",
            "track_meta_id", Integer[]::new, row -> row.getInteger("value"));
    static final LinkTable<Integer> FOREIGN_ID = new LinkTable<>("track_foreignid", "foreignid_id", "int",
            "track_foreignid_source", "track_foreignid_id", Integer[]::new, row -> row.getInteger("value"));

    /** Adds submission counts to (track, value) rows, creating new ones; returns each row and whether it is new. */
    final String upsert;
    /** The first half of the provenance insert: {@code (link id, submission_id, source_id)}. */
    final String insertSources;
    private final IntFunction<V[]> newArray;
    private final Function<Row, V> value;

    private LinkTable(String table, String column, String type, String sourceTable, String sourceColumn,
            IntFunction<V[]> newArray, Function<Row, V> value) {
        // xmax is 0 only on a freshly inserted row version: tells a new link from a counted one
        this.upsert = "INSERT INTO " + table + " (track_id, " + column + ", submission_count) "
                + "SELECT * FROM unnest($1::int[], $2::" + type + "[], $3::int[]) "
                + "ON CONFLICT (track_id, " + column + ") DO UPDATE SET submission_count = " + table
                + ".submission_count + EXCLUDED.submission_count "
                + "RETURNING id, track_id, " + column + " AS value, (xmax = 0) AS inserted";
        this.insertSources = "INSERT INTO " + sourceTable + " (" + sourceColumn + ", submission_id, source_id) ";
        this.newArray = newArray;
        this.value = value;
    }

    V[] newArray(int size) {
        return newArray.apply(size);
    }

    /** The linked value of a row the upsert returned. */
    V value(Row row) {
        return value.apply(row);
    }
}
