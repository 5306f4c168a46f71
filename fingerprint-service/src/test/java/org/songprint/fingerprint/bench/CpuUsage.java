package org.songprint.fingerprint.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used by the service, PostgreSQL, Redis and the load driver (this JVM), and by the whole
 * machine, read from Linux's /proc in clock ticks. Between two snapshots it says where a lookup's CPU
 * went, which a throughput figure alone cannot: on 2 shared cores they all compete.
 *
 * @param service  ticks of the service's process (all its threads)
 * @param postgres ticks of every process named postgres (the backends serve the service's queries)
 * @param redis    ticks of every process named redis-server (the rate limiter's counters)
 * @param driver   ticks of this JVM, the load driver
 * @param busy     ticks all CPUs were not idle
 * @param total    ticks of all CPUs
 */
record CpuUsage(long service, long postgres, long redis, long driver, long busy, long total) {

    /** Linux's USER_HZ, the unit of /proc's times, on every mainstream architecture. */
    static final double TICKS_PER_SECOND = 100;

    static CpuUsage snapshot(long servicePid) throws IOException {
        long postgres = 0;
        long redis = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                String stat = read(process.resolve("stat"));
                if (stat != null && stat.contains("(postgres)")) {
                    postgres += ticks(stat);
                } else if (stat != null && stat.contains("(redis-server)")) {
                    redis += ticks(stat);
                }
            }
        }
        long[] machine = idleAndTotal();
        String service = read(Path.of("/proc", Long.toString(servicePid), "stat"));
        return new CpuUsage(service == null ? 0 : ticks(service), postgres, redis,
                ticks(read(Path.of("/proc/self/stat"))), machine[1] - machine[0], machine[1]);
    }

    CpuUsage since(CpuUsage before) {
        return new CpuUsage(service - before.service, postgres - before.postgres, redis - before.redis, driver - before.driver,
                busy - before.busy, total - before.total);
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

    // utime and stime, the 14th and 15th fields; counted after the command's closing parenthesis,
    // since a command name may hold spaces
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
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
