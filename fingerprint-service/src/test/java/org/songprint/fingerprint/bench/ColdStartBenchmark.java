package org.songprint.fingerprint.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.songprint.testsupport.AudioFixtures;

/**
 * Cold starts on a database already loaded ({@code ./stack bench cold-start [DATABASE] [RUNS]}, section
 * {@code cold-start-DATABASE} of docs/benchmarks.md): each run empties the index directory, starts the
 * service, and times it until ready, with the CPU the service and PostgreSQL spent meanwhile and the
 * seconds of the build's last step from the service's log. The scale benchmark's cold start follows
 * its import, while PostgreSQL and the kernel are still writing it out; here the database has settled,
 * so the runs measure the build, and several of them show how much this machine's speed moves.
 *
 * <p>With a third argument, SECONDS, the last run's service then answers HTTP lookups as the scale
 * benchmark's do (2 and 8 clients, once the excerpt postings are built), and again after a restart with
 * excerpt support switched off: the lookup figures at the largest size a database here holds, on its
 * settled segments. {@code BENCH_PROFILE_DIR} records the service during the row of 8 clients.
 */
public final class ColdStartBenchmark {

    private static final Pattern BUILT = Pattern.compile("bulk load's segment of [0-9]+ fingerprints: .* built in ([0-9.]+) s");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "songprint_bench_scale_shared";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int lookupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long size = ScaleBenchmark.count(database);
        if (size <= 0) {
            throw new IllegalArgumentException(database + " holds no fingerprints: run `./stack bench scale` (or lookup) first");
        }
        Path repo = AudioFixtures.repoRoot();
        Path indexDir = repo.resolve("fingerprint-service/target/bench-cold-start-index");
        Path serviceLog = repo.resolve("fingerprint-service/target/bench-lookup-service.log");
        StringBuilder report = new StringBuilder(Machine.describe()).append("\n\n");
        report.append(String.format(Locale.ROOT, "### Cold start on %s: %,d fingerprints, a settled database%n%n", database, size));
        report.append("Each run: an empty index directory, the service started (`").append(String.join(" ", LookupLoadBenchmark.serviceJvmOptions()))
                .append("`, excerpt support on as in `./stack up`), timed until `/q/health/ready` answers; CPU from /proc over the same time; "
                        + "the bulk segment's build from the service's log line; calibration as in the lookup section.\n\n");
        report.append("| run | ready s | fingerprints/s | of which the segment's build s | service CPU s | PostgreSQL CPU s | machine busy | calibration ms |\n");
        report.append("|---|---|---|---|---|---|---|---|\n");
        for (int run = 1; run <= runs; run++) {
            LookupLoadBenchmark.waitUntilQuiet(Duration.ofSeconds(60));
            double calibration = MachineSpeed.measure();
            LookupLoadBenchmark.deleteRecursively(indexDir);
            long logBefore = Files.exists(serviceLog) ? Files.size(serviceLog) : 0;
            CpuUsage.Snapshot before = CpuUsage.snapshot(-1);
            long start = System.nanoTime();
            Process service = LookupLoadBenchmark.startService(repo, database, indexDir, false, true, Map.of());
            try {
                LookupLoadBenchmark.awaitReady(service, Duration.ofMinutes(60));
                double ready = (System.nanoTime() - start) / 1e9;
                CpuUsage used = CpuUsage.snapshot(service.pid()).since(before);
                report.append(String.format(Locale.ROOT, "| %d | %.1f | %,.0f | %s | %.1f | %.1f | %.0f %% | %.0f |%n", run, ready,
                        size / ready, buildSeconds(serviceLog, logBefore), used.service() / CpuUsage.TICKS_PER_SECOND,
                        used.postgres() / CpuUsage.TICKS_PER_SECOND, used.busyPercent(), calibration));
                if (run == runs && lookupSeconds > 0) {
                    service = lookups(report, service, repo, database, indexDir, size, lookupSeconds);
                }
            } finally {
                LookupLoadBenchmark.stop(service);
            }
            System.err.println(report);
        }
        LookupLoadBenchmark.deleteRecursively(indexDir);
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "cold-start-" + database, report.toString());
        System.out.println(report);
        // the HTTP clients' executor threads would keep the JVM alive
        System.exit(0);
    }

    /**
     * The lookup rows after the last cold start: its service once the excerpt postings are built, then
     * a restart with excerpt support off. Returns the service running at the end, for the caller to stop.
     */
    private static Process lookups(StringBuilder report, Process service, Path repo, String database, Path indexDir, long size,
            int seconds) throws Exception {
        BenchCorpus.Kind kind = database.endsWith("_" + BenchCorpus.Kind.SHARED.id) ? BenchCorpus.Kind.SHARED : BenchCorpus.Kind.DISTINCT;
        List<LookupLoadBenchmark.Query> queries = LookupLoadBenchmark.queries(BenchCorpus.create(64, 42, kind), size, 2000);
        long start = System.nanoTime();
        LookupLoadBenchmark.awaitExcerptsReady(Duration.ofMinutes(60));
        double excerpts = (System.nanoTime() - start) / 1e9;
        double idle = LookupLoadBenchmark.waitUntilQuiet(Duration.ofSeconds(120));
        report.append(String.format(Locale.ROOT, "%nThen HTTP `/v2/lookup` on the last run's service as in the lookup section (corpus %s: "
                + "8 %% BER, shift ±40, `meta=recordingids`), once its excerpt postings were built (%.0f s after ready), after 30 s of "
                + "warm-up at 4 clients, started with the machine %.0f %% idle; its memory then: %s.%n%n", kind.id, excerpts, idle,
                LookupLoadBenchmark.memory(service.pid())));
        report.append(LookupLoadBenchmark.COLUMNS);
        report.append(LookupLoadBenchmark.TABLE_HEADER);
        LookupLoadBenchmark.run(queries, 4, 30, service.pid(), "warm-up");
        report.append(LookupLoadBenchmark.run(queries, 2, seconds, service.pid(), "2"));
        report.append(LookupLoadBenchmark.profiled(queries, service.pid(), seconds, "8", "lookups-cold-start-" + database));
        LookupLoadBenchmark.stop(service);
        Process restarted = LookupLoadBenchmark.startService(repo, database, indexDir, false, false, Map.of());
        try {
            LookupLoadBenchmark.awaitReady(restarted, Duration.ofMinutes(30));
            report.append(LookupLoadBenchmark.afterRestart(queries, restarted.pid(), seconds, "8, after a restart, excerpt support switched off"));
            report.append(String.format(Locale.ROOT, "%nMemory after the row with excerpt support switched off: %s.%n",
                    LookupLoadBenchmark.memory(restarted.pid())));
            return restarted;
        } catch (Exception e) {
            LookupLoadBenchmark.stop(restarted);
            throw e;
        }
    }

    /** The build seconds the service logged since {@code from} (summed if the load built more than one segment). */
    private static String buildSeconds(Path serviceLog, long from) throws Exception {
        byte[] all = Files.readAllBytes(serviceLog);
        Matcher built = BUILT.matcher(new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8));
        double seconds = 0;
        boolean found = false;
        while (built.find()) {
            seconds += Double.parseDouble(built.group(1));
            found = true;
        }
        return found ? String.format(Locale.ROOT, "%.1f", seconds) : "—";
    }
}
