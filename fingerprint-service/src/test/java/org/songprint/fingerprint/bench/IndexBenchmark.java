package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.fingerprint.index.FingerprintMatch;
import org.songprint.fingerprint.index.IndexedFingerprint;
import org.songprint.fingerprint.index.LuceneFingerprintIndex;
import org.songprint.fingerprint.index.ManagedFingerprintIndex;
import org.songprint.fingerprint.index.SearchOptions;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * The fingerprint index benchmark: builds each index engine (packed, Lucene) over a synthetic corpus (see
 * {@link BenchCorpus}), measures build time, bytes per fingerprint, search latency, throughput and
 * recall@1 for several query variants, and runs the same queries through PostgreSQL's GIN
 * {@code intarray &&} path, then writes the figures into {@code docs/benchmarks.md}.
 *
 * <p>Run with {@code ./stack bench} (sizes and query count as arguments, see the README).
 */
public final class IndexBenchmark {

    private static final int CANDIDATES = 40;
    private static final int WARMUP = 300;

    private IndexBenchmark() {
    }

    /** A query variant. */
    record Variant(String name, double ber, int maxShift, int excerptSeconds) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("8 % BER, shift ±40 (reference)", 0.08, 40, 0),
            new Variant("5 % BER, no shift", 0.05, 0, 0),
            new Variant("15 % BER, shift ±80", 0.15, 80, 0),
            new Variant("25 % BER, shift ±80", 0.25, 80, 0),
            new Variant("30 s excerpt, 8 % BER", 0.08, 0, 30));

    /** Figures of one variant. */
    record Result(String variant, double p50Ms, double p99Ms, double qps, double recallAt1, double candidateRecall) {
    }

    public static void main(String[] args) throws Exception {
        long[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100000,1000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long pgMax = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        List<String> engines = List.of((args.length > 3 ? args[3] : "packed,lucene").split(","));
        BenchCorpus.Kind kind = BenchCorpus.Kind.of(args.length > 4 ? args[4] : "distinct");
        // one section per corpus kind, so a run of one leaves the other's figures; a run of other sizes
        // (a scale run) names its own, so it leaves the comparison with Lucene and PostgreSQL
        String section = (kind == BenchCorpus.Kind.DISTINCT ? "fingerprint-index" : "fingerprint-index-" + kind.id)
                + (args.length > 5 ? "-" + args[5] : "");
        Path repo = AudioFixtures.repoRoot();
        BenchCorpus corpus = BenchCorpus.create(64, 42, kind);
        StringBuilder report = new StringBuilder();
        report.append(Machine.describe()).append('\n');
        report.append("Corpus **").append(kind.id).append("**: fingerprints spliced from 2–4 chunks of 64 real fpcalc fingerprints ")
                .append("(130 s of generated audio each), 4 % bit noise, 60–120 s long; ").append(kind.description).append(". ")
                .append(queries).append(" queries per variant after ").append(WARMUP).append(" warm-up queries; ")
                .append(CANDIDATES).append(" candidates scored with compare2 per query; latency is one thread, throughput two threads. ")
                .append("recall@1: the original is the best match and scores above AcoustID's 0.4 floor; ")
                .append("among candidates: the inverted index retrieved the original at all (whatever its score).\n\n");
        for (long size : sizes) {
            for (String engine : engines) {
                report.append(benchmarkIndex(engine, corpus, size, queries, repo));
            }
            if (size <= pgMax) {
                report.append(benchmarkPostgres(corpus, size, queries));
            }
        }
        BenchReport.write(repo.resolve("docs/benchmarks.md"), section, report.toString());
        System.out.println(report);
    }

    private static String benchmarkIndex(String engine, BenchCorpus corpus, long size, int queries, Path repo) throws Exception {
        Path dir = repo.resolve("fingerprint-service/target/bench-index-" + engine + "-" + size);
        deleteRecursively(dir);
        StringBuilder out = new StringBuilder();
        try (ManagedFingerprintIndex index = engine.equals("lucene") ? new LuceneFingerprintIndex(dir, 256)
                : new PackedFingerprintIndex(dir)) {
            long start = System.nanoTime();
            index.beginBulkLoad(256);
            corpus.addAll(index, size, 1);
            index.commit();
            double addSeconds = (System.nanoTime() - start) / 1e9;
            index.endBulkLoad();
            index.forceMerge(1);
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            String sizeText = String.format(Locale.ROOT, "%,d", size);
            if (index instanceof PackedFingerprintIndex packed) {
                out.append("### Packed index (bucket postings on primitive arrays), ").append(sizeText).append(" fingerprints\n\n");
                out.append(String.format(Locale.ROOT,
                        "- build (2 threads, from generated fingerprints): %.1f s (%,.0f fingerprints/s), of which %.1f s "
                                + "building the postings once everything was added; %d segment(s), a segment at most %,d "
                                + "fingerprints (a segment is cut every that many while they are added)%n",
                        buildSeconds, size / buildSeconds, buildSeconds - addSeconds, index.segmentCount(),
                        PackedFingerprintIndex.DEFAULT_MAX_SEGMENT_FINGERPRINTS));
                out.append(String.format(Locale.ROOT,
                        "- index (postings, ids, lengths, log offsets; held on the heap): %.0f B/fingerprint; "
                                + "fingerprint log (every fingerprint's raw items, for scoring): %.0f B/fingerprint; "
                                + "on disk in all %.0f B/fingerprint%n",
                        packed.segmentBytes() / (double) size, packed.logBytes() / (double) size,
                        index.bytesOnDisk() / (double) size));
            } else {
                Map<String, Long> bytes = bytesByKind(dir);
                long total = bytes.values().stream().mapToLong(Long::longValue).sum();
                out.append("### Lucene index, ").append(sizeText).append(" fingerprints\n\n");
                out.append(String.format(Locale.ROOT,
                        "- build (2 threads, from generated fingerprints): %.1f s (%,.0f fingerprints/s), of which %.1f s merging to one segment%n",
                        buildSeconds, size / buildSeconds, buildSeconds - addSeconds));
                out.append(String.format(Locale.ROOT,
                        "- on disk: %.0f B/fingerprint in all; inverted index (terms + postings) %.0f B/fingerprint, "
                                + "doc values (compressed items, length, id) %.0f B/fingerprint, other %.0f B/fingerprint%n",
                        total / (double) size, bytes.get("inverted") / (double) size, bytes.get("docvalues") / (double) size,
                        bytes.get("other") / (double) size));
            }
            out.append("\n| query variant | p50 ms | p99 ms | queries/s (2 threads) | recall@1 | among candidates |\n"
                    + "|---|---|---|---|---|---|\n");
            for (Variant variant : VARIANTS) {
                Result result = measure(variant, size, queries, (query, duration, excerpt, expected) -> {
                    SearchOptions options = excerpt ? new SearchOptions(duration, -1, 0.4f, CANDIDATES, 10)
                            : SearchOptions.lookup(duration, 7, CANDIDATES);
                    List<FingerprintMatch> matches = index.search(query, options);
                    return matches.isEmpty() ? -1 : matches.get(0).fingerprintId();
                }, (query, duration, excerpt, expected) -> {
                    // every candidate, whatever its score: did the inverted index retrieve the original?
                    List<FingerprintMatch> all = index.search(query,
                            new SearchOptions(duration, excerpt ? -1 : 7, -1f, CANDIDATES, CANDIDATES));
                    return all.stream().anyMatch(m -> m.fingerprintId() == expected) ? expected : -1;
                }, corpus);
                out.append(row(result));
            }
            out.append('\n');
        }
        deleteRecursively(dir);
        return out.toString();
    }

    private static String benchmarkPostgres(BenchCorpus corpus, long size, int queries) throws Exception {
        String database = "songprint_bench";
        try (Connection admin = DriverManager.getConnection(LocalInfra.jdbcUrl("postgres"), LocalInfra.pgUser(), LocalInfra.pgPassword());
                Statement statement = admin.createStatement()) {
            ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.executeUpdate("CREATE DATABASE " + database);
            }
        }
        StringBuilder out = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION IF NOT EXISTS intarray");
                statement.execute("DROP TABLE IF EXISTS bench_fingerprint");
                statement.execute("CREATE UNLOGGED TABLE bench_fingerprint (id integer PRIMARY KEY, length smallint NOT NULL, "
                        + "fingerprint integer[] NOT NULL, query integer[] NOT NULL)");
            }
            long start = System.nanoTime();
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_fingerprint (id, length, fingerprint, query) FROM STDIN");
            StringBuilder line = new StringBuilder(16_384);
            for (long id = 1; id <= size; id++) {
                int[] fp = corpus.fingerprint(id);
                line.setLength(0);
                line.append(id).append('\t').append(BenchCorpus.duration(fp)).append('\t');
                appendArray(line, fp).append('\t');
                appendArray(line, FingerprintComparator.extractQuery(fp)).append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                copy.writeToCopy(bytes, 0, bytes.length);
            }
            copy.endCopy();
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX bench_fingerprint_query_idx ON bench_fingerprint USING GIN (query gin__int_ops)");
                statement.execute("ANALYZE bench_fingerprint");
            }
            double indexSeconds = (System.nanoTime() - start) / 1e9;
            long ginBytes;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_relation_size('bench_fingerprint_query_idx')")) {
                rs.next();
                ginBytes = rs.getLong(1);
            }
            out.append("### PostgreSQL GIN `intarray &&` path, ").append(String.format(Locale.ROOT, "%,d", size)).append(" fingerprints\n\n");
            out.append(String.format(Locale.ROOT, "- load (COPY) %.1f s, GIN index build %.1f s, GIN index %.0f B/fingerprint%n",
                    loadSeconds, indexSeconds, ginBytes / (double) size));
            out.append("- query: candidates sharing a term, within the duration window, ranked by shared terms "
                    + "(`ORDER BY icount(query & $1) DESC LIMIT 40`), then scored with compare2 in Java; "
                    + "`enable_seqscan = off`, so every query takes the GIN index (a sequential scan the planner "
                    + "sometimes preferred took far longer)\n");
            out.append("\n| query variant | p50 ms | p99 ms | queries/s (2 clients) | recall@1 | among candidates |\n"
                    + "|---|---|---|---|---|---|\n");
            ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
                try {
                    Connection c = DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword());
                    try (Statement s = c.createStatement()) {
                        s.execute("SET statement_timeout = '10s'");
                        // The GIN path on every connection and every execution. Left to itself the planner
                        // flipped per query and per connection: custom plans (a new connection's first
                        // executions) often estimated && as unselective and took a parallel sequential scan,
                        // 0.5 s a query at 100 k, while the cached generic plan used the index. The
                        // latency phase (an old connection) then measured the index and the throughput
                        // phase (new connections) mostly sequential scans: p50 0.8 ms beside 55 queries/s.
                        s.execute("SET enable_seqscan = off");
                    }
                    return c;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (Variant variant : VARIANTS.subList(0, 2)) {
                Result result = measure(variant, size, Math.min(queries, 500), (query, duration, excerpt, expected) ->
                        pgSearch(connections.get(), query, duration), null, corpus);
                out.append(row(result));
            }
            out.append('\n');
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE bench_fingerprint");
            }
        }
        return out.toString();
    }

    private static long pgSearch(Connection connection, int[] query, int duration) throws Exception {
        int[] terms = FingerprintComparator.extractQuery(query);
        Integer[] boxed = Arrays.stream(terms).boxed().toArray(Integer[]::new);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, fingerprint FROM bench_fingerprint WHERE query && ?::int[] AND length BETWEEN ? AND ? "
                        + "ORDER BY icount(query & ?::int[]) DESC, id LIMIT " + CANDIDATES)) {
            Array array = connection.createArrayOf("int4", boxed);
            statement.setArray(1, array);
            statement.setInt(2, duration - 7);
            statement.setInt(3, duration + 7);
            statement.setArray(4, array);
            long best = -1;
            float bestScore = 0.4f;
            FingerprintComparator comparator = FingerprintComparator.forCurrentThread();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Integer[] stored = (Integer[]) rs.getArray(2).getArray();
                    int[] items = new int[stored.length];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = stored[i];
                    }
                    float score = comparator.compare2(items, query, FingerprintComparator.ACOUSTID_MAX_OFFSET);
                    if (score > bestScore) {
                        bestScore = score;
                        best = rs.getLong(1);
                    }
                }
            }
            return best;
        }
    }

    /** One search: the best fingerprint id found, or -1. */
    @FunctionalInterface
    interface Search {
        long top(int[] query, int duration, boolean excerpt, long expected) throws Exception;
    }

    private static Result measure(Variant variant, long size, int queries, Search search, Search candidates,
            BenchCorpus corpus) throws Exception {
        SplittableRandom random = new SplittableRandom(variant.name().hashCode());
        int total = WARMUP + queries;
        long[] ids = new long[total];
        int[][] prepared = new int[total][];
        int[] durations = new int[total];
        for (int i = 0; i < total; i++) {
            ids[i] = 1 + random.nextLong(size);
            int shift = variant.maxShift() == 0 ? 0 : random.nextInt(2 * variant.maxShift() + 1) - variant.maxShift();
            prepared[i] = corpus.query(ids[i], variant.ber(), shift, variant.excerptSeconds(), i);
            durations[i] = variant.excerptSeconds() > 0 ? variant.excerptSeconds()
                    : BenchCorpus.duration(corpus.fingerprint(ids[i]));
        }
        boolean excerpt = variant.excerptSeconds() > 0;
        for (int i = 0; i < WARMUP; i++) {
            search.top(prepared[i], durations[i], excerpt, ids[i]);
        }
        double[] latencies = new double[queries];
        int correct = 0;
        for (int i = 0; i < queries; i++) {
            int q = WARMUP + i;
            long start = System.nanoTime();
            long top = search.top(prepared[q], durations[q], excerpt, ids[q]);
            latencies[i] = (System.nanoTime() - start) / 1e6;
            if (top == ids[q]) {
                correct++;
            }
        }
        Arrays.sort(latencies);
        // throughput: the same queries from two threads
        AtomicLong next = new AtomicLong(WARMUP);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(pool.submit(() -> {
                for (long q = next.getAndIncrement(); q < total; q = next.getAndIncrement()) {
                    search.top(prepared[(int) q], durations[(int) q], excerpt, ids[(int) q]);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        double retrieved = Double.NaN;
        if (candidates != null) {
            int found = 0;
            for (int q = WARMUP; q < total; q++) {
                if (candidates.top(prepared[q], durations[q], excerpt, ids[q]) == ids[q]) {
                    found++;
                }
            }
            retrieved = found / (double) queries;
        }
        return new Result(variant.name(), percentile(latencies, 0.50), percentile(latencies, 0.99), queries / seconds,
                correct / (double) queries, retrieved);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static String row(Result result) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %,.0f | %.2f %% | %s |%n", result.variant(), result.p50Ms(),
                result.p99Ms(), result.qps(), result.recallAt1() * 100,
                Double.isNaN(result.candidateRecall()) ? "–" : String.format(Locale.ROOT, "%.2f %%", result.candidateRecall() * 100));
    }

    private static StringBuilder appendArray(StringBuilder out, int[] values) {
        out.append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values[i]);
        }
        return out.append('}');
    }

    /** Lucene files grouped: inverted index (terms dictionary, postings), doc values, the rest. */
    private static Map<String, Long> bytesByKind(Path dir) throws IOException {
        Map<String, Long> bytes = new LinkedHashMap<>(Map.of("inverted", 0L, "docvalues", 0L, "other", 0L));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                String name = file.getFileName().toString();
                String kind = name.matches(".*\\.(tim|tip|tmd|doc|psm)$") ? "inverted"
                        : name.matches(".*\\.(dvd|dvm)$") ? "docvalues" : "other";
                bytes.merge(kind, Files.size(file), Long::sum);
            }
        }
        return bytes;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
