package org.songprint.metadata.recording;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.songprint.common.metadata.v1.Recording;

/** The answer for a batch of requested MBIDs: each is found, unknown, or unavailable now. */
public record RecordingBatch(Map<UUID, Recording> found, Set<UUID> unknown, Set<UUID> unavailable) {
}
