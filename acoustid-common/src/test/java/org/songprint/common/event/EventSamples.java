package org.songprint.common.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One fully populated sample of every event type, matching the golden files in resources/events. */
final class EventSamples {

    static final Instant TIME = Instant.parse("2026-11-25T12:34:56.789Z");
    static final UUID MBID = UUID.fromString("b9ad642e-b012-41c7-b72a-42cf4911f9ff");
    static final UUID TRACK_GID = UUID.fromString("9ff43b6a-4f16-427c-93c2-92307ca505e0");

    private EventSamples() {
    }

    /** Sample and the golden file holding its JSON. */
    record Sample(String file, Event event, Class<? extends EventDeserializer<?>> deserializer) {
    }

    static List<Sample> all() {
        return List.of(
                new Sample("submission.json", new SubmissionEvent(2, 42L, new int[] {-1, 0, 627964279, 2147483647}, 213, 192,
                        "FLAC", MBID, UUID.fromString("a5d9a1c5-3b1e-4c25-a3f5-3f0b3c0d6a11"), "spotify:4uLU6hMCjMI75M1A2tKUQC",
                        new SubmittedMeta("Title", "Artist", "Album", "Album Artist", 3, 1, 1999), 7, "1.2.3", 11, TIME),
                        EventDeserializer.Submission.class),
                new Sample("submission-result.json", new SubmissionResultEvent(1, 42L, SubmissionResultEvent.Status.IMPORTED,
                        5L, TRACK_GID, 9L, null, TIME), EventDeserializer.SubmissionResult.class),
                new Sample("fingerprint.json", new FingerprintEvent(2, FingerprintEvent.Operation.UPSERT, 9L, 5L, 213,
                        new int[] {627964279, 627964279, 627964279, 627964278, 627964279, 627964279, 627964279, 627964279},
                        TIME), EventDeserializer.Fingerprint.class),
                new Sample("api-key.json", new ApiKeyEvent(1, "Wq3k9Zr4fT1yLx8pVb2nCe", ApiKeyEvent.KeyType.CLIENT, 7, 11,
                        true, 20, TIME), EventDeserializer.ApiKey.class),
                new Sample("lookup.json", new LookupEvent(2, UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), TIME,
                        List.of(new LookupEvent.Tally(7, Instant.parse("2026-11-25T12:00:00Z"), "pyacoustid/1.2.2",
                                "192.0.2.1", 41, 3))), EventDeserializer.Lookup.class),
                new Sample("mbid-link.json", new MbidLinkEvent(1, MBID, 5L, TRACK_GID, TIME), EventDeserializer.MbidLink.class));
    }
}
