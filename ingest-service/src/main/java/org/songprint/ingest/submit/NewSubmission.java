package org.songprint.ingest.submit;

import java.util.UUID;
import org.songprint.common.event.SubmittedMeta;

/** One submission row to store: a fingerprint with at most one MBID and what came with it. */
record NewSubmission(
        String index,
        int[] fingerprint,
        int length,
        Integer bitrate,
        String format,
        UUID mbid,
        UUID puid,
        String foreignId,
        SubmittedMeta meta) {
}
