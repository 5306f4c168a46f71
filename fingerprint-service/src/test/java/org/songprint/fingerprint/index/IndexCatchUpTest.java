package org.songprint.fingerprint.index;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.songprint.fingerprint.index.packed.PackedFingerprintIndex;
import org.songprint.fingerprint.index.packed.storage.DiskDamage;
import org.songprint.fingerprint.index.packed.storage.FingerprintLog;

/**
 * The start-up catch-up and the database poll against the real test database, on an index of the
 * test's own (the service's index follows the same database meanwhile). Rows are written here
 * without a {@code fingerprints} event, as a lost publish or a crash leaves them.
 */
@QuarkusTest
class IndexCatchUpTest {

    private static final int ITEMS = 200;

    @Inject
    DataSource dataSource;
    @Inject
    IndexCatchUp catchUp;
    @Inject
    IndexReconciler reconciler;
    @Inject
    FingerprintRepository repository;

    @TempDir
    Path dir;

    private final ExecutorService helper = Executors.newSingleThreadExecutor();
    private final Random random = new Random(19);

    @AfterEach
    void stopHelper() {
        helper.shutdownNow();
    }

    private PackedFingerprintIndex open() {
        return new PackedFingerprintIndex(dir.resolve("packed"));
    }

    @Test
    void anIdMissingBelowTheHighestIndexedIsIndexedFromTheDatabase() throws Exception {
        try (PackedFingerprintIndex index = open()) {
            catchUp.run(index, helper);
        }
        long a = insertFingerprint();
        long b = insertFingerprint();
        long c = insertFingerprint();
        try (PackedFingerprintIndex index = open()) {
            // b and c reached the index (their events, say); a's event was lost or its upsert died
            // with the process after its offset was committed
            repository.byIds(new long[] {b, c}).await().indefinitely().forEach(index::upsert);
        }
        try (PackedFingerprintIndex restarted = open()) {
            assertThat(restarted.maxIndexedId()).isEqualTo(c);
            assertThat(restarted.contains(a)).isFalse();
            catchUp.run(restarted, helper);
            assertThat(restarted.contains(a)).as("below the highest indexed id, still caught up").isTrue();
            assertThat(reconciler.compare(restarted).exact()).isTrue();
        }
    }

    @Test
    void fingerprintsOfADamagedLogRecordAndAfterItAreIndexedAgainFromTheDatabase() throws Exception {
        try (PackedFingerprintIndex index = open()) {
            catchUp.run(index, helper); // one segment file
            for (int i = 0; i < 3; i++) {
                long id = insertFingerprint();
                repository.byIds(new long[] {id}).await().indefinitely().forEach(index::upsert);
            }
        }
        // the three upserts are the log's last records, replayed at open; the middle one goes bad
        Path log = dir.resolve("packed").resolve("fingerprints.items");
        long record = FingerprintLog.HEADER + ITEMS * Integer.BYTES;
        DiskDamage.flipByte(log, Files.size(log) - 2 * record + FingerprintLog.HEADER + 11);
        try (PackedFingerprintIndex reopened = open()) {
            assertThat(reopened.damagedLogRecords()).isEqualTo(1);
            Reconciliation before = reconciler.compare(reopened);
            assertThat(before.missing()).hasSize(2);
            catchUp.run(reopened, helper);
            assertThat(reconciler.compare(reopened).exact()).isTrue();
            assertThat(reopened.contains(before.missing()[0])).isTrue();
            assertThat(reopened.contains(before.missing()[1])).isTrue();
        }
    }

    @Test
    void anIdCommittedAfterAHigherOneIsFoundByThePollAndTheCursorWaitsForIt() throws Exception {
        try (PackedFingerprintIndex index = open()) {
            DatabaseFollower follower = catchUp.run(index, helper);
            try (Connection slow = dataSource.getConnection()) {
                // an importer's transaction takes its id first and commits last
                slow.setAutoCommit(false);
                long low = nextFingerprintId(slow);
                insertFingerprint(slow, low);
                long high = insertFingerprint();
                assertThat(high).isGreaterThan(low);
                follower.poll();
                assertThat(index.contains(high)).isTrue();
                follower.poll();
                assertThat(follower.cursor()).as("not past an id that can still appear").isLessThan(low);
                slow.commit();
                follower.poll();
                assertThat(index.contains(low)).as("committed below the highest indexed id").isTrue();
                follower.poll();
                assertThat(follower.cursor()).isGreaterThanOrEqualTo(high);
            }
            assertThat(reconciler.compare(index).exact()).isTrue();
        }
    }

    @Test
    void aFingerprintTheDatabaseDoesNotHoldIsDeletedAndEqualSetsCompareEqualByRange() throws Exception {
        insertFingerprint();
        try (PackedFingerprintIndex index = open()) {
            catchUp.run(index, helper);
            Reconciliation exact = reconciler.compare(index);
            assertThat(exact.ranges()).isPositive();
            assertThat(exact.differingRanges()).as("PostgreSQL sums the ranges as IdRanges does").isZero();
            assertThat(exact.indexCount()).isEqualTo(exact.databaseCount());
            long gap;
            try (Connection connection = dataSource.getConnection()) {
                gap = nextFingerprintId(connection); // an id never stored: a rolled-back import, say
            }
            insertFingerprint(); // the database's highest id is above the gap
            index.upsert(new IndexedFingerprint(gap, 60, items()));
            index.refresh();
            Reconciliation found = reconciler.compare(index);
            assertThat(found.extra()).containsExactly(gap);
            assertThat(found.missing()).hasSize(1);
            reconciler.repair(index);
            assertThat(index.contains(gap)).isFalse();
            assertThat(reconciler.compare(index).exact()).isTrue();
        }
    }

    @Test
    void theServicesIndexIsCheckedAgainstTheDatabaseWithTheSecret() throws Exception {
        insertFingerprint(); // without an event: the service's poll finds it
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean exact = false;
        while (!exact && System.nanoTime() < deadline) {
            exact = given().formParam("secret", "test-admin-secret").post("/internal/index/check")
                    .then().statusCode(200).body("status", equalTo("ok")).extract().path("index.exact");
            Thread.sleep(200);
        }
        assertThat(exact).as("the service's index holds every id of the database").isTrue();
        given().formParam("secret", "test-admin-secret").post("/internal/index/check").then()
                .body("index.ready", equalTo(true)).body("index.missing_count", equalTo(0))
                .body("index.extra_count", equalTo(0));
        given().formParam("secret", "guess").post("/internal/index/check").then().statusCode(400)
                .body("error.code", equalTo(12));
    }

    private long insertFingerprint() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return insertFingerprint(connection, nextFingerprintId(connection));
        }
    }

    private long insertFingerprint(Connection connection, long id) throws SQLException {
        long track;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO track (gid) VALUES (?) RETURNING id")) {
            insert.setObject(1, UUID.randomUUID());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                track = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fingerprint (id, track_id, fingerprint, length) VALUES (?, ?, ?, 60)")) {
            insert.setLong(1, id);
            insert.setLong(2, track);
            insert.setArray(3, connection.createArrayOf("int4", Arrays.stream(items()).boxed().toArray()));
            insert.executeUpdate();
        }
        return id;
    }

    private static long nextFingerprintId(Connection connection) throws SQLException {
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT nextval('fingerprint_id_seq')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int[] items() {
        return random.ints(ITEMS).toArray();
    }
}
