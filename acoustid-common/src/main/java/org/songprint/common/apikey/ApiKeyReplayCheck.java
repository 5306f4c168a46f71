package org.songprint.common.apikey;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the API key replica has replayed the {@code applications} topic up to where it
 * ended when the service started: before that, a valid key would be refused (error 4) and a key
 * revoked while the service was down would still be accepted. The end offsets are taken once, at
 * the first probe that finds the partitions assigned; once caught up, the check stays UP (a later
 * lag is the broker's, reported by the Kafka check). A partition counts as replayed when its last
 * record has been applied, or — when compaction removed the records at its end — when the consumer's
 * position has passed the end and nothing was applied for a second since it did: records the consumer
 * has fetched can still wait to be applied, so a second without an applied record before that proves
 * nothing (a restarted service was once ready with its fetched keys not yet applied, and refused one).
 */
@Readiness
@ApplicationScoped
public class ApiKeyReplayCheck implements HealthCheck {

    private static final String NAME = "API key replica";
    private static final Duration ASK = Duration.ofSeconds(2);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Instance<ApiKeyFeed> feeds;
    private final Instance<KafkaClientService> clients;
    private volatile Map<TopicPartition, Long> endAtStart;
    /** When the consumer's positions were first all at the ends taken, or null. */
    private volatile Long atEndSince;
    private volatile boolean replayed;

    public ApiKeyReplayCheck(Instance<ApiKeyFeed> feeds, Instance<KafkaClientService> clients) {
        this.feeds = feeds;
        this.clients = clients;
    }

    @Override
    public HealthCheckResponse call() {
        if (replayed || !feeds.isResolvable() || !clients.isResolvable()
                || !clients.get().getConsumerChannels().contains(ApiKeyFeed.CHANNEL)) {
            return HealthCheckResponse.named(NAME).up().build();
        }
        try {
            KafkaConsumer<Object, Object> consumer = clients.get().getConsumer(ApiKeyFeed.CHANNEL);
            if (endAtStart == null) {
                Set<TopicPartition> assigned = consumer.getAssignments().await().atMost(ASK);
                if (assigned.isEmpty()) {
                    return down("waiting for the topic's partitions to be assigned");
                }
                String topic = assigned.iterator().next().topic();
                int partitions = consumer.partitionsFor(topic).await().atMost(ASK).size();
                if (partitions > assigned.size()) {
                    // keys on the other partitions would never be seen: refuse to serve rather than refuse them
                    return down(topic + " has " + partitions + " partitions, the replica reads " + assigned.size()
                            + " (assign-seek of the applications channel)");
                }
                Function<Consumer<Object, Object>, Map<TopicPartition, Long>> ends = c -> c.endOffsets(assigned);
                endAtStart = Map.copyOf(consumer.runOnPollingThread(ends).await().atMost(ASK));
            }
            Map<TopicPartition, Long> positions = consumer.getPositions().await().atMost(ASK);
            ApiKeyFeed feed = feeds.get();
            boolean atEnd = endAtStart.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
            long now = System.nanoTime();
            if (atEnd && atEndSince == null) {
                atEndSince = now;
            }
            boolean quietAtEnd = atEnd && Math.min(feed.nanosSinceLastApplied(), now - atEndSince) >= QUIET_NANOS;
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : endAtStart.entrySet()) {
                long target = end.getValue();
                long applied = feed.appliedNext(end.getKey().partition());
                if (applied < target && !quietAtEnd) {
                    behind += target - applied;
                }
            }
            if (behind > 0) {
                return down(behind + " key record(s) still to replay");
            }
            replayed = true;
            return HealthCheckResponse.named(NAME).up().build();
        } catch (RuntimeException e) {
            return down("cannot ask the consumer: " + e.getMessage());
        }
    }

    private static HealthCheckResponse down(String why) {
        return HealthCheckResponse.named(NAME).down().withData("reason", why).build();
    }
}
