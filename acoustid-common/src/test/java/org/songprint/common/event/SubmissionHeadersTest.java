package org.songprint.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SubmissionHeadersTest {

    @Test
    void theCountingFactsTravelInTheHeaders() {
        Instant created = Instant.parse("2026-11-26T01:02:03.456Z");
        SubmissionEvent event = new SubmissionEvent(SubmissionEvent.SCHEMA_VERSION, 123_456_789_012L, new int[] {1, 2}, 60,
                null, null, null, null, null, null, 7, "1.0", 42, created);
        RecordHeaders headers = new RecordHeaders();
        SubmissionHeaders.write(headers, event);
        assertThat(SubmissionHeaders.read(headers)).contains(new SubmissionHeaders.Submitted(123_456_789_012L, 42, created));
        assertThat(SubmissionHeaders.Submitted.of(event)).isEqualTo(SubmissionHeaders.read(headers).orElseThrow());
    }

    @Test
    void missingOrBrokenHeadersGiveNothing() {
        assertThat(SubmissionHeaders.read(new RecordHeaders())).isEmpty();
        RecordHeaders broken = new RecordHeaders();
        broken.add(SubmissionHeaders.SUBMISSION_ID, "x".getBytes());
        broken.add(SubmissionHeaders.ACCOUNT_ID, "1".getBytes());
        broken.add(SubmissionHeaders.CREATED, "1".getBytes());
        assertThat(SubmissionHeaders.read(broken)).isEmpty();
    }
}
