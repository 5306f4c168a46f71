package org.songprint.common.catalogue;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A stored fingerprint with its items, as the catalogue pages draw it ({@code GET
 * /internal/catalogue/fingerprint/ID}): {@code track} is the live track it belongs to, merges followed.
 */
public record CatalogueFingerprint(int id, int length, OffsetDateTime created, int sources, UUID track, int[] items) {
}
