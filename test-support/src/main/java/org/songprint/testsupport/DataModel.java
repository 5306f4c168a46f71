package org.songprint.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AcoustID's data model as the specification of Songprint's databases, parsed from
 * {@code datamodel/acoustid-data-model.md} (and {@code datamodel/songprint-additions.md}, which adds
 * what the model counts but does not describe).
 *
 * <p>The markdown is a lossy export, so the parser trusts only what survives it: section lines such
 * as {@code Fingerprint Data (acoustid_fingerprint)} assign the following tables to a database;
 * {@code #### `table`} starts a table; in a row {@code | `col` | TYPE | ... |} only the column name,
 * the type and the words PRIMARY KEY, UNIQUE, NOT NULL and FOREIGN KEY anywhere in the row count
 * (some rows carry their description in the constraints cell); {@code **Indexes:**} lines
 * {@code name(...)} name the indexes. The SQL statements of the later sections add index
 * definitions ({@code CREATE INDEX}), triggers and materialized views, each assigned to the
 * database of the table it is on.
 */
public final class DataModel {

    public static final String MODEL_RESOURCE = "datamodel/acoustid-data-model.md";
    public static final String ADDITIONS_RESOURCE = "datamodel/songprint-additions.md";

    /** A column as the model states it; {@code type} is the model's spelling, e.g. {@code VARCHAR(255)}. */
    public record Column(String name, String type, boolean primaryKey, boolean unique, boolean notNull,
            boolean foreignKey) {
    }

    public record Table(String database, String name, List<Column> columns) {

        public Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }
    }

    public enum IndexKind { PRIMARY_KEY, UNIQUE, PLAIN }

    /**
     * A named index. {@code keyColumns} is empty when the model's text does not give them legibly;
     * {@code predicate} is null for a full index. {@code fromDefinition} is true when a
     * {@code CREATE INDEX} statement of the model defines it (then columns, method, operator classes
     * and predicate are exact); otherwise it comes from an {@code **Indexes:**} line only.
     */
    public record Index(String database, String table, String name, IndexKind kind, String method,
            List<String> keyColumns, List<String> operatorClasses, List<String> includedColumns,
            String predicate, boolean fromDefinition) {
    }

    /** {@code timing} is BEFORE/AFTER, {@code events} e.g. {@code INSERT} or {@code UPDATE OF new_id}. */
    public record Trigger(String database, String table, String name, String timing, String events,
            boolean forEachRow, String function) {
    }

    public record MaterializedView(String database, String name, List<String> columns) {
    }

    /** A row of the model's "Database Instances" table; {@code tableCount} is empty for "Many". */
    public record Database(String name, OptionalInt tableCount, List<String> extensions) {
    }

    private static final Pattern DATABASE_SECTION =
            Pattern.compile("^[A-Z][A-Za-z -]*\\((acoustid_[a-z]+|musicbrainz)\\)\\s*$");
    private static final Pattern OTHER_SECTION = Pattern.compile("^[A-Z][A-Za-z -]*\\([^)]*\\)\\s*$");
    private static final Pattern TABLE_HEADER = Pattern.compile("^####\\s+`([a-z0-9_]+)`\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9_]+)`\\s*\\|([^|]*)\\|(.*)$");
    private static final Pattern INDEX_LINE = Pattern.compile("^(?:-\\s*)?([a-z0-9_]+)\\((.*)\\)\\s*$");
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(\\w+)\\s+ON\\s+(\\w+)\\s*(?:USING\\s+(\\w+)\\s*)?\\(([^)]*)\\)"
                    + "\\s*(?:INCLUDE\\s*\\(([^)]*)\\))?\\s*(?:WHERE\\s+(.*?))?\\s*;",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TRIGGER = Pattern.compile(
            "CREATE\\s+TRIGGER\\s+(\\w+)\\s+(BEFORE|AFTER|INSTEAD\\s+OF)\\s+(.*?)\\s+ON\\s+(\\w+)"
                    + "\\s+FOR\\s+EACH\\s+(ROW|STATEMENT)\\s+EXECUTE\\s+(?:FUNCTION|PROCEDURE)\\s+(\\w+)\\s*\\(",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_MATVIEW = Pattern.compile(
            "CREATE\\s+MATERIALIZED\\s+VIEW\\s+(\\w+)\\s+AS\\s+SELECT\\s+(.*?)\\s+FROM\\s+(\\w+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ALIAS = Pattern.compile("(?i).*\\bAS\\s+(\\w+)\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final Map<String, Database> databases = new LinkedHashMap<>();
    private final Map<String, Map<String, MutableTable>> tables = new LinkedHashMap<>();
    private final Map<String, Index> indexes = new LinkedHashMap<>();
    private final List<Trigger> triggers = new ArrayList<>();
    private final List<MaterializedView> materializedViews = new ArrayList<>();

    private DataModel() {
    }

    /** The model plus Songprint's additions, from the classpath. */
    public static DataModel load() {
        return parse(resource(MODEL_RESOURCE), resource(ADDITIONS_RESOURCE));
    }

    /** Only AcoustID's model, without Songprint's additions. */
    public static DataModel loadModelOnly() {
        return parse(resource(MODEL_RESOURCE));
    }

    /** Parses the documents in order; a later document's table of the same name adds to it. */
    public static DataModel parse(String... documents) {
        DataModel model = new DataModel();
        for (String document : documents) {
            model.parseDocument(document);
        }
        return model;
    }

    public List<String> databases() {
        List<String> names = new ArrayList<>(databases.keySet());
        for (String name : tables.keySet()) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    public Optional<Database> database(String name) {
        return Optional.ofNullable(databases.get(name));
    }

    /** The number of tables the model's "Database Instances" table states, if it states one. */
    public OptionalInt declaredTableCount(String database) {
        Database db = databases.get(database);
        return db == null ? OptionalInt.empty() : db.tableCount();
    }

    public List<String> declaredExtensions(String database) {
        Database db = databases.get(database);
        return db == null ? List.of() : db.extensions();
    }

    public List<Table> tables(String database) {
        List<Table> result = new ArrayList<>();
        for (MutableTable table : tables.getOrDefault(database, Map.of()).values()) {
            result.add(table.freeze());
        }
        return result;
    }

    public Optional<Table> table(String database, String name) {
        MutableTable table = tables.getOrDefault(database, Map.of()).get(name);
        return table == null ? Optional.empty() : Optional.of(table.freeze());
    }

    public List<Index> indexes(String database) {
        return indexes.values().stream().filter(i -> i.database().equals(database)).toList();
    }

    public Optional<Index> index(String name) {
        return Optional.ofNullable(indexes.get(name));
    }

    public List<Trigger> triggers(String database) {
        return triggers.stream().filter(t -> t.database().equals(database)).toList();
    }

    public List<MaterializedView> materializedViews(String database) {
        return materializedViews.stream().filter(v -> v.database().equals(database)).toList();
    }

    /** The database holding a table of that name, if exactly one does. */
    public Optional<String> databaseOf(String table) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Map<String, MutableTable>> e : tables.entrySet()) {
            if (e.getValue().containsKey(table)) {
                found.add(e.getKey());
            }
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------

    private void parseDocument(String document) {
        String[] lines = document.split("\\R", -1);
        String database = null;
        MutableTable table = null;
        boolean inIndexes = false;
        StringBuilder statement = null;

        for (String raw : lines) {
            String line = raw.strip();

            if (statement != null) {
                statement.append(' ').append(line);
                if (line.endsWith(";")) {
                    parseStatement(statement.toString().replaceAll("\\s+", " "));
                    statement = null;
                }
                continue;
            }
            if (line.regionMatches(true, 0, "CREATE ", 0, 7)) {
                statement = new StringBuilder(line);
                if (line.endsWith(";")) {
                    parseStatement(statement.toString());
                    statement = null;
                }
                continue;
            }

            Matcher section = DATABASE_SECTION.matcher(line);
            if (section.matches()) {
                database = section.group(1);
                table = null;
                inIndexes = false;
                continue;
            }
            if (OTHER_SECTION.matcher(line).matches()) {
                database = null;
                table = null;
                inIndexes = false;
                continue;
            }

            Matcher header = TABLE_HEADER.matcher(line);
            if (header.matches()) {
                if (database == null) {
                    throw new IllegalStateException("table " + header.group(1) + " is outside a database section");
                }
                String tableDatabase = database;
                table = tables.computeIfAbsent(database, d -> new LinkedHashMap<>())
                        .computeIfAbsent(header.group(1), n -> new MutableTable(tableDatabase, n));
                inIndexes = false;
                continue;
            }

            if (line.equals("**Indexes:**")) {
                inIndexes = table != null;
                continue;
            }
            if (inIndexes) {
                Matcher index = INDEX_LINE.matcher(line);
                if (index.matches()) {
                    addIndexLine(table, index.group(1), index.group(2));
                    continue;
                }
                inIndexes = false;
            }

            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                if (table != null) {
                    table.add(parseColumn(row.group(1), row.group(2).strip(), row.group(3)));
                } else if (database == null && row.group(1).matches("acoustid_[a-z]+|musicbrainz")) {
                    addDatabaseRow(line);
                }
            }
        }
        if (statement != null) {
            throw new IllegalStateException("SQL statement without a closing ';': " + statement);
        }
    }

    private static Column parseColumn(String name, String type, String rest) {
        String row = type + " | " + rest;
        return new Column(name, type.toUpperCase(Locale.ROOT),
                row.contains("PRIMARY KEY"), row.contains("UNIQUE"), row.contains("NOT NULL"),
                row.contains("FOREIGN KEY"));
    }

    private void addDatabaseRow(String line) {
        String[] cells = line.split("\\|");
        // cells: "", " `name` ", " purpose ", " count ", " extensions ", ...
        if (cells.length < 5) {
            return;
        }
        String name = cells[1].strip().replace("`", "");
        String count = cells[3].strip();
        OptionalInt tableCount = count.matches("\\d+") ? OptionalInt.of(Integer.parseInt(count)) : OptionalInt.empty();
        List<String> extensions = new ArrayList<>();
        for (String ext : cells[4].split(",")) {
            String e = ext.strip();
            if (!e.isEmpty() && !e.equals("-")) {
                extensions.add(e);
            }
        }
        databases.put(name, new Database(name, tableCount, List.copyOf(extensions)));
    }

    private void addIndexLine(MutableTable table, String name, String description) {
        String text = description.strip();
        IndexKind kind = IndexKind.PLAIN;
        String method = "btree";
        if (text.startsWith("PRIMARY KEY")) {
            kind = IndexKind.PRIMARY_KEY;
            text = text.substring("PRIMARY KEY".length());
        } else if (text.startsWith("UNIQUE")) {
            kind = IndexKind.UNIQUE;
            text = text.substring("UNIQUE".length());
        } else if (text.startsWith("GIN")) {
            method = "gin";
            text = text.substring(3);
        } else if (text.startsWith("GIST")) {
            method = "gist";
            text = text.substring(4);
        }
        text = text.strip();
        String predicate = null;
        int where = text.indexOf("WHERE");
        if (where >= 0) {
            predicate = text.substring(where + "WHERE".length()).strip();
            text = text.substring(0, where).strip();
        }
        if (text.startsWith("on")) {
            text = text.substring(2).strip(); // "on id" and the export's "onid" alike
        }
        List<String> columns = new ArrayList<>();
        for (String token : text.split(",")) {
            String column = token.strip();
            if (table.column(column) == null) {
                columns.clear(); // not legible (e.g. "fingerprintusingintarray"): leave it to a definition
                break;
            }
            columns.add(column);
        }
        Index index = new Index(table.database, table.name, name, kind, method, List.copyOf(columns), List.of(),
                List.of(), predicate, false);
        Index existing = indexes.get(name);
        indexes.put(name, existing != null && existing.fromDefinition() ? existing : index);
    }

    private void parseStatement(String sql) {
        Matcher index = CREATE_INDEX.matcher(sql);
        if (index.find()) {
            String tableName = index.group(3);
            String database = databaseOf(tableName).orElseThrow(
                    () -> new IllegalStateException("index " + index.group(2) + " is on unknown table " + tableName));
            List<String> columns = new ArrayList<>();
            List<String> opclasses = new ArrayList<>();
            for (String part : index.group(5).split(",")) {
                String[] words = part.strip().split("\\s+");
                columns.add(words[0]);
                if (words.length > 1) {
                    opclasses.add(words[1]);
                }
            }
            List<String> included = new ArrayList<>();
            if (index.group(6) != null) {
                for (String part : index.group(6).split(",")) {
                    included.add(part.strip());
                }
            }
            String name = index.group(2);
            Index previous = indexes.get(name);
            IndexKind kind = index.group(1) != null ? IndexKind.UNIQUE
                    : previous != null ? previous.kind() : IndexKind.PLAIN;
            String method = index.group(4) != null ? index.group(4).toLowerCase(Locale.ROOT) : "btree";
            indexes.put(name, new Index(database, tableName, name, kind, method, List.copyOf(columns),
                    List.copyOf(opclasses), List.copyOf(included), index.group(7), true));
            return;
        }
        Matcher trigger = CREATE_TRIGGER.matcher(sql);
        if (trigger.find()) {
            String tableName = trigger.group(4);
            String database = databaseOf(tableName).orElseThrow(
                    () -> new IllegalStateException("trigger " + trigger.group(1) + " is on unknown table " + tableName));
            triggers.add(new Trigger(database, tableName, trigger.group(1), trigger.group(2).toUpperCase(Locale.ROOT),
                    trigger.group(3), trigger.group(5).equalsIgnoreCase("ROW"), trigger.group(6)));
            return;
        }
        Matcher view = CREATE_MATVIEW.matcher(sql);
        if (view.find()) {
            String database = databaseOf(view.group(3)).orElseThrow(
                    () -> new IllegalStateException("view " + view.group(1) + " reads unknown table " + view.group(3)));
            materializedViews.add(new MaterializedView(database, view.group(1), selectListNames(view.group(2))));
        }
        // other statements (CREATE TABLE ... PARTITION OF, the "future" section) describe no schema
    }

    /** Output column names of a select list: the alias, or the bare column name. */
    static List<String> selectListNames(String selectList) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= selectList.length(); i++) {
            char c = i < selectList.length() ? selectList.charAt(i) : ',';
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String item = selectList.substring(start, i).strip();
                Matcher alias = ALIAS.matcher(item);
                if (alias.matches()) {
                    names.add(alias.group(1));
                } else if (IDENTIFIER.matcher(item).matches()) {
                    names.add(item);
                } else {
                    throw new IllegalStateException("select item without a name: " + item);
                }
                start = i + 1;
            }
        }
        return List.copyOf(names);
    }

    private static String resource(String name) {
        try (InputStream in = DataModel.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class MutableTable {
        final String database;
        final String name;
        final Map<String, Column> columns = new LinkedHashMap<>();

        MutableTable(String database, String name) {
            this.database = database;
            this.name = name;
        }

        Column column(String columnName) {
            return columns.get(columnName);
        }

        void add(Column column) {
            if (columns.putIfAbsent(column.name(), column) != null) {
                throw new IllegalStateException("column " + name + "." + column.name() + " is described twice");
            }
        }

        Table freeze() {
            return new Table(database, name, Collections.unmodifiableList(new ArrayList<>(columns.values())));
        }
    }
}
