package org.songprint.account.application;

import io.quarkus.qute.TemplateData;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A registered application: its client API key, owner and contact details. */
@TemplateData
public record Application(int id, String name, String version, String apiKey, OffsetDateTime created, boolean active,
        int accountId, String email, String website, Integer rateLimit) {

    /** The creation day (UTC), as the pages show it. */
    public String createdOn() {
        return created == null ? "" : created.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
    }
}
