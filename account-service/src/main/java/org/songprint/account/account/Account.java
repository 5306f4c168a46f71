package org.songprint.account.account;

import io.quarkus.qute.TemplateData;
import java.time.OffsetDateTime;

/** An account: its user API key (for submissions) and when it was made. */
@TemplateData
public record Account(int id, String name, String apiKey, OffsetDateTime created, OffsetDateTime lastLogin) {

    /** The creation day (UTC), as the pages show it. */
    public String createdOn() {
        return created == null ? "" : created.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }
}
