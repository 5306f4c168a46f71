package org.songprint.fingerprint.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own latency histogram of a path (Micrometer's {@code http_server_requests_seconds},
 * published as a Prometheus histogram by {@code HttpLatencyHistograms}): from when the service began
 * reading a request to the end of its answer. Beside the load driver's figure it tells how much of a
 * tail the service spends and how much is the machine's (threads waiting for a core, the driver's own
 * pauses).
 */
final class ServiceLatency {

    private static final Pattern BUCKET = Pattern.compile(
            "^http_server_requests_seconds_bucket\\{(.*)le=\"([^\"]+)\"\\} ([0-9.eE+-]+)$");

    /** Cumulative counts by upper bound (seconds), as read at one moment. */
    record Snapshot(TreeMap<Double, Double> cumulative) {

        /**
         * The {@code quantile} of the requests answered between {@code before} and this snapshot, in
         * milliseconds, interpolated linearly inside its bucket; NaN if none were.
         */
        double quantileSince(Snapshot before, double quantile) {
            TreeMap<Double, Double> counts = new TreeMap<>();
            cumulative.forEach((bound, count) -> counts.put(bound, count - before.cumulative.getOrDefault(bound, 0.0)));
            double total = counts.isEmpty() ? 0 : counts.lastEntry().getValue();
            if (total <= 0) {
                return Double.NaN;
            }
            double rank = quantile * total;
            double lowerBound = 0;
            double lowerCount = 0;
            for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
                if (bucket.getValue() >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound * 1000;
                    }
                    double inBucket = bucket.getValue() - lowerCount;
                    double share = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                    return (lowerBound + share * (bucket.getKey() - lowerBound)) * 1000;
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return lowerBound * 1000;
        }
    }

    private ServiceLatency() {
    }

    /** The histogram of answers with status 200 to {@code path}, from the service's metrics on {@code port}. */
    static Snapshot read(int port, String path) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (String line : metrics.body().split("\n")) {
            Matcher bucket = BUCKET.matcher(line);
            if (bucket.matches() && bucket.group(1).contains("uri=\"" + path + "\"") && bucket.group(1).contains("status=\"200\"")) {
                double bound = bucket.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(2));
                cumulative.merge(bound, Double.parseDouble(bucket.group(3)), Double::sum);
            }
        }
        return new Snapshot(cumulative);
    }
}
