package org.songprint.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.songprint.testsupport.SchemaCatalog.ColumnInfo;
import org.songprint.testsupport.SchemaCatalog.ForeignKey;
import org.songprint.testsupport.SchemaCatalog.IndexInfo;

/**
 * Checks that a live PostgreSQL schema implements the {@link DataModel} for one of its databases,
 * reading information_schema and pg_catalog in the connection's current schema.
 *
 * <p>Checked: every table; every column with a compatible type, NOT NULL, primary key, UNIQUE and
 * FOREIGN KEY (target inferred from the column name) as the model marks them; every named index
 * (kind, access method, operator classes, key columns, partial predicate); the triggers; the
 * materialized views (columns, and a unique index so they can be refreshed concurrently); the
 * extensions; and the model's CHECK rules (positive durations and bitrates, non-negative
 * submission counts). Extra tables, columns and indexes are allowed. All problems are collected and
 * reported together.
 *
 * <p>Where Songprint departs from the model on purpose, the reason is listed below, in one place:
 * cross-database references, a UNIQUE marking the model contradicts, a dropped index, and extensions. Key columns of
 * an index are compared when the model states them legibly, except for a partial index known only
 * from an {@code **Indexes:**} line (its predicate is what the model names; which column it keys on
 * is free). INCLUDE columns are not compared: see {@code fingerprint_lookup_idx} in the
 * fingerprint-service migration (a whole fingerprint array cannot be a B-tree index entry).
 */
public final class SchemaConformance {

    /**
     * Columns the model marks FOREIGN KEY whose target lives in another database. PostgreSQL cannot
     * enforce a key across databases, so these are plain integer columns by design, kept consistent
     * by the services (Kafka topics) instead.
     */
    public static final Map<String, String> CROSS_DATABASE_REFERENCES = Map.of(
            "acoustid_ingest.submission.source_id", "source is in acoustid_fingerprint; the importer finds or creates it",
            "acoustid_ingest.submission.meta_id", "meta is in acoustid_fingerprint; the importer finds or creates it",
            "acoustid_ingest.submission_result.track_id", "track is in acoustid_fingerprint",
            "acoustid_fingerprint.source.application_id", "application is in acoustid_app",
            "acoustid_fingerprint.source.account_id", "account is in acoustid_app",
            "acoustid_fingerprint.track_mbid_change.account_id", "account is in acoustid_app",
            "acoustid_fingerprint.track_mbid_flag.account_id", "account is in acoustid_app");

    /** UNIQUE markings of the model that the model itself contradicts. */
    public static final Map<String, String> NOT_UNIQUE_BY_DESIGN = Map.of(
            "acoustid_app.stats.name", "stats has one row per name and day; stats_name_date_key UNIQUE (name, date) is "
                    + "the key, a unique name would allow a single day");

    /**
     * Indexes of the model that Songprint drops on purpose (created by V1 as the model says, removed
     * by a later migration that gives the measurements).
     */
    public static final Map<String, String> INDEXES_DROPPED = Map.of(
            "fingerprint_fingerprint_idx", "GIN over whole fingerprints: no query reads it (the fingerprint index "
                    + "serves every search) and it cost ~4.4 ms per new fingerprint, capping imports near 200/s; "
                    + "see fingerprint-service V2__import_write_path.sql",
            "fingerprint_data_simhash_idx", "GiST over the simhash cubes: no query reads it (near SimHashes are found "
                    + "through simhash_key's B-tree) and it took 755 B a fingerprint and a fifth of a dump's import; "
                    + "see fingerprint-service V9__drop_simhash_gist.sql");

    /** Extensions the model lists that Songprint does not install. */
    public static final Map<String, String> EXTENSIONS_NOT_REQUIRED = Map.of(
            "acoustid", "the acoustid-ext C extension is not used: fingerprints are compared in Java (shared library)");

    /** Extensions Songprint needs beyond the model's list. */
    public static final Map<String, List<String>> ADDITIONAL_EXTENSIONS = Map.of(
            "acoustid_fingerprint", List.of("pgcrypto"));

    /**
     * The model's check constraints ("Duration must be positive", "Bitrate must be positive",
     * "Submission count must be non-negative"), as the accepted comparisons per column name.
     */
    static final Map<String, List<String>> CHECK_RULES = Map.of(
            "length", List.of(">0", ">=1"),
            "bitrate", List.of(">0", ">=1"),
            "submission_count", List.of(">=0", ">0"));

    /** Foreign-key column names that do not spell their target table; null means the same table. */
    private static final Map<String, String> IRREGULAR_FK_TARGETS = new HashMap<>();

    static {
        IRREGULAR_FK_TARGETS.put("new_id", null);
        IRREGULAR_FK_TARGETS.put("vendor_id", "foreignid_vendor");
    }

    private static final Pattern VARCHAR = Pattern.compile("VARCHAR\\((\\d+)\\)");

    private SchemaConformance() {
    }

    /** Fails with every problem found, or returns if the schema conforms. */
    public static void assertConforms(Connection connection, String database) throws SQLException {
        List<String> problems = check(connection, database);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("Schema does not conform to the data model of ")
                    .append(database).append(" (").append(problems.size()).append(" problems):");
            for (String problem : problems) {
                message.append("\n  - ").append(problem);
            }
            throw new AssertionError(message.toString());
        }
    }

    public static List<String> check(Connection connection, String database) throws SQLException {
        return check(connection, database, DataModel.load());
    }

    public static List<String> check(Connection connection, String database, DataModel model) throws SQLException {
        if (!model.databases().contains(database)) {
            throw new IllegalArgumentException("the data model has no database " + database + "; it has "
                    + model.databases());
        }
        SchemaCatalog catalog = SchemaCatalog.read(connection);
        List<String> problems = new ArrayList<>();
        checkExtensions(model, database, catalog, problems);
        for (DataModel.Table table : model.tables(database)) {
            checkTable(model, table, catalog, problems);
        }
        for (DataModel.Index index : model.indexes(database)) {
            checkIndex(index, catalog, problems);
        }
        for (DataModel.Trigger trigger : model.triggers(database)) {
            checkTrigger(trigger, catalog, problems);
        }
        for (DataModel.MaterializedView view : model.materializedViews(database)) {
            checkMaterializedView(view, catalog, problems);
        }
        return problems;
    }

    // ---------------------------------------------------------------------------------------------

    private static void checkExtensions(DataModel model, String database, SchemaCatalog catalog, List<String> problems) {
        Set<String> required = new LinkedHashSet<>(model.declaredExtensions(database));
        required.removeAll(EXTENSIONS_NOT_REQUIRED.keySet());
        required.addAll(ADDITIONAL_EXTENSIONS.getOrDefault(database, List.of()));
        for (String extension : required) {
            if (!catalog.extensions.contains(extension)) {
                problems.add("extension " + extension + " is not installed");
            }
        }
    }

    private static void checkTable(DataModel model, DataModel.Table table, SchemaCatalog catalog, List<String> problems) {
        String name = table.name();
        Map<String, ColumnInfo> columns = catalog.columns.get(name);
        if (columns == null) {
            problems.add("table " + name + " is missing");
            return;
        }
        Set<String> modelPrimaryKey = new LinkedHashSet<>();
        for (DataModel.Column column : table.columns()) {
            String where = name + "." + column.name();
            String key = table.database() + "." + where;
            ColumnInfo actual = columns.get(column.name());
            if (actual == null) {
                problems.add("column " + where + " (" + column.type() + ") is missing");
                continue;
            }
            String typeProblem = typeProblem(column.type(), actual);
            if (typeProblem != null) {
                problems.add("column " + where + ": " + typeProblem);
            }
            if (column.primaryKey()) {
                modelPrimaryKey.add(column.name());
            }
            if (column.notNull() && actual.nullable()) {
                problems.add("column " + where + " is nullable; the model says NOT NULL");
            }
            if (column.unique() && !NOT_UNIQUE_BY_DESIGN.containsKey(key) && !catalog.isUnique(name, column.name())) {
                problems.add("column " + where + " has no unique constraint or unique index of its own; the model says UNIQUE");
            }
            if (column.foreignKey() && !CROSS_DATABASE_REFERENCES.containsKey(key)) {
                checkForeignKey(model, table, column.name(), catalog, problems);
            }
            List<String> accepted = CHECK_RULES.get(column.name());
            if (accepted != null && !catalog.hasCheck(name, column.name(), accepted)) {
                problems.add("column " + where + " has no CHECK constraint " + column.name() + " "
                        + accepted.get(0).replaceFirst("^(>=|>)", "$1 "));
            }
        }
        if (!modelPrimaryKey.isEmpty()) {
            List<String> actualKey = catalog.primaryKeys.get(name);
            if (actualKey == null) {
                problems.add("table " + name + " has no primary key; the model says PRIMARY KEY " + modelPrimaryKey);
            } else if (!new HashSet<>(actualKey).equals(modelPrimaryKey)) {
                problems.add("table " + name + " has primary key " + actualKey + "; the model says " + modelPrimaryKey);
            }
        }
    }

    private static void checkForeignKey(DataModel model, DataModel.Table table, String column, SchemaCatalog catalog,
            List<String> problems) {
        String where = table.name() + "." + column;
        List<ForeignKey> keys = catalog.foreignKeys.getOrDefault(table.name(), List.of()).stream()
                .filter(k -> k.columns().equals(List.of(column))).toList();
        if (keys.isEmpty()) {
            problems.add("column " + where + " has no foreign key; the model says FOREIGN KEY"
                    + " (if its target lives in another database, list it in SchemaConformance.CROSS_DATABASE_REFERENCES)");
            return;
        }
        String target = expectedTarget(model, table, column);
        if (target != null && keys.stream().noneMatch(k -> k.targetTable().equals(target))) {
            problems.add("column " + where + " references " + keys.get(0).targetTable() + ", expected " + target);
        }
    }

    /** The table a foreign-key column points to, by its name ({@code track_mbid_id} → track_mbid), if known. */
    static String expectedTarget(DataModel model, DataModel.Table table, String column) {
        if (IRREGULAR_FK_TARGETS.containsKey(column)) {
            String target = IRREGULAR_FK_TARGETS.get(column);
            return target == null ? table.name() : target;
        }
        if (column.endsWith("_id")) {
            String candidate = column.substring(0, column.length() - 3);
            if (model.table(table.database(), candidate).isPresent()) {
                return candidate;
            }
        }
        return null;
    }

    private static void checkIndex(DataModel.Index index, SchemaCatalog catalog, List<String> problems) {
        IndexInfo actual = catalog.indexes.get(index.name());
        String label = "index " + index.name();
        if (INDEXES_DROPPED.containsKey(index.name())) {
            if (actual != null) {
                problems.add(label + " should have been dropped: " + INDEXES_DROPPED.get(index.name()));
            }
            return;
        }
        if (actual == null) {
            problems.add(label + " (on " + index.table() + ") is missing");
            return;
        }
        if (!actual.table().equals(index.table())) {
            problems.add(label + " is on " + actual.table() + "; the model puts it on " + index.table());
            return;
        }
        if (index.kind() == DataModel.IndexKind.PRIMARY_KEY && !actual.primary()) {
            problems.add(label + " is not the primary key of " + index.table());
        }
        if (index.kind() == DataModel.IndexKind.UNIQUE && !actual.unique()) {
            problems.add(label + " is not unique");
        }
        if (!actual.method().equals(index.method())) {
            problems.add(label + " uses " + actual.method() + "; the model says " + index.method());
        }
        boolean compareColumns = !index.keyColumns().isEmpty() && (index.fromDefinition() || index.predicate() == null);
        if (compareColumns && !actual.keyColumns().equals(index.keyColumns())) {
            problems.add(label + " is on " + actual.keyColumns() + "; the model says " + index.keyColumns());
        }
        for (String operatorClass : index.operatorClasses()) {
            if (!actual.definition().contains(operatorClass)) {
                problems.add(label + " does not use operator class " + operatorClass + ": " + actual.definition());
            }
        }
        if (index.predicate() != null) {
            if (actual.predicate() == null) {
                problems.add(label + " is not partial; the model says WHERE " + index.predicate());
            } else if (!normalizeExpression(actual.predicate()).equals(normalizeExpression(index.predicate()))) {
                problems.add(label + " is partial WHERE " + actual.predicate() + "; the model says WHERE "
                        + index.predicate());
            }
        } else if (actual.predicate() != null) {
            problems.add(label + " is partial (WHERE " + actual.predicate() + "); the model's is not");
        }
    }

    private static void checkTrigger(DataModel.Trigger trigger, SchemaCatalog catalog, List<String> problems) {
        String label = "trigger " + trigger.name() + " on " + trigger.table();
        String definition = catalog.triggers.get(trigger.table() + "." + trigger.name());
        if (definition == null) {
            problems.add(label + " is missing");
            return;
        }
        String normalized = definition.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        String when = (trigger.timing() + " " + trigger.events() + " ON ").replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        if (!normalized.contains(when)) {
            problems.add(label + " does not fire " + trigger.timing() + " " + trigger.events() + ": " + definition);
        }
        if (trigger.forEachRow() != normalized.contains("FOR EACH ROW")) {
            problems.add(label + " should be FOR EACH " + (trigger.forEachRow() ? "ROW" : "STATEMENT") + ": " + definition);
        }
        if (!normalized.contains("EXECUTE FUNCTION " + trigger.function().toUpperCase(Locale.ROOT) + "(")) {
            problems.add(label + " does not execute " + trigger.function() + "(): " + definition);
        }
    }

    private static void checkMaterializedView(DataModel.MaterializedView view, SchemaCatalog catalog, List<String> problems) {
        List<String> columns = catalog.materializedViews.get(view.name());
        String label = "materialized view " + view.name();
        if (columns == null) {
            problems.add(label + " is missing");
            return;
        }
        for (String column : view.columns()) {
            if (!columns.contains(column)) {
                problems.add(label + " has no column " + column);
            }
        }
        boolean refreshableConcurrently = catalog.indexes.values().stream()
                .anyMatch(i -> i.table().equals(view.name()) && i.unique() && i.predicate() == null
                        && !i.keyColumns().contains(SchemaCatalog.EXPRESSION));
        if (!refreshableConcurrently) {
            problems.add(label + " has no unique index on plain columns, so it cannot be refreshed CONCURRENTLY");
        }
    }

    /** Null when the live column can hold what the model's type says, else why not. */
    static String typeProblem(String modelType, ColumnInfo actual) {
        String type = modelType.toUpperCase(Locale.ROOT).replace(" ", "");
        Matcher varchar = VARCHAR.matcher(type);
        if (varchar.matches()) {
            int length = Integer.parseInt(varchar.group(1));
            if (!actual.dataType().equals("character varying")) {
                return "is " + actual.describe() + "; the model says " + modelType;
            }
            if (actual.maxLength() == null || actual.maxLength() != length) {
                return "is " + actual.describe() + "; the model says " + modelType;
            }
            return null;
        }
        Boolean matches = switch (type) {
            case "SERIAL" -> actual.dataType().equals("integer") && (actual.identity()
                    || actual.defaultExpression() != null && actual.defaultExpression().startsWith("nextval("));
            case "BIGSERIAL" -> actual.dataType().equals("bigint") && (actual.identity()
                    || actual.defaultExpression() != null && actual.defaultExpression().startsWith("nextval("));
            case "INTEGER", "INT", "INT4" -> actual.dataType().equals("integer");
            case "SMALLINT", "INT2" -> actual.dataType().equals("smallint");
            case "BIGINT", "INT8" -> actual.dataType().equals("bigint");
            case "INTEGER[]", "INT[]", "INT4[]" -> actual.udtName().equals("_int4");
            case "UUID", "BOOLEAN", "BYTEA", "INET", "DATE", "TEXT" -> actual.dataType().equals(type.toLowerCase(Locale.ROOT));
            case "CUBE" -> actual.udtName().equals("cube");
            case "TIMESTAMP" -> actual.dataType().equals("timestamp with time zone")
                    || actual.dataType().equals("timestamp without time zone");
            default -> null;
        };
        if (matches == null) {
            return "the model's type " + modelType + " is not known to SchemaConformance";
        }
        if (matches) {
            return null;
        }
        if (type.equals("SERIAL") && actual.dataType().equals("integer")) {
            return "is integer without a sequence default (nextval) or identity; the model says SERIAL";
        }
        return "is " + actual.describe() + "; the model says " + modelType;
    }

    /** Lower case, without whitespace and parentheses: {@code (handled = false)} equals {@code handled = FALSE}. */
    static String normalizeExpression(String expression) {
        return expression.toLowerCase(Locale.ROOT).replaceAll("[\\s()]", "");
    }
}
