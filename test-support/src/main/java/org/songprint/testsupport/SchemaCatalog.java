package org.songprint.testsupport;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@link SchemaConformance} needs to know of a live PostgreSQL schema, read once from
 * information_schema and pg_catalog in the connection's current schema: tables' columns, keys,
 * checks, indexes, triggers, materialized views and extensions.
 */
final class SchemaCatalog {

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

    final Map<String, Map<String, ColumnInfo>> columns = new HashMap<>();
    final Map<String, List<String>> primaryKeys = new HashMap<>();
    final Map<String, List<List<String>>> uniqueKeys = new HashMap<>();
    final Map<String, List<ForeignKey>> foreignKeys = new HashMap<>();
    final Map<String, List<String>> checks = new HashMap<>();
    final Map<String, IndexInfo> indexes = new HashMap<>();
    final Map<String, String> triggers = new HashMap<>();
    final Map<String, List<String>> materializedViews = new HashMap<>();
    final Set<String> extensions = new HashSet<>();

    static SchemaCatalog read(Connection connection) throws SQLException {
        SchemaCatalog catalog = new SchemaCatalog();
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

    private SchemaCatalog() {
    }
}
