package org.songprint.fingerprint.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * The benchmarks' load driver: {@code clients} threads, each sending one request at a time over a
 * kept-alive connection, with Apache HttpClient's blocking client: the JDK's asynchronous HttpClient
 * added milliseconds of thread hand-offs per request on these 2 cores (p50 5.5 ms with 2 clients,
 * where one plain keep-alive connection saw 1.5 ms), so a benchmark largely measured its own driver.
 */
final class HttpLoad {

    /** How an answer counts: right (what the benchmark looked for), merely answered, or an error. */
    enum Verdict {
        RIGHT, ANSWERED, ERROR
    }

    interface Judge {
        Verdict of(int request, int status, String body);
    }

    /** What a run measured; {@code latencies} in milliseconds, sorted. */
    record Result(double seconds, double[] latencies, int right, int errors, CpuUsage cpu) {

        int total() {
            return latencies.length;
        }

        double perSecond() {
            return total() / seconds;
        }

        double p50() {
            return latencies[total() / 2];
        }

        double p99() {
            return latencies[Math.min(total() - 1, (int) Math.ceil(total() * 0.99) - 1)];
        }

        double msPer(long ticks) {
            return CpuUsage.msPer(ticks, total());
        }
    }

    private HttpLoad() {
    }

    /** Request {@code i} is {@code request.apply(i)}, for i = 0, 1, 2, … until {@code seconds} have passed. */
    static Result drive(int clients, int seconds, long servicePid, IntFunction<HttpUriRequest> request, Judge judge)
            throws Exception {
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager();
        connections.setMaxTotal(clients);
        connections.setDefaultMaxPerRoute(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger right = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<double[]>> workers = new ArrayList<>();
        long started = System.nanoTime();
        CpuUsage.Snapshot cpuBefore = CpuUsage.snapshot(servicePid);
        try (CloseableHttpClient http = HttpClients.custom().setConnectionManager(connections).build()) {
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    double[] latencies = new double[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        int index = next.getAndIncrement();
                        HttpUriRequest sent = request.apply(index);
                        long t0 = System.nanoTime();
                        Verdict verdict;
                        try (CloseableHttpResponse response = http.execute(sent)) {
                            verdict = judge.of(index, response.getStatusLine().getStatusCode(),
                                    EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8));
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = (System.nanoTime() - t0) / 1e6;
                        if (verdict == Verdict.RIGHT) {
                            right.incrementAndGet();
                        } else if (verdict == Verdict.ERROR) {
                            errors.incrementAndGet();
                        }
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<double[]> all = new ArrayList<>();
            for (Future<double[]> worker : workers) {
                all.add(worker.get());
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            CpuUsage cpu = CpuUsage.snapshot(servicePid).since(cpuBefore);
            return new Result(elapsed, all.stream().flatMapToDouble(Arrays::stream).sorted().toArray(), right.get(), errors.get(), cpu);
        } finally {
            pool.shutdown();
        }
    }
}
