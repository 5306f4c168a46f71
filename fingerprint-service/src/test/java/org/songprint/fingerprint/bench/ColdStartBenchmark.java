package org.songprint.fingerprint.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 */
public final class ColdStartBenchmark {

    private static final Pattern BUILT = Pattern.compile("bulk load's segment of [0-9]+ fingerprints: .* built in ([0-9.]+) s");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "songprint_bench_scale_shared";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
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
            } finally {
                LookupLoadBenchmark.stop(service);
            }
            System.err.println(report);
        }
        LookupLoadBenchmark.deleteRecursively(indexDir);
        BenchReport.write(repo.resolve("docs/benchmarks.md"), "cold-start-" + database, report.toString());
        System.out.println(report);
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
