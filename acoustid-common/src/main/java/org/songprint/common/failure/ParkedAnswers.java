package org.songprint.common.failure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.songprint.common.api.ApiAnswer;

/** The answers of the {@code /internal/.../parked} and {@code /internal/.../replay} calls. */
public final class ParkedAnswers {

    private ParkedAnswers() {
    }

    public record Listed(List<Item> parked) implements ApiAnswer {
    }

    /**
     * A parked record without its payload, only the payload's size.
     *
     * @param key the Kafka key, written as null when the record had none
     */
    public record Item(long id, String pipeline, String topic, int partition, long offset,
            @JsonInclude(JsonInclude.Include.ALWAYS) String key, @JsonProperty("payload_bytes") int payloadBytes,
            String reason, int attempts, String parked) {

        static Item of(ParkedRecord record) {
            return new Item(record.id(), record.pipeline(), record.topic(), record.partition(), record.offset(),
                    record.key(), record.payloadSize(), record.reason(), record.attempts(), record.parked().toString());
        }
    }

    public record Replayed(int replayed, @JsonProperty("still_parked") int stillParked) implements ApiAnswer {
    }
}
