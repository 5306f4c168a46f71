package org.songprint.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The MusicBrainz cache is not part of AcoustID's data model; Flyway must create its tables, each
 * entity fetched from the provider with a fetched_at column for staleness.
 */
@QuarkusTest
class SchemaTest {

    @Inject
    DataSource dataSource;

    @Test
    void cacheTablesExist() throws Exception {
        Set<String> tables = new HashSet<>();
        Set<String> fetchedAt = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
                if (rs.getString(2).equals("fetched_at")) {
                    fetchedAt.add(rs.getString(1));
                }
            }
        }
        assertThat(tables).contains("recording", "artist", "artist_credit", "artist_credit_name", "release_group",
                "release", "release_event", "medium", "track", "isrc", "mbid_alias");
        assertThat(fetchedAt).contains("recording", "artist", "release_group", "release");
    }
}
