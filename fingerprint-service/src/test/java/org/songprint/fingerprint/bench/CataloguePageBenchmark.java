package org.songprint.fingerprint.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.http.client.methods.HttpGet;
import org.songprint.fingerprint.metadata.StubMetadataService;
import org.songprint.testsupport.AudioFixtures;

/**
 * The catalogue pages' reads at scale: {@code GET /internal/catalogue/track|mbid|fingerprint/KEY} of
 * the real fingerprint-service on the lookup benchmark's database (loaded here when it does not hold
 * the corpus), for random tracks of the whole catalogue, with recordings named by a metadata-service
 * stand-in answering from memory (metadata cached, as the target puts it). This is the part
 * of a page that grows with the catalogue; account-service renders the JSON into HTML. Writes its
 * section of {@code docs/benchmarks.md}.
 */
public final class CataloguePageBenchmark {

    private static final int PORT = 18081;

    private CataloguePageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        BenchCorpus.Kind kind = BenchCorpus.Kind.of(args.length > 2 ? args[2] : "shared");
        String suffix = kind == BenchCorpus.Kind.DISTINCT ? "" : "-" + kind.id;
        String database = "songprint_bench_lookup" + suffix.replace('-', '_');
        Path repo = AudioFixtures.repoRoot();
        Path indexDir = repo.resolve("fingerprint-service/target/bench-lookup-index" + suffix);
        StringBuilder report = new StringBuilder(Machine.describe()).append("\n\n");
        report.append("### Catalogue pages' reads, ").append(String.format(Locale.ROOT, "%,d", size))
                .append(" fingerprints (the lookup benchmark's `").append(kind.id).append("` database)\n\n");

        ensureLoaded(repo, database, indexDir, BenchCorpus.create(64, 42, kind), size);
        LookupLoadBenchmark.linkRecordings(database);
        StubMetadataService metadata = new StubMetadataService();
        String metadataPort = metadata.start().get("quarkus.grpc.clients.metadata.port");
        Process service = LookupLoadBenchmark.startService(repo, database, indexDir, false, false,
                Map.of("METADATA_PORT", metadataPort));
        try {
            LookupLoadBenchmark.awaitReady(Duration.ofMinutes(30));
            double idle = LookupLoadBenchmark.waitUntilQuiet(Duration.ofSeconds(120));
            SplittableRandom random = new SplittableRandom(5);
            List<String> tracks = new ArrayList<>();
            List<String> recordings = new ArrayList<>();
            List<String> fingerprints = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                long id = 1 + random.nextLong(size);
                tracks.add("/internal/catalogue/track/" + LookupLoadBenchmark.gid(id));
                recordings.add("/internal/catalogue/mbid/" + LookupLoadBenchmark.recordingOf(id));
                fingerprints.add("/internal/catalogue/fingerprint/" + id);
            }
            report.append("- random entries of the whole catalogue, each page read once per pass; a track has one "
                    + "fingerprint and one or two recordings (two for every fifth), every recording named by the "
                    + "metadata-service stand-in; load driver, service and PostgreSQL share the 2 cores; "
                    + String.format(Locale.ROOT, "measured after 40 s of warm-up, started with the machine %.0f %% idle%n%n", idle));
            report.append("| page | concurrent clients | pages/s | p50 ms | p99 ms | errors "
                    + "| CPU ms per page: service / PostgreSQL | machine busy |\n|---|---|---|---|---|---|---|---|\n");
            run(tracks, 4, 30, service.pid(), "warm-up", "");
            run(recordings, 4, 5, service.pid(), "warm-up", "");
            run(fingerprints, 4, 5, service.pid(), "warm-up", "");
            report.append(run(tracks, 1, seconds, service.pid(), "track", "1"));
            report.append(run(tracks, 8, seconds, service.pid(), "track", "8"));
            report.append(run(recordings, 8, seconds, service.pid(), "MBID", "8"));
            report.append(run(fingerprints, 8, seconds, service.pid(), "fingerprint (with its items, to draw)", "8"));
        } finally {
            LookupLoadBenchmark.stop(service);
            metadata.stop();
        }
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "catalogue-pages", report.toString());
        System.out.println(report);
        System.exit(0);
    }

    /** The lookup benchmark's database, loaded (schema by the service's own migrations) unless it holds the corpus. */
    private static void ensureLoaded(Path repo, String database, Path indexDir, BenchCorpus corpus, long size) throws Exception {
        try {
            LookupLoadBenchmark.requireLoaded(database, size);
            return;
        } catch (Exception notLoaded) {
            System.out.println("loading the corpus: " + notLoaded.getMessage());
        }
        LookupLoadBenchmark.deleteRecursively(indexDir);
        LookupLoadBenchmark.recreateDatabase(database);
        Process migrations = LookupLoadBenchmark.startService(repo, database, indexDir, false, false, Map.of());
        try {
            LookupLoadBenchmark.awaitReady(Duration.ofMinutes(2));
        } finally {
            LookupLoadBenchmark.stop(migrations);
        }
        LookupLoadBenchmark.load(database, corpus, size);
    }

    private static String run(List<String> paths, int clients, int seconds, long servicePid, String page, String label)
            throws Exception {
        HttpLoad.Result result = HttpLoad.drive(clients, seconds, servicePid,
                i -> new HttpGet(URI.create("http://127.0.0.1:" + PORT + paths.get(i % paths.size()))),
                // a track page whose recordings were not named (metadata not answered) counts as an error
                (i, status, body) -> status != 200 || paths.get(i % paths.size()).contains("/track/")
                        && !body.contains("\"title\":\"Recording ") ? HttpLoad.Verdict.ERROR : HttpLoad.Verdict.ANSWERED);
        return String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f | %d | %.2f / %.2f | %.0f %% |%n", page, label,
                result.perSecond(), result.p50(), result.p99(), result.errors(), result.msPer(result.cpu().service()),
                result.msPer(result.cpu().postgres()), result.cpu().busyPercent());
    }
}
