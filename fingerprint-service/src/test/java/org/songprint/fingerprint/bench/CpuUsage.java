package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by the service, PostgreSQL, Redis, nginx and the load driver (this JVM), and by the whole
 * machine, between two {@link Snapshot}s of Linux's /proc, in clock ticks. It says where a lookup's
 * CPU went, which a throughput figure alone cannot: on 2 shared cores they all compete.
 *
 * @param service  ticks of the service's process (all its threads)
 * @param postgres ticks of every process named postgres (the backends serve the service's queries)
 * @param redis    ticks of every process named redis-server (the rate limiter's counters)
 * @param proxy    ticks of every process named nginx (the reverse proxy, where requests go through it)
 * @param driver   ticks of this JVM, the load driver
 * @param busy     ticks all CPUs were not idle
 * @param total    ticks of all CPUs
 */
record CpuUsage(long service, long postgres, long redis, long proxy, long driver, long busy, long total) {

    /** Linux's USER_HZ, the unit of /proc's times, on every mainstream architecture. */
    static final double TICKS_PER_SECOND = 100;

    /**
     * Ticks at one moment. PostgreSQL and Redis are counted per process: PostgreSQL's backends and
     * workers come and go, and a sum over whatever runs at each moment went negative when one ended.
     */
    record Snapshot(long service, Map<String, Long> postgres, Map<String, Long> redis, Map<String, Long> proxy, long driver,
            long busy, long total) {

        CpuUsage since(Snapshot before) {
            return new CpuUsage(service - before.service, grown(postgres, before.postgres), grown(redis, before.redis),
                    grown(proxy, before.proxy), driver - before.driver, busy - before.busy, total - before.total);
        }

        // a process that ended in between is not counted: less than its share, never below zero
        private static long grown(Map<String, Long> now, Map<String, Long> before) {
            long sum = 0;
            for (Map.Entry<String, Long> process : now.entrySet()) {
                sum += process.getValue() - before.getOrDefault(process.getKey(), 0L);
            }
            return sum;
        }
    }

    static Snapshot snapshot(long servicePid) throws IOException {
        Map<String, Long> postgres = new HashMap<>();
        Map<String, Long> redis = new HashMap<>();
        Map<String, Long> proxy = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String stat = read(process.resolve("stat"));
                Map<String, Long> counted = stat == null ? null
                        : stat.contains("(postgres)") ? postgres : stat.contains("(redis-server)") ? redis
                        : stat.contains("(nginx)") ? proxy : null;
                if (counted != null) {
                    // keyed by pid and start time, so a reused pid is another process
                    String[] fields = fields(stat);
                    counted.put(process.getFileName() + "@" + fields[19], ticks(fields));
                }
            }
        }
        long[] machine = idleAndTotal();
        String service = read(Path.of("/proc", Long.toString(servicePid), "stat"));
        return new Snapshot(service == null ? 0 : ticks(fields(service)), postgres, redis, proxy,
                ticks(fields(read(Path.of("/proc/self/stat")))), machine[1] - machine[0], machine[1]);
    }

    /** Milliseconds of CPU per operation, for {@code ticks} spent on {@code operations}. */
    static double msPer(long ticks, long operations) {
        return ticks * 1000 / TICKS_PER_SECOND / Math.max(1, operations);
    }

    double busyPercent() {
        return 100.0 * busy / Math.max(1, total);
    }

    /** The fraction of the machine idle: idle and iowait jiffies of /proc/stat's first line, and all. */
    static long[] idleAndTotal() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new long[] {Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total};
    }

    // the fields after the command's closing parenthesis (a command name may hold spaces): the
    // state, the 3rd field of /proc/PID/stat, is fields[0]
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    // utime and stime, the 14th and 15th fields; the start time, the 22nd, is fields[19]
    private static long ticks(String[] fields) {
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path stat) {
        try {
            return Files.readString(stat);
        } catch (IOException | RuntimeException gone) {
            return null; // the process ended between the listing and the read
        }
    }
}
