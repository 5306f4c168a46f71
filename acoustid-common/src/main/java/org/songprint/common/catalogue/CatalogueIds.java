package org.songprint.common.catalogue;

import java.util.Optional;
import java.util.UUID;

/** The ids in catalogue addresses (pages and the internal API), parsed strictly: the canonical form only. */
public final class CatalogueIds {

    private CatalogueIds() {
    }

    public static Optional<UUID> uuid(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID parsed = UUID.fromString(raw);
            return parsed.toString().equalsIgnoreCase(raw) ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Optional<Integer> fingerprintId(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 10 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long id = Long.parseLong(raw);
        return id > 0 && id <= Integer.MAX_VALUE ? Optional.of((int) id) : Optional.empty();
    }
}
