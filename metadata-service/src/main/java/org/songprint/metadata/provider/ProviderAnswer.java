package org.songprint.metadata.provider;

import java.util.UUID;

/** What a provider answers for one requested recording MBID. */
public sealed interface ProviderAnswer {

    UUID requested();

    /**
     * The recording; its id differs from the requested one when the provider redirected the
     * request (the requested recording was merged into this one).
     */
    record Found(UUID requested, WsRecording recording) implements ProviderAnswer {
    }

    /** The provider does not know the MBID (404: deleted or never existed). */
    record NotFound(UUID requested) implements ProviderAnswer {
    }
}
