package org.songprint.ingest;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.SchemaConformance;

/** The database Flyway migrated at start conforms to the data model's acoustid_ingest part. */
@QuarkusTest
class SchemaTest {

    @Inject
    DataSource dataSource;

    @Test
    void migratedSchemaConformsToTheDataModel() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            SchemaConformance.assertConforms(connection, "acoustid_ingest");
        }
    }
}
