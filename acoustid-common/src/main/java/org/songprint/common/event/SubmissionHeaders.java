package org.songprint.common.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Who submitted what and when, as Kafka headers of a {@link SubmissionEvent} record: consumers that
 * only count submissions (account statistics) read these instead of parsing the fingerprint.
 */
public final class SubmissionHeaders {

    static final String SUBMISSION_ID = "submission-id";
    static final String ACCOUNT_ID = "account-id";
    static final String CREATED = "created";

    /** The counting facts of one submission. */
    public record Submitted(long submissionId, int accountId, Instant created) {

        public static Submitted of(SubmissionEvent event) {
            return new Submitted(event.submissionId(), event.accountId(), event.created());
        }
    }

    private SubmissionHeaders() {
    }

    public static void write(Headers headers, SubmissionEvent event) {
        headers.add(SUBMISSION_ID, ascii(Long.toString(event.submissionId())));
        headers.add(ACCOUNT_ID, ascii(Integer.toString(event.accountId())));
        if (event.created() != null) {
            headers.add(CREATED, ascii(Long.toString(event.created().toEpochMilli())));
        }
    }

    /** The facts from the headers, or empty when a record lacks them (published before they existed). */
    public static Optional<Submitted> read(Headers headers) {
        try {
            String id = text(headers.lastHeader(SUBMISSION_ID));
            String account = text(headers.lastHeader(ACCOUNT_ID));
            String created = text(headers.lastHeader(CREATED));
            if (id == null || account == null || created == null) {
                return Optional.empty();
            }
            return Optional.of(new Submitted(Long.parseLong(id), Integer.parseInt(account),
                    Instant.ofEpochMilli(Long.parseLong(created))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}
