package org.songprint.common.event;

import java.time.Instant;

/**
 * The current state of one API key (compacted topic {@link Topics#APPLICATIONS}, keyed by the key).
 * Services replay the topic into a local replica and validate keys against it without a remote call.
 */
public record ApiKeyEvent(
        int schemaVersion,
        String apiKey,
        KeyType keyType,
        Integer applicationId,
        Integer accountId,
        boolean active,
        Integer rateLimit,
        Instant updated) implements Event {

    public static final int SCHEMA_VERSION = 1;

    /** A client key identifies an application, a user key an account. */
    public enum KeyType {
        CLIENT,
        USER
    }
}
