package org.songprint.fingerprint.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * End-to-end lookup benchmark: loads the synthetic corpus into a fingerprint database of its own,
 * starts the real fingerprint-service (the built jar) on it, measures how long the service takes to
 * build its index from the database, then drives {@code POST /v2/lookup} on loopback from several
 * concurrent clients and reports throughput, latency percentiles and how often the right track came
 * first. Writes its section of {@code docs/benchmarks.md}.
 */
public final class LookupLoadBenchmark {

    private static final String KEY = "bench-client-key";
    private static final int PORT = 18081;
    /** Where the benchmark's own nginx listens, proxying to the service as {@code ./stack up}'s does. */
    private static final int PROXY_PORT = 18091;
    /** What the less obvious columns of {@link #TABLE_HEADER} mean, for the report above the table. */
    static final String COLUMNS = "- p99 in the service: from the service's own latency histogram (`http_server_requests_seconds`), "
            + "from when it began reading a request to the end of its answer; the rest of the driver's p99 is spent outside "
            + "it (waiting for a core, the kernel, the driver)\n- calibration: milliseconds of a fixed piece of work "
            + "(compare2 of the same fingerprints on one thread) just before the row; this shared virtual machine's speed "
            + "changes by tens of percent within one run, and the figures of a row move with it\n\n";
    static final String TABLE_HEADER = "| concurrent clients | lookups/s | p50 ms | p99 ms | p99 ms in the service | right track first "
            + "| errors | CPU ms per lookup: service / PostgreSQL / Redis / nginx / driver | machine busy | machine's speed: "
            + "calibration ms |\n|---|---|---|---|---|---|---|---|---|---|\n";
    private static final String PROFILE_DIR = System.getenv("BENCH_PROFILE_DIR");

    /** A row of {@link #TABLE_HEADER} that says why it has no figures, its other cells empty. */
    static String unmeasuredRow(String label, String why) {
        long columns = TABLE_HEADER.lines().findFirst().orElseThrow().chars().filter(c -> c == '|').count() - 1;
        return "| " + label + " | " + why + " |" + " |".repeat((int) columns - 2) + "\n";
    }

    private LookupLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        // "reuse": keep the database and index of the previous run, measure the HTTP load only;
        // "rebuild": keep the database, build the index again
        boolean reuse = args.length > 2 && args[2].equals("reuse");
        boolean rebuild = args.length > 2 && args[2].equals("rebuild");
        BenchCorpus.Kind kind = BenchCorpus.Kind.of(args.length > 3 ? args[3] : "distinct");
        // each corpus kind has a database, an index and a report section of its own
        String suffix = kind == BenchCorpus.Kind.DISTINCT ? "" : "-" + kind.id;
        String database = "songprint_bench_lookup" + suffix.replace('-', '_');
        Path repo = AudioFixtures.repoRoot();
        BenchCorpus corpus = BenchCorpus.create(64, 42, kind);
        StringBuilder report = new StringBuilder(Machine.describe()).append("\n\n");
        report.append("### HTTP `/v2/lookup`, ").append(String.format(Locale.ROOT, "%,d", size)).append(" fingerprints, corpus ")
                .append(kind.id).append("\n\nCorpus (as in the fingerprint-index section): ").append(kind.description).append(".\n\n");

        Path indexDir = repo.resolve("fingerprint-service/target/bench-lookup-index" + suffix);
        Process service;
        if (reuse || rebuild) {
            requireLoaded(database, size);
        }
        if (rebuild) {
            deleteRecursively(indexDir);
        } else if (!reuse) {
            deleteRecursively(indexDir);
            recreateDatabase(database);
            service = startService(repo, database, indexDir, false, true);
            try {
                awaitReady(Duration.ofMinutes(2));
            } finally {
                stop(service);
            }
            double loadSeconds = load(database, corpus, size);
            report.append(String.format(Locale.ROOT,
                    "- corpus loaded into PostgreSQL with COPY in %.1f s (without the data model's GIN index on whole fingerprints)%n",
                    loadSeconds));
        }
        linkRecordings(database);

        long start = System.nanoTime();
        service = startService(repo, database, indexDir, false, true);
        try {
            awaitReady(service, Duration.ofMinutes(30));
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            if (!reuse) {
                report.append(String.format(Locale.ROOT,
                        "- service start with an empty index → ready (index built from the database): %.1f s (%,.0f fingerprints/s)%n",
                        buildSeconds, size / buildSeconds));
            }
            // excerpt postings are built from the fingerprint log in the background once the index is ready
            double excerptSeconds = awaitExcerptsReady(Duration.ofMinutes(10)) - start;
            if (!reuse) {
                report.append(String.format(Locale.ROOT,
                        "- excerpt postings ready %.1f s after that start (built from the index's fingerprint log in the "
                        + "background once the index is ready)%n", excerptSeconds / 1e9));
            }
            start = System.nanoTime();
            awaitMerged(Duration.ofMinutes(30));
            if (!reuse) {
                report.append(String.format(Locale.ROOT, "- then merged to one segment in the background: %.1f s%n",
                        (System.nanoTime() - start) / 1e9));
            }
            // measured once the merge's clean-up is surely done: the segments count turns 1 a moment before
            // the merged-away files are deleted, and a size taken then counted the index twice
            Thread.sleep(5000);
            report.append(String.format(Locale.ROOT, "- index directory on disk: %.0f B/fingerprint (with the packed engine this "
                    + "includes the fingerprint log, every fingerprint's raw items for scoring; the index structure alone is "
                    + "in the fingerprint-index section)%n", directorySize(indexDir) / (double) size));
            report.append(String.format(Locale.ROOT, "- the service's resident memory once the index, its excerpt postings and "
                    + "the merge are done: %s (started with `%s`)%n", memory(service.pid()), String.join(" ", serviceJvmOptions())));

            List<Query> queries = queries(corpus, size, 2000);
            // a build leaves work behind (the kernel writing the fingerprint log out, the database's
            // autovacuum): measured once the machine is idle again, as a service runs day to day
            double idle = waitUntilQuiet(Duration.ofSeconds(120));
            report.append("- queries: 8 % BER, shift ±40 items, `meta=recordingids` (each track has one or two recordings); "
                    + "excerpt rows: `excerpt=1`, 15 s from a random point 5 s or more into the fingerprint, 5 % BER; "
                    + "load driver and service share the 2 cores; "
                    + String.format(Locale.ROOT, "measured after 30 s of warm-up at 4 clients, started with the machine %.0f %% idle%n", idle));
            report.append(COLUMNS);
            report.append(TABLE_HEADER);
            // warm-up: the service was just started; 5 s left the JIT compiling through the first
            // measured run (C2 took half a core while 2 clients were measured)
            run(queries, 4, 30, service.pid(), "warm-up");
            for (int clients : new int[] {2, 8, 32}) {
                // BENCH_PROFILE_DIR: a flight recording of the service during the rows of 8 clients
                String label = Integer.toString(clients);
                report.append(clients == 8 ? profiled(queries, service.pid(), seconds, label, "lookups" + suffix)
                        : run(queries, clients, seconds, service.pid(), label));
            }
            // as deployed, requests reach the service through nginx (scripts/nginx.conf.template)
            try (BenchProxy proxy = BenchProxy.start(repo, PROXY_PORT, PORT)) {
                if (proxy == null) {
                    report.append(unmeasuredRow("8, through nginx", "not measured: nginx is not installed (`./stack up` installs it)"));
                } else {
                    run(queries, 4, 10, service.pid(), "warm-up", PROXY_PORT);
                    report.append(run(queries, 8, seconds, service.pid(), "8, through nginx", PROXY_PORT));
                }
            }
            // excerpt lookups: 15 s clips from 5 s in or later, on the same service and index
            List<Query> clips = excerptQueries(corpus, size, 2000);
            run(clips, 4, 10, service.pid(), "warm-up");
            report.append(run(clips, 2, seconds, service.pid(), "2, `excerpt=1`: 15 s clips"));
            report.append(profiled(clips, service.pid(), seconds, "8, `excerpt=1`: 15 s clips", "excerpts" + suffix));

            // A restart reads the index from disk and rebuilds the excerpt postings from the log in the
            // background (lookups answer meanwhile); each row after one is measured once that is done
            stop(service);
            start = System.nanoTime();
            service = startService(repo, database, indexDir, false, true);
            awaitReady(Duration.ofMinutes(5));
            double restartSeconds = (System.nanoTime() - start) / 1e9;
            report.append(afterRestart(queries, service.pid(), seconds, "8, after a restart"));
            // As deployed, every lookup is also counted against AcoustID's rate limits in Redis (one
            // script call per lookup); the rows above measure the lookup alone. Limits far above the
            // load, so nothing is rejected and only their cost shows.
            stop(service);
            service = startService(repo, database, indexDir, true, true);
            awaitReady(Duration.ofMinutes(5));
            report.append(afterRestart(queries, service.pid(), seconds, "8, after a restart, rate limits checked in Redis"));
            // what an operator who switches excerpt lookups off pays for them: nothing, if this row
            // matches the first row after a restart
            stop(service);
            service = startService(repo, database, indexDir, false, false);
            awaitReady(Duration.ofMinutes(5));
            report.append(afterRestart(queries, service.pid(), seconds, "8, after a restart, excerpt support switched off"));
            String memoryWithoutExcerpts = memory(service.pid());
            report.append('\n');
            report.append(String.format(Locale.ROOT, "Restart with the index on disk → ready: %.1f s (no rebuild of the "
                    + "index; the excerpt postings are rebuilt from the log in the background, before the rows after a restart were measured, "
                    + "each after 30 s of warm-up at 4 clients).%n",
                    restartSeconds));
            report.append(String.format(Locale.ROOT, "Resident memory after the rows of the restart with excerpt support "
                    + "switched off: %s.%n", memoryWithoutExcerpts));
        } finally {
            stop(service);
        }
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "lookup-http" + suffix, report.toString());
        System.out.println(report);
        // the HTTP clients' executor threads would keep the JVM alive
        System.exit(0);
    }

    record Query(String body, UUID expected) {
    }

    static UUID gid(long id) {
        return new UUID(0x50A6_0000_0000_4000L, 0x8000_0000_0000_0000L | id);
    }

    static List<Query> queries(BenchCorpus corpus, long size, int count) {
        SplittableRandom random = new SplittableRandom(7);
        List<Query> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = 1 + random.nextLong(size);
            int shift = random.nextInt(81) - 40;
            int[] query = corpus.query(id, 0.08, shift, 0, 1000 + i);
            String body = "client=" + KEY + "&meta=recordingids&duration=" + BenchCorpus.duration(corpus.fingerprint(id))
                    + "&fingerprint=" + URLEncoder.encode(ChromaprintCodec.encode(1, query), StandardCharsets.UTF_8);
            queries.add(new Query(body, gid(id)));
        }
        return queries;
    }

    /** Clips of 15 s from a random point at least 5 s (40 items) into corpus fingerprints, looked up as excerpts. */
    private static List<Query> excerptQueries(BenchCorpus corpus, long size, int count) {
        SplittableRandom random = new SplittableRandom(11);
        List<Query> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = 1 + random.nextLong(size);
            int length = corpus.fingerprint(id).length;
            int clipItems = (int) (15 * BenchCorpus.ITEMS_PER_SECOND);
            int shift = 40 + random.nextInt(Math.max(1, length - clipItems - 40));
            int[] clip = corpus.query(id, 0.05, shift, 15, 5000 + i);
            String body = "client=" + KEY + "&meta=recordingids&excerpt=1&duration=15"
                    + "&fingerprint=" + URLEncoder.encode(ChromaprintCodec.encode(1, clip), StandardCharsets.UTF_8);
            queries.add(new Query(body, gid(id)));
        }
        return queries;
    }

    /** One row of the table: {@code clients} sending {@code queries} in turn for {@code seconds} ({@link HttpLoad}). */
    static String run(List<Query> queries, int clients, int seconds, long servicePid, String label) throws Exception {
        return run(queries, clients, seconds, servicePid, label, PORT);
    }

    /** {@link #run(List, int, int, long, String)} against {@code port}: the service's, or a proxy's in front of it. */
    static String run(List<Query> queries, int clients, int seconds, long servicePid, String label, int port) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/v2/lookup");
        // the same fixed work just before the row: a slower figure is a slower machine, not slower code
        double calibration = MachineSpeed.measure();
        ServiceLatency.Snapshot before = ServiceLatency.read(PORT, "/v2/lookup");
        HttpLoad.Result result = HttpLoad.drive(clients, seconds, servicePid, i -> {
            HttpPost post = new HttpPost(uri);
            post.setEntity(new StringEntity(queries.get(i % queries.size()).body(), ContentType.APPLICATION_FORM_URLENCODED));
            return post;
        }, (i, status, body) -> status != 200 ? HttpLoad.Verdict.ERROR
                : body.startsWith("{\"results\":[{\"id\":\"" + queries.get(i % queries.size()).expected()) ? HttpLoad.Verdict.RIGHT
                : HttpLoad.Verdict.ANSWERED);
        CpuUsage cpu = result.cpu();
        double serviceP99 = ServiceLatency.read(PORT, "/v2/lookup").quantileSince(before, 0.99);
        return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.1f | %.2f %% | %d | %.2f / %.2f / %.2f / %.2f / %.2f | %.0f %% | %.0f |%n",
                label, result.perSecond(), result.p50(), result.p99(), serviceP99, 100.0 * result.right() / result.total(), result.errors(),
                result.msPer(cpu.service()), result.msPer(cpu.postgres()), result.msPer(cpu.redis()), result.msPer(cpu.proxy()),
                result.msPer(cpu.driver()), cpu.busyPercent(), calibration);
    }

    /** "reuse" and "rebuild" measure the database of an earlier run: it must hold the corpus asked for. */
    static void requireLoaded(String database, long size) throws Exception {
        long loaded;
        try (Connection connection = DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM fingerprint")) {
            rows.next();
            loaded = rows.getLong(1);
        }
        if (loaded != size) {
            throw new IllegalStateException("the benchmark database holds " + loaded + " fingerprints, not " + size
                    + ": run without reuse/rebuild to load " + size);
        }
    }

    /**
     * MBID links, so {@code meta=recordingids} answers with recordings as a real catalogue does: one
     * recording per track, two for every fifth. Added once; a database of an earlier run without
     * them gets them on its next run.
     */
    /** The first recording {@link #linkRecordings} links to the track of fingerprint {@code id}. */
    static UUID recordingOf(long id) {
        return md5Uuid("recording " + id);
    }

    private static UUID md5Uuid(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(hash);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void linkRecordings(String database) throws Exception {
        try (Connection connection = DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword());
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM track_mbid)")) {
                rows.next();
                if (rows.getBoolean(1)) {
                    return;
                }
            }
            statement.execute("""
                    INSERT INTO track_mbid (track_id, mbid, submission_count)
                    SELECT id, md5('recording ' || id)::uuid, 1 + id % 7 FROM track
                    UNION ALL
                    SELECT id, md5('second recording ' || id)::uuid, 1 FROM track WHERE id % 5 = 0""");
            statement.execute("ANALYZE track_mbid");
        }
    }

    static void recreateDatabase(String database) throws Exception {
        dropDatabase(database);
        try (Connection admin = DriverManager.getConnection(LocalInfra.jdbcUrl("postgres"), LocalInfra.pgUser(), LocalInfra.pgPassword());
                Statement statement = admin.createStatement()) {
            statement.executeUpdate("CREATE DATABASE " + database);
        }
    }

    static void dropDatabase(String database) throws Exception {
        try (Connection admin = DriverManager.getConnection(LocalInfra.jdbcUrl("postgres"), LocalInfra.pgUser(), LocalInfra.pgPassword());
                Statement statement = admin.createStatement()) {
            statement.executeUpdate("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Tracks and fingerprints of the corpus, one track per fingerprint, with COPY. */
    static double load(String database, BenchCorpus corpus, long size) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(LocalInfra.jdbcUrl(database), LocalInfra.pgUser(), LocalInfra.pgPassword())) {
            try (Statement statement = connection.createStatement()) {
                // The data model's GIN index over whole fingerprints serves SQL similarity queries the
                // Lucene path never makes; maintaining it during a bulk load of 1M rows takes most of an
                // hour, so the benchmark database goes without it.
                statement.execute("DROP INDEX IF EXISTS fingerprint_fingerprint_idx");
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            CopyIn tracks = pg.getCopyAPI().copyIn("COPY track (id, gid) FROM STDIN");
            for (long id = 1; id <= size; id++) {
                byte[] line = (id + "\t" + gid(id) + "\n").getBytes(StandardCharsets.US_ASCII);
                tracks.writeToCopy(line, 0, line.length);
            }
            tracks.endCopy();
            CopyIn fingerprints = pg.getCopyAPI().copyIn("COPY fingerprint (id, track_id, fingerprint, length) FROM STDIN");
            StringBuilder line = new StringBuilder(16_384);
            for (long id = 1; id <= size; id++) {
                int[] fp = corpus.fingerprint(id);
                line.setLength(0);
                line.append(id).append('\t').append(id).append("\t{");
                for (int i = 0; i < fp.length; i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    line.append(fp[i]);
                }
                line.append("}\t").append(BenchCorpus.duration(fp)).append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.US_ASCII);
                fingerprints.writeToCopy(bytes, 0, bytes.length);
            }
            fingerprints.endCopy();
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT setval('track_id_seq', " + size + ")");
                statement.execute("SELECT setval('fingerprint_id_seq', " + size + ")");
                statement.execute("ANALYZE");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Process startService(Path repo, String database, Path indexDir, boolean rateLimited, boolean excerpts)
            throws Exception {
        return startService(repo, database, indexDir, rateLimited, excerpts, Map.of());
    }

    /** The service's heap, then JVM options to try (a garbage collector, a heap size) without editing the benchmark. */
    static List<String> serviceJvmOptions() {
        // a service out of heap exits, and the benchmark says so, instead of waiting for a ready that never comes
        List<String> options = new ArrayList<>(List.of("-Xms1g", "-Xmx4g", "-XX:+ExitOnOutOfMemoryError"));
        String extra = System.getenv().getOrDefault("BENCH_SERVICE_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /** The built service on {@code database}; {@code environment} adds or overrides its settings. */
    static Process startService(Path repo, String database, Path indexDir, boolean rateLimited, boolean excerpts,
            Map<String, String> environment) throws Exception {
        File jar = repo.resolve("fingerprint-service/target/quarkus-app/quarkus-run.jar").toFile();
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(serviceJvmOptions());
        command.addAll(List.of("-jar", jar.getAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(repo.resolve("fingerprint-service/target/bench-lookup-service.log").toFile()));
        builder.environment().put("SONGPRINT_DATABASE", database);
        builder.environment().put("SONGPRINT_INDEX_PATH", indexDir.toString());
        builder.environment().put("SONGPRINT_API_KEYS_SEED_CLIENT_KEYS", KEY);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(PORT));
        builder.environment().put("HOSTNAME", "bench");
        // the suite's topics belong to a running stack: no imports from its submissions (nor its
        // importer group's offsets), no index updates from its fingerprints. The test topic exists;
        // read from its end by a group of this run alone, since fingerprints that tests published
        // since the last run would otherwise join the benchmark's index (as a second segment)
        builder.environment().put("SONGPRINT_IMPORT_ENABLED", "false");
        builder.environment().put("MP_MESSAGING_INCOMING_FINGERPRINT_UPDATES_TOPIC", "test.fingerprints");
        builder.environment().put("MP_MESSAGING_INCOMING_FINGERPRINT_UPDATES_AUTO_OFFSET_RESET", "latest");
        builder.environment().put("MP_MESSAGING_INCOMING_FINGERPRINT_UPDATES_GROUP_ID", "fingerprint-index-bench-" + UUID.randomUUID());
        // the load driver measures the service, not AcoustID's per-IP limit of 4 lookups/s: either no
        // limits, or limits it never reaches, counted under keys of this run alone
        builder.environment().put("SONGPRINT_RATE_LIMIT_ENABLED", Boolean.toString(rateLimited));
        builder.environment().put("SONGPRINT_INDEX_EXCERPT_ENABLED", Boolean.toString(excerpts));
        if (rateLimited) {
            for (String limit : List.of("PER_APPLICATION", "PER_IP", "GLOBAL")) {
                builder.environment().put("SONGPRINT_RATE_LIMIT_" + limit, "1000000");
            }
            builder.environment().put("SONGPRINT_RATE_LIMIT_KEY_PREFIX", "bench-rate-" + UUID.randomUUID());
        }
        builder.environment().putAll(environment);
        return builder.start();
    }

    static void awaitReady(Duration timeout) throws Exception {
        awaitReady(null, timeout);
    }

    /** Ready within {@code timeout}; fails at once if {@code service} (when given) exits meanwhile. */
    static void awaitReady(Process service, Duration timeout) throws Exception {
        awaitAnswer("/q/health/ready", response -> response.statusCode() == 200, timeout, "service ready", service);
    }

    static String afterRestart(List<Query> queries, long pid, int seconds, String label) throws Exception {
        waitUntilQuiet(Duration.ofSeconds(120));
        run(queries, 4, 30, pid, "warm-up");
        return run(queries, 8, seconds, pid, label);
    }

    /** A row of 8 clients, with a flight recording of the service named {@code name} where BENCH_PROFILE_DIR asks for one. */
    static String profiled(List<Query> queries, long pid, int seconds, String label, String name) throws Exception {
        if (PROFILE_DIR == null) {
            return run(queries, 8, seconds, pid, label);
        }
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
        String row = run(queries, 8, seconds, pid, label);
        Path recording = Path.of(PROFILE_DIR).toAbsolutePath().resolve(name + ".jfr");
        jcmd(pid, "JFR.stop", "name=" + name, "filename=" + recording);
        System.out.println("flight recording of the row of 8 clients: " + recording);
        return row;
    }

    /** The service's resident set, and its heap: committed, and in use (garbage not yet collected included). */
    static String memory(long pid) throws Exception {
        List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        long residentKb = statusKb(status, "VmRSS:");
        String heap = jcmdOutput(pid, "GC.heap_info");
        Matcher total = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heap);
        String heapFigures = total.find()
                ? String.format(Locale.ROOT, "; heap %,d MB committed, %,d MB used", Long.parseLong(total.group(1)) >> 10,
                        Long.parseLong(total.group(2)) >> 10)
                : "";
        // pages of the fingerprint log a lookup read through its mapping count as resident too: page
        // cache the kernel can take back, apart from the service's own (anonymous) memory
        return String.format(Locale.ROOT, "%,d MB resident (%,d MB anonymous, %,d MB of mapped files)%s", residentKb >> 10,
                statusKb(status, "RssAnon:") >> 10, statusKb(status, "RssFile:") >> 10, heapFigures);
    }

    private static long statusKb(List<String> status, String field) {
        return status.stream().filter(line -> line.startsWith(field))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }

    private static String jcmdOutput(long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed");
        }
    }

    /** Waits until the service reports its excerpt postings built; returns when, by {@link System#nanoTime()}. */
    static long awaitExcerptsReady(Duration timeout) throws Exception {
        awaitAnswer("/q/metrics", response -> response.body().lines()
                .anyMatch(line -> line.matches("songprint_index_excerpt_ready(\\{[^}]*})? 1\\.0")), timeout, "excerpt postings built");
        return System.nanoTime();
    }

    /** Waits until the service reports a single index segment (its background merge is done). */
    static void awaitMerged(Duration timeout) throws Exception {
        awaitAnswer("/q/health/ready", response -> response.body().replace(" ", "").contains("\"segments\":1"), timeout,
                "index merged");
    }

    // polls a path of the service until its answer satisfies `done`
    private static void awaitAnswer(String path, Predicate<HttpResponse<String>> done, Duration timeout, String what)
            throws Exception {
        awaitAnswer(path, done, timeout, what, null);
    }

    private static void awaitAnswer(String path, Predicate<HttpResponse<String>> done, Duration timeout, String what,
            Process service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (service != null && !service.isAlive()) {
                throw new IllegalStateException(what + ": the service exited with status " + service.exitValue()
                        + " (fingerprint-service/target/bench-lookup-service.log says why)");
            }
            try {
                if (done.test(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).build(),
                        HttpResponse.BodyHandlers.ofString()))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(what + ": not within " + timeout);
    }

    static void stop(Process process) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    /** Waits until the CPUs are at least 85 % idle over 3 s (at most {@code limit}); returns the last idle share. */
    static double waitUntilQuiet(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        double idle;
        do {
            long[] before = CpuUsage.idleAndTotal();
            Thread.sleep(3000);
            long[] after = CpuUsage.idleAndTotal();
            idle = 100.0 * (after[0] - before[0]) / Math.max(1, after[1] - before[1]);
        } while (idle < 85 && System.nanoTime() < deadline);
        return idle;
    }

    static long directorySize(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
