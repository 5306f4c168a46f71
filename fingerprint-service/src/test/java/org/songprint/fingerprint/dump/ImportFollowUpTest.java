package org.songprint.fingerprint.dump;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.EventDeserializer;
import org.songprint.common.event.MbidLinkEvent;
import org.songprint.testsupport.LocalInfra;

/**
 * After an import (rows and their {@code catalogue_import} row written by one transaction, as
 * {@link CatalogueImporter} writes them), the running service sends exactly that import's enabled
 * MBID links to {@code mbid-links} for metadata prefetch, paced in batches (2 a second in tests),
 * counts the catalogue's totals, and marks the import followed up.
 */
@QuarkusTest
class ImportFollowUpTest {

    static final String TOPIC = "test.mbid-links";

    @Inject
    DataSource dataSource;

    @Inject
    ImportFollowUp followUp;

    @Test
    void theImportedEnabledLinksAreSentForPrefetchOnceAndTheImportIsMarkedDone() throws Exception {
        try (KafkaConsumer<String, MbidLinkEvent> links = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new EventDeserializer.MbidLink())) {
            List<TopicPartition> partitions = links.partitionsFor(TOPIC).stream().map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            links.assign(partitions);
            links.seekToEnd(partitions);
            partitions.forEach(links::position);

            UUID[] enabled = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
            UUID disabled = UUID.randomUUID();
            UUID before = UUID.randomUUID();
            String manifest = "follow-up-test-" + UUID.randomUUID();
            int track;
            try (Connection connection = dataSource.getConnection()) {
                // a link written before the import: not the import's
                track = insertTrack(connection);
                link(connection, track, before, false);
                connection.setAutoCommit(false);
                int imported = insertTrack(connection);
                for (UUID mbid : enabled) {
                    link(connection, imported, mbid, false);
                }
                link(connection, imported, disabled, true);
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO catalogue_import (manifest_sha256, snapshot) VALUES (?, now())")) {
                    record.setString(1, manifest);
                    record.executeUpdate();
                }
                connection.commit();
            }
            followUp.wake();

            Set<UUID> ours = Set.of(enabled[0], enabled[1], enabled[2], disabled, before);
            Set<UUID> sent = new HashSet<>();
            int events = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !followedUp(manifest)) {
                for (ConsumerRecord<String, MbidLinkEvent> record : links.poll(Duration.ofMillis(100))) {
                    if (ours.contains(record.value().mbid())) {
                        sent.add(record.value().mbid());
                        events++;
                    }
                }
            }
            for (ConsumerRecord<String, MbidLinkEvent> record : links.poll(Duration.ofMillis(500))) {
                if (ours.contains(record.value().mbid())) {
                    sent.add(record.value().mbid());
                    events++;
                }
            }
            assertThat(followedUp(manifest)).as("followed up").isTrue();
            assertThat(sent).containsExactlyInAnyOrder(enabled);
            assertThat(events).as("each once").isEqualTo(3);
            assertThat(scalar("SELECT mbids_sent FROM catalogue_import WHERE manifest_sha256 = '" + manifest + "'")).isEqualTo(3);
            // counted after the import: today's total is the catalogue's live tracks now
            assertThat(scalar("SELECT value FROM catalogue_stats WHERE name = 'track.all' AND date = current_date"))
                    .isEqualTo(scalar("SELECT count(*) FROM track WHERE new_id IS NULL AND NOT disabled"));
        }
    }

    private boolean followedUp(String manifest) throws SQLException {
        return scalar("SELECT count(*) FROM catalogue_import WHERE followed_up IS NOT NULL AND manifest_sha256 = '" + manifest + "'") == 1;
    }

    private static int insertTrack(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("INSERT INTO track (gid) VALUES (gen_random_uuid()) RETURNING id")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void link(Connection connection, int track, UUID mbid, boolean disabled) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO track_mbid (track_id, mbid, disabled) VALUES (?, ?, ?)")) {
            insert.setInt(1, track);
            insert.setObject(2, mbid);
            insert.setBoolean(3, disabled);
            insert.executeUpdate();
        }
    }

    private long scalar(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
