package org.songprint.metadata.recording;

import java.time.Instant;
import org.songprint.common.metadata.v1.Recording;

/** A recording as the cache holds it (everything the renderer may need) and when it was fetched. */
public record CachedRecording(Recording recording, Instant fetchedAt) {
}
