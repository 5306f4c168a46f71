package org.songprint.fingerprint.importer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.songprint.common.event.KafkaClients;

/** The {@code submissions} consumer's settings and its offset moves: commit after a batch, rewind to retry it. */
final class SubmissionsKafka {

    private SubmissionsKafka() {
    }

    /** What to commit after a batch: the offset after its last record, in each partition. */
    static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Goes back to the first record of the failed batch in each partition, to deliver it again. */
    static void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        Set<TopicPartition> owned = kafka.assignment();
        for (TopicPartition partition : records.partitions()) {
            if (owned.contains(partition)) {
                kafka.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /** The importer's consumer: manual commits, committed reads only, quick failover. */
    static Map<String, Object> consumerConfig(KafkaClients kafkaClients, ImportConfig config) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaClients.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "submission-importer",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.offsetReset(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize(),
                // a batch retried with back-off while the database is away must not cost the assignment
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // a crashed importer's partitions move to the others after 10 s, not 45 s
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000));
        config.instanceId().filter(id -> !id.isBlank())
                .ifPresent(id -> settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "importer-" + id));
        return settings;
    }
}
