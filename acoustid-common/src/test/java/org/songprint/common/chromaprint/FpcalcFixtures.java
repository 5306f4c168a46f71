package org.songprint.common.chromaprint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Real {@code fpcalc} output kept in {@code src/test/resources/chromaprint} (made by
 * {@code regenerate.sh} there from synthetic sox audio): for each case the default output
 * ({@code NAME.fpcalc}) and the {@code -raw -signed} output of the same run ({@code NAME.raw}).
 */
final class FpcalcFixtures {

    /** One fpcalc run: the printed duration, the compressed string and the raw items. */
    record Fixture(String name, int duration, String encoded, int[] raw) {
    }

    /** Every case; "-alg4" was made with fpcalc -algorithm 4 (header byte 3), the rest with the default (1). */
    static final List<String> NAMES = List.of(
            "melody-15s", "melody-15s-alg4", "noise-chords-60s", "arpeggio-130s", "long-9min", "silence-30s");

    private FpcalcFixtures() {
    }

    static Fixture load(String name) {
        String text = read(name + ".fpcalc");
        String raw = read(name + ".raw");
        return new Fixture(name, Integer.parseInt(value(text, "DURATION")), value(text, "FINGERPRINT"),
                ChromaprintCodec.parseRaw(value(raw, "FINGERPRINT")));
    }

    private static String value(String output, String key) {
        for (String line : output.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        throw new IllegalStateException("no " + key + " line");
    }

    private static String read(String file) {
        try (InputStream in = FpcalcFixtures.class.getResourceAsStream("/chromaprint/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource chromaprint/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
