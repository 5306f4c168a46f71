package org.songprint.fingerprint.importer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.FingerprintComparator;
import org.songprint.common.chromaprint.FingerprintSimHash;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmissionResultEvent;
import org.songprint.common.event.SubmissionResultEvent.Status;
import org.songprint.common.event.SubmittedMeta;
import org.songprint.fingerprint.TestCatalog;
import org.songprint.testsupport.AudioFixtures;

/** The importer end to end: submissions from the real topic into the real database and index. */
@QuarkusTest
class SubmissionImportTest {

    static final UUID MBID = UUID.fromString("5e1e9a1c-2222-4c0e-9a0e-0000000000a1");
    static final UUID PUID = UUID.fromString("00000000-3333-4c0e-9a0e-0000000000b2");
    static final String[] TABLES = {"track", "fingerprint", "fingerprint_data", "fingerprint_source", "track_mbid",
        "track_mbid_source", "track_puid", "track_puid_source", "meta", "track_meta", "track_meta_source", "foreignid",
        "track_foreignid", "track_foreignid_source", "source", "format"};

    static SubmissionTopics topics;
    static final AtomicLong ids = new AtomicLong(SubmissionTopics.idBase());
    static AudioFixtures.Fpcalc song;
    static AudioFixtures.Fpcalc otherSong;

    @Inject
    DataSource dataSource;
    @Inject
    SubmissionConsumer consumer;
    @Inject
    SubmissionImporter importer;

    @BeforeAll
    static void open() {
        topics = new SubmissionTopics();
        song = AudioFixtures.fpcalc(AudioFixtures.melody(401, 60));
        otherSong = AudioFixtures.fpcalc(AudioFixtures.melody(402, 60));
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    @BeforeEach
    void importerListens() throws InterruptedException {
        SubmissionTopics.awaitPartitions(consumer);
    }

    @Test
    void newRecordingBecomesTrackWithItsLinksAndIsFindableWithinTwoSeconds() throws Exception {
        int[] hashes = shifted(song.raw(), 1);
        SubmissionEvent submission = submission(hashes, song.duration(), MBID, PUID, "spotify:4uLU6hMCjMI75M1A2tKUQC",
                new SubmittedMeta("  Night\u0000 Drive ", "The   Artist", null, null, 3, null, 2019), "MP3", 192);
        long started = System.nanoTime();
        topics.publish(submission);
        SubmissionResultEvent result = awaitOne(submission);
        assertThat(result.status()).isEqualTo(Status.IMPORTED);
        assertThat(result.trackGid()).isNotNull();
        String gid = result.trackGid().toString();
        String answer = "";
        while (System.nanoTime() - started < Duration.ofSeconds(2).toNanos() && !answer.contains(gid)) {
            answer = lookup(hashes, song.duration());
        }
        assertThat(answer).as("findable by lookup within 2 s of publishing").contains(gid).contains(MBID.toString());

        long fingerprintId = result.fingerprintId();
        assertThat(single("SELECT submission_count FROM fingerprint WHERE id = ?", fingerprintId)).isEqualTo(1L);
        assertThat(single("SELECT bitrate FROM fingerprint WHERE id = ?", fingerprintId)).isEqualTo(192L);
        assertThat(text("SELECT fo.name FROM fingerprint f JOIN format fo ON fo.id = f.format_id WHERE f.id = ?", fingerprintId))
                .isEqualTo("MP3");
        // fingerprint_data holds what a client would send, and the SimHash as a cube
        assertThat(ChromaprintCodec.decompress(bytes("SELECT fingerprint FROM fingerprint_data WHERE fingerprint_id = ?",
                fingerprintId)).hashes()).isEqualTo(hashes);
        assertThat(text("SELECT simhash::text FROM fingerprint_data WHERE fingerprint_id = ?", fingerprintId))
                .isEqualTo(FingerprintSimHash.toCube(FingerprintSimHash.of(hashes)).replace(",", ", "));
        long trackId = result.trackId();
        assertThat(single("SELECT submission_count FROM track_mbid WHERE track_id = ? AND mbid = '" + MBID + "'", trackId))
                .isEqualTo(1L);
        assertThat(single("SELECT count(*) FROM track_mbid_source s JOIN track_mbid m ON m.id = s.track_mbid_id "
                + "WHERE m.track_id = ? AND s.submission_id = " + submission.submissionId(), trackId)).isEqualTo(1L);
        assertThat(single("SELECT submission_count FROM track_puid WHERE track_id = ?", trackId)).isEqualTo(1L);
        assertThat(text("SELECT m.track || '|' || m.artist || '|' || m.track_no || '|' || m.year FROM track_meta tm "
                + "JOIN meta m ON m.id = tm.meta_id WHERE tm.track_id = ?", trackId)).isEqualTo("Night Drive|The Artist|3|2019");
        assertThat(text("SELECT v.name || ':' || f.name FROM track_foreignid tf JOIN foreignid f ON f.id = tf.foreignid_id "
                + "JOIN foreignid_vendor v ON v.id = f.vendor_id WHERE tf.track_id = ?", trackId))
                .isEqualTo("spotify:4uLU6hMCjMI75M1A2tKUQC");
        assertThat(single("SELECT count(*) FROM fingerprint_source WHERE submission_id = ?", submission.submissionId()))
                .isEqualTo(1L);
    }

    @Test
    void sameFingerprintAgainIsCountedNotStoredAndARedeliveryChangesNothing() throws Exception {
        int[] hashes = shifted(song.raw(), 2);
        SubmissionEvent first = submission(hashes, song.duration(), MBID, null, null, null, null, null);
        topics.publish(first);
        SubmissionResultEvent firstResult = awaitOne(first);

        SubmissionEvent again = submission(hashes, song.duration() + 1, MBID, null, null,
                new SubmittedMeta("Title", null, null, null, null, null, null), null, null);
        topics.publish(again);
        SubmissionResultEvent againResult = awaitOne(again);
        assertThat(againResult.status()).isEqualTo(Status.IMPORTED);
        assertThat(againResult.trackGid()).isEqualTo(firstResult.trackGid());
        assertThat(againResult.fingerprintId()).isEqualTo(firstResult.fingerprintId());
        assertThat(single("SELECT submission_count FROM fingerprint WHERE id = ?", firstResult.fingerprintId())).isEqualTo(2L);
        assertThat(single("SELECT submission_count FROM track_mbid WHERE track_id = ?", firstResult.trackId())).isEqualTo(2L);

        // The same submissions delivered again (a crash before the offsets were committed): same
        // answers, not a single row or count changed.
        Map<String, Long> before = tableCounts();
        long countBefore = single("SELECT submission_count FROM fingerprint WHERE id = ?", firstResult.fingerprintId());
        topics.publish(first, again);
        Map<Long, SubmissionResultEvent> redelivered = topics.await(Set.of(first.submissionId(), again.submissionId()),
                Duration.ofSeconds(20));
        assertThat(redelivered.get(first.submissionId()).trackGid()).isEqualTo(firstResult.trackGid());
        assertThat(redelivered.get(again.submissionId()).fingerprintId()).isEqualTo(firstResult.fingerprintId());
        assertThat(tableCounts()).isEqualTo(before);
        assertThat(single("SELECT submission_count FROM fingerprint WHERE id = ?", firstResult.fingerprintId()))
                .isEqualTo(countBefore);
    }

    @Test
    void similarButNotIdenticalRecordingJoinsTheTrackAsANewFingerprint() throws Exception {
        int[] base = shifted(song.raw(), 3);
        int[] noisy = withScoreBetween(base, 0.76f, 0.89f);
        SubmissionEvent original = submission(base, song.duration(), MBID, null, null, null, null, null);
        topics.publish(original);
        SubmissionResultEvent originalResult = awaitOne(original);

        SubmissionEvent similar = submission(noisy, song.duration(), MBID, null, null, null, null, null);
        topics.publish(similar);
        SubmissionResultEvent similarResult = awaitOne(similar);
        assertThat(similarResult.trackGid()).isEqualTo(originalResult.trackGid());
        assertThat(similarResult.fingerprintId()).isNotEqualTo(originalResult.fingerprintId());
        assertThat(single("SELECT count(*) FROM fingerprint WHERE track_id = ?", originalResult.trackId())).isEqualTo(2L);

        SubmissionEvent different = submission(otherSong.raw(), otherSong.duration(), MBID, null, null, null, null, null);
        topics.publish(different);
        assertThat(awaitOne(different).trackGid()).isNotEqualTo(originalResult.trackGid());

        // same audio, but 20 s longer than the track's fingerprints: not the same recording
        SubmissionEvent longer = submission(base, song.duration() + 20, MBID, null, null, null, null, null);
        topics.publish(longer);
        assertThat(awaitOne(longer).trackGid()).isNotEqualTo(originalResult.trackGid());
    }

    @Test
    void whatAcoustIdSkipsIsRejectedWithAReasonAndWritesNothing() throws Exception {
        Map<String, Long> before = tableCounts();
        int[] repetitive = new int[400];
        for (int i = 0; i < repetitive.length; i++) {
            repetitive[i] = 0x1234567 * (i % 60 + 1);
        }
        SubmissionEvent fewItems = submission(repetitive, 50, MBID, null, null, null, null, null);
        SubmissionEvent noMetadata = submission(otherSong.raw(), otherSong.duration(), null, null, null,
                new SubmittedMeta(" \u0000 ", null, null, null, null, null, null), null, null);
        SubmissionEvent nilMbid = submission(otherSong.raw(), otherSong.duration(), new UUID(0, 0), null, null, null, null, null);
        topics.publish(fewItems, noMetadata, nilMbid);
        Map<Long, SubmissionResultEvent> results = topics.await(
                Set.of(fewItems.submissionId(), noMetadata.submissionId(), nilMbid.submissionId()), Duration.ofSeconds(20));
        assertThat(results.get(fewItems.submissionId()).status()).isEqualTo(Status.REJECTED);
        assertThat(results.get(fewItems.submissionId()).reason()).contains("80 distinct items");
        assertThat(results.get(noMetadata.submissionId()).reason()).contains("no MBID, PUID or metadata");
        assertThat(results.get(nilMbid.submissionId()).status()).isEqualTo(Status.REJECTED);
        assertThat(tableCounts()).isEqualTo(before);
    }

    @Test
    void aPausedImporterLeavesSubmissionsInTheTopicUntilResumed() throws Exception {
        given().formParam("secret", "wrong").post("/internal/importer/pause").then().statusCode(400)
                .body("error.code", equalTo(12));
        assertThat(consumer.paused()).as("a call without the secret changes nothing").isFalse();
        try {
            given().formParam("secret", "test-admin-secret").post("/internal/importer/pause").then().statusCode(200)
                    .body("status", equalTo("ok")).body("importer.paused", equalTo(true));
            SubmissionEvent waiting = submission(shifted(otherSong.raw(), 9), otherSong.duration(), MBID, null, null, null,
                    null, null);
            topics.publish(waiting);
            assertThatThrownBy(() -> topics.await(Set.of(waiting.submissionId()),
                    Duration.ofSeconds(3))).as("not imported while paused").isInstanceOf(AssertionError.class);
            assertThat(single("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + waiting.submissionId()))
                    .isEqualTo(0L);

            given().formParam("secret", "test-admin-secret").post("/internal/importer/resume").then().statusCode(200)
                    .body("importer.paused", equalTo(false));
            assertThat(awaitOne(waiting).status()).isEqualTo(Status.IMPORTED);
            assertThat(single("SELECT count(*) FROM fingerprint_source WHERE submission_id = " + waiting.submissionId()))
                    .isEqualTo(1L);
        } finally {
            consumer.resume();
        }
    }

    @Test
    void nearIdenticalFingerprintsImportedAtOnceByFourImportersMakeOneTrack() throws Exception {
        int[] base = shifted(song.raw(), 4);
        int simhash = FingerprintSimHash.of(base);
        Random random = new Random(7);
        List<int[]> variants = new ArrayList<>();
        while (variants.size() < 24) {
            int[] variant = flipBits(base, 0.02, random);
            if (FingerprintSimHash.of(variant) == simhash) {
                variants.add(variant);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ImportOutcome>>> batches = new ArrayList<>();
            for (int importer = 0; importer < 4; importer++) {
                List<SubmissionEvent> batch = new ArrayList<>();
                for (int i = importer; i < variants.size(); i += 4) {
                    batch.add(submission(variants.get(i), song.duration(), MBID, null, null, null, null, null));
                }
                batches.add(pool.submit(() -> this.importer.importBatch(batch)));
            }
            List<ImportOutcome> outcomes = new ArrayList<>();
            for (Future<List<ImportOutcome>> batch : batches) {
                outcomes.addAll(batch.get());
            }
            assertThat(outcomes).hasSize(24).allMatch(o -> o.status() == Status.IMPORTED);
            assertThat(outcomes.stream().map(ImportOutcome::trackId).distinct()).as("one track").hasSize(1);
            assertThat(single("SELECT count(*) FROM fingerprint_source fs JOIN fingerprint f ON f.id = fs.fingerprint_id "
                    + "WHERE f.track_id = ?", outcomes.get(0).trackId())).isEqualTo(24L);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------

    private SubmissionResultEvent awaitOne(SubmissionEvent submission) {
        return topics.await(Set.of(submission.submissionId()), Duration.ofSeconds(20)).get(submission.submissionId());
    }

    private static SubmissionEvent submission(int[] hashes, int length, UUID mbid, UUID puid, String foreignId,
            SubmittedMeta meta, String format, Integer bitrate) {
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, ids.incrementAndGet(), hashes, length, bitrate, format,
                mbid, puid, foreignId, meta, 7, "1.0", 42, Instant.now());
    }

    private static String lookup(int[] hashes, int duration) {
        return given().formParam("client", TestCatalog.CLIENT_KEY).formParam("duration", duration)
                .formParam("fingerprint", ChromaprintCodec.encode(Fingerprint.ACOUSTID_ALGORITHM, hashes))
                .formParam("meta", "recordingids").post("/v2/lookup").asString();
    }

    /**
     * The fixture song with its items rotated by a few bits: a distinct recording per test (they
     * share one database), still a real fingerprint's structure.
     */
    private static int[] shifted(int[] raw, int bits) {
        int[] out = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = Integer.rotateLeft(raw[i], bits * 7);
        }
        return out;
    }

    private static int[] flipBits(int[] base, double rate, Random random) {
        int[] out = base.clone();
        for (int i = 0; i < out.length; i++) {
            for (int bit = 0; bit < 32; bit++) {
                if (random.nextDouble() < rate) {
                    out[i] ^= 1 << bit;
                }
            }
        }
        return out;
    }

    private static int[] withScoreBetween(int[] base, float low, float high) {
        Random random = new Random(11);
        FingerprintComparator comparator = new FingerprintComparator();
        for (double rate = 0.02; rate < 0.2; rate += 0.005) {
            int[] candidate = flipBits(base, rate, random);
            float score = comparator.compare2(base, candidate, FingerprintComparator.ACOUSTID_MAX_OFFSET);
            if (score > low && score < high) {
                return candidate;
            }
        }
        throw new AssertionError("no variant scoring between " + low + " and " + high);
    }

    private Map<String, Long> tableCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, single("SELECT count(*) FROM " + table));
        }
        counts.put("submissions", single("SELECT COALESCE(sum(submission_count), 0) FROM fingerprint"));
        counts.put("mbid submissions", single("SELECT COALESCE(sum(submission_count), 0) FROM track_mbid"));
        return counts;
    }

    private long single(String sql, Object... args) throws SQLException {
        return ((Number) value(sql, args)).longValue();
    }

    private String text(String sql, Object... args) throws SQLException {
        return (String) value(sql, args);
    }

    private byte[] bytes(String sql, Object... args) throws SQLException {
        return (byte[]) value(sql, args);
    }

    private Object value(String sql, Object... args) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as("a row for " + sql).isTrue();
                return rs.getObject(1);
            }
        }
    }
}
