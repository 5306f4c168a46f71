package org.songprint.testsupport;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
                    + "see fingerprint-service V2__import_write_path.sql");

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
        Catalog catalog = Catalog.read(connection);
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

    private static void checkExtensions(DataModel model, String database, Catalog catalog, List<String> problems) {
        Set<String> required = new LinkedHashSet<>(model.declaredExtensions(database));
        required.removeAll(EXTENSIONS_NOT_REQUIRED.keySet());
        required.addAll(ADDITIONAL_EXTENSIONS.getOrDefault(database, List.of()));
        for (String extension : required) {
            if (!catalog.extensions.contains(extension)) {
                problems.add("extension " + extension + " is not installed");
            }
        }
    }

    private static void checkTable(DataModel model, DataModel.Table table, Catalog catalog, List<String> problems) {
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

    private static void checkForeignKey(DataModel model, DataModel.Table table, String column, Catalog catalog,
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

    private static void checkIndex(DataModel.Index index, Catalog catalog, List<String> problems) {
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

    private static void checkTrigger(DataModel.Trigger trigger, Catalog catalog, List<String> problems) {
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

    private static void checkMaterializedView(DataModel.MaterializedView view, Catalog catalog, List<String> problems) {
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
                        && !i.keyColumns().contains(EXPRESSION));
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

    // ---------------------------------------------------------------------------------------------

    static final String EXPRESSION = "<expression>";

    /** A live column as information_schema describes it. */
    record ColumnInfo(String dataType, String udtName, Integer maxLength, boolean nullable, String defaultExpression,
            boolean identity) {

        String describe() {
            if (dataType.equals("character varying")) {
                return maxLength == null ? "character varying" : "character varying(" + maxLength + ")";
            }
            return dataType.equals("ARRAY") || dataType.equals("USER-DEFINED") ? udtName : dataType;
        }
    }

    record ForeignKey(List<String> columns, String targetTable) {
    }

    record IndexInfo(String table, String method, boolean unique, boolean primary, List<String> keyColumns,
            String predicate, String definition) {
    }

    /** What the checks need from the catalog, read once. */
    private static final class Catalog {
        final Map<String, Map<String, ColumnInfo>> columns = new HashMap<>();
        final Map<String, List<String>> primaryKeys = new HashMap<>();
        final Map<String, List<List<String>>> uniqueKeys = new HashMap<>();
        final Map<String, List<ForeignKey>> foreignKeys = new HashMap<>();
        final Map<String, List<String>> checks = new HashMap<>();
        final Map<String, IndexInfo> indexes = new HashMap<>();
        final Map<String, String> triggers = new HashMap<>();
        final Map<String, List<String>> materializedViews = new HashMap<>();
        final Set<String> extensions = new HashSet<>();

        static Catalog read(Connection connection) throws SQLException {
            Catalog catalog = new Catalog();
            catalog.readColumns(connection);
            catalog.readConstraints(connection);
            catalog.readIndexes(connection);
            catalog.readTriggers(connection);
            catalog.readMaterializedViews(connection);
            catalog.readExtensions(connection);
            return catalog;
        }

        boolean isUnique(String table, String column) {
            List<String> single = List.of(column);
            if (single.equals(primaryKeys.get(table))) {
                return true;
            }
            if (uniqueKeys.getOrDefault(table, List.of()).contains(single)) {
                return true;
            }
            return indexes.values().stream().anyMatch(i -> i.table().equals(table) && i.unique() && i.predicate() == null
                    && i.keyColumns().equals(single));
        }

        boolean hasCheck(String table, String column, List<String> acceptedComparisons) {
            for (String definition : checks.getOrDefault(table, List.of())) {
                // "CHECK ((length > 0))" -> " check length>0 ": words stay apart, comparisons close up
                String normalized = definition.toLowerCase(Locale.ROOT).replaceAll("[()]", " ")
                        .replaceAll("\\s*(>=|<=|<>|!=|=|>|<)\\s*", "$1");
                for (String comparison : acceptedComparisons) {
                    if (Pattern.compile("(?<![a-z0-9_])" + Pattern.quote(column + comparison) + "(?![0-9])")
                            .matcher(normalized).find()) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void readColumns(Connection connection) throws SQLException {
            String sql = """
                    SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.character_maximum_length,
                           c.is_nullable = 'YES', c.column_default, c.is_identity = 'YES'
                      FROM information_schema.columns c
                      JOIN information_schema.tables t
                        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                    """;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int maxLength = rows.getInt(5);
                    ColumnInfo column = new ColumnInfo(rows.getString(3), rows.getString(4),
                            rows.wasNull() ? null : maxLength, rows.getBoolean(6), rows.getString(7), rows.getBoolean(8));
                    columns.computeIfAbsent(rows.getString(1), t -> new HashMap<>()).put(rows.getString(2), column);
                }
            }
        }

        private void readConstraints(Connection connection) throws SQLException {
            String sql = """
                    SELECT rel.relname, con.contype,
                           ARRAY(SELECT a.attname::text
                                   FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                                  ORDER BY k.ord),
                           target.relname, pg_get_constraintdef(con.oid)
                      FROM pg_constraint con
                      JOIN pg_class rel ON rel.oid = con.conrelid
                      JOIN pg_namespace ns ON ns.oid = rel.relnamespace
                      LEFT JOIN pg_class target ON target.oid = con.confrelid
                     WHERE ns.nspname = current_schema() AND con.contype IN ('p', 'u', 'f', 'c')
                    """;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1);
                    List<String> keyColumns = strings(rows.getArray(3));
                    switch (rows.getString(2)) {
                        case "p" -> primaryKeys.put(table, keyColumns);
                        case "u" -> uniqueKeys.computeIfAbsent(table, t -> new ArrayList<>()).add(keyColumns);
                        case "f" -> foreignKeys.computeIfAbsent(table, t -> new ArrayList<>())
                                .add(new ForeignKey(keyColumns, rows.getString(4)));
                        default -> checks.computeIfAbsent(table, t -> new ArrayList<>()).add(rows.getString(5));
                    }
                }
            }
        }

        private void readIndexes(Connection connection) throws SQLException {
            String sql = """
                    SELECT i.relname, t.relname, am.amname, x.indisunique, x.indisprimary,
                           ARRAY(SELECT coalesce(a.attname::text, '<expression>')
                                   FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                                  WHERE k.ord <= x.indnkeyatts
                                  ORDER BY k.ord),
                           pg_get_expr(x.indpred, x.indrelid), pg_get_indexdef(x.indexrelid)
                      FROM pg_index x
                      JOIN pg_class i ON i.oid = x.indexrelid
                      JOIN pg_class t ON t.oid = x.indrelid
                      JOIN pg_am am ON am.oid = i.relam
                      JOIN pg_namespace ns ON ns.oid = t.relnamespace
                     WHERE ns.nspname = current_schema()
                    """;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    indexes.put(rows.getString(1), new IndexInfo(rows.getString(2), rows.getString(3), rows.getBoolean(4),
                            rows.getBoolean(5), strings(rows.getArray(6)), rows.getString(7), rows.getString(8)));
                }
            }
        }

        private void readTriggers(Connection connection) throws SQLException {
            String sql = """
                    SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
                      FROM pg_trigger t
                      JOIN pg_class c ON c.oid = t.tgrelid
                      JOIN pg_namespace ns ON ns.oid = c.relnamespace
                     WHERE ns.nspname = current_schema() AND NOT t.tgisinternal
                    """;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    triggers.put(rows.getString(1) + "." + rows.getString(2), rows.getString(3));
                }
            }
        }

        private void readMaterializedViews(Connection connection) throws SQLException {
            String sql = """
                    SELECT c.relname, a.attname
                      FROM pg_class c
                      JOIN pg_namespace ns ON ns.oid = c.relnamespace
                      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE ns.nspname = current_schema() AND c.relkind = 'm'
                     ORDER BY c.relname, a.attnum
                    """;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    materializedViews.computeIfAbsent(rows.getString(1), v -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }

        private void readExtensions(Connection connection) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT extname FROM pg_extension");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    extensions.add(rows.getString(1));
                }
            }
        }

        private static List<String> strings(Array array) throws SQLException {
            if (array == null) {
                return List.of();
            }
            try {
                return List.of((String[]) array.getArray());
            } finally {
                array.free();
            }
        }
    }
}
