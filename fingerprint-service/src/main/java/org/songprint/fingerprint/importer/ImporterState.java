package org.songprint.fingerprint.importer;

import org.songprint.common.api.ApiAnswer;

/** The answer of {@code /internal/importer/pause} and {@code /resume}: the importer's state afterwards. */
public record ImporterState(Importer importer) implements ApiAnswer {

    /** @param imported and {@code rejected}: submissions since the service started */
    public record Importer(boolean paused, long imported, long rejected) {
    }
}
