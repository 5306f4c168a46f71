package org.songprint.testsupport;

import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What a service's database promises: after Flyway migrated it at start, it conforms to its part of
 * AcoustID's data model. A service's {@code @QuarkusTest} extends this class and names its database.
 */
public abstract class SchemaContract {

    @Inject
    DataSource dataSource;

    /** The data model's name of the service's database, e.g. {@code acoustid_fingerprint}. */
    protected abstract String database();

    @Test
    void migratedSchemaConformsToTheDataModel() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            SchemaConformance.assertConforms(connection, database());
        }
    }
}
