package org.songprint.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DataModelTest {

    private static final DataModel MODEL = DataModel.load();
    private static final DataModel MODEL_ONLY = DataModel.loadModelOnly();

    @Test
    void readsTheDatabaseInstancesTable() {
        assertEquals(List.of("acoustid_app", "acoustid_fingerprint", "acoustid_ingest", "musicbrainz"), MODEL.databases());
        assertEquals(OptionalInt.of(8), MODEL.declaredTableCount("acoustid_app"));
        assertEquals(OptionalInt.of(19), MODEL.declaredTableCount("acoustid_fingerprint"));
        assertEquals(OptionalInt.of(3), MODEL.declaredTableCount("acoustid_ingest"));
        assertEquals(OptionalInt.empty(), MODEL.declaredTableCount("musicbrainz"));
        assertEquals(List.of("intarray", "acoustid", "cube"), MODEL.declaredExtensions("acoustid_fingerprint"));
        assertEquals(List.of("pgcrypto"), MODEL.declaredExtensions("acoustid_app"));
        assertEquals(List.of(), MODEL.declaredExtensions("acoustid_ingest"));
    }

    @Test
    void theModelDescribesFifteenOfTheNineteenFingerprintTables() {
        assertEquals(List.of("track", "fingerprint", "fingerprint_data", "track_mbid", "meta", "track_meta", "format",
                "source", "foreignid_vendor", "foreignid", "track_foreignid", "track_puid", "fingerprint_source",
                "track_mbid_source", "track_mbid_change"), names(MODEL_ONLY.tables("acoustid_fingerprint")));
    }

    @Test
    void withTheAdditionsEveryDatabaseHasTheTableCountTheModelDeclares() {
        // every database with a Kafka consumer has one table of Songprint's own, parked_record
        for (String database : List.of("acoustid_fingerprint", "acoustid_ingest")) {
            assertEquals(MODEL.declaredTableCount(database).getAsInt() + 1, MODEL.tables(database).size(), database);
            assertTrue(names(MODEL.tables(database)).contains("parked_record"), database);
        }
        // acoustid_app: the model's 8 and four tables of Songprint's own, the two statistics
        // consumers' idempotency keys, the web pages' sessions and parked_record (songprint-additions.md)
        assertEquals(MODEL.declaredTableCount("acoustid_app").getAsInt() + 4, MODEL.tables("acoustid_app").size());
        assertTrue(names(MODEL.tables("acoustid_fingerprint")).containsAll(
                List.of("track_meta_source", "track_puid_source", "track_foreignid_source", "track_mbid_flag")));
        assertEquals(List.of("account", "application", "account_openid", "account_google", "stats", "stats_lookups",
                "stats_user_agents", "stats_top_accounts", "stats_lookup_event", "stats_submission_event",
                "account_session", "parked_record"), names(MODEL.tables("acoustid_app")));
        assertEquals(List.of("submission", "submission_result", "pending_submission", "parked_record"),
                names(MODEL.tables("acoustid_ingest")));
        assertEquals(List.of(), MODEL.tables("musicbrainz"));
    }

    @Test
    void readsTheColumnsOfFingerprint() {
        DataModel.Table fingerprint = MODEL.table("acoustid_fingerprint", "fingerprint").orElseThrow();
        assertEquals(List.of(
                new DataModel.Column("id", "SERIAL", true, false, false, false),
                new DataModel.Column("track_id", "INTEGER", false, false, false, true),
                new DataModel.Column("fingerprint", "INTEGER[]", false, false, true, false),
                new DataModel.Column("length", "SMALLINT", false, false, true, false),
                new DataModel.Column("bitrate", "SMALLINT", false, false, false, false),
                new DataModel.Column("format_id", "INTEGER", false, false, false, true),
                new DataModel.Column("created", "TIMESTAMP", false, false, true, false),
                new DataModel.Column("submission_count", "INTEGER", false, false, false, false)),
                fingerprint.columns());
    }

    @Test
    void trustsOnlyTheConstraintWordsOfARow() {
        // "| `lastlogin` | TIMESTAMP | Last login timestamp |  |": the description sits in the constraints cell
        DataModel.Column lastlogin = MODEL.table("acoustid_app", "account").orElseThrow().column("lastlogin").orElseThrow();
        assertEquals(new DataModel.Column("lastlogin", "TIMESTAMP", false, false, false, false), lastlogin);

        DataModel.Column apikey = MODEL.table("acoustid_app", "account").orElseThrow().column("apikey").orElseThrow();
        assertTrue(apikey.unique() && apikey.notNull());
        assertEquals("VARCHAR(40)", apikey.type());

        DataModel.Column fingerprintId = MODEL.table("acoustid_fingerprint", "fingerprint_data").orElseThrow()
                .column("fingerprint_id").orElseThrow();
        assertTrue(fingerprintId.primaryKey() && fingerprintId.foreignKey());
    }

    @Test
    void theAdditionsExtendTablesTheModelHas() {
        DataModel.Table source = MODEL.table("acoustid_fingerprint", "fingerprint_source").orElseThrow();
        assertEquals(List.of("id", "fingerprint_id", "source_id", "created", "submission_id"),
                source.columns().stream().map(DataModel.Column::name).toList());
        assertTrue(MODEL_ONLY.table("acoustid_fingerprint", "fingerprint_source").orElseThrow()
                .column("submission_id").isEmpty());
    }

    @Test
    void readsIndexLinesIncludingTheExportsGluedText() {
        DataModel.Index newId = MODEL.index("track_new_id_idx").orElseThrow();
        assertEquals(new DataModel.Index("acoustid_fingerprint", "track", "track_new_id_idx", DataModel.IndexKind.PLAIN,
                "btree", List.of("new_id"), List.of(), List.of(), null, false), newId);

        DataModel.Index unique = MODEL.index("track_mbid_track_id_mbid_key").orElseThrow();
        assertEquals(DataModel.IndexKind.UNIQUE, unique.kind());
        assertEquals(List.of("track_id", "mbid"), unique.keyColumns());

        // written without a leading "- " in the model
        DataModel.Index metaPkey = MODEL.index("meta_pkey").orElseThrow();
        assertEquals(DataModel.IndexKind.PRIMARY_KEY, metaPkey.kind());
        assertEquals(List.of("id"), metaPkey.keyColumns());

        DataModel.Index simhash = MODEL.index("fingerprint_data_simhash_idx").orElseThrow();
        assertEquals("gist", simhash.method());
        assertEquals(List.of("simhash"), simhash.keyColumns());

        DataModel.Index handled = MODEL.index("submission_handled_idx").orElseThrow();
        assertEquals("acoustid_ingest", handled.database());
        assertEquals("handled = FALSE", handled.predicate());
    }

    @Test
    void indexDefinitionsOfThePerformanceSectionWin() {
        DataModel.Index gin = MODEL.index("fingerprint_fingerprint_idx").orElseThrow();
        assertTrue(gin.fromDefinition());
        assertEquals("gin", gin.method());
        assertEquals(List.of("fingerprint"), gin.keyColumns());
        assertEquals(List.of("gin__int_ops"), gin.operatorClasses());

        DataModel.Index lookup = MODEL.index("fingerprint_lookup_idx").orElseThrow();
        assertEquals("acoustid_fingerprint", lookup.database());
        assertEquals(List.of("length", "track_id"), lookup.keyColumns());
        assertEquals(List.of("fingerprint"), lookup.includedColumns());
        assertNull(lookup.predicate());

        DataModel.Index unhandled = MODEL.index("submission_unhandled_idx").orElseThrow();
        assertEquals("acoustid_ingest", unhandled.database());
        assertEquals(List.of("created"), unhandled.keyColumns());
        assertEquals("handled = FALSE", unhandled.predicate());
    }

    @Test
    void everyDatabaseKeepsItsOwnIndexes() {
        assertEquals(29, MODEL_ONLY.indexes("acoustid_fingerprint").size());
        assertTrue(MODEL.indexes("acoustid_app").stream().allMatch(i -> MODEL.table("acoustid_app", i.table()).isPresent()));
        assertTrue(MODEL.indexes("acoustid_ingest").stream().map(DataModel.Index::name).toList()
                .containsAll(List.of("submission_pkey", "submission_handled_idx", "submission_unhandled_idx",
                        "submission_result_submission_id_key", "pending_submission_submission_id_key")));
    }

    @Test
    void readsTheTriggers() {
        assertEquals(List.of(
                new DataModel.Trigger("acoustid_fingerprint", "fingerprint_source", "update_fingerprint_submission_count",
                        "AFTER", "INSERT", true, "increment_submission_count"),
                new DataModel.Trigger("acoustid_fingerprint", "track", "propagate_track_merge",
                        "AFTER", "UPDATE OF new_id", true, "update_merged_track_references")),
                MODEL.triggers("acoustid_fingerprint"));
        assertEquals(List.of(), MODEL.triggers("acoustid_ingest"));
    }

    @Test
    void readsTheMaterializedView() {
        assertEquals(List.of(new DataModel.MaterializedView("acoustid_fingerprint", "track_stats",
                List.of("track_id", "fingerprint_count", "mbid_count", "total_submissions"))),
                MODEL.materializedViews("acoustid_fingerprint"));
    }

    @Test
    void selectListNamesAreAliasesOrBareColumns() {
        assertEquals(List.of("a", "n", "total"),
                DataModel.selectListNames("a, count(DISTINCT b, c) AS n, SUM(x) as total"));
    }

    @Test
    void aTableOutsideADatabaseSectionIsAnError() {
        assertThrows(IllegalStateException.class, () -> DataModel.parse("#### `orphan`\n| `id` | SERIAL | PRIMARY KEY | x |\n"));
    }

    @Test
    void theDocumentedExceptionsNameRealModelColumns() {
        for (Map.Entry<String, String> entry : SchemaConformance.CROSS_DATABASE_REFERENCES.entrySet()) {
            DataModel.Column column = column(entry.getKey());
            assertTrue(column.foreignKey(), entry.getKey() + " is not a FOREIGN KEY in the model");
        }
        for (String key : SchemaConformance.NOT_UNIQUE_BY_DESIGN.keySet()) {
            assertTrue(column(key).unique(), key + " is not UNIQUE in the model");
        }
        assertTrue(MODEL.declaredExtensions("acoustid_fingerprint")
                .containsAll(SchemaConformance.EXTENSIONS_NOT_REQUIRED.keySet()));
    }

    @Test
    void foreignKeyTargetsFollowColumnNames() {
        DataModel.Table track = MODEL.table("acoustid_fingerprint", "track").orElseThrow();
        DataModel.Table foreignid = MODEL.table("acoustid_fingerprint", "foreignid").orElseThrow();
        DataModel.Table mbidSource = MODEL.table("acoustid_fingerprint", "track_mbid_source").orElseThrow();
        assertEquals("track", SchemaConformance.expectedTarget(MODEL, track, "new_id"));
        assertEquals("foreignid_vendor", SchemaConformance.expectedTarget(MODEL, foreignid, "vendor_id"));
        assertEquals("track_mbid", SchemaConformance.expectedTarget(MODEL, mbidSource, "track_mbid_id"));
        assertEquals("source", SchemaConformance.expectedTarget(MODEL, mbidSource, "source_id"));
    }

    @Test
    void typeCompatibility() {
        assertNull(SchemaConformance.typeProblem("SERIAL", column("integer", "int4", null, "nextval('t_id_seq'::regclass)")));
        assertTrue(SchemaConformance.typeProblem("SERIAL", column("integer", "int4", null, null)).contains("SERIAL"));
        assertNull(SchemaConformance.typeProblem("BIGSERIAL", column("bigint", "int8", null, "nextval('t_id_seq'::regclass)")));
        assertFalse(SchemaConformance.typeProblem("BIGSERIAL", column("integer", "int4", null, "nextval('t_id_seq'::regclass)")) == null);
        assertNull(SchemaConformance.typeProblem("VARCHAR(40)", column("character varying", "varchar", 40, null)));
        assertTrue(SchemaConformance.typeProblem("VARCHAR(40)", column("character varying", "varchar", 255, null))
                .contains("character varying(255)"));
        assertNull(SchemaConformance.typeProblem("INTEGER[]", column("ARRAY", "_int4", null, null)));
        assertFalse(SchemaConformance.typeProblem("INTEGER[]", column("ARRAY", "_int8", null, null)) == null);
        assertNull(SchemaConformance.typeProblem("TIMESTAMP", column("timestamp with time zone", "timestamptz", null, null)));
        assertNull(SchemaConformance.typeProblem("TIMESTAMP", column("timestamp without time zone", "timestamp", null, null)));
        assertNull(SchemaConformance.typeProblem("CUBE", column("USER-DEFINED", "cube", null, null)));
        assertNull(SchemaConformance.typeProblem("SMALLINT", column("smallint", "int2", null, null)));
        assertTrue(SchemaConformance.typeProblem("SMALLINT", column("integer", "int4", null, null)).contains("integer"));
        assertNull(SchemaConformance.typeProblem("INET", column("inet", "inet", null, null)));
        assertTrue(SchemaConformance.typeProblem("MONEY", column("money", "money", null, null)).contains("not known"));
    }

    @Test
    void predicatesCompareWithoutCaseSpacesAndParentheses() {
        assertEquals(SchemaConformance.normalizeExpression("handled = FALSE"),
                SchemaConformance.normalizeExpression("(handled = false)"));
    }

    private static SchemaCatalog.ColumnInfo column(String dataType, String udtName, Integer maxLength,
            String defaultExpression) {
        return new SchemaCatalog.ColumnInfo(dataType, udtName, maxLength, true, defaultExpression, false);
    }

    private static DataModel.Column column(String qualified) {
        String[] parts = qualified.split("\\.");
        return MODEL.table(parts[0], parts[1]).orElseThrow().column(parts[2]).orElseThrow();
    }

    private static List<String> names(List<DataModel.Table> tables) {
        return tables.stream().map(DataModel.Table::name).toList();
    }
}
