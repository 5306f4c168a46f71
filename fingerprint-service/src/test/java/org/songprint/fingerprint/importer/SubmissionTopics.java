package org.songprint.fingerprint.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.EventProducers;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.testsupport.LocalInfra;

/**
 * The test's side of the importer's topics: publishes submissions as ingest-service's relay does
 * (keyed by SimHash) and collects the outcomes published from the moment it was opened.
 */
final class SubmissionTopics implements AutoCloseable {

    static final String SUBMISSIONS = "test.submissions";
    static final String RESULTS = "test.submission-results";

    private final KafkaProducer<String, Event> producer = EventProducers.reliable(LocalInfra.kafkaBootstrap(), "import-test");
    private final KafkaConsumer<String, SubmissionResultEvent> results;
    private final Map<Long, SubmissionResultEvent> received = new HashMap<>();

    SubmissionTopics() {
        results = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new EventDeserializer.SubmissionResult());
        List<TopicPartition> partitions = results.partitionsFor(RESULTS).stream()
                .map(p -> new TopicPartition(RESULTS, p.partition())).toList();
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(results::position);
    }

    /** Submission ids unlikely to meet those of another run in the topic's retention. */
    static long idBase() {
        return 1_000_000L + new Random().nextInt(1_000_000_000);
    }

    /** Waits until the importer has its partitions, so what a test publishes next is imported. */
    static void awaitPartitions(SubmissionConsumer consumer) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!consumer.assigned() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(consumer.assigned()).as("importer has its partitions").isTrue();
    }

    void publish(SubmissionEvent... submissions) throws Exception {
        for (SubmissionEvent submission : submissions) {
            producer.send(new ProducerRecord<>(SUBMISSIONS,
                    Integer.toHexString(FingerprintSimHash.of(submission.fingerprint())), submission)).get(10, TimeUnit.SECONDS);
        }
    }

    /** Waits for a result of every id (received since opening, or since the last call for that id). */
    Map<Long, SubmissionResultEvent> await(Set<Long> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, SubmissionResultEvent> out = new HashMap<>();
        while (System.nanoTime() < deadline) {
            for (Long id : ids) {
                SubmissionResultEvent result = received.remove(id);
                if (result != null) {
                    out.put(id, result);
                }
            }
            if (out.keySet().containsAll(ids)) {
                return out;
            }
            for (ConsumerRecord<String, SubmissionResultEvent> record : results.poll(Duration.ofMillis(50))) {
                received.put(record.value().submissionId(), record.value());
            }
        }
        throw new AssertionError("no result within " + timeout + " for " + ids.stream().filter(id -> !out.containsKey(id)).toList());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close();
    }
}
