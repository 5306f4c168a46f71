package org.songprint.fingerprint.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.songprint.fingerprint.dump.CatalogueExporter;
import org.songprint.fingerprint.dump.CatalogueImporter;
import org.songprint.fingerprint.dump.DumpCommand;
import org.songprint.fingerprint.dump.DumpProgress;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * A catalogue of SIZE fingerprints brought up the way an operator starting from open data would:
 * the lookup benchmark's corpus (loaded when missing) exported with {@code export}, imported with
 * {@code import} into a new database, then the service started on it with an empty index (a cold
 * start: the index is built from PostgreSQL), loaded over HTTP, and restarted. Writes the section
 * {@code scale[-corpus][-size]} of docs/benchmarks.md (the size named unless 1 M): export and import
 * rates, disk per fingerprint (dump, PostgreSQL, index), time to ready, memory, lookups at 2 and 8
 * clients, restart to ready. With {@code drop-source} as its fourth argument it drops the source
 * database once exported, so that a size whose source, dump and import do not fit on the disk together
 * still runs (the next run loads the source again).
 *
 * <p>{@code ./stack bench scale [SIZE SECONDS CORPUS [drop-source]]}; the service's heap is {@code -Xmx4g} unless
 * {@code BENCH_SERVICE_JAVA_OPTS} gives another (a build needs about 1.3 GB per million fingerprints).
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        BenchCorpus.Kind kind = BenchCorpus.Kind.of(args.length > 2 ? args[2] : "shared");
        boolean dropSource = args.length > 3 && args[3].equals("drop-source");
        String suffix = kind == BenchCorpus.Kind.DISTINCT ? "" : "-" + kind.id;
        String source = "songprint_bench_lookup" + suffix.replace('-', '_');
        String target = "songprint_bench_scale" + suffix.replace('-', '_');
        Path repo = AudioFixtures.repoRoot();
        Path dump = repo.resolve("fingerprint-service/target/bench-scale-dump" + suffix);
        Path indexDir = repo.resolve("fingerprint-service/target/bench-scale-index" + suffix);
        BenchCorpus corpus = BenchCorpus.create(64, 42, kind);
        StringBuilder report = new StringBuilder(Machine.describe()).append("\n\n");
        report.append("### ").append(String.format(Locale.ROOT, "%,d", size)).append(" fingerprints, corpus ").append(kind.id)
                .append(": export, import into a new database, cold start, lookups\n\n")
                .append("Corpus (as in the fingerprint-index section): ").append(kind.description).append(".\n\n");

        if (count(source) != size) {
            LookupLoadBenchmark.recreateDatabase(source);
            migrate(source);
            double loaded = LookupLoadBenchmark.load(source, corpus, size);
            System.err.printf(Locale.ROOT, "corpus loaded into %s in %.1f s%n", source, loaded);
        }
        migrate(source);
        LookupLoadBenchmark.linkRecordings(source);

        LookupLoadBenchmark.deleteRecursively(dump);
        long start = System.nanoTime();
        try (Connection connection = connect(source)) {
            new CatalogueExporter(new DumpProgress(System.err, false)).export(connection, dump);
        }
        double exportSeconds = (System.nanoTime() - start) / 1e9;
        long dumpBytes = LookupLoadBenchmark.directorySize(dump);
        report.append(String.format(Locale.ROOT, "- `export`: %.1f s (%,.0f fingerprints/s); the dump: %,.0f B/fingerprint gzip'd%n",
                exportSeconds, size / exportSeconds, dumpBytes / (double) size));
        if (dropSource) {
            LookupLoadBenchmark.dropDatabase(source);
            report.append("- the source database dropped once exported, for the disk\n");
        }

        LookupLoadBenchmark.recreateDatabase(target);
        migrate(target);
        ByteArrayOutputStream phases = new ByteArrayOutputStream();
        start = System.nanoTime();
        try (Connection connection = connect(target);
                PrintStream progress = new PrintStream(new Tee(phases, System.err), true, StandardCharsets.UTF_8)) {
            new CatalogueImporter(new DumpProgress(progress, false)).importDump(connection, dump);
        }
        double importSeconds = (System.nanoTime() - start) / 1e9;
        report.append(String.format(Locale.ROOT, "- `import` into a new database: %.1f s (%,.0f fingerprints/s), of which:%n", importSeconds,
                size / importSeconds));
        for (String line : phases.toString(StandardCharsets.UTF_8).lines().toList()) {
            String table = line.split("\\s+")[0];
            if (List.of("track", "fingerprint", "fingerprint_data", "track_mbid").contains(table)) {
                report.append("  - ").append(line.strip().replaceAll("\\s{2,}", " ")).append('\n');
            }
        }
        report.append("  - the rest: the other tables, the secondary indexes, sequences, `track_stats`, `VACUUM (ANALYZE)`\n");
        report.append(String.format(Locale.ROOT, "- PostgreSQL after the import: %,.0f B/fingerprint (the whole database: fingerprints, "
                + "their compressed form and simhash, tracks, MBID links, indexes)%n", databaseBytes(target) / (double) size));
        LookupLoadBenchmark.deleteRecursively(dump);

        LookupLoadBenchmark.deleteRecursively(indexDir);
        start = System.nanoTime();
        Process service = LookupLoadBenchmark.startService(repo, target, indexDir, false, true, java.util.Map.of());
        try {
            LookupLoadBenchmark.awaitReady(service, Duration.ofMinutes(60));
            double readySeconds = (System.nanoTime() - start) / 1e9;
            report.append(String.format(Locale.ROOT, "- cold start on it (empty index, built from PostgreSQL) → ready: %.1f s%n", readySeconds));
            start = System.nanoTime();
            LookupLoadBenchmark.awaitMerged(Duration.ofMinutes(60));
            report.append(String.format(Locale.ROOT, "- then merged to one segment in the background: %.1f s%n", (System.nanoTime() - start) / 1e9));
            // lookups measured while the excerpt postings are still being built would measure that build
            LookupLoadBenchmark.awaitExcerptsReady(Duration.ofMinutes(60));
            report.append(String.format(Locale.ROOT, "- excerpt postings built in the background (lookups are measured after): %.1f s after ready%n",
                    (System.nanoTime() - start) / 1e9));
            Thread.sleep(5000);
            report.append(String.format(Locale.ROOT, "- index directory: %,.0f B/fingerprint (the postings and the fingerprint log)%n",
                    LookupLoadBenchmark.directorySize(indexDir) / (double) size));
            report.append("- the service's memory then: ").append(LookupLoadBenchmark.memory(service.pid())).append('\n');

            List<LookupLoadBenchmark.Query> queries = LookupLoadBenchmark.queries(corpus, size, 2000);
            double idle = LookupLoadBenchmark.waitUntilQuiet(Duration.ofSeconds(120));
            report.append(String.format(Locale.ROOT, "- HTTP `/v2/lookup` as in the lookup section (8 %% BER, shift ±40, "
                    + "`meta=recordingids`), after 30 s of warm-up at 4 clients, started with the machine %.0f %% idle%n", idle));
            report.append(LookupLoadBenchmark.COLUMNS);
            report.append(LookupLoadBenchmark.TABLE_HEADER);
            LookupLoadBenchmark.run(queries, 4, 30, service.pid(), "warm-up");
            report.append(LookupLoadBenchmark.run(queries, 2, seconds, service.pid(), "2"));
            report.append(LookupLoadBenchmark.run(queries, 8, seconds, service.pid(), "8"));

            LookupLoadBenchmark.stop(service);
            start = System.nanoTime();
            service = LookupLoadBenchmark.startService(repo, target, indexDir, false, true, java.util.Map.of());
            LookupLoadBenchmark.awaitReady(Duration.ofMinutes(30));
            double restartSeconds = (System.nanoTime() - start) / 1e9;
            LookupLoadBenchmark.awaitExcerptsReady(Duration.ofMinutes(60));
            report.append(LookupLoadBenchmark.afterRestart(queries, service.pid(), seconds, "8, after a restart"));
            report.append(String.format(Locale.ROOT, "%nRestart with the index on disk → ready: %.1f s.%n", restartSeconds));
        } finally {
            LookupLoadBenchmark.stop(service);
        }
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "scale" + suffix + (size == 1_000_000 ? "" : "-" + size), report.toString());
        System.out.println(report);
        System.exit(0);
    }

    private static void migrate(String database) {
        DumpCommand.migrate(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword());
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword());
    }

    /** Fingerprints in the database; -1 when there is no such database. */
    static long count(String database) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM fingerprint")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long databaseBytes(String database) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Progress to the terminal and into the report. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
