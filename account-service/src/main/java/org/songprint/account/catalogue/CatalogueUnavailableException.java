package org.songprint.account.catalogue;

/** fingerprint-service did not answer a catalogue read (down, slow, or an error of its own). */
public class CatalogueUnavailableException extends RuntimeException {

    public CatalogueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
