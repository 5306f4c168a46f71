package org.songprint.metadata.provider;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Where metadata comes from when the cache does not have it. Fails with
 * {@link ProviderUnavailableException} when the provider cannot answer now (down, throttling,
 * circuit open); a recording it does not know is an answer ({@link ProviderAnswer.NotFound}).
 */
public interface MetadataProvider {

    Uni<ProviderAnswer> recording(UUID mbid);
}
