package org.songprint.common.event;

import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for one event type. Rejects a schema version newer than the one this
 * code knows, so a consumer fails loudly instead of misreading a changed shape. The nested classes
 * name one type each, as the messaging configuration wants a class name.
 */
public class EventDeserializer<T extends Event> implements Deserializer<T> {

    private final Class<T> type;
    private final int knownVersion;

    protected EventDeserializer(Class<T> type, int knownVersion) {
        this.type = type;
        this.knownVersion = knownVersion;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        T event;
        try {
            event = EventJson.mapper().readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("malformed " + type.getSimpleName() + " on " + topic, e);
        }
        if (event.schemaVersion() < 1 || event.schemaVersion() > knownVersion) {
            throw new SerializationException(type.getSimpleName() + " schema version " + event.schemaVersion()
                    + " on " + topic + " is not supported (known: 1.." + knownVersion + ")");
        }
        return event;
    }

    public static class Submission extends EventDeserializer<SubmissionEvent> {
        public Submission() {
            super(SubmissionEvent.class, SubmissionEvent.SCHEMA_VERSION);
        }
    }

    public static class SubmissionResult extends EventDeserializer<SubmissionResultEvent> {
        public SubmissionResult() {
            super(SubmissionResultEvent.class, SubmissionResultEvent.SCHEMA_VERSION);
        }
    }

    public static class Fingerprint extends EventDeserializer<FingerprintEvent> {
        public Fingerprint() {
            super(FingerprintEvent.class, FingerprintEvent.SCHEMA_VERSION);
        }
    }

    public static class ApiKey extends EventDeserializer<ApiKeyEvent> {
        public ApiKey() {
            super(ApiKeyEvent.class, ApiKeyEvent.SCHEMA_VERSION);
        }
    }

    public static class Lookup extends EventDeserializer<LookupEvent> {
        public Lookup() {
            super(LookupEvent.class, LookupEvent.SCHEMA_VERSION);
        }
    }

    public static class MbidLink extends EventDeserializer<MbidLinkEvent> {
        public MbidLink() {
            super(MbidLinkEvent.class, MbidLinkEvent.SCHEMA_VERSION);
        }
    }
}
