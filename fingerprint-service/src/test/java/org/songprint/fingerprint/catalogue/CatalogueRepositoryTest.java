package org.songprint.fingerprint.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.SqlConnectOptions;
import org.junit.jupiter.api.Test;

class CatalogueRepositoryTest {

    @Test
    void theTrackQueryIsShortEnoughForVertxToKeepItPrepared() {
        // longer, it would be prepared and planned again at every page (2 ms of PostgreSQL's CPU each)
        assertThat(CatalogueRepository.TRACK_SQL).hasSizeLessThanOrEqualTo(SqlConnectOptions.DEFAULT_PREPARED_STATEMENT_CACHE_SQL_LIMIT)
                .doesNotContain("  ").doesNotContain("\n");
    }
}
