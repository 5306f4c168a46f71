package org.songprint.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.songprint.common.api.RequestLimits;
import org.songprint.testsupport.AudioFixtures;

/** Events carry fingerprints in the smaller of two string forms, and the largest legal one fits a record. */
class CompactFingerprintJsonTest {

    private final EventSerializer serializer = new EventSerializer();

    @Test
    void fpcalcFingerprintsTravelCompressedAtAThirdOfAnArray() throws Exception {
        int[] items = AudioFixtures.fpcalc(AudioFixtures.melody(11, 120)).raw();
        String wire = CompactFingerprintJson.encode(items);
        assertThat(wire).startsWith("c:");
        assertThat(CompactFingerprintJson.decode(wire)).containsExactly(items);
        int asArray = EventJson.mapper().writeValueAsString(items).length();
        // 3.7 characters an item for this generated melody against 10.7 for numbers
        assertThat(wire.length()).isLessThan(asArray * 2 / 5);
    }

    @Test
    void noiseTravelsRawAndEveryLegalFingerprintFitsWithRoomToSpare() {
        SplittableRandom random = new SplittableRandom(7);
        int[] noise = new int[RequestLimits.MAX_ITEMS_PER_FINGERPRINT];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextInt();
        }
        FingerprintEvent event = new FingerprintEvent(FingerprintEvent.SCHEMA_VERSION, FingerprintEvent.Operation.UPSERT,
                1L, 2L, 8000, noise, Instant.EPOCH);
        byte[] json = serializer.serialize("t", event);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"hashes\":\"r:");
        // Kafka's default record limit is 1 MiB; a JSON array of these items was ~720 kB
        assertThat(json.length).isLessThan(360_000);
        assertThat(new EventDeserializer.Fingerprint().deserialize("t", json).hashes()).containsExactly(noise);
    }

    @Test
    void emptyAndEdgeValuesRoundTrip() {
        for (int[] items : new int[][] {{}, {0}, {-1}, {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1}}) {
            assertThat(CompactFingerprintJson.decode(CompactFingerprintJson.encode(items))).containsExactly(items);
        }
    }

    @Test
    void aCorruptStringIsASerializationError() {
        byte[] corrupt = "{\"schema_version\":2,\"operation\":\"UPSERT\",\"fingerprint_id\":1,\"hashes\":\"c:AQAB!!\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new EventDeserializer.Fingerprint().deserialize("t", corrupt))
                .isInstanceOf(SerializationException.class);
        byte[] unknown = "{\"schema_version\":2,\"operation\":\"UPSERT\",\"fingerprint_id\":1,\"hashes\":\"x:AAAA\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new EventDeserializer.Fingerprint().deserialize("t", unknown))
                .isInstanceOf(SerializationException.class);
    }
}
