package org.songprint.account.account;

import io.quarkus.qute.TemplateData;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** An account: its user API key (for submissions), when it was made and how many submissions it sent. */
@TemplateData
public record Account(int id, String name, String apiKey, OffsetDateTime created, OffsetDateTime lastLogin,
        int submissionCount) {

    /** The creation day (UTC), as the pages show it. */
    public String createdOn() {
        return created == null ? "" : created.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString();
    }
}
