package org.songprint.metadata.provider;

/** The provider failed (5xx, I/O error, timeout) even after retries: counts towards opening the circuit. */
public class ProviderDownException extends ProviderUnavailableException {

    public ProviderDownException(String message, Throwable cause) {
        super(message, cause);
    }
}
