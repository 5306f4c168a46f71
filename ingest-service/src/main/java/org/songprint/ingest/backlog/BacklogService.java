package org.songprint.ingest.backlog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.songprint.common.event.KafkaClients;
import org.songprint.ingest.submit.OutboxConfig;

/** Measures the submission backlog from the ingest database and the consumer groups' lag in Kafka. */
@ApplicationScoped
public class BacklogService {

    private final Pool client;
    private final Admin admin;
    private final String submissionsTopic;
    private final String importerGroup;
    private final String resultsTopic;
    private final String resultsGroup;

    public BacklogService(Pool client,
            KafkaClients kafka,
            OutboxConfig outbox,
            BacklogConfig config,
            // the results channel's own keys: the Kafka connector's mp.messaging.*, which no mapping of ours claims
            @ConfigProperty(name = "mp.messaging.incoming.submission-results.topic") String resultsTopic,
            @ConfigProperty(name = "mp.messaging.incoming.submission-results.group.id") String resultsGroup) {
        this.client = client;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "ingest-backlog",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        this.submissionsTopic = outbox.topic();
        this.importerGroup = config.importerGroup();
        this.resultsTopic = resultsTopic;
        this.resultsGroup = resultsGroup;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }

    /** The backlog now. Blocks for the Kafka part (a few ms; at most a few seconds when Kafka is away). */
    public Uni<Backlog> measure() {
        return client.query("""
                SELECT (SELECT count(*) FROM pending_submission WHERE sent IS NULL AND parked IS NULL) AS unsent,
                       (SELECT COALESCE(extract(epoch FROM now() - min(created)), 0) FROM pending_submission
                         WHERE sent IS NULL AND parked IS NULL) AS oldest_unsent,
                       (SELECT count(*) FROM pending_submission WHERE parked IS NOT NULL) AS parked,
                       (SELECT count(*) FROM submission WHERE NOT handled) AS pending,
                       (SELECT COALESCE(extract(epoch FROM now() - min(created)), 0) FROM submission
                         WHERE NOT handled) AS oldest_pending""")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Backlog(row.getLong("unsent"), row.getNumeric("oldest_unsent").doubleValue(),
                            row.getLong("parked"), row.getLong("pending"), row.getNumeric("oldest_pending").doubleValue(),
                            lag(submissionsTopic, importerGroup), lag(resultsTopic, resultsGroup));
                });
    }

    /** The parked outbox rows, oldest first (at most {@code limit}), with why they could not be published. */
    public Uni<List<ParkedSubmission>> parked(int limit) {
        return client.preparedQuery("""
                SELECT submission_id, attempts, last_error, parked FROM pending_submission
                WHERE parked IS NOT NULL ORDER BY id LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<ParkedSubmission> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new ParkedSubmission(row.getInteger("submission_id"), row.getShort("attempts"),
                                row.getString("last_error"), row.getOffsetDateTime("parked").toInstant()));
                    }
                    return out;
                });
    }

    /**
     * Puts parked rows back in line for the relay (all of them, or those of the given submissions),
     * their tries counted afresh; returns how many.
     */
    public Uni<Integer> replay(List<Integer> submissionIds) {
        return client.preparedQuery("""
                UPDATE pending_submission SET parked = NULL, attempts = 0
                WHERE parked IS NOT NULL AND (cardinality($1::int[]) = 0 OR submission_id = ANY($1))""")
                .execute(Tuple.of(submissionIds.toArray(Integer[]::new)))
                .map(SqlResult::rowCount);
    }

    /** Records of {@code topic} the group has not committed yet, or null if Kafka did not answer. */
    Long lag(String topic, String group) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    }
}
