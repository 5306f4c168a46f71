package org.songprint.metadata.provider;

/** The provider cannot answer now: worth retrying later, never cached as an answer. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message) {
        super(message);
    }

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
