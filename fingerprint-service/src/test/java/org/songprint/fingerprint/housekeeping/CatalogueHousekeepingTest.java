package org.songprint.fingerprint.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Orphaned metadata goes, linked metadata stays; track_stats follows the tables after a refresh. */
@QuarkusTest
class CatalogueHousekeepingTest {

    @Inject
    DataSource dataSource;
    @Inject
    CatalogueHousekeeping housekeeping;

    @Test
    void orphanedMetaIsDeletedAndTrackStatsRefreshed() throws Exception {
        UUID gid = UUID.randomUUID();
        long track = value("INSERT INTO track (gid) VALUES ('" + gid + "') RETURNING id");
        long linked = value("INSERT INTO meta (track, gid) VALUES ('Kept', gen_random_uuid()) RETURNING id");
        long orphan = value("INSERT INTO meta (track, gid) VALUES ('Orphan', gen_random_uuid()) RETURNING id");
        value("INSERT INTO track_meta (track_id, meta_id) VALUES (" + track + ", " + linked + ") RETURNING id");
        value("INSERT INTO track_mbid (track_id, mbid) VALUES (" + track + ", gen_random_uuid()) RETURNING id");

        assertThat(housekeeping.deleteOrphanedMeta()).isGreaterThanOrEqualTo(1);
        assertThat(value("SELECT count(*) FROM meta WHERE id = " + orphan)).isZero();
        assertThat(value("SELECT count(*) FROM meta WHERE id = " + linked)).isEqualTo(1);

        housekeeping.refreshTrackStats();
        assertThat(value("SELECT mbid_count FROM track_stats WHERE track_id = " + track)).isEqualTo(1);
    }

    private long value(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
