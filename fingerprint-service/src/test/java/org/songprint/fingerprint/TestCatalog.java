package org.songprint.fingerprint;

import static io.restassured.RestAssured.given;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.songprint.common.chromaprint.FingerprintArrays;
import org.songprint.common.event.Event;
import org.songprint.common.event.EventSerializer;
import org.songprint.common.event.FingerprintEvent;
import org.songprint.testsupport.AudioFixtures;
import org.songprint.testsupport.LocalInfra;

/**
 * Puts tracks into the test database the way the importer does: rows first, then a
 * {@code fingerprints} event, after which the index must find the fingerprint.
 */
public final class TestCatalog {

    public static final String CLIENT_KEY = "test-client-key";

    private final DataSource dataSource;

    public TestCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A stored track: its row id, AcoustID and fingerprint id. */
    public record StoredTrack(int id, UUID gid, int fingerprintId) {
    }

    public StoredTrack add(AudioFixtures.Fpcalc fingerprint, UUID... mbids) throws SQLException {
        return add(fingerprint, fingerprint.duration(), mbids);
    }

    public StoredTrack add(AudioFixtures.Fpcalc fingerprint, int length, UUID... mbids) throws SQLException {
        UUID gid = UUID.randomUUID();
        int trackId;
        int fingerprintId;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            trackId = insertReturningId(connection, "INSERT INTO track (gid) VALUES (?) RETURNING id", gid);
            Array items = connection.createArrayOf("int4", FingerprintArrays.box(fingerprint.raw()));
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO fingerprint (track_id, fingerprint, length) VALUES (?, ?, ?) RETURNING id")) {
                insert.setInt(1, trackId);
                insert.setArray(2, items);
                insert.setInt(3, length);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    fingerprintId = rs.getInt(1);
                }
            }
            for (UUID mbid : mbids) {
                try (PreparedStatement link = connection.prepareStatement(
                        "INSERT INTO track_mbid (track_id, mbid, submission_count) VALUES (?, ?, 3)")) {
                    link.setInt(1, trackId);
                    link.setObject(2, mbid);
                    link.executeUpdate();
                }
            }
            connection.commit();
        }
        publish(new FingerprintEvent(FingerprintEvent.SCHEMA_VERSION, FingerprintEvent.Operation.UPSERT, fingerprintId,
                trackId, length, fingerprint.raw(), Instant.now()));
        StoredTrack stored = new StoredTrack(trackId, gid, fingerprintId);
        awaitFindable(fingerprint, stored);
        return stored;
    }

    public void execute(String sql, Object... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    private static void awaitFindable(AudioFixtures.Fpcalc fingerprint, StoredTrack stored) {
        awaitAnswerNaming(stored.gid(), 15_000, "fingerprint " + stored.fingerprintId() + " findable",
                () -> given().formParam("client", CLIENT_KEY).formParam("duration", fingerprint.duration())
                        .formParam("fingerprint", fingerprint.fingerprint()).formParam("maxdurationdiff", 30)
                        .post("/v2/lookup").asString());
    }

    /**
     * Waits until an excerpt lookup of {@code clip} (a compressed fingerprint) answers {@code track}:
     * the index builds excerpt postings in the background, a moment after a fingerprint is findable.
     */
    public static void awaitFoundAsExcerpt(String clip, int duration, UUID track) {
        awaitAnswerNaming(track, 20_000, "the clip found as an excerpt of " + track,
                () -> given().formParam("client", CLIENT_KEY).formParam("duration", duration).formParam("fingerprint", clip)
                        .formParam("excerpt", 1).post("/v2/lookup").asString());
    }

    private static void awaitAnswerNaming(UUID track, long millis, String what, Supplier<String> lookup) {
        long deadline = System.currentTimeMillis() + millis;
        while (!lookup.get().contains(track.toString())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what + " within " + millis / 1000 + " s: no");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    private static void publish(Event event) {
        try (KafkaProducer<String, Event> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap()),
                new StringSerializer(), new EventSerializer())) {
            producer.send(new ProducerRecord<>("test.fingerprints", null, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event, e);
        }
    }

    private static int insertReturningId(Connection connection, String sql, Object arg) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, arg);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
