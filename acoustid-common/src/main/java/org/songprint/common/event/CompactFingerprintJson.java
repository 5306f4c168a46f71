package org.songprint.common.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.songprint.common.chromaprint.ChromaprintCodec;
import org.songprint.common.chromaprint.Fingerprint;
import org.songprint.common.chromaprint.InvalidFingerprintException;

/**
 * How events carry fingerprint items (schema version 2): one string, the smaller of two forms.
 * {@code "c:<base64>"} is Chromaprint's compressed form (what fpcalc prints, ~2.5-3.7 characters per
 * item of real audio, a third of a JSON array of numbers); {@code "r:<base64>"} is the items as big-endian
 * 32-bit words, for noise-like items that Chromaprint's gap coding would make larger (up to ~12 bytes
 * each). So the largest legal fingerprint (65,536 items) is at most ~350 kB in an event, a third of
 * Kafka's default record limit. A JSON array (schema version 1) is still read.
 */
public final class CompactFingerprintJson {

    static final String COMPRESSED = "c:";
    static final String RAW = "r:";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();

    private CompactFingerprintJson() {
    }

    /** The wire string for {@code items}. */
    public static String encode(int[] items) {
        if (items.length <= ChromaprintCodec.MAX_ITEMS) {
            byte[] compressed = ChromaprintCodec.compress(Fingerprint.ACOUSTID_ALGORITHM, items);
            if (compressed.length <= 4L * items.length) {
                return COMPRESSED + BASE64.encodeToString(compressed);
            }
        }
        ByteBuffer raw = ByteBuffer.allocate(4 * items.length);
        raw.asIntBuffer().put(items);
        return RAW + BASE64.encodeToString(raw.array());
    }

    /** The items of a wire string. */
    public static int[] decode(String text) {
        if (text.startsWith(COMPRESSED)) {
            return ChromaprintCodec.decompress(BASE64_DECODER.decode(text.substring(COMPRESSED.length()))).hashes();
        }
        if (text.startsWith(RAW)) {
            byte[] bytes = BASE64_DECODER.decode(text.substring(RAW.length()));
            if (bytes.length % 4 != 0) {
                throw new IllegalArgumentException("raw fingerprint of " + bytes.length + " bytes, not whole items");
            }
            int[] items = new int[bytes.length / 4];
            ByteBuffer.wrap(bytes).asIntBuffer().get(items);
            return items;
        }
        throw new IllegalArgumentException("fingerprint neither \"c:\" nor \"r:\" encoded");
    }

    /** Writes items as {@link #encode}. */
    public static final class Serializer extends JsonSerializer<int[]> {
        @Override
        public void serialize(int[] items, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(encode(items));
        }
    }

    /** Reads the string forms, or a schema-1 array of numbers. */
    public static final class Deserializer extends JsonDeserializer<int[]> {
        @Override
        public int[] deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (in.currentToken() == JsonToken.START_ARRAY) {
                return context.readValue(in, int[].class);
            }
            try {
                return decode(in.getValueAsString());
            } catch (IllegalArgumentException | InvalidFingerprintException e) {
                throw context.weirdStringException(in.getText(), int[].class, e.getMessage());
            }
        }
    }
}
