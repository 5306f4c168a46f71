package org.songprint.fingerprint.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.songprint.common.event.SubmissionEvent;
import org.songprint.common.event.SubmittedMeta;

/** What AcoustID skips before any decision: checked on the submission alone, without a database. */
class SubmissionRejectionTest {

    static final UUID MBID = UUID.fromString("5e1e9a1c-2222-4c0e-9a0e-0000000000f7");
    static final int[] DISTINCT = distinctItems(ImportRules.MIN_UNIQUE_ITEMS);

    @Test
    void aSubmissionWithAnMbidAndEnoughDistinctItemsIsImported() {
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 60, MBID, null, null, null))).isNull();
    }

    @Test
    void withoutMbidPuidOrMetadataItIsRejectedEvenWithAForeignId() {
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 60, null, null, "spotify:x", null)))
                .isEqualTo("no MBID, PUID or metadata");
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 60, new UUID(0, 0), new UUID(0, 0), null,
                new SubmittedMeta(" \u0000 ", null, null, null, 0, null, null)))).isEqualTo("no MBID, PUID or metadata");
    }

    @Test
    void aPuidOrMetadataAloneIsEnough() {
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 60, new UUID(0, 0), MBID, null, null))).isNull();
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 60, null, null, null,
                new SubmittedMeta(null, null, null, null, null, null, 1999)))).isNull();
    }

    @Test
    void aFingerprintWithFewerThanEightyDistinctItemsIsRejected() {
        int[] repetitive = new int[400];
        for (int i = 0; i < repetitive.length; i++) {
            repetitive[i] = DISTINCT[i % (ImportRules.MIN_UNIQUE_ITEMS - 1)];
        }
        assertThat(SubmissionImporter.rejection(submission(repetitive, 60, MBID, null, null, null)))
                .isEqualTo("fingerprint has fewer than 80 distinct items");
        assertThat(SubmissionImporter.rejection(submission(null, 60, MBID, null, null, null)))
                .isEqualTo("fingerprint has fewer than 80 distinct items");
    }

    @Test
    void aDurationOutsideOneToShortMaxIsRejected() {
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, 0, MBID, null, null, null))).isEqualTo("invalid duration");
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, Short.MAX_VALUE + 1, MBID, null, null, null)))
                .isEqualTo("invalid duration");
        assertThat(SubmissionImporter.rejection(submission(DISTINCT, Short.MAX_VALUE, MBID, null, null, null))).isNull();
    }

    private static SubmissionEvent submission(int[] hashes, int length, UUID mbid, UUID puid, String foreignId,
            SubmittedMeta meta) {
        return new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, 1, hashes, length, null, null, mbid, puid, foreignId, meta,
                7, "1.0", 42, Instant.EPOCH);
    }

    private static int[] distinctItems(int count) {
        int[] items = new int[count];
        for (int i = 0; i < count; i++) {
            items[i] = 0x1234567 * (i + 1);
        }
        return items;
    }
}
